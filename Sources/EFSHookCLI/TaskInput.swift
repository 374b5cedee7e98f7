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

enum InputReader {
    /// Reads at most `limit + 1` bytes, so an oversized input is refused without reading it all.
    /// `what` names the input in that refusal, and `kind` is its exit code: a task description
    /// too large is an invalid task, any other input a usage error.
    static func read(
        _ path: String, limit: Int, what: String = "task description", kind: EFSHookError.Kind = .invalidTask
    ) throws(EFSHookError) -> Data {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw .usage("cannot read \(Quoting.safe(path))")
            }
            handle = opened
        }
        var data = Data()
        do {
            while data.count <= limit, let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                data.append(chunk)
            }
        } catch {
            throw .usage("cannot read \(Quoting.safe(path)): \(EFSHookError.oneLine(error))")
        }
        guard data.count <= limit else {
            let shown = path == "-" ? "stdin" : Quoting.safe(path)
            throw EFSHookError(kind, "\(what) \(shown) is larger than \(limit) bytes (\(limit >> 20) MiB)")
        }
        return data
    }
}
