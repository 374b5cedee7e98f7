import Common

/// Names the volume in the errors of an EFS operation, unless the message already does.
enum EFSCall {
    static func run<T>(volume: String? = nil, _ body: () async throws(EFSHookError) -> T) async throws(EFSHookError) -> T {
        do {
            return try await body()
        } catch var error {
            if let volume, !error.message.hasPrefix("volume \"") { error.message = "volume \"\(volume)\": " + error.message }
            throw error
        }
    }
}
