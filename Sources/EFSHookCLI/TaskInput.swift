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
        let data = Data(try InputReader.read(task, .task))
        return try TaskDecoder.decode(data, message: message, format: format)
    }
}
