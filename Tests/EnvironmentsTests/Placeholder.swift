import Testing

@Test func EnvironmentsTestsPlaceholder() { #expect(Bool(true)) }
