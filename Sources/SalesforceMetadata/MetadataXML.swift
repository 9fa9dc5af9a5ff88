import CXML
import Diagnostics
import FoundationEssentials

/// The namespace every Metadata API document declares on its root element.
let metadataNamespace = "http://soap.sforce.com/2006/04/metadata"

/// A parsed or to-be-written Metadata API XML element.
///
/// Metadata files are data, not documents: an element holds either child elements or text,
/// never both, and carries no attributes except the namespace on the root. This small tree is
/// all the reader and the writer need, so neither depends on a DOM that Linux lacks.
struct MetadataXMLElement: Hashable, Sendable {
    var name: String
    var children: [MetadataXMLElement]
    /// The element's text, verbatim (entities decoded). Whitespace between child elements is
    /// dropped by the parser; non-whitespace text next to children is kept here so the reader
    /// can report it.
    var text: String
    /// The root element's `xmlns`, when parsed.
    var namespace: String?
    /// Where the start tag is in the file, when parsed: findings about the element point here.
    var range: SourceRange?

    init(_ name: String, children: [MetadataXMLElement]) {
        self.name = name
        self.children = children
        self.text = ""
    }

    init(_ name: String, text: String) {
        self.name = name
        self.children = []
        self.text = text
    }

    /// A leaf holding `value`, or nothing when `value` is nil: optional fields are omitted.
    static func leaf(_ name: String, _ value: String?) -> [MetadataXMLElement] {
        value.map { [MetadataXMLElement(name, text: $0)] } ?? []
    }

    static func leaf(_ name: String, _ value: Bool) -> MetadataXMLElement {
        MetadataXMLElement(name, text: value ? "true" : "false")
    }
}

// MARK: - Writing

/// A value that cannot be written as XML 1.0 text.
struct UnrepresentableXMLText: Error {
    var value: String
}

extension MetadataXMLElement {
    /// The document bytes: UTF-8 declaration, the root with the metadata namespace, four-space
    /// indentation as `sf project retrieve start` writes it, and one trailing newline.
    func metadataDocument() throws(UnrepresentableXMLText) -> Data {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        try write(to: &out, depth: 0, isRoot: true)
        return Data(out.utf8)
    }

    private func write(to out: inout String, depth: Int, isRoot: Bool) throws(UnrepresentableXMLText) {
        let indent = String(repeating: " ", count: depth * 4)
        let open = isRoot ? #"\#(name) xmlns="\#(metadataNamespace)""# : name
        if children.isEmpty {
            out += "\(indent)<\(open)>\(try escapedXMLText(text))</\(name)>\n"
            return
        }
        out += "\(indent)<\(open)>\n"
        for child in children {
            try child.write(to: &out, depth: depth + 1, isRoot: false)
        }
        out += "\(indent)</\(name)>\n"
    }
}

/// Escapes text for element content. All five predefined entities are used, as retrieved
/// metadata does (`&apos;`, `&quot;` appear in retrieved formulas); a carriage return becomes
/// `&#13;` because a parser would otherwise normalize it to a line feed and the value would not
/// survive a round trip.
func escapedXMLText(_ text: String) throws(UnrepresentableXMLText) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\r": out += "&#13;"
        case "\t", "\n": out.unicodeScalars.append(scalar)
        default:
            // XML 1.0 Char production: no C0 controls but tab/LF/CR, no U+FFFE/U+FFFF.
            guard scalar.value >= 0x20, scalar.value != 0xFFFE, scalar.value != 0xFFFF else {
                throw UnrepresentableXMLText(value: text)
            }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

// MARK: - Parsing

/// Why a file is not well-formed XML, with the parser's position (1-based).
struct MalformedXML: Error, Hashable, Sendable {
    var line: Int
    var column: Int
    var reason: String
    /// False when nothing was parsed because libxml2 could not be loaded: `reason` says so,
    /// and the file is not malformed for all credc knows.
    var isParsed = true

    /// The finding's words.
    var message: String {
        isParsed ? "malformed XML at line \(line), column \(column): \(reason)" : reason
    }
}

/// Parses one metadata file into a tree with libxml2's SAX2 parser, loaded at the first file
/// (Sources/CXML): credc links no XML parser, so that `credc check` does not pay for one.
///
/// Only the parser changed (it was FoundationXML's `XMLParser`, itself libxml2 with the same
/// callbacks): the element shapes the reader rests on (retrieved files, the Metadata API
/// documentation, as each mapping says) and the tree built from them are as before: qualified
/// names, the root's `xmlns`, text and CDATA joined, comments and processing instructions
/// dropped, positions where libxml2 reports each start tag, the first error libxml2 reports.
/// One difference: FoundationXML parsed in libxml2's recovery mode and took some documents that
/// are not well-formed (an end tag that does not match closed the root, and the rest was
/// dropped); those are errors now.
///
/// External entities are never resolved and a document type declaration is refused outright:
/// metadata files have none, and refusing them closes entity-expansion attacks on files that
/// come from an org or a pull request. libxml2 is told to load nothing either (Sources/CXML).
func parseMetadataXML(_ data: Data) -> Result<MetadataXMLElement, MalformedXML> {
    if data.firstRange(of: Array("<!DOCTYPE".utf8)) != nil {
        return .failure(
            MalformedXML(line: 1, column: 1, reason: "document type declarations are not allowed"))
    }
    // Metadata files are UTF-8; bytes that are not are refused before the parser sees them
    // (FoundationXML trapped on them in an element name, found by fuzzing).
    if let offset = firstInvalidUTF8Offset(data) {
        let before = data.prefix(offset)
        let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.startIndex
        let column = String(decoding: data[lineStart..<(data.startIndex + offset)], as: UTF8.self).unicodeScalars.count + 1
        let byte = String(data[data.startIndex + offset], radix: 16, uppercase: true)
        return .failure(
            MalformedXML(
                line: line, column: column,
                reason: "invalid UTF-8 (byte 0x\(byte.count == 1 ? "0" : "")\(byte)); metadata files are UTF-8, save the file as UTF-8"))
    }
    // No document under four bytes is well-formed (`<a/>` is the shortest); libxml2 would call
    // an empty one unfinished.
    if data.count < 4 {
        var reason = "the document has no root element"
        if let excerpt = excerpt(of: data, line: 1, column: 1) { reason += " near \(excerpt)" }
        return .failure(MalformedXML(line: 1, column: 1, reason: reason))
    }
    return parseXMLDocument(data)
}

/// The libxml2 step of ``parseMetadataXML(_:)``, without its checks of the bytes; the tests
/// call it to show that libxml2 alone loads nothing a hostile document names.
func parseXMLDocument(_ data: Data) -> Result<MetadataXMLElement, MalformedXML> {
    var loadError = [CChar](repeating: 0, count: 256)
    guard cxml_load(&loadError, loadError.count) == 1 else {
        let reason = String(decoding: loadError.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .failure(MalformedXML(line: 1, column: 1, reason: reason, isParsed: false))
    }
    let builder = TreeBuilder(data: data)
    var callbacks = cxml_callbacks(
        start_element: { context, name, namespace, line in
            TreeBuilder.from(context).start(
                String(cString: name!), namespace: namespace.map { String(cString: $0) }, line: line)
        },
        end_element: { context in TreeBuilder.from(context).end() },
        text: { context, bytes, count in
            TreeBuilder.from(context).append(UnsafeRawBufferPointer(start: bytes, count: count))
        })
    var result = cxml_result()
    withExtendedLifetime(builder) {
        data.withUnsafeBytes { raw in
            cxml_parse(
                raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, &callbacks,
                Unmanaged.passUnretained(builder).toOpaque(), &result)
        }
    }
    guard result.well_formed == 1, let root = builder.root else {
        let reported = result.has_error == 1
        let line = max(reported ? result.error_line : result.line, 1)
        let column = max(reported ? result.error_column : result.column, 1)
        let code = reported || result.well_formed == 0 ? Int(result.error_code) : nil
        var reason = code.map(describeParserError) ?? "the document has no root element"
        if let excerpt = excerpt(of: data, line: line, column: column) { reason += " near \(excerpt)" }
        return .failure(MalformedXML(line: line, column: column, reason: reason))
    }
    return .success(root)
}

/// The offset of the first byte that does not belong to a valid UTF-8 sequence, or nil.
func firstInvalidUTF8Offset(_ bytes: some Collection<UInt8>) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let scalar): offset += scalar.count
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}

/// Words for the parser errors people make in hand-edited metadata. The codes are libxml2's
/// (`xmlParserErrors`); its own messages name libxml2's grammar productions, so the text is ours.
private func describeParserError(_ code: Int) -> String {
    switch code {
    case Int(cxml_error_too_deep): "elements are nested more than \(cxml_max_depth) deep (metadata files nest a few levels)"
    case 4: "no root element (the document is empty or is not XML)"
    case 5: "the document ends before its elements are closed"
    case 9: "a character that XML does not allow"
    case 23: "an entity reference is missing its ';' (escape a literal & as &amp;)"
    case 26: "an undeclared entity (only &amp; &lt; &gt; &quot; &apos; and character references exist)"
    case 68: "a name is required here (escape a literal & as &amp; and < as &lt;)"
    case 73: "'>' expected"
    case 76: "a closing tag does not match the element it closes"
    case 77: "an element is not finished"
    case 86: "extra content after the root element"
    default: "XML parser error \(code)"
    }
}

/// Up to 40 characters of the failing line, ending at the failing column, for the message.
private func excerpt(of data: Data, line: Int, column: Int) -> String? {
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    guard line <= lines.count else { return nil }
    let text = Array(lines[line - 1])
    let end = min(max(column, 1), text.count)
    let start = max(0, end - 40)
    let piece = String(String(text[start..<end]).drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    return piece.isEmpty ? nil : "`\(piece)`"
}

/// The tree, built from the parser's callbacks. Text is kept as bytes until its element ends,
/// and decoded once.
private final class TreeBuilder {
    var root: MetadataXMLElement?
    private var stack: [MetadataXMLElement] = []
    private var texts: [[UInt8]] = []
    private let data: Data
    /// The file's lines as Unicode scalars, split on first use.
    private lazy var lines: [[Unicode.Scalar]] = String(decoding: data, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }

    init(data: Data) { self.data = data }

    static func from(_ context: UnsafeMutableRawPointer?) -> TreeBuilder {
        Unmanaged<TreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    func start(_ name: String, namespace: String?, line: Int) {
        var element = MetadataXMLElement(name, children: [])
        if stack.isEmpty { element.namespace = namespace }
        element.range = startTagRange(name, line: line)
        stack.append(element)
        texts.append([])
    }

    /// libxml2 reports the line where the start tag ends, not its column in scalars: the tag
    /// is the last `<name` on that line, which for the one-element-per-line files Salesforce
    /// writes is the only one.
    private func startTagRange(_ name: String, line: Int) -> SourceRange? {
        guard line >= 1, line <= lines.count else { return nil }
        let text = lines[line - 1]
        let opening = Array(("<" + name).unicodeScalars)
        // From the end of the line: the first match found is the last.
        var index = text.count - opening.count
        while index >= 0 {
            if text[index] == "<", text[index..<index + opening.count].elementsEqual(opening),
                index + opening.count == text.count || !isNameScalar(text[index + opening.count])
            {
                break
            }
            index -= 1
        }
        guard index >= 0 else { return SourceRange.at(SourcePosition(line: line, column: 1)) }
        let end = text[index...].firstIndex(of: ">").map { $0 + 1 } ?? text.count
        return SourceRange(line: line, column: index + 1, endLine: line, endColumn: end + 1)
    }

    private func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first: the Unicode property lookup is slow.
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-" || scalar == "." || scalar == ":"
        }
        return scalar.properties.isAlphabetic
    }

    func end() {
        guard var element = stack.popLast(), let bytes = texts.popLast() else { return }
        element.text = String(decoding: bytes, as: UTF8.self)
        if !element.children.isEmpty,
            element.text.unicodeScalars.allSatisfy({ " \t\r\n".unicodeScalars.contains($0) })
        {
            element.text = ""  // indentation between children
        }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard !texts.isEmpty else { return }
        texts[texts.count - 1].append(contentsOf: bytes)
    }
}
