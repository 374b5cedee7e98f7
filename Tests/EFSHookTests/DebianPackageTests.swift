import EFSHookTestSupport
import Foundation
import Testing

/// The .deb of deploy/build-deb on a clean Debian root (Tests/Helpers/debian-root): installs,
/// runs, upgrades over an older version keeping a changed conffile, removes and purges to
/// nothing; and lintian's every remaining tag is explained in deploy/lintian.md.
@Suite(
    .enabled(if: getuid() == 0, "needs root (chroot, dpkg into a Debian root)"),
    .enabled(if: Packaging.runnable, Packaging.releaseReason), .serialized)
struct DebianPackageTests {
    static let conffile = "/etc/efs-hook/config.yaml"
    static let unit = "/lib/systemd/system/efs-hook-recover.service"
    static let enabledLink = "/etc/systemd/system/multi-user.target.wants/efs-hook-recover.service"
    static let methods = ["prepare", "isolate", "cleanup", "watch", "usage"]

    func buildDeb(_ binary: String, to path: String, version: String? = nil) throws -> String {
        let built = try Packaging.run(
            Packaging.buildDeb, ["--binary", binary, "--output", path] + (version.map { ["--version", $0] } ?? []))
        #expect(built.status == 0, "\(built.stderr)")
        return path
    }

    /// dpkg inside the root; the package goes in through the root's /tmp.
    func dpkg(_ root: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try Packaging.inRoot(root, "/usr/bin/dpkg", arguments)
        #expect(
            result.status == 0, "dpkg \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation
        )
        return result
    }

    func installedVersion(_ root: String) throws -> String? {
        let query = try Packaging.inRoot(root, "/usr/bin/dpkg-query", ["-W", "-f", "${Status} ${Version}", "efs-hook"])
        guard query.status == 0, query.stdout.hasPrefix("install ok installed ") else { return nil }
        return String(query.stdout.dropFirst("install ok installed ".count))
    }

    /// Every path in the root except the kernel's and dpkg's own bookkeeping and logs.
    func files(_ root: String) throws -> Set<String> {
        let found = try Packaging.run("/usr/bin/find", [root, "-xdev", "-mindepth", "1", "-printf", "/%P\\n"])
        let ignored = ["/proc/", "/sys/", "/dev/", "/tmp/", "/var/lib/dpkg/", "/var/log/", "/var/cache/", "/var/lib/systemd/deb-systemd-"]
        return Set(found.stdout.split(separator: "\n").map(String.init).filter { path in !ignored.contains { path.hasPrefix($0) } })
    }

    @Test func packageInstallsUpgradesKeepingTheConffileAndPurgesToNothing() throws {
        let binary = try Packaging.requireRelease()
        let work = try TemporaryPath.directory("deb")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let root = try Packaging.debianRoot(at: "\(work)/root")
        let current = try ProcessRunner.run(binary, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // `efs-hook 0.2.0 (commit …, built …)`: the package is versioned by the release number.
        let currentRelease = current.split(separator: " ").dropFirst().first.map(String.init)
        _ = try buildDeb(binary, to: "\(root)/tmp/old.deb", version: "0.0.1~old")
        _ = try buildDeb(binary, to: "\(root)/tmp/new.deb")
        let clean = try files(root)

        // Install the older version; what it put in place.
        try dpkg(root, ["-i", "/tmp/old.deb"])
        #expect(try installedVersion(root) == "0.0.1~old")
        #expect(FileManager.default.isExecutableFile(atPath: "\(root)/usr/bin/efs-hook"))
        for method in Self.methods {
            let link = "\(root)/usr/libexec/efs-hook/isolator-\(method)"
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "../../bin/efs-hook", "\(link)")
        }
        #expect(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(root)\(Self.enabledLink)")) == Self.unit, "recover unit enabled")
        let conffiles = try Packaging.inRoot(root, "/usr/bin/dpkg-query", ["-W", "-f", "${Conffiles}", "efs-hook"]).stdout
        #expect(conffiles.contains(Self.conffile), "\(conffiles)")

        // It runs from the package, with the package's configuration.
        let version = try Packaging.inRoot(root, "/usr/bin/efs-hook", ["--version"])
        #expect(version.status == 0 && version.stdout == current + "\n", "\(version.stdout)\(version.stderr)")
        // The CSI plugin daemon efs-hook csi runs, from the same build.
        let csiVersion = try Packaging.inRoot(root, "/usr/bin/efs-hook-csi", ["--version"])
        #expect(csiVersion.status == 0 && csiVersion.stdout == current + "\n", "\(csiVersion.stdout)\(csiVersion.stderr)")
        let config = try Packaging.inRoot(root, "/usr/bin/efs-hook", ["config"])
        #expect(config.status == 0, "\(config.stderr)")
        #expect(config.stdout.contains("stateDir: /var/lib/efs-hook"), "\(config.stdout)")

        // The operator changes the conffile; the upgrade keeps the change, without asking.
        let path = "\(root)\(Self.conffile)"
        let changed = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "lockTimeoutSeconds: 60", with: "lockTimeoutSeconds: 30")
        try changed.write(toFile: path, atomically: false, encoding: .utf8)
        try dpkg(root, ["-i", "/tmp/new.deb"])
        #expect(try installedVersion(root) == currentRelease)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == changed, "the changed conffile was kept")
        #expect(!FileManager.default.fileExists(atPath: path + ".dpkg-new") && !FileManager.default.fileExists(atPath: path + ".dpkg-dist"))
        #expect(try Packaging.inRoot(root, "/usr/bin/efs-hook", ["config"]).stdout.contains("lockTimeoutSeconds: 30"))
        // The link is absolute (/lib/...): read it, never follow it out of the root.
        #expect(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(root)\(Self.enabledLink)")) == Self.unit,
            "still enabled after the upgrade")

        // remove keeps the conffile; purge leaves the root as it was.
        try dpkg(root, ["-r", "efs-hook"])
        #expect(try installedVersion(root) == nil)
        #expect(FileManager.default.fileExists(atPath: path), "remove keeps conffiles")
        #expect(!FileManager.default.fileExists(atPath: "\(root)/usr/bin/efs-hook"))
        try dpkg(root, ["-P", "efs-hook"])
        let left = try files(root)
        #expect(left.subtracting(clean).isEmpty, "left behind: \(left.subtracting(clean).sorted())")
        #expect(clean.subtracting(left).isEmpty, "removed what was not the package's: \(clean.subtracting(left).sorted())")
    }

    static let lintian = "/usr/bin/lintian"

    /// Every tag lintian still reports is named, with the reason, in deploy/lintian.md.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: lintian), "lintian not found: run scripts/install-test-deps"))
    func lintianTagsAreFixedOrExplained() throws {
        let binary = try Packaging.requireRelease()
        let work = try TemporaryPath.directory("lintian")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let deb = try buildDeb(binary, to: "\(work)/efs-hook.deb")
        let result = try Packaging.run(Self.lintian, ["--tag-display-limit", "0", "--display-info", deb], timeout: 600)
        print("lintian \(deb) (exit \(result.status)):\n\(result.stdout)\(result.stderr)")
        let tags = Set(
            result.stdout.split(separator: "\n").compactMap { line -> String? in
                // "E: efs-hook: tag-name [details]"
                let fields = line.split(separator: " ")
                guard fields.count >= 3, fields[0].count == 2, fields[0].hasSuffix(":"), fields[1] == "efs-hook:" else { return nil }
                return String(fields[2])
            })
        #expect(!result.stderr.contains("not a Debian package"), "\(result.stderr)")
        let notes = try String(
            contentsOfFile: TestEnvironment.packageRoot.appendingPathComponent("deploy/lintian.md").path, encoding: .utf8)
        // The notes name the tags build-deb fixed, then a table of the remaining ones: a fixed
        // tag that comes back fails, and so does a tag in neither part.
        let parts = notes.components(separatedBy: "Remaining, and why:")
        try #require(parts.count == 2, "deploy/lintian.md lost its \"Remaining, and why:\" line")
        let unexplained = tags.filter { !parts[1].contains("`\($0)`") }.sorted()
        #expect(unexplained.isEmpty, "lintian tags not explained under \"Remaining\" in deploy/lintian.md: \(unexplained)")
    }
}
