import EFSHookCore
import Foundation
import HostLayer

/// `doctor`'s checks of the CSI plugin: that its socket answers, and, on a Mesos agent set up
/// for CSI volumes, that the agent loads the `volume/csi` isolator and finds a plugin
/// configuration naming that socket (deploy/csi-plugin.json).
struct CSIAgentChecks {
    typealias Check = DoctorCommand.Check
    let endpoint: CSIEndpoint
    /// Where `efs-hook csi` finds efs-hook-csi (`CSIPluginBinary.path()`); nil: unknown.
    let daemonBinary: String?

    init(endpoint: CSIEndpoint, daemonBinary: String? = try? CSIPluginBinary.path()) {
        self.endpoint = endpoint
        self.daemonBinary = daemonBinary
    }

    /// The daemon's binary, which `efs-hook csi` and the unit run: a warning when it is missing.
    func binaryCheck() -> Check? {
        guard let daemonBinary, access(daemonBinary, X_OK) != 0 else { return nil }
        return Check(
            status: .warn, name: "CSI plugin binary", detail: "no executable \(daemonBinary); efs-hook csi cannot start",
            fix: "reinstall the efs-hook package: it installs efs-hook-csi beside efs-hook")
    }

    /// The socket: answering is ok; a file nothing answers on is a daemon that died. No
    /// socket is only worth a line when the agent expects the plugin (`expected`).
    func socketCheck(expected: Bool) -> Check? {
        var info = stat()
        guard lstat(endpoint.path, &info) == 0 else {
            guard expected else { return nil }
            return Check(
                status: .warn, name: "CSI plugin", detail: "nothing at \(endpoint.path); CSI volumes fail to publish",
                fix: "systemctl enable --now efs-hook-csi (deploy/efs-hook-csi.service)")
        }
        guard UnixSocketFile.answers(endpoint.path) else {
            return Check(
                status: .warn, name: "CSI plugin", detail: "\(endpoint.path) is there but nothing answers on it",
                fix: "systemctl restart efs-hook-csi; journalctl -u efs-hook-csi says why it stopped")
        }
        return Check(status: .ok, name: "CSI plugin", detail: "efs-hook csi answers on \(endpoint.uri)")
    }

    /// Nothing when the agent is not set up for CSI (no `volume/csi`, no plugin directory).
    func agentChecks(_ flags: MesosAgentFlags) -> [Check] {
        let directory = flags.values["csi_plugin_config_dir"]
        let isolated = flags.isolators.contains("volume/csi")
        guard directory != nil || isolated else { return [] }
        var checks: [Check] = []
        // The agent will not start with a plugin directory but no volume/csi; the isolator needs filesystem/linux.
        let missing = ["volume/csi", "filesystem/linux"].filter { !flags.isolators.contains($0) }
        if !missing.isEmpty {
            checks.append(
                Check(
                    status: .warn, name: "agent CSI isolation",
                    detail: "\(missing.joined(separator: " and ")) not in --isolation (\(flags.origin)); CSI volumes are refused",
                    fix: "add \(missing.joined(separator: ",")) to --isolation, keeping the isolators already there"))
        }
        checks.append(pluginConfigurationCheck(directory, origin: flags.origin))
        if let binary = binaryCheck() { checks.append(binary) }
        if let socket = socketCheck(expected: true) { checks.append(socket) }
        return checks
    }

    func pluginConfigurationCheck(_ directory: String?, origin: String) -> Check {
        let fix = "install deploy/csi-plugin.json in --csi_plugin_config_dir (deploy/mesos-csi.md)"
        guard let directory else {
            return Check(status: .warn, name: "CSI plugin configuration", detail: "no --csi_plugin_config_dir (\(origin))", fix: fix)
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for file in files {
            let text = (try? String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8)) ?? ""
            if text.contains("\"\(endpoint.uri)\"") {
                return Check(status: .ok, name: "CSI plugin configuration", detail: "\(directory)/\(file) names \(endpoint.uri)")
            }
        }
        return Check(
            status: .warn, name: "CSI plugin configuration", detail: "no file in \(directory) names the endpoint \(endpoint.uri)", fix: fix)
    }
}
