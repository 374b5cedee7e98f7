import ArgumentParser
import Common
import Foundation
import VolumeModel

/// The task description argument shared by plan and prepare.
struct TaskInputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "task-info, executor-info, container-config or isolator-request (default: task-info for binary input, inferred from the keys for JSON).",
            valueName: "kind"))
    var message: MessageKind?

    @Option(name: .long, help: ArgumentHelp("auto, binary or json.", valueName: "format"))
    var format: InputFormat = .auto

    @Argument(help: ArgumentHelp("The task description: a file, or - for stdin.", valueName: "task"))
    var task: String

    var settings: TaskInput { TaskInput(message: message, format: format, task: task) }

    func read() throws(EFSHookError) -> TaskDescription { try settings.read() }
}

/// The task input options' values, apart from ArgumentParser (see LaunchArguments).
struct TaskInput: Equatable {
    var message: MessageKind?
    var format: InputFormat
    var task: String

    func read() throws(EFSHookError) -> TaskDescription {
        let data = try InputReader.read(task, limit: TaskDecoder.maxInputBytes)
        return try TaskDecoder.decode(data, message: message, format: format)
    }
}

/// Reads the task description with plain system calls, so a failure is one line in our
/// words: the path and `strerror`'s reason ("task input /x: is a directory"), exit 64.
enum InputReader {
    /// Reads at most `limit + 1` bytes, so an oversized input is refused without reading it all.
    /// `what` names the input in that refusal, and `kind` is its exit code: a task description
    /// too large is an invalid task, any other input a usage error.
    static func read(
        _ path: String, limit: Int, what: String = "task description", kind: EFSHookError.Kind = .invalidTask
    ) throws(EFSHookError) -> Data {
        let limits = Limits(bytes: limit, what: what, kind: kind)
        guard path != "-" else { return try read(STDIN_FILENO, named: "-", limits: limits) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno: errno) }
        defer { close(descriptor) }
        return try read(descriptor, named: path, limits: limits)
    }

    /// How much an input may hold, and how its refusal reads.
    private struct Limits {
        var bytes: Int
        var what: String
        var kind: EFSHookError.Kind
    }

    private static func read(_ descriptor: Int32, named path: String, limits: Limits) throws(EFSHookError) -> Data {
        let limit = limits.bytes
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while data.count <= limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw failure(path, errno: errno)
            }
            data.append(contentsOf: buffer[..<count])
        }
        guard data.count <= limit else {
            let shown = path == "-" ? "stdin" : Quoting.safe(path)
            throw EFSHookError(limits.kind, "\(limits.what) \(shown) is larger than \(limit) bytes (\(limit >> 20) MiB)")
        }
        return data
    }

    static func failure(_ path: String, errno code: Int32) -> EFSHookError {
        let shown = path == "-" ? "(stdin)" : Quoting.safe(path)
        return EFSHookError(.usage, "task input \(shown): \(EFSHookError.reason(errno: code))", errno: code)
    }
}
