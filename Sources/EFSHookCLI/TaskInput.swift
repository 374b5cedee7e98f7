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
    static func read(_ path: String, limit: Int) throws(EFSHookError) -> Data {
        guard path != "-" else { return try read(STDIN_FILENO, named: "(stdin)", limit: limit) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno: errno) }
        defer { close(descriptor) }
        return try read(descriptor, named: path, limit: limit)
    }

    private static func read(_ descriptor: Int32, named path: String, limit: Int) throws(EFSHookError) -> Data {
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
            throw .invalidTask("task description is larger than \(limit) bytes (4 MiB)")
        }
        return data
    }

    static func failure(_ path: String, errno code: Int32) -> EFSHookError {
        EFSHookError(.usage, "task input \(Quoting.safe(path)): \(EFSHookError.reason(errno: code))", errno: code)
    }
}
