import EFSHookTestSupport
import Foundation
import Testing

/// The .deb's maintainer scripts with `efs-hook-docker` running, on a clean Debian root: the
/// previous release's package (built by e070362's own deploy/build-deb), the daemon started,
/// this checkout's package installed over it, then removed. No systemd runs in a chroot: the
/// TEST-ONLY Tests/Helpers/systemctl-standin is the root's systemctl, so the root's real
/// deb-systemd-invoke, called by the real postinst and prerm, starts and stops the unit's
/// ExecStart. Tests/Helpers/deb-lifecycle-scenario runs every step in one PID namespace.
///
/// Both packages carry this checkout's static binary (the chroot runs only a static one, and
/// the previous release is built here in debug, linked to the toolchain's runtime): the daemon
/// is told apart by the file it executes, which dpkg replaces with a new inode on upgrade.
@Suite(
    .enabled(if: getuid() == 0, "needs root (chroot, dpkg into a Debian root)"),
    .enabled(if: Packaging.runnable, Packaging.releaseReason), .serialized)
struct DebianPackageLifecycleTests {
    static let previousCommit = "e070362"

    /// e070362's tree (its deploy/build-deb, units and docs), from this clone's history.
    func previousTree(in work: String) throws -> String {
        let tree = "\(work)/\(Self.previousCommit)"
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        let repository = TestEnvironment.packageRoot.path
        let archived = try Packaging.run(
            "/bin/sh", ["-c", "git -C \"$1\" archive \"$2\" | tar -x -C \"$3\"", "sh", repository, Self.previousCommit, tree])
        try #require(
            archived.status == 0,
            "the previous release \(Self.previousCommit) is not in this clone (clone with full history): \(archived.stderr)")
        return tree
    }

    /// The stand-in systemctl, the scenario, and a drop-in that runs the daemon with the local
    /// provider and a free metrics port (the packaged config names EFS, whose region lookup
    /// would ask instance metadata).
    func prepareRoot(_ root: String) throws {
        func install(_ helper: String, at path: String) throws {
            try? FileManager.default.removeItem(atPath: "\(root)\(path)")
            try FileManager.default.copyItem(atPath: TestEnvironment.helper(helper), toPath: "\(root)\(path)")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(root)\(path)")
        }
        try FileManager.default.createDirectory(atPath: "\(root)/usr/local/sbin", withIntermediateDirectories: true)
        try install("systemctl-standin", at: "/usr/local/sbin/systemctl")
        try install("deb-lifecycle-scenario", at: "/tmp/scenario")
        let dropIn = "\(root)/etc/systemd/system/efs-hook-docker.service.d"
        try FileManager.default.createDirectory(atPath: dropIn, withIntermediateDirectories: true)
        let command =
            "/usr/bin/env EFS_HOOK_CONFIG=/etc/efs-hook-test.yaml /usr/bin/efs-hook serve"
            + " --socket /run/docker/plugins/efs.sock --metrics 127.0.0.1:\(try RawHTTP.freePort())"
        try "[Service]\nExecStart=\nExecStart=\(command)\n".write(toFile: "\(dropIn)/test.conf", atomically: true, encoding: .utf8)
        let config =
            "provider: local\nstateDir: /var/lib/efs-hook-test\nmountRoot: /var/lib/efs-hook-test/mounts\nlocal:\n  root: /srv/efs-test\n"
        try config.write(toFile: "\(root)/etc/efs-hook-test.yaml", atomically: true, encoding: .utf8)
    }

    @Test func upgradeRestartsTheRunningPluginDaemonOntoTheNewBinaryAndRemoveStopsIt() throws {
        let binary = try Packaging.requireRelease()
        let work = try TemporaryPath.directory("deb-lifecycle")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let root = try Packaging.debianRoot(at: "\(work)/root")
        let previous = try previousTree(in: work)
        // Uncompressed: xz of the static binary is most of a package build, and dpkg reads either.
        let old = try Packaging.run(
            "\(previous)/deploy/build-deb",
            ["--binary", binary, "--output", "\(root)/tmp/old.deb", "--version", "0.1.0", "--compress", "none"])
        try #require(old.status == 0, "\(Self.previousCommit)'s deploy/build-deb: \(old.stderr)")
        let new = try Packaging.run(Packaging.buildDeb, ["--binary", binary, "--output", "\(root)/tmp/new.deb", "--compress", "none"])
        try #require(new.status == 0, "deploy/build-deb: \(new.stderr)")
        try prepareRoot(root)
        let version = try ProcessRunner.run(binary, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let run = try Packaging.inRoot(root, "/bin/sh", ["/tmp/scenario"], timeout: 600)
        print("[deb] scenario (exit \(run.status)):\n\(run.stdout)\(run.stderr)")
        var facts: [String: String] = [:]
        var calls: [String] = []
        for line in run.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let (key, value) = (String(line[..<equals]), String(line[line.index(after: equals)...]))
            if key == "call" { calls.append(value) } else if facts[key] == nil { facts[key] = value }
        }
        #expect(facts["install-old.dpkg"] == "0" && facts["upgrade.dpkg"] == "0" && facts["remove.dpkg"] == "0", "\(facts)")
        #expect(facts["before.running"] == "yes" && facts["before.socket"] == "yes", "the old package's daemon ran: \(facts)")
        #expect(facts["before.exe-inode"] == facts["before.file-inode"])
        #expect(facts["upgraded.running"] == "yes" && facts["upgraded.socket"] == "yes", "\(facts)")
        #expect(facts["upgraded.pid"] != facts["before.pid"], "restarted")
        #expect(facts["upgraded.exe"] == "/usr/bin/efs-hook", "not a deleted file: \(facts["upgraded.exe"] ?? "")")
        #expect(facts["upgraded.exe-inode"] == facts["upgraded.file-inode"], "it runs the file the new package installed")
        #expect(facts["upgraded.exe-inode"] != facts["before.exe-inode"])
        #expect(facts["upgraded.version"] == version)
        #expect(facts["removed.running"] == "no" && facts["removed.socket"] == "no", "remove stops it: \(facts)")
        #expect(calls.contains { $0.contains("try-restart") && $0.contains("efs-hook-docker.service") }, "\(calls)")
        #expect(calls.contains { $0.contains(" stop ") && $0.contains("efs-hook-docker.service") }, "\(calls)")
        print(
            "[deb] 0.1.0 (\(Self.previousCommit)'s build-deb) → \(version): daemon pid \(facts["before.pid"] ?? "?") → "
                + "\(facts["upgraded.pid"] ?? "?") running \(facts["upgraded.exe"] ?? "?") (inode \(facts["before.exe-inode"] ?? "?") → "
                + "\(facts["upgraded.exe-inode"] ?? "?")); dpkg -r: running \(facts["removed.running"] ?? "?"); systemctl calls: \(calls)")
    }
}
