import AWSClient
import ArgumentParser
import Common
import EFSHookCore
import EFSVolumes
import Foundation
import HostLayer
import VolumeModel

/// Checks an agent's readiness: one line per check, ok / warn / fail, with the fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that this agent is ready for efs-hook, and say how to fix what is not.",
        discussion: """
            Checks root and mount-namespace support, the NFS client (and mount.efs for tls, iam and \
            access points), instance metadata, AWS credentials (never printed), a read-only EFS call, \
            the state directory, the dvdcli drop-in, the Mesos agent's hook and \
            --host_path_volume_force_creation for Aurora jobs (read from the running agent, \
            /etc/mesos-slave or --agent-flags), and whether every mounted volume's server answers. \
            Exits 1 if any check fails.

            Examples:
              efs-hook doctor
              efs-hook doctor --agent-flags /usr/share/doc/efs-hook/mesos-agent-flags.txt
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Read the Mesos agent's flags from this file (--name=value lines) instead of the running agent.")
    var agentFlags: String?

    @Option(
        name: .customLong("csi-endpoint"),
        help: ArgumentHelp("The CSI plugin's socket to check, as its plugin configuration names it.", valueName: "unix:///path"),
        transform: { text in try CSIEndpoint(parsing: text) })
    var csiEndpoint = CSIEndpoint.standard

    @Flag(name: .long, help: "Print JSON: {\"ok\": BOOL, \"checks\": [{status, name, detail, fix}]}.")
    var json = false

    enum Status: String, Encodable { case ok, warn, fail }

    struct Check: Encodable {
        var status: Status
        var name: String
        var detail: String
        var fix: String?
    }

    func run() async throws {
        let config = try global.configuration()
        var checks = hostChecks(config)
        if config.provider == .efs { checks += await awsChecks(config) }
        let failed = checks.contains { $0.status == .fail }
        if json {
            Output.write(try Output.json(DoctorReport(ok: !failed, checks: checks)))
        } else {
            for check in checks { Output.write(check.line) }
        }
        if failed { throw ExitCode(1) }
    }

    func hostChecks(_ config: Configuration) -> [Check] {
        var checks: [Check] = []
        checks.append(
            getuid() == 0
                ? Check(status: .ok, name: "root", detail: "running as root")
                : Check(
                    status: .fail, name: "root", detail: "not root; mounting needs CAP_SYS_ADMIN",
                    fix: "run efs-hook as root, as the Mesos agent does"))
        checks.append(
            FileManager.default.fileExists(atPath: "/proc/self/ns/mnt")
                ? Check(status: .ok, name: "mount namespaces", detail: "supported")
                : Check(
                    status: .fail, name: "mount namespaces", detail: "/proc/self/ns/mnt is missing",
                    fix: "use a kernel with CONFIG_NAMESPACES"))
        let filesystems = (try? ProcFile.read("/proc/filesystems")) ?? ""
        let helper = ["/sbin/mount.nfs4", "/usr/sbin/mount.nfs4", "/sbin/mount.nfs"].first(where: FileManager.default.fileExists)
        if config.provider == .efs, config.efs.mountCommand != Configuration.EFS().mountCommand {
            checks.append(
                Check(status: .ok, name: "NFS client", detail: "mounts go through efs.mountCommand \(config.efs.mountCommand.first ?? "")"))
        } else if config.provider == .efs {
            checks.append(
                filesystems.contains("nfs4") || helper != nil
                    ? Check(status: .ok, name: "NFS client", detail: helper ?? "nfs4 in /proc/filesystems")
                    : Check(
                        status: .fail, name: "NFS client", detail: "no nfs4 in the kernel and no mount.nfs4",
                        fix: "apt-get install nfs-common"))
            let efsUtils = ["/sbin/mount.efs", "/usr/sbin/mount.efs"].first(where: FileManager.default.fileExists)
            checks.append(
                efsUtils.map { Check(status: .ok, name: "mount.efs", detail: $0) }
                    ?? Check(
                        status: .warn, name: "mount.efs", detail: "not installed; volumes with tls, iam or access points cannot mount",
                        fix: "install amazon-efs-utils"))
        }
        if config.provider == .efs { checks += [clusterTagCheck(config.efs.clusterTag), roleCheck] }
        checks.append(directoryCheck("state directory", config.stateDir, mode: 0o700))
        checks.append(dvdcliCheck())
        checks += mesosAgentChecks(config)
        checks += volumeChecks(config)
        return checks
    }

    /// Probes every host mount at once (statfs on helper threads, bounded by the probe timeout).
    func volumeChecks(_ config: Configuration) -> [Check] {
        let status = HostStatus(
            layout: StateLayout(root: config.stateDir),
            planner: Planner(providerName: config.provider.rawValue, mountRoot: config.mountRoot),
            host: LinuxHost())
        return status.answering(probeTimeout: config.probeTimeoutSeconds).map { record, answered in
            answered
                ? Check(status: .ok, name: "volume \(record.name)", detail: "\(record.source) answers")
                : Check(
                    status: .fail, name: "volume \(record.name)",
                    detail: "not responding (server \(Quoting.safe(record.source))); new containers on it are refused",
                    fix: "check the server, network and TLS tunnel; efs-hook recover detaches it, the next prepare mounts it afresh")
        }
    }

    /// Unset, or the old shared `default`: volumes of another cluster in the account could be adopted.
    func clusterTagCheck(_ tag: String) -> Check {
        guard !tag.isEmpty, tag != "default" else {
            return Check(
                status: .fail, name: "cluster tag", detail: tag.isEmpty ? "efs.clusterTag is not set" : "efs.clusterTag is 'default'",
                fix: "set efs.clusterTag to this cluster's own name, the same on every agent")
        }
        return Check(status: .ok, name: "cluster tag", detail: tag)
    }

    /// Which IAM policy each command needs (deploy/iam-policy-agent.json, deploy/iam-policy-admin.json).
    var roleCheck: Check {
        Check(
            status: .ok, name: "IAM roles",
            detail: "prepare, cleanup, recover, isolator, dvdcli, serve, provision: agent policy; gc, remove, reclaim=delete: admin policy")
    }

    func directoryCheck(_ name: String, _ path: String, mode: mode_t) -> Check {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return Check(
                status: .warn, name: name, detail: "\(path) does not exist yet", fix: "it is created on first use; or run efs-hook recover")
        }
        guard info.st_uid == 0, info.st_mode & 0o077 == 0 else {
            return Check(
                status: .fail, name: name, detail: "\(path) is mode \(String(info.st_mode & 0o777, radix: 8)), owner \(info.st_uid)",
                fix: "chown root \(path) && chmod 700 \(path)")
        }
        return Check(status: .ok, name: name, detail: "\(path) is private to root")
    }

    func dvdcliCheck() -> Check {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let found = path.split(separator: ":").map({ "\($0)/dvdcli" }).first(where: FileManager.default.isExecutableFile) else {
            return Check(
                status: .warn, name: "dvdcli drop-in", detail: "no dvdcli on PATH (only the docker/volume isolator needs it)",
                fix: "ln -s /usr/bin/efs-hook /usr/local/bin/dvdcli")
        }
        let target = URL(fileURLWithPath: found).resolvingSymlinksInPath().path
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        return target == me
            ? Check(status: .ok, name: "dvdcli drop-in", detail: "\(found) is efs-hook")
            : Check(
                status: .warn, name: "dvdcli drop-in", detail: "\(found) is another program",
                fix: "point it at efs-hook and set dvdcli.fallback to the real one")
    }

    func awsChecks(_ config: Configuration) async -> [Check] {
        let runtime = Runtime(config: config, logger: (try? global.logger()) ?? Logs.quiet)
        guard let client = try? runtime.efsClient() else {
            return [Check(status: .fail, name: "EFS client", detail: "cannot be configured", fix: "check efs.region and efs.endpoint")]
        }
        let checks = await awsChecks(config, client: client)
        await client.shutdown()
        return checks
    }

    func awsChecks(_ config: Configuration, client: EFSClient) async -> [Check] {
        var checks: [Check] = []
        if let imds = client.imds {
            do {
                let zone = try await imds.availabilityZone()
                let id = (try? await imds.availabilityZoneId()).map { " (ID \($0))" } ?? ""
                checks.append(Check(status: .ok, name: "instance metadata", detail: "zone \(zone)\(id)"))
            } catch {
                let placed = config.efs.availabilityZone != nil && config.efs.subnetId != nil
                checks.append(
                    Check(
                        status: placed ? .ok : .warn, name: "instance metadata",
                        detail: placed
                            ? "not reachable; efs.availabilityZone and efs.subnetId are set"
                            : "not reachable: \(EFSHookError.oneLine(error))",
                        fix: "allow IMDSv2 (hop limit 2 in containers) or set efs.availabilityZone and efs.subnetId"))
            }
        }
        if let advice = EFSProvider.dnsMountAdvice(config.efs) {
            checks.append(
                Check(
                    status: .warn, name: "mount.efs placement",
                    detail: "efs.mountTarget is dns: a mount by DNS name with no API call cannot tell mount.efs this agent's placement",
                    fix: advice))
        }
        guard await credentialChecks(config, client: client, into: &checks) else { return checks }
        do {
            _ = try await client.describeFileSystems(maxItems: 1)
            checks.append(Check(status: .ok, name: "EFS API", detail: "DescribeFileSystems succeeded"))
        } catch {
            let message = EFSHookError.oneLine(error)
            checks.append(
                Check(
                    status: .fail, name: "EFS API", detail: message,
                    fix: "grant the actions in deploy/iam-policy-agent.json; check region and endpoint"))
        }
        return checks
    }
}
