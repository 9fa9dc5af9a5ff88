import Checker
import Diagnostics
import YAML

/// Project settings from `.credc.yaml`: `rules: {RULE: error|warning|info|off}`.
public struct Settings: Sendable {
    /// nil turns a rule off.
    public var severities: [RuleID: Severity?] = [:]
    /// Paths, relative to the settings file, that directory searches skip. A path named on the
    /// command line is checked even when excluded, as ruff and eslint do.
    public var exclude: [String] = []

    public init() {}

    public static let fileName = ".credc.yaml"

    /// Reads a settings file; problems are diagnostics with positions in it.
    public static func parse(_ file: SourceFile) -> (Settings, [Diagnostic]) {
        var settings = Settings()
        let read = YAMLReader.read(file)
        var findings = read.findings
        func report(
            _ rule: RuleID, _ message: String, _ node: Node, path: String, notes: [Note] = [], suggestion: String? = nil
        ) {
            findings.append(
                Finding(
                    rule: rule, message: message, file: file.path, range: node.range, path: path, notes: notes,
                    suggestion: suggestion))
        }
        guard let root = read.documents.first?.root else { return (settings, Rules.diagnostics(findings)) }
        guard let entries = root.entries else {
            report(.typeMismatch, "settings must be a mapping with a 'rules' key, found \(root.typeNameWithArticle)", root, path: "")
            return (settings, Rules.diagnostics(findings))
        }
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            if key == "exclude" {
                guard let items = entry.value.items, items.allSatisfy({ $0.scalarValue?.typeName == "string" }) else {
                    report(.typeMismatch, "'exclude' must be a list of paths, found \(entry.value.typeNameWithArticle)", entry.value, path: key)
                    continue
                }
                settings.exclude = items.compactMap { $0.scalarText }
                continue
            }
            guard key == "rules" else {
                report(.unknownField, "unknown setting '\(key)'; known settings: rules, exclude", entry.key, path: key,
                       suggestion: Suggestions.closest(to: key, in: ["rules", "exclude"]))
                continue
            }
            guard let rules = entry.value.entries else {
                report(.typeMismatch, "'rules' must be a mapping of rule IDs to error, warning, info or off, found \(entry.value.typeNameWithArticle)", entry.value, path: "rules")
                continue
            }
            for rule in rules {
                let id = rule.key.scalarText ?? ""
                let path = "rules.\(id)"
                guard let descriptor = Rules.find(id) else {
                    report(.unknownField, "unknown rule '\(id)'; `credc rules` lists them", rule.key, path: path,
                           suggestion: Suggestions.closest(to: id, in: Rules.all.map(\.id.rawValue)))
                    continue
                }
                guard descriptor.canBeSuppressed else {
                    report(
                        .invalidValue, "rule '\(id)' cannot be turned off or changed; remove this setting", rule.key,
                        path: path,
                        notes: [
                            Note(
                                id == RuleID.yamlSyntax.rawValue
                                    ? "a file that does not parse cannot be checked"
                                    : "Salesforce refuses the change whatever the configuration says")
                        ])
                    continue
                }
                let level = rule.value.scalarText ?? ""
                switch level {
                case "off": settings.severities[RuleID(id)] = .some(nil)
                case "error", "warning", "info": settings.severities[RuleID(id)] = Severity(rawValue: level)
                default:
                    report(.invalidValue, "'\(level)' is not a rule level; allowed: error, warning, info, off", rule.value,
                           path: path, suggestion: Suggestions.closest(to: level, in: ["error", "warning", "info", "off"]))
                }
            }
        }
        return (settings, Rules.diagnostics(findings))
    }

    func apply(to diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !severities.isEmpty else { return diagnostics }
        return diagnostics.compactMap { diagnostic in
            guard let override = severities[diagnostic.rule] else { return diagnostic }
            guard let severity = override else { return nil }
            var result = diagnostic
            result.severity = severity
            return result
        }
    }
}
