import Testing

@Test func GraphicsTestsPlaceholder() { #expect(Bool(true)) }
