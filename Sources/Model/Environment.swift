import Diagnostics
import Schema
import YAML

/// `kind: Environment` (SPEC §7): one org the configuration deploys to, and the values its
/// `${NAME}` variables take there. Not a resource: it is never in a manifest, plan or export.
public struct Environment: Sendable {
    /// One `NAME: value` of `variables`.
    public struct Variable: Sendable {
        public var name: Located<String>
        public var value: Located<String>
    }

    public var origin: ResourceOrigin
    public var name: Located<String>
    /// In the order written; a name written twice is a `duplicate-key` the reader reported.
    public var variables: [Variable]

    /// The definition of `name`, if this environment has one.
    public func variable(_ name: String) -> Variable? { variables.first { $0.name.value == name } }
}

extension Environment {
    public static let kind = EnvironmentSchema.kind

    public static func isVariableName(_ name: Substring) -> Bool { EnvironmentSchema.isVariableName(name) }
}

// MARK: Templates

/// A string value split at its `${NAME}` uses and `$${` escapes (SPEC §7). Offsets count
/// Unicode scalars of the decoded YAML value, which is what the scalar source map takes.
public struct VariableTemplate: Sendable, Hashable {
    public enum Segment: Sendable, Hashable {
        /// Text kept as it is.
        case literal(String)
        /// `$${`, which is the text `${`.
        case escape
        /// `${NAME}`.
        case variable(String)
    }

    /// A part of the value and where its source starts and how long it is, in the decoded value.
    public struct Part: Sendable, Hashable {
        public var segment: Segment
        public var offset: Int
        public var length: Int
    }

    /// A `${` that is not a well-formed `${NAME}`.
    public struct Problem: Sendable, Hashable {
        public var message: String
        public var offset: Int
        public var length: Int
    }

    public var parts: [Part]
    public var problems: [Problem]

    /// Whether the text holds anything a substitution changes (or reports).
    public static func mayHoldTemplate(_ text: String) -> Bool { text.contains("${") }

    public init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var problems: [Problem] = []
        var literal = String.UnicodeScalarView()
        var literalStart = 0
        var index = 0
        func flush(at end: Int) {
            if !literal.isEmpty {
                parts.append(Part(segment: .literal(String(literal)), offset: literalStart, length: end - literalStart))
                literal = String.UnicodeScalarView()
            }
        }
        while index < scalars.count {
            let isDollarBrace = scalars[index] == "$" && index + 1 < scalars.count && scalars[index + 1] == "{"
            let isEscape = scalars[index] == "$" && index + 2 < scalars.count && scalars[index + 1] == "$"
                && scalars[index + 2] == "{"
            if isEscape {
                flush(at: index)
                parts.append(Part(segment: .escape, offset: index, length: 3))
                index += 3
                literalStart = index
            } else if isDollarBrace {
                flush(at: index)
                let nameStart = index + 2
                var end = nameStart
                while end < scalars.count, !"}${".unicodeScalars.contains(scalars[end]),
                    !scalars[end].properties.isWhitespace
                {
                    end += 1
                }
                let name = String(String.UnicodeScalarView(scalars[nameStart..<end]))
                if end < scalars.count, scalars[end] == "}", Environment.isVariableName(Substring(name)) {
                    parts.append(Part(segment: .variable(name), offset: index, length: end + 1 - index))
                    index = end + 1
                } else {
                    let closed = end < scalars.count && scalars[end] == "}"
                    let written = String(String.UnicodeScalarView(scalars[index..<(closed ? end + 1 : end)]))
                    let message =
                        if !closed {
                            "'\(written)' has no closing '}'; write ${NAME}, or $${ for a literal '${'"
                        } else if name.isEmpty {
                            "'${}' names no variable; write ${NAME}, or $${ for a literal '${'"
                        } else {
                            "'\(written)' is not a variable: names are upper-case letters, digits and underscores, not starting with a digit ([A-Z_][A-Z0-9_]*)"
                        }
                    let length = (closed ? end + 1 : end) - index
                    problems.append(Problem(message: message, offset: index, length: length))
                    // Kept as text, so that the rest of the value is still checked.
                    literalStart = index
                    literal.append(contentsOf: scalars[index..<(index + length)])
                    index += length
                }
            } else {
                if literal.isEmpty { literalStart = index }
                literal.append(scalars[index])
                index += 1
            }
        }
        flush(at: index)
        self.parts = parts
        self.problems = problems
    }

    /// The names used, in order, with their parts.
    public var uses: [(name: String, part: Part)] {
        parts.compactMap { part in
            if case .variable(let name) = part.segment { (name, part) } else { nil }
        }
    }

    /// The value with each variable replaced by `lookup(name)` (or left as written when it
    /// gives nil) and each `$${` by `${`.
    public func substituted(_ lookup: (String) -> String?) -> String {
        var result = ""
        for part in parts {
            switch part.segment {
            case .literal(let text): result += text
            case .escape: result += "${"
            case .variable(let name): result += lookup(name) ?? "${\(name)}"
            }
        }
        return result
    }

    /// Where each part starts and ends in the substituted value, in Unicode scalars.
    public func substitutedSpans(_ lookup: (String) -> String?) -> [(part: Part, start: Int, end: Int)] {
        var spans: [(Part, Int, Int)] = []
        var position = 0
        for part in parts {
            let length: Int
            switch part.segment {
            case .literal(let text): length = text.unicodeScalars.count
            case .escape: length = 2
            case .variable(let name): length = (lookup(name) ?? "${\(name)}").unicodeScalars.count
            }
            spans.append((part, position, position + length))
            position += length
        }
        return spans
    }
}

// MARK: Reading

/// Reads an Environment document; used by the model builder for `kind: Environment`.
enum EnvironmentReader {
    static func read(_ root: Node, file: String, document: Int, kindRange: SourceRange) -> (Environment?, [Finding]) {
        var findings: [Finding] = []
        func report(_ rule: RuleID, _ message: String, _ range: SourceRange, _ path: String, suggestion: String? = nil) {
            findings.append(Finding(rule: rule, message: message, file: file, range: range, path: path, suggestion: suggestion))
        }
        let known = Fields.environment.map(\.name)
        var name: Located<String>?
        var variables: [Environment.Variable] = []
        var seen: Set<String> = []
        for entry in root.entries ?? [] {
            guard case .string(let key) = entry.key.scalarValue else {
                report(.typeMismatch, "a key must be a string, found \(entry.key.typeNameWithArticle)", entry.key.range, "")
                continue
            }
            guard seen.insert(key).inserted else { continue }  // duplicate-key was reported by the reader
            switch key {
            case "apiVersion", "kind":
                continue
            case "name":
                if case .string(let text) = entry.value.scalarValue {
                    name = Located(text, range: entry.value.range, path: "name")
                } else {
                    report(
                        .typeMismatch, "'name' must be a string, found \(entry.value.typeNameWithArticle)", entry.value.range,
                        "name")
                }
            case "variables":
                if case .null = entry.value.scalarValue { continue }
                guard let items = entry.value.entries else {
                    report(
                        .typeMismatch, "'variables' must be a mapping of NAME: value, found \(entry.value.typeNameWithArticle)",
                        entry.value.range, "variables")
                    continue
                }
                var seenVariables: Set<String> = []
                for item in items {
                    let keyText = item.key.scalarText ?? "?"
                    let path = "variables.\(keyText)"
                    guard case .string(let variable) = item.key.scalarValue, Environment.isVariableName(Substring(variable))
                    else {
                        report(
                            .variableSyntax,
                            "'\(keyText)' is not a variable name: upper-case letters, digits and underscores, not starting with a digit ([A-Z_][A-Z0-9_]*)",
                            item.key.range, path)
                        continue
                    }
                    guard seenVariables.insert(variable).inserted else { continue }
                    guard case .string(let value) = item.value.scalarValue else {
                        var finding = Finding(
                            rule: .typeMismatch,
                            message: "variable '\(variable)' must be a string, found \(item.value.typeNameWithArticle)",
                            file: file, range: item.value.range, path: path)
                        if let scalar = item.value.scalar, scalar.style == .plain {
                            finding.suggestion = "\"\(scalar.text)\""
                            finding.notes.append(Note("quote it: a variable's value is text"))
                        }
                        findings.append(finding)
                        continue
                    }
                    variables.append(
                        Environment.Variable(
                            name: Located(variable, range: item.key.range, path: path),
                            value: Located(value, range: item.value.range, path: path)))
                }
            default:
                report(
                    .unknownField,
                    "unknown field '\(key)' in this environment; known fields: \(known.joined(separator: ", "))",
                    entry.key.range, key, suggestion: Suggestions.closest(to: key, in: known))
            }
        }
        guard let name else {
            if !seen.contains("name") {
                report(.missingField, "missing required field 'name': the environment's name, as --env takes it", kindRange, "")
            }
            return (nil, findings)
        }
        let origin = ResourceOrigin(file: file, document: document, kindRange: kindRange, range: root.range)
        return (Environment(origin: origin, name: name, variables: variables), findings)
    }
}
