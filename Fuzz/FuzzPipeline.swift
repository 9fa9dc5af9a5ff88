// The libFuzzer entry point: arbitrary bytes through the whole of credc (SPEC §6: nothing
// crashes, hangs or loses data on any input). Built and run by `scripts/fuzz`.
import Checker
import Diagnostics
import Driver
import Import
import Foundation
import Manifest
import Plan
import Reporters
import SalesforceMetadata
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
    // The descriptors of the rules that fired only: the others are the same text for every
    // input (the SARIF golden covers it), and encoding all of them took half of each run.
    let fired = Set(analysis.diagnostics.map(\.rule))
    let rules = Rules.all.filter { fired.contains($0.id) }
    for format in DiagnosticFormat.allCases {
        for color in [false, true] where color == false || format == .text {
            let reporter = format.reporter(
                color: color, toolVersion: "0.0.0-fuzz", informationURI: "https://example.invalid", rules: rules)
            _ = reporter.render(report)
        }
    }

    checkFixIts(analysis, files: sourceFiles(bytes))

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
        checkMetadataRoundTrip(desired)
    }
    fuzzMetadata(bytes, desired: desired)

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

/// Every fix-it's edits lie inside their file and apply as `check --fix` applies them; the
/// fixed text is UTF-8 again when the input was, and checks without a crash.
private func checkFixIts(_ analysis: Analysis, files: [SourceFile]) {
    var fixedFiles: [SourceFile] = []
    for file in files {
        var edits: [TextEdit] = []
        for diagnostic in analysis.diagnostics where diagnostic.file == file.path {
            for fix in diagnostic.fixes {
                for edit in fix.edits {
                    let start = file.byteOffset(of: edit.range.start)
                    let end = file.byteOffset(of: edit.range.end)
                    precondition(0 <= start && start <= end && end <= file.bytes.count, "a fix-it's edit lies outside its file")
                }
                if fix.isSafe, FixIts.apply(edits + fix.edits, to: file) != nil { edits += fix.edits }
            }
        }
        guard !edits.isEmpty, let fixed = FixIts.apply(edits, to: file) else { continue }
        if String(validating: file.bytes, as: UTF8.self) != nil {
            precondition(String(validating: fixed, as: UTF8.self) != nil, "a fix-it split a character")
        }
        fixedFiles.append(SourceFile(path: file.path, bytes: fixed))
    }
    if !fixedFiles.isEmpty {
        _ = Pipeline.analyze(fixedFiles, options: CheckOptions(limits: YAMLLimits(maxFileSize: 1 << 20)))
    }
}

/// A configuration exported as metadata and read back is the same state: planning the
/// configuration against its own export has no changes, and nothing is left unrepresented.
private func checkMetadataRoundTrip(_ desired: Manifest) {
    // Text XML 1.0 cannot hold is refused by the exporter, not written wrong.
    guard let export = try? MetadataExporter().export(desired) else { return }
    let result = MetadataReader().read(files: export.files)
    precondition(!result.hasErrors && result.unrepresented.isEmpty, "an export does not read back cleanly: \(result.issues)")
    precondition(result.foreignResources.isEmpty, "an export reads back as foreign: \(result.foreignResources)")
    var comparable = desired
    for index in comparable.externalCredentials.indices {
        for principal in comparable.externalCredentials[index].principals.indices {
            comparable.externalCredentials[index].principals[principal].profiles = []  // no metadata for them
        }
    }
    let plan = Plan.make(state: result.manifest(observing: comparable), desired: comparable, allowReplace: false)
    precondition(plan.summary.isEmpty && !plan.isBlocked, "a configuration planned against its export has changes:\n\(plan.text)")
}

/// The same bytes as every kind of retrieved file, and as a permission set to merge grants
/// into: refused or read, never a crash; a read folder plans and deploys.
private func fuzzMetadata(_ bytes: [UInt8], desired: Manifest) {
    let data = Data(bytes)
    let paths = [
        "externalAuthIdentityProviders/F.externalAuthIdentityProvider-meta.xml",
        "externalCredentials/F.externalCredential-meta.xml", "namedCredentials/F.namedCredential-meta.xml",
        "permissionsets/F.permissionset-meta.xml", "permissionsets/G/G.externalCredentialPrincipalAccesses-meta.xml",
    ]
    let result = MetadataReader().read(files: Dictionary(uniqueKeysWithValues: paths.map { ($0, data) }))
    let state = result.manifest(observing: desired)
    let plan = Plan.make(state: state, desired: desired, allowReplace: true).keepingUndefinedResources()
    _ = plan.text
    _ = try? PlanDeployment().files(for: plan, state: state, desired: desired, permissionSets: result.permissionSets)
    _ = try? MetadataExporter().export(desired, permissionSets: result.permissionSets)

    // Import writes only YAML that checks: its own check of what it writes never fails in a way
    // no resource explains.
    let sources = Dictionary(uniqueKeysWithValues: paths.map { ($0, SourceFile(path: $0, bytes: bytes)) })
    let imported = OrgImport().run(
        result, sources: sources, profileGrants: ProfileAccessScan.grants(file: "profiles/F.profile-meta.xml", data: data))
    precondition(
        !imported.diagnostics.contains { $0.message.hasPrefix("credc import wrote YAML") },
        "import wrote YAML that credc check rejects")

    let grants = Data(
        #"<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><externalCredentialPrincipalAccesses><enabled>true</enabled><externalCredentialPrincipal>A-B</externalCredentialPrincipal></externalCredentialPrincipalAccesses></PermissionSet>"#
            .utf8)
    _ = try? mergePrincipalAccesses(into: data, grants: grants)
    _ = try? mergePrincipalAccesses(into: grants, grants: data)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes)
    return 0
}
