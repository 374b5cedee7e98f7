import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import VolumeModel

/// The managed plugin's settable variables override their keys of the file, checked like it.
@Suite struct ConfigurationEnvironmentTests {
    func file(_ text: String) throws -> String {
        let path = TemporaryPath.file("config", suffix: ".yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func variablesOverrideTheFile() throws {
        let path = try file("provider: efs\nefs:\n  clusterTag: from-file\n  region: eu-west-1\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ConfigurationLoader.load(
            explicitPath: path,
            environment: [
                "EFS_HOOK_PROVIDER": "local", "EFS_HOOK_REGION": "us-east-2", "EFS_HOOK_CLUSTER_TAG": "blue",
                "EFS_HOOK_PROVISIONING": "accessPoint",
            ])
        #expect(config.provider == .local)
        #expect(config.efs.region == "us-east-2")
        #expect(config.efs.clusterTag == "blue")
        #expect(config.efs.provisioning == .accessPoint)
    }

    @Test func emptyOrUnsetVariablesKeepTheFile() throws {
        let path = try file("efs:\n  clusterTag: from-file\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ConfigurationLoader.load(explicitPath: path, environment: ["EFS_HOOK_CLUSTER_TAG": "", "EFS_HOOK_REGION": ""])
        #expect(config.efs.clusterTag == "from-file")
        #expect(config.efs.region == nil)
        #expect(config.provider == .efs)
    }

    @Test func aBadValueNamesTheVariable() {
        expectHookError(.config, "EFS_HOOK_PROVIDER: provider must be one of efs, local") {
            var config = Configuration()
            try ConfigurationEnvironment.apply(to: &config, environment: ["EFS_HOOK_PROVIDER": "nfs"])
        }
        expectHookError(.config, "EFS_HOOK_CLUSTER_TAG: efs.clusterTag must be") {
            var config = Configuration()
            try ConfigurationEnvironment.apply(to: &config, environment: ["EFS_HOOK_CLUSTER_TAG": "a b"])
        }
    }

    /// A value is one scalar: quotes, newlines and YAML syntax in it cannot add keys.
    @Test func aValueCannotInjectYAML() {
        for hostile in ["blue\nstateDir: /tmp", "blue\", \"stateDir\": \"/tmp", "{stateDir: /tmp}", "blue\\\"x"] {
            expectHookError(.config, "EFS_HOOK_CLUSTER_TAG: efs.clusterTag must be") {
                var config = Configuration()
                try ConfigurationEnvironment.apply(to: &config, environment: ["EFS_HOOK_CLUSTER_TAG": hostile])
            }
        }
    }
}
