@testable import Checker
import Diagnostics
import Model
import Testing
import YAML

/// `formula-syntax` findings point at file columns inside the value, whatever its quoting.
/// Read through the YAML reader, so the ranges and styles are the model's.
@Suite struct FormulaSyntaxPositionTests {
    static let environment = FormulaEnvironment(credentials: [.init(name: "Orders_API", parameters: ["ApiKey"])])

    /// The finding for the `value:` of a one-key YAML document.
    func findings(_ yaml: String) throws -> [Finding] {
        let (text, _) = extractMarkers(yaml)
        let source = SourceFile(path: "test.yaml", text: text)
        let result = YAMLReader.read(source)
        let node = try #require(result.documents.first?.root["value"])
        let scalar = try #require(node.scalar)
        let site = FormulaSite(
            value: Located(scalar.text, range: node.range, path: "authHeaders[0].value"), style: scalar.style,
            file: "test.yaml", place: "auth header 'Authorization'")
        return FormulaSyntax.findings(at: site, environment: Self.environment, source: source)
    }

    @Test(arguments: [
        "value: Bearer {!$Credential.Orders_API.1️⃣ApiKy}\n",
        "value: 'Bearer {!''x'' & $Credential.Orders_API.1️⃣ApiKy}'\n",
        "value: \"Bearer {!\\\"x\\\" & $Credential.Orders_API.1️⃣ApiKy}\"\n",
        "value: \"\\u00e9 {!$Credential.Orders_API.1️⃣ApiKy}\"\n",
        "value: 'é👨‍👩‍👧 {!$Credential.Orders_API.1️⃣ApiKy}'\n",
        "value: |\n  Bearer {!$Credential.Orders_API.ApiKey &\n    $Credential.Orders_API.1️⃣ApiKy}\n",
        "value: >-\n  {!'a' &\n  1️⃣Txet('b')}\n",
    ])
    func pointsInsideTheValue(yaml: String) throws {
        let found = try findings(yaml)
        let expected = extractMarkers(yaml).positions
        try #require(found.count == 1, "\(found)")
        #expect([found[0].range.start] == expected, "\(found[0].message)")
        #expect(found[0].rule == .formulaSyntax)
        #expect(found[0].message.hasPrefix("auth header 'Authorization': "))
        #expect(found[0].path == "authHeaders[0].value")
    }

    @Test func aSuggestionCoversWhatItReplaces() throws {
        let found = try findings("value: '{!$Credential.Orders_API.ApiKy}'\n")
        #expect(found.first?.suggestion == "ApiKey")
        #expect(found.first?.range == SourceRange(start: SourcePosition(line: 1, column: 34), end: SourcePosition(line: 1, column: 39)))
    }

    @Test func aValidValueIsQuiet() throws {
        #expect(try findings("value: '{!''Bearer '' & $Credential.Orders_API.ApiKey}'\n").isEmpty)
    }
}
