import Testing

@Test func AgentsTestsPlaceholder() { #expect(Bool(true)) }
