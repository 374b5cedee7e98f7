import Common
import Foundation

extension EFSHookError {
    /// Turns the current `errno` into an error naming the call and the path, keeping the number.
    public static func system(_ call: String, _ path: String, errno code: Int32 = Glibc.errno) -> EFSHookError {
        let reason = String(cString: strerror(code))
        let kind: EFSHookError.Kind = (code == EPERM || code == EACCES) ? .permissionDenied : .failure
        return EFSHookError(kind, "\(call) \(Quoting.safe(path)): \(reason)", errno: code)
    }
}
