import Foundation

/// What a finished child process left: its exit status and its output.
struct RunResult {
    var status: Int32
    /// stdout as the child wrote it, for JSON answers (decoded without a round trip through String).
    var stdoutData: Data
    var stdout: String
    var stderr: String

    init(status: Int32, stdout: Data, stderr: Data) {
        self.status = status
        stdoutData = stdout
        self.stdout = String(decoding: stdout, as: UTF8.self)
        self.stderr = String(decoding: stderr, as: UTF8.self)
    }
}
