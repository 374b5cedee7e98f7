import Common
import EFSHookTestSupport
import Testing

@testable import VolumeModel

@Suite struct MountTargetSubnetsConfigurationTests {
    @Test func theListIsReadAndEmptyByDefault() throws {
        #expect(Configuration().efs.mountTargetSubnets == [])
        let config = try ConfigurationLoader.parse(
            """
            efs:
              mountTargetSubnets: [subnet-0a1b2c3d, subnet-0e1f2a3b]
            """)
        #expect(config.efs.mountTargetSubnets == ["subnet-0a1b2c3d", "subnet-0e1f2a3b"])
    }

    @Test(arguments: [
        ("efs:\n  mountTargetSubnets: [sg-0a1b2c3d]", "efs.mountTargetSubnets is invalid"),
        ("efs:\n  mountTargetSubnets: [subnet-0a1b2c3d, subnet-0a1b2c3d]", "distinct subnets"),
    ])
    func badListsNameTheKey(yaml: String, message: String) {
        expectHookError(.config, message) { _ = try ConfigurationLoader.parse(yaml) }
    }
}
