import Testing

@Test func NNTestsPlaceholder() { #expect(Bool(true)) }
