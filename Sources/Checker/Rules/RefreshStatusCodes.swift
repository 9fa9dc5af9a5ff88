import Diagnostics
import Model
import Schema
import YAML

// `additionalRefreshStatusCodes`: codes besides 401 on which Salesforce refreshes the token.

/// `refresh-status-code`.
struct RefreshStatusCode: ModelRule {
    let descriptor = RuleDescriptor(
        .refreshStatusCode, .error,
        "an additional refresh code that is not an integer in 400..499 or 600..999, or is listed twice",
        "Besides 401, Salesforce can refresh the token when a callout returns one of these codes. It accepts 4xx and 6xx to 9xx codes, no 5xx.",
        failing: Example.documents(
            Example.provider, Example.credential(extra: "additionalRefreshStatusCodes: [403, 1️⃣503]\n"), Example.named()),
        passing: Example.documents(
            Example.provider, Example.credential(extra: "additionalRefreshStatusCodes: [403, 419]\n"), Example.named()))

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            let file = credential.origin.file
            var seen: [Int: Located<ScalarItem>] = [:]
            for item in credential.additionalRefreshStatusCodes ?? [] {
                switch item.value {
                case .other(let text, let typeName) where typeName == "integer":
                    findings.append(
                        Finding(
                            .refreshStatusCode, "refresh status code \(text) is out of range; allowed: 400..499 or 600..999",
                            file: file, at: item))
                case .other(let text, let typeName):
                    findings.append(
                        Finding(
                            .refreshStatusCode, "refresh status code '\(text)' is \(withArticle(typeName)), not an integer",
                            file: file, at: item))
                case .integer(let code):
                    if code != 401, !Vocabulary.refreshStatusCodes.contains(where: { $0.contains(code) }) {
                        findings.append(
                            Finding(
                                .refreshStatusCode,
                                "refresh status code \(code) is out of range; allowed: 400..499 or 600..999 (Salesforce accepts no 5xx)",
                                file: file, at: item))
                    }
                    if let first = seen[code] {
                        findings.append(
                            Finding(
                                .refreshStatusCode, "refresh status code \(code) is listed twice", file: file, at: item,
                                notes: [Note("first listed here", file: file, range: first.range)]))
                    } else {
                        seen[code] = item
                    }
                }
            }
        }
    }
}

/// `redundant-401`.
struct Redundant401: ModelRule {
    let descriptor = RuleDescriptor(
        .redundant401, .warning, "401 listed as an additional refresh code",
        "A 401 response always triggers a token refresh; listing it changes nothing.",
        failing: Example.documents(
            Example.provider, Example.credential(extra: "additionalRefreshStatusCodes: [1️⃣401, 403]\n"), Example.named()),
        passing: Example.documents(
            Example.provider, Example.credential(extra: "additionalRefreshStatusCodes: [403]\n"), Example.named()))

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            for item in credential.additionalRefreshStatusCodes ?? [] where item.value == .integer(401) {
                findings.append(
                    Finding(
                        .redundant401, "401 always triggers a token refresh; listing it changes nothing",
                        file: credential.origin.file, at: item))
            }
        }
    }
}
