import Testing

@Test func placeholderEmitTests() { #expect(Bool(true)) }
