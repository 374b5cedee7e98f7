/// What one launch command accepts: the options that take a value, the flags, and how many
/// positionals it needs. Static lets, so nothing is built until a command is read.
struct LaunchSyntax: Sendable, Equatable {
    var options: Set<LaunchOption>
    var flags: Set<LaunchOption>
    var positionals: Int

    static let global: Set<LaunchOption> = [
        .config, .provider, .stateDir, .mountRoot, .localRoot, .launchDeadlineSeconds, .logLevel,
    ]
    static let taskInput: Set<LaunchOption> = [.message, .format]

    static let prepare = LaunchSyntax(
        options: global.union(taskInput).union([.containerId, .rootfs, .sandbox]), flags: [.launchInfo], positionals: 1)
    static let cleanup = LaunchSyntax(options: global.union([.containerId]), flags: [.json], positionals: 0)
    /// isolator and hook: METHOD INPUT OUTPUT ERROR (`ModuleFileArguments`).
    static let moduleCommand = LaunchSyntax(options: global, flags: [], positionals: 4)
}
