/// Every long option and flag of a command on the container-launch path, named once: the
/// table `LaunchArguments` reads argv by, beside the ArgumentParser declarations of the same
/// commands (`GlobalOptions`, `TaskInputOptions`, `PrepareCommand`, ...).
/// `LaunchOptionTableTests` fails when ArgumentParser declares an option a command's
/// `LaunchSyntax` lacks, or the other way round, so an option added to one side cannot
/// quietly send every launch down ArgumentParser's slower path.
enum LaunchOption: String, CaseIterable, Sendable {
    // GlobalOptions
    case config = "--config"
    case provider = "--provider"
    case stateDir = "--state-dir"
    case mountRoot = "--mount-root"
    case localRoot = "--local-root"
    case launchDeadlineSeconds = "--launch-deadline-seconds"
    case logLevel = "--log-level"
    // TaskInputOptions
    case message = "--message"
    case format = "--format"
    // PrepareCommand, CleanupCommand
    case containerId = "--container-id"
    case rootfs = "--rootfs"
    case sandbox = "--sandbox"
    case launchInfo = "--launch-info"
    case json = "--json"
}
