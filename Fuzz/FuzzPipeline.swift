// The libFuzzer entry point: arbitrary bytes through the whole of credc (SPEC §6: nothing
// crashes, hangs or loses data on any input). Built and run by `scripts/fuzz`.
import Checker
import Diagnostics
import Driver
import Manifest
import Plan
import Reporters
import YAML

/// Splits the input into files at each `\n--8<--\n` line, so that cross-file rules
/// (duplicate names, references) are reached too.
private func sourceFiles(_ bytes: [UInt8]) -> [SourceFile] {
    let marker = Array("\n--8<--\n".utf8)
    var files: [SourceFile] = []
    var start = 0
    var index = 0
    while index + marker.count <= bytes.count {
        if bytes[index..<index + marker.count].elementsEqual(marker) {
            files.append(SourceFile(path: "fuzz/\(files.count).yaml", bytes: Array(bytes[start..<index + 1])))
            index += marker.count
            start = index
        } else {
            index += 1
        }
    }
    files.append(SourceFile(path: "fuzz/\(files.count).yaml", bytes: Array(bytes[start...])))
    return files
}

private func fuzzOne(_ bytes: [UInt8]) {
    let analysis = Pipeline.analyze(sourceFiles(bytes), options: CheckOptions(limits: YAMLLimits(maxFileSize: 1 << 20)))
    let report = DiagnosticReport(
        diagnostics: analysis.diagnostics, sources: analysis.files, fileCount: analysis.files.count)
    for format in DiagnosticFormat.allCases {
        for color in [false, true] where color == false || format == .text {
            let reporter = format.reporter(
                color: color, toolVersion: "0.0.0-fuzz", informationURI: "https://example.invalid", rules: Rules.all)
            _ = reporter.render(report)
        }
    }

    var desired = Manifest()
    if !analysis.hasErrors {
        desired = ManifestCompiler.compile(analysis.model)
        // A manifest that build writes must read back as the same state.
        let text = desired.text
        let state: Manifest
        do {
            state = try Manifest(stateJSON: Array(text.utf8))
        } catch {
            fatalError("the compiled manifest does not read back as state: \(error)\n\(text)")
        }
        precondition(state == desired, "the manifest changed on the way through state JSON:\n\(text)")
        let plan = Plan.make(state: state, desired: desired, allowReplace: false)
        precondition(plan.summary.isEmpty && !plan.isBlocked, "a manifest planned against itself has changes")
        let fromNothing = Plan.make(state: Manifest(), desired: desired, allowReplace: false)
        _ = fromNothing.text
        _ = fromNothing.jsonText
    }

    // The same bytes as a state file: the decoder must refuse or accept, never crash.
    if let state = try? Manifest(stateJSON: bytes) {
        for allowReplace in [false, true] {
            let plan = Plan.make(state: state, desired: desired, allowReplace: allowReplace)
            _ = plan.text
            _ = plan.jsonText
        }
        _ = state.text
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes)
    return 0
}
