import Common

/// Funnels every error of an EFS operation into `EFSHookError`.
enum EFSCall {
    static func run<T>(volume: String? = nil, _ body: () async throws -> T) async throws(EFSHookError) -> T {
        do {
            return try await body()
        } catch var error as EFSHookError {
            if let volume, !error.message.hasPrefix("volume \"") { error.message = "volume \"\(volume)\": " + error.message }
            throw error
        } catch is CancellationError {
            throw .temporary("cancelled")
        } catch {
            throw .failure(EFSHookError.oneLine(error))
        }
    }
}
