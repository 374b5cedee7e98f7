import Common

/// What a command run with `--json` prints on stdout when it fails before printing its
/// result: `{"error": {"code", "message", "exitCode"}}`, so that a script reading stdout
/// always reads JSON. `code` is the error's code when it has one (`AccessDeniedException`,
/// `StateTooNew`), else its kind (`usage`, `temporary`, …).
struct JSONErrorObject: Encodable, Equatable {
    struct Body: Encodable, Equatable {
        var code: String
        var message: String
        var exitCode: Int32
    }

    var error: Body

    init(code: String, message: String, exitCode: Int32) {
        error = Body(code: code, message: message, exitCode: exitCode)
    }

    init(_ error: EFSHookError) {
        self.init(code: error.code?.rawValue ?? error.kind.rawValue, message: error.message, exitCode: error.exitCode)
    }

    /// One line of JSON.
    var text: String { (try? Output.json(self)) ?? #"{"error":{"code":"failure","message":"","exitCode":1}}"# }

    /// Whether `arguments` ask for JSON output.
    static func wanted(by arguments: [String]) -> Bool { arguments.contains("--json") }
}
