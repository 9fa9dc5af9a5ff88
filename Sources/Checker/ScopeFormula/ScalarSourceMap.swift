import Diagnostics

// Maps an offset in a YAML scalar's decoded value back to the file. A scope formula is checked
// on the decoded string, but a diagnostic must point at the file, where quotes, escapes, line
// folding and block indentation move every character. These functions replay YAML 1.2's
// scalar rules (as libyaml applies them) over the scalar's source text, counting decoded
// Unicode scalars until the wanted one. They never fail: input they do not understand maps to
// the nearest position they could account for, never beyond the scalar's text.

/// How a YAML scalar is written in the file.
public enum ScalarQuoting: Hashable, Sendable {
    /// `key: value`, possibly folded over several lines.
    case plain
    /// `key: 'value'`, where `''` is one `'`.
    case singleQuoted
    /// `key: "value"`, with backslash escapes.
    case doubleQuoted
    /// `key: |`, lines kept.
    case literal
    /// `key: >`, lines folded.
    case folded
}

/// The file position of the decoded scalar at `offset` of a YAML scalar.
///
/// - Parameters:
///   - offset: Unicode scalars from the start of the decoded value. An offset at or past the
///     end maps to just after the last character of the value.
///   - rawSource: the scalar's text exactly as it stands in the file from `start`: with its
///     quotes for quoted styles, from the `|` or `>` indicator for block scalars. Text after
///     the scalar is tolerated for quoted and block styles.
///   - quoting: the scalar's style.
///   - start: the 1-based position of `rawSource`'s first character.
public func sourcePosition(
    ofScalarOffset offset: Int, rawSource: Substring, quoting: ScalarQuoting, start: SourcePosition
) -> SourcePosition {
    sourceRange(ofScalarOffset: offset, length: 0, rawSource: rawSource, quoting: quoting, start: start).start
}

/// The file range of `length` decoded scalars from `offset` of a YAML scalar: from the first
/// one's source to just after the last one's source (an escape such as `\u00e9` is covered
/// whole). See ``sourcePosition(ofScalarOffset:rawSource:quoting:start:)``.
public func sourceRange(
    ofScalarOffset offset: Int, length: Int, rawSource: Substring, quoting: ScalarQuoting, start: SourcePosition
) -> SourceRange {
    let first = max(0, offset)
    var walker = ScalarSourceWalker(
        raw: Array(rawSource.unicodeScalars), start: start, first: first, last: first + max(1, length) - 1)
    walker.walk(quoting)
    let rangeStart = walker.firstStart ?? walker.contentEnd
    let rangeEnd = length > 0 ? walker.lastEnd ?? walker.contentEnd : rangeStart
    return SourceRange(start: rangeStart, end: rangeEnd)
}

/// Walks a scalar's source, decoding it only as far as counting goes.
private struct ScalarSourceWalker {
    private let raw: [Unicode.Scalar]
    private var index = 0
    private var position: SourcePosition
    /// The decoded offsets wanted: where the first starts, where the last ends.
    private let first: Int
    private let last: Int
    private var decodedCount = 0
    private(set) var firstStart: SourcePosition?
    private(set) var lastEnd: SourcePosition?
    /// Just after the source of the last decoded scalar so far: the answer for offsets past the end.
    private(set) var contentEnd: SourcePosition

    init(raw: [Unicode.Scalar], start: SourcePosition, first: Int, last: Int) {
        self.raw = raw
        self.position = start
        self.first = first
        self.last = last
        self.contentEnd = start
    }

    private var isDone: Bool { lastEnd != nil }
    private var current: Unicode.Scalar? { index < raw.count ? raw[index] : nil }
    private func peek(_ distance: Int) -> Unicode.Scalar? {
        index + distance < raw.count ? raw[index + distance] : nil
    }

    /// libyaml's line breaks: YAML 1.2's CR, LF and CR LF, and YAML 1.1's NEL, LS and PS.
    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": true
        default: false
        }
    }

    private static func isWhite(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

    private static func after(_ position: SourcePosition) -> SourcePosition {
        SourcePosition(line: position.line, column: position.column + 1)
    }

    mutating func walk(_ quoting: ScalarQuoting) {
        switch quoting {
        case .plain: walkFlow(quote: nil)
        case .singleQuoted: walkFlow(quote: "'")
        case .doubleQuoted: walkFlow(quote: "\"")
        case .literal: walkBlock(folds: false)
        case .folded: walkBlock(folds: true)
        }
    }

    /// Moves past one raw scalar, or past a CR LF pair.
    private mutating func step() {
        guard let scalar = current else { return }
        index += 1
        if Self.isBreak(scalar) {
            if scalar == "\r", current == "\n" { index += 1 }
            position = SourcePosition(line: position.line + 1, column: 1)
        } else {
            position.column += 1
        }
    }

    /// Counts one decoded scalar whose source runs from `from` to `to`.
    private mutating func emit(from: SourcePosition, to: SourcePosition) {
        if decodedCount == first { firstStart = from }
        if decodedCount == last { lastEnd = to }
        decodedCount += 1
        contentEnd = to
    }

    /// Counts one decoded scalar made of the next `count` raw scalars on this line.
    private mutating func emitRaw(count: Int = 1) {
        let from = position
        for _ in 0..<count { step() }
        emit(from: from, to: position)
    }

    /// A line break decoded as one scalar (a space or a newline) points at the break itself.
    private mutating func emitBreak(at position: SourcePosition) {
        emit(from: position, to: Self.after(position))
    }

    private mutating func skipWhite() {
        while let scalar = current, Self.isWhite(scalar) { step() }
    }

    // MARK: Flow scalars: plain, single-quoted, double-quoted

    private mutating func walkFlow(quote: Unicode.Scalar?) {
        if let quote, current == quote { step() }
        contentEnd = position
        while let scalar = current, !isDone {
            if let quote, scalar == quote {
                guard quote == "'", peek(1) == "'" else { return }  // the closing quote
                emitRaw(count: 2)
            } else if Self.isBreak(scalar) {
                foldLineBreak()
            } else if Self.isWhite(scalar) {
                var end = index
                while end < raw.count, Self.isWhite(raw[end]) { end += 1 }
                let isTrailing = end == raw.count || Self.isBreak(raw[end])
                while index < end {
                    if isTrailing { step() } else { emitRaw() }
                }
            } else if quote == "\"", scalar == "\\" {
                walkEscape()
            } else {
                emitRaw()
            }
        }
    }

    /// A line break in a flow scalar: a space, or if empty lines follow, one newline per empty
    /// line; the next line's leading whitespace is dropped.
    private mutating func foldLineBreak() {
        let firstBreak = position
        step()
        skipWhite()
        var emptyLineBreaks: [SourcePosition] = []
        while let scalar = current, Self.isBreak(scalar) {
            emptyLineBreaks.append(position)
            step()
            skipWhite()
        }
        if emptyLineBreaks.isEmpty {
            emitBreak(at: firstBreak)
        } else {
            for position in emptyLineBreaks { emitBreak(at: position) }
        }
    }

    /// A backslash escape of a double-quoted scalar: one decoded scalar, or none for an escaped
    /// line break (which joins the lines without a space).
    private mutating func walkEscape() {
        let from = position
        guard let escaped = peek(1) else {
            emitRaw()
            return
        }
        if Self.isBreak(escaped) {
            step()
            step()
            skipWhite()
            while let scalar = current, Self.isBreak(scalar) {
                emitBreak(at: position)
                step()
                skipWhite()
            }
            return
        }
        let hexDigits = switch escaped {
        case "x": 2
        case "u": 4
        case "U": 8
        default: 0
        }
        var length = 2
        while length < 2 + hexDigits, let digit = peek(length), digit.properties.isASCIIHexDigit { length += 1 }
        for _ in 0..<length { step() }
        emit(from: from, to: position)
    }

    // MARK: Block scalars: literal and folded

    private struct Line {
        var start: Int
        /// Scalars before the line break.
        var length: Int
        var number: Int
        var hasBreak: Bool
    }

    private enum Chomping { case strip, clip, keep }

    private mutating func walkBlock(folds: Bool) {
        // The header: `|` or `>`, chomping and indentation indicators, perhaps a comment.
        step()
        var chomping = Chomping.clip
        var explicitIndentation: Int?
        while let scalar = current, !Self.isBreak(scalar), !Self.isWhite(scalar) {
            switch scalar {
            case "+": chomping = .keep
            case "-": chomping = .strip
            case "1"..."9": explicitIndentation = Int(scalar.value - 48)
            default: break
            }
            step()
        }
        while let scalar = current, !Self.isBreak(scalar) { step() }
        step()
        contentEnd = position

        let lines = splitLines()
        let indentation = contentIndentation(of: lines, hasIndicator: explicitIndentation != nil)

        var pendingBreaks: [SourcePosition] = []
        var seenContent = false
        var previousStartsWithBlank = false
        for line in lines {
            if isDone { return }
            let leadingSpaces = countLeadingSpaces(line)
            if leadingSpaces < indentation, leadingSpaces < line.length { break }  // less indented: the scalar is over
            let contentStart = min(indentation, line.length)
            if contentStart == line.length {
                if line.hasBreak { pendingBreaks.append(breakPosition(of: line)) }
                continue
            }
            let startsWithBlank = Self.isWhite(raw[line.start + contentStart])
            if seenContent, folds, !previousStartsWithBlank, !startsWithBlank {
                // Folding: the break after the previous line is a space unless empty lines follow it.
                if pendingBreaks.count == 1 {
                    emitBreak(at: pendingBreaks[0])
                } else {
                    for position in pendingBreaks.dropFirst() { emitBreak(at: position) }
                }
            } else {
                for position in pendingBreaks { emitBreak(at: position) }
            }
            pendingBreaks = []
            for column in contentStart..<line.length {
                let from = SourcePosition(line: line.number, column: 1 + column)
                emit(from: from, to: Self.after(from))
            }
            if line.hasBreak { pendingBreaks.append(breakPosition(of: line)) }
            seenContent = true
            previousStartsWithBlank = startsWithBlank
        }
        switch chomping {
        case .strip: break
        case .clip: if seenContent, let position = pendingBreaks.first { emitBreak(at: position) }
        case .keep: for position in pendingBreaks { emitBreak(at: position) }
        }
    }

    private func splitLines() -> [Line] {
        var lines: [Line] = []
        var lineIndex = index
        var number = position.line
        while lineIndex < raw.count {
            let start = lineIndex
            while lineIndex < raw.count, !Self.isBreak(raw[lineIndex]) { lineIndex += 1 }
            let hasBreak = lineIndex < raw.count
            lines.append(Line(start: start, length: lineIndex - start, number: number, hasBreak: hasBreak))
            if hasBreak {
                if raw[lineIndex] == "\r", lineIndex + 1 < raw.count, raw[lineIndex + 1] == "\n" { lineIndex += 1 }
                lineIndex += 1
                number += 1
            }
        }
        return lines
    }

    private func countLeadingSpaces(_ line: Line) -> Int {
        var count = 0
        while count < line.length, raw[line.start + count] == " " { count += 1 }
        return count
    }

    /// The block's content indentation. Without an indicator, YAML takes the first non-empty
    /// line's (or a longer leading all-space line's) indentation. With one, it is the parent
    /// node's indentation plus the indicator, and the parent is not in `rawSource`: the least
    /// indented non-empty line stands in for it, which is exact unless every line is indented further.
    private func contentIndentation(of lines: [Line], hasIndicator: Bool) -> Int {
        if hasIndicator {
            return lines.filter { countLeadingSpaces($0) < $0.length }.map(countLeadingSpaces).min() ?? 0
        }
        var indentation = 0
        for line in lines {
            let spaces = countLeadingSpaces(line)
            indentation = max(indentation, spaces)
            if spaces < line.length { break }
        }
        return indentation
    }

    private func breakPosition(of line: Line) -> SourcePosition {
        SourcePosition(line: line.number, column: 1 + line.length)
    }
}
