import Testing

@testable import Driver

/// Files are read in runs of neighbours, one table of long texts a run: the runs must cover
/// every file once, in order, and share the work about evenly.
@Suite struct FileRunsTests {
    private func check(_ sizes: [Int], count: Int) -> [Range<Int>] {
        let runs = FileAnalysis.runs(of: sizes, count: count)
        #expect(runs.flatMap { Array($0) } == Array(sizes.indices))
        #expect(runs.allSatisfy { !$0.isEmpty })
        #expect(runs.count == min(max(count, 1), sizes.count))
        return runs
    }

    @Test func runsCoverEveryFileInOrder() {
        #expect(check([], count: 0).isEmpty)
        #expect(check([5], count: 1) == [0..<1])
        #expect(check([5, 1, 1], count: 3) == [0..<1, 1..<2, 2..<3])
        _ = check([0, 0, 0, 0, 0], count: 2)
        _ = check([1, 1_000_000, 1, 1, 1, 1], count: 4)
    }

    @Test func equalFilesAreSharedEvenly() {
        let runs = check(Array(repeating: 100, count: 11_000), count: 8)
        #expect(runs.allSatisfy { $0.count == 1375 })
    }

    /// The run that reaches a large file ends with it: the files after it go to other runs.
    @Test func aLargeFileEndsItsRun() {
        let runs = check([10, 10, 10, 10_000, 10, 10, 10], count: 3)
        #expect(runs.first { $0.contains(3) }?.upperBound == 4)
    }
}
