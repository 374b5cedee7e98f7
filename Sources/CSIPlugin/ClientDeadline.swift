import GRPCCore

/// The deadline the caller sent (`grpc-timeout`), for the call's own: efs-hook answers before
/// the caller stops waiting (Mesos waits 60 s per call and retries no node call).
struct ClientDeadline: ServerInterceptor {
    /// Seconds the caller allows this call; nil when it sent no `grpc-timeout`.
    @TaskLocal static var seconds: Double?

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let timeout = request.metadata[stringValues: "grpc-timeout"].first(where: { _ in true }).flatMap(Self.parse)
        return try await Self.$seconds.withValue(timeout) { try await next(request, context) }
    }

    /// `grpc-timeout`: at most 8 digits and a unit (H, M, S, m, u, n).
    static func parse(_ header: String) -> Double? {
        guard let unit = header.last, header.count >= 2, header.count <= 9, let value = Double(header.dropLast()),
            header.dropLast().allSatisfy(\.isNumber)
        else { return nil }
        let scale: [Character: Double] = ["H": 3600, "M": 60, "S": 1, "m": 1e-3, "u": 1e-6, "n": 1e-9]
        return scale[unit].map { value * $0 }
    }
}
