import Common

/// A value computed on first use and kept; concurrent first uses share one computation, and
/// a failure is not kept, so the next use tries again.
actor OnceCache<Value: Sendable> {
    private let make: @Sendable () async throws(EFSHookError) -> Value
    private var value: Value?
    private var inFlight: Task<Result<Value, EFSHookError>, Never>?

    init(_ make: @escaping @Sendable () async throws(EFSHookError) -> Value) {
        self.make = make
    }

    func get() async throws(EFSHookError) -> Value {
        if let value { return value }
        if let inFlight { return try await inFlight.value.get() }
        let make = self.make
        let task = Task { () async -> Result<Value, EFSHookError> in
            do throws(EFSHookError) { return .success(try await make()) } catch { return .failure(error) }
        }
        inFlight = task
        defer { inFlight = nil }
        let result = try await task.value.get()
        value = result
        return result
    }
}
