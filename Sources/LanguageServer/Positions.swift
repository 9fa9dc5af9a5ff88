import Diagnostics

/// A position as LSP counts: 0-based line, and the character offset in UTF-16 code units.
public struct LSPPosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (lhs: LSPPosition, rhs: LSPPosition) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }
}

/// A range as LSP gives it: `end` is exclusive, like credc's.
public struct LSPRange: Hashable, Sendable {
    public var start: LSPPosition
    public var end: LSPPosition

    public init(start: LSPPosition, end: LSPPosition) {
        self.start = start
        self.end = end
    }
}

/// Converts between credc's positions (1-based lines and columns in Unicode scalars, a byte
/// order mark not counted) and LSP's (0-based, UTF-16 code units, the mark counted as the
/// client holds it), over the text of one file: the one place the two meet.
public struct PositionConverter: Sendable {
    public let file: SourceFile

    public init(_ file: SourceFile) { self.file = file }

    public func lsp(_ position: SourcePosition) -> LSPPosition {
        guard position.line >= 1 else { return LSPPosition(line: 0, character: 0) }
        var column = 1
        var character = 0
        for (index, scalar) in scalars(ofLine: position.line).enumerated() {
            if index == 0, position.line == 1, scalar == "\u{FEFF}" {
                character += 1
                continue
            }
            guard column < position.column else { break }
            character += scalar.utf16.count
            column += 1
        }
        return LSPPosition(line: position.line - 1, character: character)
    }

    public func lsp(_ range: SourceRange) -> LSPRange {
        LSPRange(start: lsp(range.start), end: lsp(range.end))
    }

    /// The credc position of an LSP one; a character inside a surrogate pair or past the end of
    /// its line is the position after it.
    public func source(_ position: LSPPosition) -> SourcePosition {
        let line = max(position.line, 0) + 1
        var column = 1
        var character = 0
        for (index, scalar) in scalars(ofLine: line).enumerated() {
            if index == 0, line == 1, scalar == "\u{FEFF}" {
                character += 1
                continue
            }
            guard character < position.character else { break }
            character += scalar.utf16.count
            column += 1
        }
        return SourcePosition(line: line, column: column)
    }

    public func source(_ range: LSPRange) -> SourceRange {
        SourceRange(start: source(range.start), end: source(range.end))
    }

    private func scalars(ofLine line: Int) -> String.UnicodeScalarView {
        String(decoding: file.lineBytes(line), as: UTF8.self).unicodeScalars
    }
}

/// `file://` URIs and the paths credc reads.
public enum FileURI {
    /// The URI of an absolute path, percent-encoding what RFC 3986 does not allow in a path.
    public static func uri(ofPath path: String) -> String {
        var encoded = "file://"
        for byte in path.utf8 {
            let isUnreserved = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || "-._~/".utf8.contains(byte)
            if isUnreserved {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// The path of a `file:` URI (`file:///a%20b`, `file://localhost/a`); nil for other schemes.
    public static func path(ofURI uri: String) -> String? {
        guard uri.lowercased().hasPrefix("file:") else { return nil }
        var rest = Substring(uri.dropFirst(5))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            // An authority (`localhost`, or empty) before the path.
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        var bytes: [UInt8] = []
        let utf8 = Array(rest.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        let path = String(decoding: bytes, as: UTF8.self)
        return path.isEmpty ? nil : path
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
