import Common
import Testing

/// Expects `body` to throw an `EFSHookError` of `kind` whose message contains `fragment`
/// (compared in lower case).
public func expectHookError(
    _ kind: EFSHookError.Kind, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    let error = #expect(throws: EFSHookError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
    #expect(error.message.lowercased().contains(fragment.lowercased()), "\(error.message)", sourceLocation: sourceLocation)
    #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
}
