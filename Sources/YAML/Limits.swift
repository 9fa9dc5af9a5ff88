/// Bounds that keep a hostile file from exhausting memory or time (SPEC §6).
public struct YAMLLimits: Hashable, Sendable {
    /// Largest file read, in bytes.
    public var maxFileSize: Int
    /// Deepest nesting of mappings and sequences, aliases expanded.
    public var maxDepth: Int
    /// Most nodes that aliases may bring into one document.
    public var maxAliasExpansion: Int

    public init(maxFileSize: Int = 32 << 20, maxDepth: Int = 64, maxAliasExpansion: Int = 10_000) {
        self.maxFileSize = maxFileSize
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    public static let `default` = YAMLLimits()
}
