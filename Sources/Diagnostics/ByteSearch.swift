extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes. A plain scan: where a module imports Foundation,
    /// `firstRange(of:)` on bytes resolves to Foundation's generic `DataProtocol` search, which
    /// costs a measurable part of a run on one small file and more on a large one.
    public func contains(bytes needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= count else { return false }
        return withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                var index = 0
                let last = haystack.count - needle.count
                while index <= last {
                    if haystack[index] == first {
                        var matched = 1
                        while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                        if matched == needle.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
