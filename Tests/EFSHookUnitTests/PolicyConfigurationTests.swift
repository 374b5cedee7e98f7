import Common
import EFSHookTestSupport
import Foundation
import Testing
import VolumeModel

/// The `policy` section and the safe-default keys are read as strictly as the rest of the
/// configuration: every mistake names its key.
@Suite struct PolicyConfigurationTests {
    @Test func theTwoTeamExampleParses() throws {
        let url = TestPaths.packageRoot.appendingPathComponent("examples/two-team-policy.yaml")
        let config = try ConfigurationLoader.parse(try String(contentsOf: url, encoding: .utf8))
        #expect(config.policy.defaultAction == .deny)
        #expect(config.policy.rules.count >= 4)
        #expect(config.policy.rules.contains { $0.access == .readOnly })
    }

    @Test func noPolicyMeansAllowWithTheSafeDefaults() throws {
        let config = try ConfigurationLoader.parse("")
        #expect(config.policy == TenantPolicy() && !config.policy.isConfigured)
        #expect(config.efs.accessPointBasePath == "/" && config.efs.allowedFileSystemIds.isEmpty)
        #expect(config.efs.accessPointRoot(volume: "v") == "/v")
        #expect(try ConfigurationLoader.parse("efs: {accessPointBasePath: /t/}").efs.accessPointRoot(volume: "v") == "/t/v")
    }

    @Test(arguments: [
        ("policy: {defaultAction: maybe}", "policy.defaultAction must be one of allow, deny"),
        ("policy: {rulez: []}", "unknown key \"policy.rulez\""),
        ("policy: {rules: [{name: a, acess: readOnly}]}", "policy.rules[0].acess"),
        ("policy: {rules: [{name: a}, {name: a}]}", "two rules named \"a\""),
        ("policy: {rules: [{match: {frontEnds: [web]}}]}", "policy.rules[0].match.frontEnds"),
        ("policy: {rules: [{uids: [\"10-1\"]}]}", "policy.rules[0].uids"),
        ("policy: {rules: [{options: [nfsvers]}]}", "unknown volume option \"nfsvers\""),
        ("policy: {rules: [{provisioning: [magic]}]}", "not a provisioning mode"),
        ("policy: {rules: [{fileSystems: [fs-1]}]}", "policy.rules[0].fileSystems"),
        ("policy: {rules: [{namespace: team}]}", "policy.rules[0].namespace must be one of auroraRole, user"),
        ("efs: {allowedFileSystemIds: [nope]}", "efs.allowedFileSystemIds"),
        ("efs: {accessPointBasePath: relative}", "efs.accessPointBasePath"),
    ])
    func mistakesNameTheirKey(_ yaml: String, _ fragment: String) {
        expectHookError(.config, fragment) { _ = try ConfigurationLoader.parse(yaml) }
    }
}
