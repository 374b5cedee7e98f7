import Common
import EFSHookTestSupport
import Testing

@testable import VolumeModel

/// The `csi:` section of the configuration file.
@Suite struct CSIConfigurationTests {
    @Test func defaults() throws {
        let csi = Configuration().csi
        #expect(csi.targetRoots == ["/var/lib/mesos/csi"])
        #expect(csi.deadlineSeconds == 50)
        #expect(csi.nodeId == nil)
        #expect(try ConfigurationLoader.parse("csi: {}").csi == csi)
    }

    @Test func readsEveryKey() throws {
        let config = try ConfigurationLoader.parse(
            """
            csi:
              targetRoots: [/var/lib/mesos/csi/, /opt/nomad/csi]
              deadlineSeconds: 55.5
              nodeId: agent-1.us-east-1_a
            """)
        #expect(config.csi.targetRoots == ["/var/lib/mesos/csi", "/opt/nomad/csi"], "a trailing slash is dropped")
        #expect(config.csi.deadlineSeconds == 55.5)
        #expect(config.csi.nodeId == "agent-1.us-east-1_a")
        #expect(try ConfigurationLoader.parse("csi:\n  deadlineSeconds: 3600").csi.deadlineSeconds == 3600)
        let longest = String(repeating: "n", count: 128)
        #expect(try ConfigurationLoader.parse("csi:\n  nodeId: \(longest)").csi.nodeId == longest)
    }

    @Test(arguments: [
        ("csi:\n  targetRoot: [/x]", "unknown key \"csi.targetRoot\""),
        ("csi:\n  targetRoots: [relative]", "\"relative\" must be an absolute directory other than /"),
        ("csi:\n  targetRoots: [/]", "\"/\" must be an absolute directory other than /"),
        ("csi:\n  targetRoots: [/a/../b]", "\"/a/../b\" must be an absolute directory other than / without \".\", \"..\" or \"//\""),
        ("csi:\n  targetRoots: [//]", "\"//\" must be an absolute directory other than /"),
        ("csi:\n  targetRoots: [/a//b]", "\"/a//b\" must be an absolute directory"),
        ("csi:\n  targetRoots: [/a/./b]", "\"/a/./b\" must be an absolute directory"),
        ("csi:\n  targetRoots: [/a/b//]", "\"/a/b//\" must be an absolute directory"),
        ("csi:\n  targetRoots: [/ok, '']", "\"\" must be an absolute directory"),
        ("csi:\n  targetRoots: []", "csi.targetRoots must name at least one directory"),
        ("csi:\n  targetRoots: /x", "csi.targetRoots must be a list"),
        ("csi:\n  deadlineSeconds: 0", "csi.deadlineSeconds must be in (0, 3600]"),
        ("csi:\n  deadlineSeconds: -5", "csi.deadlineSeconds must be in (0, 3600]"),
        ("csi:\n  deadlineSeconds: 3601", "csi.deadlineSeconds must be in (0, 3600]"),
        ("csi:\n  deadlineSeconds: soon", "csi.deadlineSeconds must be a number"),
        ("csi:\n  nodeId: ''", "csi.nodeId must be 1 to 128 letters, digits"),
        ("csi:\n  nodeId: agent/1", "csi.nodeId must be 1 to 128 letters, digits"),
        ("csi:\n  nodeId: agent 1", "csi.nodeId must be 1 to 128 letters, digits"),
        ("csi:\n  nodeId: \(String(repeating: "n", count: 129))", "csi.nodeId must be 1 to 128"),
        ("csi: [a]", "csi must be a mapping"),
    ])
    func rejectsBadCSISections(_ yaml: String, _ fragment: String) {
        expectHookError(.config, fragment) { _ = try ConfigurationLoader.parse(yaml) }
    }
}
