import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import VolumeModel

@Suite struct ConfigurationTests {
    @Test func emptyFileMeansDefaults() throws {
        #expect(try ConfigurationLoader.parse("") == Configuration())
        #expect(try ConfigurationLoader.load(explicitPath: "/dev/null") == Configuration())
    }

    @Test func defaultsAreTheDocumentedOnes() {
        let config = Configuration()
        #expect(config.provider == .efs)
        #expect(config.drivers == ["efs"])
        #expect(config.stateDir == "/var/lib/efs-hook")
        #expect(config.mountRoot == "/var/lib/efs-hook/mounts")
    }

    @Test func readsEveryKey() throws {
        let config = try ConfigurationLoader.parse(
            """
            provider: local
            drivers: [efs, rexray]
            stateDir: /s
            mountRoot: /m
            lockTimeoutSeconds: 5
            local:
              root: /l
            """)
        #expect(config.provider == .local)
        #expect(config.drivers == ["efs", "rexray"])
        #expect(config.stateDir == "/s" && config.mountRoot == "/m" && config.local.root == "/l")
        #expect(config.lockTimeoutSeconds == 5)
    }

    @Test(arguments: [
        ("providr: local", "unknown key \"providr\""),
        ("provider: nfs", "provider must be one of"),
        ("stateDir: relative", "stateDir must be an absolute path"),
        ("local:\n  rot: /x", "unknown key \"local.rot\""),
        ("drivers: efs", "drivers must be a list"),
        ("drivers: []", "at least one driver"),
        ("lockTimeoutSeconds: -1", "lockTimeoutSeconds"),
        ("lockTimeoutSeconds: 0x1e", "lockTimeoutSeconds must be a number"),
        ("lockTimeoutSeconds: .inf", "lockTimeoutSeconds must be a number"),
        ("lockTimeoutSeconds: [1]", "lockTimeoutSeconds must be a number"),
        ("- a\n- b", "must be a mapping"),
        ("provider: [", "not valid yaml"),
        ("{[a]: 1}", "key that is not a string"),
        ("\"a\\nb\": 1", "unknown key \"a\\nb\""),
        ("provider: local\nprovider: efs", "duplicated key"),
    ])
    func rejectsBadConfig(_ yaml: String, _ fragment: String) {
        expectHookError(.config, fragment) { _ = try ConfigurationLoader.parse(yaml) }
    }

    @Test func environmentNamesTheFileAndAFlagWins() throws {
        let path = TemporaryPath.file("config", suffix: ".yaml")
        try "provider: local\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ConfigurationLoader.load(environment: ["EFS_HOOK_CONFIG": path]).provider == .local)
        #expect(try ConfigurationLoader.load(explicitPath: "/dev/null", environment: ["EFS_HOOK_CONFIG": path]).provider == .efs)
        expectHookError(.config, "cannot be read") {
            _ = try ConfigurationLoader.load(environment: ["EFS_HOOK_CONFIG": "/nonexistent.yaml"])
        }
    }
}
