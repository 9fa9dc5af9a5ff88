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

    /// List items and secrets are stored without their paths; the record makes them.
    @Test func listItemsAndSecretsAreLocatedWhereWritten() throws {
        let text = """
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://example.okta.com/oauth2/default/v1/token
            defaultScopes: [orders.read,  orders.write]
            ---
            apiVersion: credc/v1
            kind: ExternalCredential
            name: Files_API
            protocol: AwsSv4
            aws: {service: s3, region: us-east-1}
            principals:
              - name: Admin
                sequence: 1
                permissionSets: [Files_Admins, "All_Integrations"]
                secrets: {awsAccessKeyId: FILES_KEY_ID, awsSecretAccessKey: FILES_SECRET}
              - name: Reader
                sequence: 2
                permissionSets: []
                profiles: [Files_Readers]
                secrets: {awsAccessKeyId: READER_KEY_ID, awsSecretAccessKey: READER_SECRET}

            """
        let model = analyze(text).model
        let scopes = try #require(model.providers.first?.defaultScopes)
        #expect(scopes.map(\.value) == ["orders.read", "orders.write"])
        #expect(scopes.map(\.path) == ["defaultScopes[0]", "defaultScopes[1]"])
        #expect(scopes.last?.range == SourceRange(line: 7, column: 31, endLine: 7, endColumn: 43))

        let principal = try #require(model.externalCredentials.first?.principals.first)
        let sets = principal.permissionSets
        #expect(sets.map(\.value) == ["Files_Admins", "All_Integrations"])
        #expect(sets.map(\.path) == ["principals[0].permissionSets[0]", "principals[0].permissionSets[1]"])
        #expect(sets[1].range == SourceRange(line: 17, column: 36, endLine: 17, endColumn: 54))
        #expect(principal.profiles.isEmpty)

        let secrets = try #require(principal.secrets)
        #expect(secrets.entries.map(\.key.path) == ["principals[0].secrets.awsAccessKeyId", "principals[0].secrets.awsSecretAccessKey"])
        let variable = try #require(secrets.variable(for: "awsSecretAccessKey"))
        #expect(variable.value == "FILES_SECRET")
        #expect(variable.path == "principals[0].secrets.awsSecretAccessKey")
        #expect(variable.range == SourceRange(line: 18, column: 65, endLine: 18, endColumn: 77))
        #expect(secrets.entries.first?.key.range == SourceRange(line: 18, column: 15, endLine: 18, endColumn: 29))

        // The document's principals keep their lists in one store: each sees only its own.
        let reader = try #require(model.externalCredentials.first?.principals.last)
        #expect(reader.permissionSets.isEmpty)
        #expect(reader.profiles.map(\.value) == ["Files_Readers"])
        #expect(reader.profiles.map(\.path) == ["principals[1].profiles[0]"])
        #expect(reader.secrets?.entries.map(\.variable.value) == ["READER_KEY_ID", "READER_SECRET"])
        #expect(reader.secrets?.entries.last?.variable.range.start == SourcePosition(line: 23, column: 66))
        #expect(principal.secrets?.entries.count == 2)
        #expect(Array(secrets.entries.keys) == ["awsAccessKeyId", "awsSecretAccessKey"])
        #expect(secrets.entries.source(forKey: "awsAccessKeyId")?.variable.value == "FILES_KEY_ID")
        #expect(secrets.entries.source(forKey: "awsAccessKeyId")?.key.path == "principals[0].secrets.awsAccessKeyId")
        #expect(secrets.entries.source(forKey: "clientSecret") == nil)
    }

    @Test func aFieldOfAnotherTypeIsNotReadAsThisOne() throws {
        let model = analyze(Self.text).model
        let record = try #require(model.externalCredentials.first?.principals.first?.record)
        #expect(record.integer(.name) == nil)
        #expect(record.string(.sequence) == nil)
        #expect(record.bool(.sequence) == nil)
        #expect(record.string(.identityType) == nil)
    }

    /// A record's values are one buffer shared by its copies: setting a value on a copy must
    /// leave the original as it was, and setting more values than there was room for grows it.
    @Test func aCopyIsAValue() throws {
        let fields = Fields.principal
        let name = try #require(fields.firstIndex { $0.id == .name })
        let sequence = try #require(fields.firstIndex { $0.id == .sequence })
        let identityType = try #require(fields.firstIndex { $0.id == .identityType })
        let at = SourceRange(line: 2, column: 3, endLine: 2, endColumn: 8)
        var original = ModelRecord(fields: fields, range: .fileStart, path: "principals[0]", capacity: 1)
        original.set(.string("First"), at: name, range: at)
        var copy = original
        copy.set(.integer(7), at: sequence, range: at)
        copy.set(.string("NamedPrincipal"), at: identityType, range: at, style: .doubleQuoted)
        #expect(original.integer(.sequence) == nil)
        #expect(original.string(.identityType) == nil)
        #expect(original.written.map(\.field.id) == [.name])
        #expect(copy.integer(.sequence)?.value == 7)
        #expect(copy.integer(.sequence)?.path == "principals[0].sequence")
        #expect(copy.string(.identityType)?.value == "NamedPrincipal")
        #expect(copy.string(.name)?.value == "First")
        #expect(copy.written.map(\.field.id) == [.name, .sequence, .identityType])
        #expect(copy.path == "principals[0]" && copy.fields.count == fields.count)
        #expect(copy.style(.identityType) == .doubleQuoted && copy.style(.name) == .plain)
        #expect(copy.style(.sequence) == nil && original.style(.identityType) == nil)
    }

    /// Entries keep a range in 12 bytes; one those cannot hold (over 254 lines, or ending past
    /// column 2^24) is kept whole beside them, and every range reads back as it was set.
    @Test func everyRangeReadsBackAsSet() throws {
        let fields = Fields.principal
        let rows = [FieldID.name, .sequence, .identityType, .scope].map { id in fields.firstIndex { $0.id == id }! }
        let ranges = [
            SourceRange(line: 3, column: 9, endLine: 3, endColumn: 20),
            SourceRange(line: 4, column: 1, endLine: 4 + 255, endColumn: 2),
            SourceRange(line: 7, column: 5, endLine: 7 + 254, endColumn: (1 << 24) - 1),
            SourceRange(line: 1 << 30, column: 1 << 29, endLine: 1 << 30, endColumn: 1 << 24),
        ]
        var record = ModelRecord(fields: fields, range: .fileStart, path: "principals[2]")
        record.set(.string("Team"), at: rows[0], range: ranges[0])
        record.set(.integer(1), at: rows[1], range: ranges[1])
        record.set(.string("NamedPrincipal"), at: rows[2], range: ranges[2])
        var copy = record
        copy.set(.string("a b"), at: rows[3], range: ranges[3], style: .singleQuoted)
        #expect([FieldID.name, .sequence, .identityType, .scope].map(copy.range(of:)) == ranges)
        #expect(copy.integer(.sequence)?.range == ranges[1] && copy.string(.scope)?.range == ranges[3])
        #expect(record.range(of: .scope) == nil && record.range(of: .sequence) == ranges[1])
    }

    /// Ranges kept whole belong to their record: a copy that was written to keeps its own
    /// after the original goes, and a record made next reads none of theirs.
    @Test func wholeRangesGoWithTheirRecord() throws {
        let fields = Fields.principal
        let rows = [FieldID.name, .sequence].map { id in fields.firstIndex { $0.id == id }! }
        let long = [
            SourceRange(line: 2, column: 3, endLine: 2 + 300, endColumn: 4),
            SourceRange(line: 9, column: 1, endLine: 9, endColumn: 1 << 25),
        ]
        var copy: ModelRecord
        do {
            var record = ModelRecord(fields: fields, range: .fileStart, path: "principals[0]")
            record.set(.string("Team"), at: rows[0], range: long[0])
            copy = record
            copy.set(.integer(1), at: rows[1], range: long[1])
            #expect(record.range(of: .name) == long[0] && record.range(of: .sequence) == nil)
        }
        #expect([FieldID.name, .sequence].map(copy.range(of:)) == long)
        let short = SourceRange(line: 2, column: 3, endLine: 2, endColumn: 9)
        var next = ModelRecord(fields: fields, range: .fileStart, path: "principals[0]")
        next.set(.string("Other"), at: rows[0], range: short)
        #expect(next.range(of: .name) == short && next.path == "principals[0]")
    }

    /// A record's header is 24 bytes: its path a 4-byte index, its whole ranges elsewhere.
    @Test func aRecordHeaderIsThreeWords() {
        #expect(ModelRecord.headerStride == 24)
    }

    /// The reason scalars are stored bare: a value beside its code and range kept a record's
    /// entries 48 bytes wide. A case that grows the enum past 24 bytes should be `indirect`.
    @Test func aFieldValueIsAtMostThreeWords() {
        #expect(MemoryLayout<ModelValue>.stride <= 24)
    }

    /// A value of at most 17 bytes, the row and tag in its tail and a 12-byte range: 32 bytes, a
    /// quarter less than a record's entries took with a whole range and a 32-bit code.
    @Test func aRecordEntryIsFourWords() {
        #expect(MemoryLayout<ModelValue>.size <= 17)
        #expect(ModelRecord.entryStride == 32)
    }
}
