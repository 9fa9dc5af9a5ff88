import Diagnostics
import Model
import Schema
import Testing

/// A record stores its scalars bare and makes the located value on request: the value, its
/// range and its path must be what the YAML said, as when each was stored located.
@Suite struct ModelRecordTests {
    static let text = """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Orders_API
        protocol: Custom
        principals:
          - name: First
            sequence: 1
          - name: "Second one"
            sequence:   22
            permissionSets: [Orders_Users]
        ---
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://example.okta.com/oauth2/default/v1/token
        unmanaged: true

        """

    @Test func scalarsOfARecordAreLocatedWhereWritten() throws {
        let model = analyze(Self.text).model
        let credential = try #require(model.externalCredentials.first)
        #expect(credential.name.value == "Orders_API")
        #expect(credential.name.path == "name")
        #expect(credential.name.range == SourceRange(line: 3, column: 7, endLine: 3, endColumn: 17))

        let second = try #require(credential.principals.last)
        let name = try #require(second.name)
        #expect(name.value == "Second one")
        #expect(name.path == "principals[1].name")
        #expect(name.range == SourceRange(line: 8, column: 11, endLine: 8, endColumn: 23))
        #expect(second.record.style(.name) == .doubleQuoted)

        let sequence = try #require(second.sequence)
        #expect(sequence.value == 22)
        #expect(sequence.path == "principals[1].sequence")
        #expect(sequence.range == SourceRange(line: 9, column: 17, endLine: 9, endColumn: 19))
        #expect(second.permissionSets.map(\.path) == ["principals[1].permissionSets[0]"])

        let provider = try #require(model.providers.first)
        let unmanaged = try #require(provider.unmanaged)
        #expect(unmanaged.value == true)
        #expect(unmanaged.path == "unmanaged")
        #expect(unmanaged.range.start == SourcePosition(line: 18, column: 12))
    }

    @Test func aFieldOfAnotherTypeIsNotReadAsThisOne() throws {
        let model = analyze(Self.text).model
        let record = try #require(model.externalCredentials.first?.principals.first?.record)
        #expect(record.integer(.name) == nil)
        #expect(record.string(.sequence) == nil)
        #expect(record.bool(.sequence) == nil)
        #expect(record.string(.identityType) == nil)
    }

    /// The reason scalars are stored bare: a value beside its code and range keeps a record's
    /// entries 48 bytes wide. A case that grows the enum past 24 bytes should be `indirect`.
    @Test func aFieldValueIsAtMostThreeWords() {
        #expect(MemoryLayout<ModelValue>.stride <= 24)
    }
}
