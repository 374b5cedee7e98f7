/// What one kind of input may hold and how its refusal reads: every file efs-hook reads is
/// read to its end or refused whole, so no limit ever shortens what is parsed.
public struct InputLimit: Sendable, Equatable {
    /// Names the input in the refusal ("config file", "--live-from").
    public var what: String
    public var bytes: Int
    /// The exit when the input is too large: `.config` (78) for what configures efs-hook,
    /// `.invalidTask` (65) for data.
    public var tooLarge: EFSHookError.Kind
    /// The exit when the input cannot be opened or read.
    public var unreadable: EFSHookError.Kind
    /// Names the input when it cannot be read; "task input" keeps the task's historic wording.
    public var unreadableName: String

    public init(
        what: String, bytes: Int, tooLarge: EFSHookError.Kind, unreadable: EFSHookError.Kind? = nil, unreadableName: String? = nil
    ) {
        self.what = what
        self.bytes = bytes
        self.tooLarge = tooLarge
        self.unreadable = unreadable ?? tooLarge
        self.unreadableName = unreadableName ?? what
    }

    /// `config.yaml`.
    public static let config = InputLimit(what: "config file", bytes: 1 << 20, tooLarge: .config)
    /// REX-Ray's YAML and the environment file of its plugin (`migrate rexray`); unreadable
    /// names are a usage error, as they always were.
    public static func rexray(_ what: String) -> InputLimit {
        InputLimit(what: what, bytes: 1 << 20, tooLarge: .config, unreadable: .usage)
    }
    /// A task description, isolator request or hook input.
    public static let task = InputLimit(
        what: "task description", bytes: 4 << 20, tooLarge: .invalidTask, unreadable: .usage, unreadableName: "task input")
    /// `recover --live-from`: data whose loss would release live containers, so unreadable is 65 too.
    public static let liveList = InputLimit(what: "--live-from", bytes: 16 << 20, tooLarge: .invalidTask)
}
