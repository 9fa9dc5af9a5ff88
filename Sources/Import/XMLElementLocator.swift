import Diagnostics

/// Finds where an element of a metadata file starts, from the element path the metadata reader
/// reports (`ExternalCredential/externalCredentialParameters[2]/parameterType`: 1-based indexes
/// among same-named siblings; a step without an index is the first such element).
///
/// The reader's XML tree carries no positions, and a diagnostic needs one. The files the
/// reader reports on have already parsed, so a scan of the tags is enough: comments,
/// processing instructions, CDATA sections and quoted attribute values are skipped, nothing
/// else of XML is needed. The range covers the element when it ends on the line it starts on
/// (a leaf such as `<parameterType>AuthParameter</parameterType>`), else its start tag.
struct XMLElementLocator {
    private let file: SourceFile
    /// Start offset of the `<` and end offset just past the element (or its start tag), by path.
    private var ranges: [String: (start: Int, end: Int)] = [:]

    init(_ file: SourceFile) {
        self.file = file
        scan()
    }

    /// The element's range; the file's start when the path names nothing in the file.
    func range(of elementPath: String?) -> SourceRange {
        guard let elementPath, let found = ranges[elementPath] ?? ranges[Self.indexed(elementPath)] else {
            return .fileStart
        }
        return SourceRange(start: file.position(ofByteOffset: found.start), end: file.position(ofByteOffset: found.end))
    }

    /// The path with `[1]` on every step that has no index: the form the scan records.
    private static func indexed(_ path: String) -> String {
        let steps = path.split(separator: "/", omittingEmptySubsequences: false)
        return steps.enumerated().map { index, step in
            index == 0 || step.hasSuffix("]") ? String(step) : "\(step)[1]"
        }.joined(separator: "/")
    }

    private mutating func scan() {
        let bytes = file.bytes
        struct Open {
            var path: String
            var start: Int
            var tagEnd: Int
            var counts: [String: Int] = [:]
        }
        var stack: [Open] = []
        var index = 0
        func find(_ needle: String, from start: Int) -> Int? {
            let pattern = Array(needle.utf8)
            guard start <= bytes.count else { return nil }
            return bytes[start...].firstRange(of: pattern).map { $0.upperBound }
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            let start = index
            let rest = bytes[(index + 1)...]
            if rest.starts(with: Array("!--".utf8)) {
                index = find("-->", from: index + 4) ?? bytes.count
            } else if rest.starts(with: Array("![CDATA[".utf8)) {
                index = find("]]>", from: index + 9) ?? bytes.count
            } else if rest.starts(with: Array("?".utf8)) {
                index = find("?>", from: index + 2) ?? bytes.count
            } else if rest.starts(with: Array("!".utf8)) {
                index = find(">", from: index + 2) ?? bytes.count
            } else if rest.starts(with: Array("/".utf8)) {
                let end = find(">", from: index + 2) ?? bytes.count
                if let open = stack.popLast() {
                    let sameLine = !bytes[open.start..<end].contains(UInt8(ascii: "\n"))
                    ranges[open.path] = (open.start, sameLine ? end : open.tagEnd)
                }
                index = end
            } else {
                var nameEnd = index + 1
                while nameEnd < bytes.count, !" \t\r\n/>".utf8.contains(bytes[nameEnd]) { nameEnd += 1 }
                let name = String(decoding: bytes[(index + 1)..<nameEnd], as: UTF8.self)
                // The tag ends at the first `>` outside a quoted attribute value.
                var cursor = nameEnd
                var quote: UInt8?
                while cursor < bytes.count {
                    let byte = bytes[cursor]
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    }
                    cursor += 1
                }
                let tagEnd = min(cursor + 1, bytes.count)
                let selfClosing = cursor > 0 && cursor < bytes.count && bytes[cursor - 1] == UInt8(ascii: "/")
                let path: String
                if stack.isEmpty {
                    path = name
                } else {
                    stack[stack.count - 1].counts[name, default: 0] += 1
                    path = "\(stack[stack.count - 1].path)/\(name)[\(stack[stack.count - 1].counts[name]!)]"
                }
                if selfClosing {
                    ranges[path] = (start, tagEnd)
                } else {
                    stack.append(Open(path: path, start: start, tagEnd: tagEnd))
                }
                index = tagEnd
            }
        }
    }
}
