import VolumeModel

extension DoctorCommand {
    /// The agent setup the Aurora routes need (deploy/mesos-agent-flags.txt).
    func mesosAgentChecks(_ config: Configuration) -> [Check] {
        let csi = CSIAgentChecks(endpoint: csiEndpoint)
        guard let flags = agentFlags.map(MesosAgentFlags.file) ?? MesosAgentFlags.running() else {
            if let agentFlags {
                return [Check(status: .fail, name: "Mesos agent flags", detail: "cannot read \(agentFlags)", fix: "name a readable file")]
            }
            // Another orchestrator (Nomad, Kubernetes) may run the CSI plugin.
            return [
                Check(
                    status: .warn, name: "Mesos agent", detail: "no running mesos-agent and no /etc/mesos-slave",
                    fix: "ignore this on a host without Mesos; else start the agent or pass --agent-flags FILE")
            ] + (csi.socketCheck(expected: false).map { [$0] } ?? [])
        }
        var checks: [Check] = []
        if case .failure(let problem) = flags.modulesDocument {
            checks.append(
                Check(
                    status: .warn, name: "agent modules", detail: "\(problem.description) (\(flags.origin))",
                    fix: "install deploy/mesos-modules.json where --modules names it (deploy/mesos-agent-flags.txt)"))
        }
        checks += isolationChecks(flags)
        if let command = flags.runTaskHookCommand {
            let ours = command.hasSuffix("/hook-run-task-labels")
            checks.append(
                Check(
                    status: ours ? .ok : .warn, name: "agent hook",
                    detail: ours ? "\(command) (\(flags.origin))" : "\(command) is not efs-hook's",
                    fix: "set hook_slave_run_task_label_decorator_command to /usr/libexec/efs-hook/hook-run-task-labels"))
        } else {
            checks.append(
                Check(
                    status: .warn, name: "agent hook",
                    detail:
                        "no criteo CommandHook in --modules and --hooks (\(flags.origin)); Aurora jobs' efs.NAME metadata fails to launch",
                    fix: "add com_criteo_mesos_CommandHook from deploy/mesos-modules.json and --hooks=com_criteo_mesos_CommandHook"))
        }
        checks.append(
            flags.forcesCreation(under: config.mountRoot)
                ? Check(status: .ok, name: "host path creation", detail: "the agent creates \(config.mountRoot)/NAME for HOST_PATH volumes")
                : Check(
                    status: .warn, name: "host path creation",
                    detail:
                        "\(config.mountRoot) is not in --host_path_volume_force_creation (\(flags.origin)); HOST_PATH volumes at \(config.mountRoot)/NAME fail before efs-hook mounts them",
                    fix: "--host_path_volume_force_creation=\(config.mountRoot) (only on agents running efs-hook)"))
        checks.append(sandboxDirectoryCheck(flags, config))
        checks += csi.agentChecks(flags)
        return checks
    }

    /// The isolator module is only called when `--isolation` names it, and the mounts it
    /// returns need each container's own mount namespace (`filesystem/linux`). Checked when
    /// the module is configured: named in the modules JSON or in `--isolation`, or when the
    /// modules file cannot be read (then nothing else says whether it is).
    func isolationChecks(_ flags: MesosAgentFlags) -> [Check] {
        let isolator = "com_criteo_mesos_CommandIsolator"
        let isolators = flags.isolators
        let unreadable = if case .failure = flags.modulesDocument { true } else { false }
        guard flags.moduleNames.contains(isolator) || isolators.contains(isolator) || unreadable else { return [] }
        let missing = [isolator, "filesystem/linux"].filter { !isolators.contains($0) }
        guard !missing.isEmpty else {
            return [Check(status: .ok, name: "agent isolation", detail: "\(isolator) and filesystem/linux (\(flags.origin))")]
        }
        var consequences: [String] = []
        if missing.contains(isolator) {
            consequences.append("the agent never calls efs-hook's isolator, so isolator volumes are not mounted")
        }
        if missing.contains("filesystem/linux") {
            consequences.append("Mesos performs the bind mounts efs-hook returns only in a container's own mount namespace")
        }
        return [
            Check(
                status: .warn, name: "agent isolation",
                detail:
                    "\(missing.joined(separator: " and ")) not in --isolation (\(flags.origin)); \(consequences.joined(separator: "; "))",
                fix: "add \(missing.joined(separator: ",")) to --isolation, keeping the isolators already there")
        ]
    }

    /// A relative container path in a container with an image is mounted where the agent binds
    /// the sandbox inside it (`--sandbox_directory`); efs-hook must name the same directory.
    func sandboxDirectoryCheck(_ flags: MesosAgentFlags, _ config: Configuration) -> Check {
        func trimmed(_ path: String) -> String { path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path }
        let agent = trimmed(flags.values["sandbox_directory"] ?? Configuration.Mesos().sandboxDirectory)
        let ours = trimmed(config.mesos.sandboxDirectory)
        guard agent != ours else { return Check(status: .ok, name: "sandbox directory", detail: "\(agent) (\(flags.origin))") }
        return Check(
            status: .warn, name: "sandbox directory",
            detail:
                "the agent's --sandbox_directory is \(agent) (\(flags.origin)), mesos.sandboxDirectory is \(ours); relative container paths of containers with an image are mounted where the container does not look",
            fix: "set mesos.sandboxDirectory: \(agent) in the configuration")
    }
}
