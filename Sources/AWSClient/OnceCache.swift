/// A value computed on first use and kept; concurrent first uses share one computation, and
/// a failure is not kept, so the next use tries again.
actor OnceCache<Value: Sendable> {
    private let make: @Sendable () async throws -> Value
    private var value: Value?
    private var inFlight: Task<Value, any Error>?

    init(_ make: @escaping @Sendable () async throws -> Value) {
        self.make = make
    }

    func get() async throws -> Value {
        if let value { return value }
        if let inFlight { return try await inFlight.value }
        let task = Task { try await make() }
        inFlight = task
        defer { inFlight = nil }
        let result = try await task.value
        value = result
        return result
    }
}
