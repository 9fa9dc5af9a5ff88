import Foundation
import Diagnostics
import Driver

/// The marker examples use for where a finding starts (as swift-syntax's tests do).
let marker = "1️⃣"

/// Text with its markers removed, and each marker's 1-based position.
func extractMarkers(_ text: String) -> (text: String, positions: [SourcePosition]) {
    var clean = ""
    var positions: [SourcePosition] = []
    var line = 1
    var column = 1
    var rest = Substring(text)
    while let character = rest.first {
        if rest.hasPrefix(marker) {
            positions.append(SourcePosition(line: line, column: column))
            rest = rest.dropFirst(marker.count)
            continue
        }
        clean.append(character)
        rest = rest.dropFirst()
        if character == "\n" {
            line += 1
            column = 1
        } else {
            column += character.unicodeScalars.count
        }
    }
    return (clean, positions)
}

/// Checks YAML texts as files of one run.
func analyze(_ files: [(String, String)], options: CheckOptions = CheckOptions()) -> Analysis {
    Pipeline.analyze(files.map { SourceFile(path: $0.0, text: $0.1) }, options: options)
}

func analyze(_ text: String, options: CheckOptions = CheckOptions()) -> Analysis {
    analyze([("test.yaml", text)], options: options)
}

extension Analysis {
    func findings(_ rule: RuleID) -> [Diagnostic] { diagnostics.filter { $0.rule == rule } }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

/// A valid managed provider that the rule tests build on.
let provider = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta_Prod
    label: Okta
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://acme.okta.com/oauth2/v1/token

    """
