@testable import Checker
import Testing

/// The shapes every scalar is tested for, at the shortest texts that have them: the length
/// test that spares short scalars the search must not spare these.
@Suite struct SecretShapeTests {
    @Test func theShortestJWTIsOne() {
        let shortest = "eyJ1234567.eyJabcdefg."
        #expect(shortest.utf8.count == 22)
        #expect(SecretScanner.secretShape(shortest) == "a JSON Web Token")
        #expect(SecretScanner.secretShape("eyJ123456.eyJabcdefg.") == nil)
        #expect(SecretScanner.secretShape("token=eyJ1234567.eyJabcdefg.sig") == "a JSON Web Token")
    }

    @Test func theShortestPrivateKeyIsOne() {
        #expect(SecretScanner.secretShape("-----BEGINPRIVATE KEY") == "a private key")
        #expect(SecretScanner.secretShape("-----BEGIN RSA PRIVATE KEY-----\nMIIE") == "a private key")
        #expect(SecretScanner.secretShape("-----BEGINPRIVATE KE") == nil)
        #expect(SecretScanner.secretShape("Service_00001_Users") == nil)
    }
}
