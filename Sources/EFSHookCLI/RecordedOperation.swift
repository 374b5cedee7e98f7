/// A command that is one operation of a front end: it leaves one summary record, folds its
/// figures into the textfile metrics and its decisions into the audit trail (`OperationRun`).
protocol RecordedOperation {
    /// `prepare`, `cleanup`, the isolator's method, dvdcli's subcommand; nil when this run is
    /// not an operation (the isolator's no-op methods, which Mesos calls all the time).
    var operationName: String? { get }
    /// `cli`, `isolator`, `hook`, `dvdcli`.
    var frontEndName: String { get }
}

extension RecordedOperation {
    /// The commands an operator or an agent hook runs by name.
    var frontEndName: String { "cli" }
}

// A LaunchCommand, so a RecordedOperation.
extension PrepareInvocation {
    var operationName: String? { "prepare" }
}

extension PrepareCommand: RecordedOperation {
    var operationName: String? { "prepare" }
}

// A LaunchCommand, so a RecordedOperation.
extension CleanupInvocation {
    var operationName: String? { "cleanup" }
}

extension CleanupCommand: RecordedOperation {
    var operationName: String? { "cleanup" }
}

extension RecoverCommand: RecordedOperation {
    var operationName: String? { "recover" }
}

extension ProvisionCommand: RecordedOperation {
    var operationName: String? { "provision" }
}

extension GCCommand: RecordedOperation {
    var operationName: String? { "gc" }
}

extension RemoveCommand: RecordedOperation {
    var operationName: String? { "remove" }
}

// A LaunchCommand, so a RecordedOperation.
extension IsolatorInvocation {
    var operationName: String? { [.prepare, .cleanup].contains(method) ? method.rawValue : nil }
    var frontEndName: String { "isolator" }
}

extension IsolatorCommand: RecordedOperation {
    var operationName: String? { invocation.operationName }
    var frontEndName: String { "isolator" }
}

// A LaunchCommand, so a RecordedOperation.
extension HookInvocation {
    var operationName: String? { method.rawValue }
    var frontEndName: String { "hook" }
}

extension HookCommand: RecordedOperation {
    var operationName: String? { method.rawValue }
    var frontEndName: String { "hook" }
}

// A LaunchCommand, so a RecordedOperation.
extension DVDCLICommand {
    var operationName: String? { arguments.first.flatMap { Action(rawValue: $0) }?.rawValue }
    var frontEndName: String { "dvdcli" }
}
