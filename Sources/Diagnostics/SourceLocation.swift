/// A 1-based position in a source file. Columns count Unicode scalars, as libyaml does.
///
/// Stored in 32 bits each (files are limited far below 2^31 lines): every node and model
/// value carries a range, and half-size ranges keep a large file's model in memory half as
/// wide. Values beyond the 32-bit range are clamped, never wrapped.
public struct SourcePosition: Hashable, Comparable, Sendable {
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
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
