import Diagnostics
import FoundationEssentials

/// Where elements are in a metadata file, for findings about them made outside the reader
/// (`credc import` points at the resource a finding is about).
public enum MetadataPositions {
    /// The start tag of the element at `elementPath` (the reader's form:
    /// `ExternalCredential/externalCredentialParameters[2]/parameterType`, 1-based indexes among
    /// same-named siblings, a step without one is the first); nil when the file does not parse
    /// or has no such element.
    public static func range(of elementPath: String, in data: Data) -> SourceRange? {
        guard case .success(var element) = parseMetadataXML(data) else { return nil }
        var steps = elementPath.split(separator: "/")[...]
        guard steps.popFirst().map(String.init) == element.name else { return nil }
        for step in steps {
            var name = Substring(step)
            var index = 1
            if let open = step.firstIndex(of: "["), step.hasSuffix("]"),
                let number = Int(step[step.index(after: open)..<step.index(before: step.endIndex)])
            {
                name = step[..<open]
                index = number
            }
            let matches = element.children.filter { $0.name == name }
            guard index >= 1, index <= matches.count else { return nil }
            element = matches[index - 1]
        }
        return element.range
    }
}
