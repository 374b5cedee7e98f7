import EFSHookTestSupport
import Foundation
import Testing

/// `efs-hook csi` hands over to the `efs-hook-csi` binary beside it (so efs-hook links no
/// gRPC): with the command's arguments, global options included, and with a one-line error
/// when that binary is not there. The runs wait off the cooperative pool, which in-process
/// AWS clients of other suites share.
struct CSIPluginBinaryTests {
    /// A directory holding a hard link to the real efs-hook and, when given, `sibling` as
    /// efs-hook-csi.
    static func directory(sibling: String?) throws -> String {
        let directory = try TemporaryPath.directory("csi-binary")
        let link = "\(directory)/efs-hook"
        if (try? FileManager.default.linkItem(atPath: TestEnvironment.binary, toPath: link)) == nil {
            try FileManager.default.copyItem(atPath: TestEnvironment.binary, toPath: link)
        }
        if let sibling {
            try sibling.write(toFile: "\(directory)/efs-hook-csi", atomically: true, encoding: .utf8)
            #expect(chmod("\(directory)/efs-hook-csi", 0o755) == 0)
        }
        return directory
    }

    @Test func theCommandsArgumentsReachEfsHookCsi() async throws {
        // TEST-ONLY stand-in for efs-hook-csi: prints the argv it was given.
        let directory = try Self.directory(sibling: "#!/bin/sh\necho \"$*\"\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try await offPool {
            try ProcessRunner.run(
                "\(directory)/efs-hook",
                ["--config", "/etc/x.yaml", "csi", "--endpoint", "/run/x.sock", "--services", "node", "--log-level", "info"])
        }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout == "--endpoint unix:///run/x.sock --services node --config /etc/x.yaml --log-level info\n",
            "\(run.stdout)")
    }

    @Test func withoutEfsHookCsiBesideItCsiFailsInOneLine() async throws {
        let directory = try Self.directory(sibling: nil)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try await offPool { try ProcessRunner.run("\(directory)/efs-hook", ["csi", "--endpoint", "unix:///run/x.sock"]) }
        #expect(run.status == 78, "\(run.stderr)")
        #expect(
            run.stderr
                == "efs-hook: efs-hook csi runs \(directory)/efs-hook-csi, which is missing; the efs-hook package installs it beside efs-hook\n",
            "\(run.stderr)")
    }
}
