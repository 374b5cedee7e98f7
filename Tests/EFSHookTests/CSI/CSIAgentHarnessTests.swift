import EFSHookTestSupport
import Foundation
import Testing

/// The Mesos-agent stand-in itself (Tests/Helpers/csi_agent.py through CSIAgent), with no plugin
/// behind the socket: its stubs come from the repo's csi.proto, requests are checked before any
/// step runs, file steps and unreachable endpoints come back as codes, never as hangs.
@Suite struct CSIAgentHarnessTests {
    @Test func fileStepsAndAnAbsentPluginComeBackAsCodes() async throws {
        let root = try TemporaryPath.directory("csi-agent")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try await CSIAgent.run(
            endpoint: "unix://\(root)/absent.sock",
            steps: [
                .mkdir("\(root)/a/target"),
                .write("\(root)/a/target/file", "through a"),
                .read("\(root)/a/target/file", data: "through a"),
                .read("\(root)/a/target/missing", expect: "ENOENT"),
                .publish(
                    "vol", staging: "\(root)/vol/staging", target: "\(root)/b/target", capability: "mount-ro", timeout: 5,
                    expect: "UNAVAILABLE"),
            ])
        #expect(run.allMet, "\(run.firstUnmet)")
        #expect(run.calls == ["mkdir", "write", "read", "read", "NodePublishVolume"])
        #expect(run.results[2].response("data") == .string("through a"))
        #expect(run.results[4].response == nil && run.results[4].ms < 5000)
    }

    @Test func anUnmetStepIsNamedAndTheRestStillRun() async throws {
        let root = try TemporaryPath.directory("csi-agent")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try await CSIAgent.run(
            endpoint: "unix://\(root)/absent.sock",
            steps: [.write("\(root)/file", "one"), .read("\(root)/file", data: "two"), .read("\(root)/file", data: "one")])
        #expect(!run.allMet)
        #expect(run.results.map(\.code) == ["OK", "MISMATCH", "OK"])
        #expect(run.firstUnmet.contains("step 1 (read): expected OK, got MISMATCH"), "\(run.firstUnmet)")
    }

    @Test func aBadRequestRunsNoStep() async throws {
        let root = try TemporaryPath.directory("csi-agent")
        defer { try? FileManager.default.removeItem(atPath: root) }
        await #expect(throws: (any Error).self) {
            try await CSIAgent.run(
                endpoint: "unix://\(root)/absent.sock",
                steps: [.mkdir("\(root)/made"), .call("NodeStageVolume", ["no_such_field": .bool(true)])])
        }
        #expect(!FileManager.default.fileExists(atPath: "\(root)/made"))
    }
}
