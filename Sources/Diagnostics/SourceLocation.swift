/// A 1-based position in a source file. Columns count Unicode scalars, as libyaml does.
public struct SourcePosition: Hashable, Comparable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A range in one file. `end` is exclusive: it is the position just after the last character,
/// as libyaml's end mark and SARIF's `endColumn` are.
public struct SourceRange: Hashable, Comparable, Sendable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = max(start, end)
    }

    public init(line: Int, column: Int, endLine: Int, endColumn: Int) {
        self.init(start: SourcePosition(line: line, column: column),
                  end: SourcePosition(line: endLine, column: endColumn))
    }

    /// An empty range at a position.
    public static func at(_ position: SourcePosition) -> SourceRange {
        SourceRange(start: position, end: position)
    }

    /// The start of a file.
    public static let fileStart = SourceRange.at(SourcePosition(line: 1, column: 1))

    public static func < (lhs: SourceRange, rhs: SourceRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}
