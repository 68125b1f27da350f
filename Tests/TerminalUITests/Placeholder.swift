import Testing

@Test func placeholderUntilThisIssueLands() {}
