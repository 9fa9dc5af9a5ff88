import Diagnostics
import Model
import Schema

// What the field table alone cannot say about a resource's fields, judged once the model is
// built: a credential against its row of the protocols table, a provider's flow-dependent
// fields and request headers, and `secrets:` keys against what their holder takes. The
// findings carry the schema rules' IDs (`missing-field`, `invalid-value`, `duplicate-key`),
// which are described in SchemaRules.swift; the model builder only decodes.

/// The judgements of one resource; `earlierFindings` are the model builder's, so that a
/// misspelt key taken for a required field stands for it.
struct FieldJudgement {
    let file: String
    let earlierFindings: [Finding]
    var findings: [Finding] = []

    init(file: String, earlierFindings: [Finding]) {
        self.file = file
        self.earlierFindings = earlierFindings
    }

    /// The judgements of every resource, the credentials' in the checker's walk over them.
    static let walk = CredentialWalk { Walker($0) }

    /// Providers first, then credentials as they are visited, then named credentials.
    final class Walker: CredentialWalker {
        var findings: [Finding] = []
        private let model: Model
        private let byFile: [String: [Finding]]

        init(_ context: ModelContext) {
            model = context.model
            byFile = Dictionary(grouping: context.earlierFindings, by: \.file)
            for provider in model.providers {
                var judgement = FieldJudgement(file: provider.origin.file, earlierFindings: byFile[provider.origin.file] ?? [])
                judgement.checkFlowFields(provider)
                judgement.checkSecrets(
                    provider.secrets, row: SecretInputs.provider(protocol: provider.protocol?.value, unmanaged: provider.isUnmanaged),
                    holder: "identity provider '\(provider.name.value)'", path: "secrets")
                findings += judgement.findings
            }
        }

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            var judgement = FieldJudgement(file: credential.origin.file, earlierFindings: byFile[credential.origin.file] ?? [])
            judgement.checkProtocolFields(credential)
            judgement.checkHeaderNames(credential.authHeaders)
            // Looked up once a credential, not once a principal.
            let flowSpec = credential.flowSpec
            let protocolName = credential.protocol?.value
            let flow = credential.flow?.value
            let principalRow = SecretInputs.principal(protocol: protocolName, flow: flow)
            for principal in principals {
                guard let secrets = principal.secrets else { continue }
                let identityType = principal.identityType?.value
                // identity-type reports a type the flow refuses; what it takes follows from the fix.
                if let flowSpec, let identityType, !flowSpec.identityTypes.contains(identityType) { continue }
                judgement.checkSecrets(
                    secrets,
                    row: identityType == "PerUserPrincipal"
                        ? SecretInputs.principal(protocol: protocolName, flow: flow, identityType: identityType) : principalRow,
                    holder: "a principal of " + withArticle("\(flowSpec?.displayName ?? flow ?? "") credential"),
                    path: "principals[\(principal.index)].secrets")
            }
            findings += judgement.findings
        }

        func finish() -> [Finding] {
            for named in model.namedCredentials {
                var judgement = FieldJudgement(file: named.origin.file, earlierFindings: [])
                judgement.checkEndpointType(named)
                judgement.checkHeaderNames(named.headers)
                findings += judgement.findings
            }
            return findings
        }
    }

    /// Header rows' names are HTTP tokens (RFC 9110 §5.6.2), as a provider's request headers
    /// are; a name may repeat (the platform allows it).
    mutating func checkHeaderNames(_ rows: [ModelRecord]) {
        for row in rows {
            // A control character cannot go into the metadata (XML 1.0), nor into an HTTP header.
            if let value = row.string(.value), value.value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                report(
                    .invalidValue, "a header value cannot hold a control character (a line break, a tab, U+0000 to U+001F)",
                    value.range, path: value.path)
            }
            guard let name = row.string(.name), !Self.isHTTPToken(name.value) else { continue }
            report(
                .invalidValue,
                "'\(name.value)' is not an HTTP header name: use letters, digits and !#$%&'*+-.^_`|~, without spaces or ':'",
                name.range, path: name.path)
        }
    }

    /// A private endpoint is reached through its outbound network connection; a secured
    /// endpoint has none (SALESFORCE.md §12: `PrivateEndpoint` needs an
    /// `OutboundNetworkConnection` row).
    mutating func checkEndpointType(_ named: NamedCredential) {
        let type = named.type?.value ?? Fields.namedType.defaultString
        if type == "PrivateEndpoint", named.outboundNetworkConnection == nil {
            report(
                .missingField,
                "missing required field 'outboundNetworkConnection': a PrivateEndpoint named credential is reached through one",
                named.type?.range ?? named.origin.kindRange, path: named.type?.path ?? "")
        }
        if type != "PrivateEndpoint", let connection = named.outboundNetworkConnection {
            report(
                .invalidValue,
                "outboundNetworkConnection is only for type: PrivateEndpoint; set the type, or remove it",
                connection.range, path: connection.path)
        }
    }

    /// A `secrets:` mapping against what its holder takes (SPEC §12): a key the row does not
    /// list is `invalid-value` with "did you mean"; a holder for which nothing is entered takes
    /// no `secrets:` at all. A holder credc does not model (no row) is left to other rules.
    mutating func checkSecrets(
        _ secrets: SecretSources?, row: SecretInputRow?, holder: @autoclosure () -> String, path: @autoclosure () -> String
    ) {
        // The texts are made only for a finding: most holders take what they are given.
        guard let secrets, let row else { return }
        switch row {
        case .nothing(let why):
            report(.invalidValue, "\(holder()) takes no secrets: \(why)", secrets.range, path: path())
        case .anyKey:
            break
        case .keys:
            for (position, key) in secrets.entries.keys.enumerated() where !row.takes(key) {
                let entry = secrets.entries[position]
                let keys = row.keys
                report(
                    .invalidValue,
                    "'\(entry.key.value)' is not a secret \(holder()) takes; allowed: \(keys.joined(separator: ", "))",
                    entry.key.range, path: entry.key.path, suggestion: Suggestions.closest(to: entry.key.value, in: keys))
            }
        }
    }


    /// What a provider's flow requires of its other fields (SPEC §1): an AuthorizationCode
    /// provider needs `authorizeUrl`; header names are HTTP tokens (RFC 9110 §5.6.2); the token
    /// request's `scope` body parameter is where `defaultScopes` go. The fields a
    /// ClientCredentials provider may not have are `provider-flow-mismatch`, in the checker.
    mutating func checkFlowFields(_ provider: IdentityProvider) {
        if provider.flow?.value == "AuthorizationCode", provider.authorizeURL == nil, !provider.isUnmanaged {
            report(
                .missingField,
                "missing required field 'authorizeUrl': an AuthorizationCode provider needs the authorization endpoint",
                provider.origin.kindRange, path: "")
        }
        if let scope = provider.tokenRequest?.body.first(where: { $0.name.value == "scope" }) {
            report(
                .invalidValue, "the token request's 'scope' parameter is written from defaultScopes; list the scopes there",
                scope.name.range, path: scope.name.path)
        }
        for parameters in [provider.tokenRequest, provider.refreshRequest].compactMap({ $0 }) {
            for header in parameters.headers where !Self.isHTTPToken(header.name.value) {
                report(
                    .invalidValue,
                    "'\(header.name.value)' is not an HTTP header name: use letters, digits and !#$%&'*+-.^_`|~, "
                        + "without spaces or ':'",
                    header.name.range, path: header.name.path)
            }
            // HTTP header names are case-insensitive (RFC 9110 §5.1): `X-A` and `x-a` are one
            // header, and which value the request carries would depend on the exporter's order.
            // Names written identically are the reader's duplicate-key already; body and query
            // names stay case-sensitive.
            var firstHeader: [String: Located<String>] = [:]
            for header in parameters.headers {
                let key = header.name.value.lowercased()
                guard let first = firstHeader[key] else {
                    firstHeader[key] = header.name
                    continue
                }
                guard first.value != header.name.value else { continue }
                findings.append(
                    Finding(
                        rule: .duplicateKey,
                        message: "header '\(header.name.value)' differs from '\(first.value)' only in case; "
                            + "HTTP header names are case-insensitive, so they are the same header",
                        file: file, range: header.name.range, path: header.name.path,
                        notes: [Note("first written here", file: file, range: first.range)]))
            }
            // Exported as an empty <parameterName>, which no request can carry.
            for parameter in parameters.body + parameters.query where parameter.name.value.isEmpty {
                report(
                    .invalidValue, "a request parameter needs a name", parameter.name.range, path: parameter.name.path)
            }
        }
    }

    /// A credential against its row of SPEC §10's table: a flow its protocol has, the fields the
    /// flow requires (`missing-field`, naming the flow) and no field it does not take
    /// (`invalid-value`).
    mutating func checkProtocolFields(_ credential: ExternalCredential) {
        guard let protocolValue = credential.protocol?.value, ProtocolTable.flows.contains(where: { $0.protocol == protocolValue })
        else { return }  // a protocol outside the table was reported with its value
        if let flow = credential.flow {
            guard !ProtocolTable.protocolsWithoutFlow.contains(protocolValue) else {
                report(.invalidValue, "protocol \(protocolValue) has no flows; remove 'flow'", flow.range, path: flow.path)
                return
            }
            guard ProtocolTable.hasFlow(flow.value, of: protocolValue) else {
                let flows = ProtocolTable.flows(of: protocolValue)
                report(
                    .invalidValue,
                    "'\(flow.value)' is not a flow of protocol \(protocolValue); allowed: \(flows.joined(separator: ", "))",
                    flow.range, path: flow.path, suggestion: Suggestions.closest(to: flow.value, in: flows))
                return
            }
        } else if ProtocolTable.row(protocol: protocolValue, flow: nil) == nil {
            let flows = ProtocolTable.flows(of: protocolValue)
            report(
                .missingField,
                "missing required field 'flow': protocol \(protocolValue) needs one of \(flows.joined(separator: ", "))",
                credential.origin.kindRange, path: "")
            return
        }
        guard let row = credential.flowSpec else { return }
        // A misspelt key taken for the field stands for it, with its "did you mean".
        // Made only when a required field is missing: it filters every earlier finding.
        let document = credential.origin.range
        var suggested: Set<String>?
        for path in row.required where !has(path, in: credential.record) {
            if suggested == nil {
                suggested = Set(
                    earlierFindings.filter {
                        $0.rule == .unknownField && document.start <= $0.range.start && $0.range.start <= document.end
                    }.compactMap(\.suggestion))
            }
            if suggested?.contains(path.parts.last!.name) == true { continue }
            let field = ProtocolTable.spec(of: path)
            let parent = path.parts.count > 1 ? credential.record.range(of: path.parts[0]) : nil
            report(
                .missingField,
                "missing required field '\(path)', which flow \(row.displayName) needs: \(field?.description ?? "")",
                parent ?? credential.origin.kindRange, path: path.parts.count > 1 ? path.parts[0].name : "")
        }
        for field in credential.record.writtenFields where !row.takes(field: field.id) {
            report(
                .invalidValue,
                "'\(field.name)' is not allowed with flow \(row.displayName); "
                    + (Self.notTakenHints[field.id] ?? "remove it"),
                credential.record.range(of: field.id) ?? credential.origin.kindRange, path: field.name)
        }
        if let aws = credential.aws, row.takes(FieldPath(.aws)) {
            for field in aws.writtenFields where !row.takes(FieldPath(.aws, field.id)) {
                report(
                    .invalidValue, "'aws.\(field.name)' is not allowed with flow \(row.displayName); remove it",
                    aws.range(of: field.id) ?? aws.range, path: "aws.\(field.name)")
            }
        }
    }

    /// Why a field is not taken, where a flow offers another way.
    static let notTakenHints: [FieldID: String] = [
        .passClientCredentialsInBody: "set clientAuthentication on the provider instead",
        .identityProvider: "only the *ExternalIdentityProvider flows use an external auth identity provider",
    ]

    func has(_ path: FieldPath, in record: ModelRecord) -> Bool {
        guard let first = path.parts.first, let value = record[first] else { return false }
        guard path.parts.count > 1, case .object(let nested) = value else { return true }
        return has(FieldPath(Array(path.parts.dropFirst())), in: nested)
    }

    static func isHTTPToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
            }
    }

    /// `text` after "a" or "an", as its first letter sounds.
    private static func withArticle(_ text: String) -> String {
        ("AEIOUaeiou".contains(text.first ?? "x") ? "an " : "a ") + text
    }

    private mutating func report(
        _ rule: RuleID, _ message: String, _ range: SourceRange, path: String, suggestion: String? = nil
    ) {
        findings.append(
            Finding(rule: rule, message: message, file: file, range: range, path: path, suggestion: suggestion))
    }
}
