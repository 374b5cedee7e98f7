import EFSHookCore
import EFSHookTestSupport
import Foundation
import Testing

@testable import EFSHookCLI

/// `doctor`'s CSI lines, against agent flags, a plugin directory and socket paths in a
/// temporary directory.
struct CSIAgentChecksTests {
    let directory: String
    let checks: CSIAgentChecks

    init() throws {
        directory = try TemporaryPath.directory("csi-doctor")
        checks = CSIAgentChecks(
            endpoint: try CSIEndpoint(parsing: "unix://\(directory)/csi.sock"), daemonBinary: "\(directory)/efs-hook-csi")
    }

    func flags(_ values: [String: String]) -> MesosAgentFlags { MesosAgentFlags(values: values, origin: "test flags") }

    func writeDaemon() throws {
        try "".write(toFile: "\(directory)/efs-hook-csi", atomically: true, encoding: .utf8)
        #expect(chmod("\(directory)/efs-hook-csi", 0o755) == 0)
    }

    @Test func anAgentWithoutCSIGetsNoCSILines() {
        #expect(checks.agentChecks(flags(["isolation": "filesystem/linux,docker/runtime"])).isEmpty)
    }

    @Test func aPluginDirectoryWithoutTheIsolatorsNamesWhatIsMissing() throws {
        try writeDaemon()
        let found = checks.agentChecks(flags(["csi_plugin_config_dir": directory, "isolation": "posix/cpu"]))
        #expect(found.map(\.name) == ["agent CSI isolation", "CSI plugin configuration", "CSI plugin"])
        #expect(found[0].status == .warn && found[0].detail.hasPrefix("volume/csi and filesystem/linux not in --isolation"))
        #expect(found[1].status == .warn && found[1].detail == "no file in \(directory) names the endpoint \(checks.endpoint.uri)")
        #expect(found[2].status == .warn && found[2].detail == "nothing at \(directory)/csi.sock; CSI volumes fail to publish")
    }

    @Test func aPluginConfigurationNamingTheEndpointIsOK() throws {
        try writeDaemon()
        try "{\"type\": \"efs-hook.csi\"}".write(toFile: "\(directory)/other.json", atomically: true, encoding: .utf8)
        try "{\"endpoint\": \"\(checks.endpoint.uri)\"}".write(toFile: "\(directory)/efs.json", atomically: true, encoding: .utf8)
        let found = checks.agentChecks(flags(["csi_plugin_config_dir": directory, "isolation": "filesystem/linux,volume/csi"]))
        #expect(found.map(\.name) == ["CSI plugin configuration", "CSI plugin"])
        #expect(found[0].status == .ok && found[0].detail == "\(directory)/efs.json names \(checks.endpoint.uri)")
    }

    @Test func aMissingDaemonBinaryIsNamed() {
        let found = checks.agentChecks(flags(["isolation": "filesystem/linux,volume/csi"]))
        #expect(found.map(\.name) == ["CSI plugin configuration", "CSI plugin binary", "CSI plugin"])
        #expect(found[1].status == .warn && found[1].detail == "no executable \(directory)/efs-hook-csi; efs-hook csi cannot start")
    }

    @Test func aSocketFileNothingAnswersOnIsADeadDaemon() throws {
        try writeDaemon()
        try "".write(toFile: "\(directory)/csi.sock", atomically: true, encoding: .utf8)
        let found = try #require(checks.socketCheck(expected: false))
        #expect(found.status == .warn && found.detail == "\(directory)/csi.sock is there but nothing answers on it")
        #expect(checks.binaryCheck() == nil)
    }
}
