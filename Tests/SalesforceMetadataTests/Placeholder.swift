import Testing

@Test func placeholderSalesforceMetadataTests() { #expect(Bool(true)) }
