import Common
import EFSHookTestSupport
import Testing
import VolumeModel

@testable import EFSHookCLI

/// `efs-hook migrate rexray`'s translation and `efs.rexray` in the configuration.
@Suite struct REXRayMigrateTests {
    static let sample = """
        rexray:
          logLevel: warn
        libstorage:
          service: efs
          integration:
            volume:
              operations:
                mount:
                  preempt: true
        efs:
          accessKey: AKIAEXAMPLEEXAMPLE
          secretKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
          region: us-west-2
          securityGroups:
          - sg-0123456789abcdef0
          - sg-0fedcba9876543210
          tag: prod
        linux:
          volume:
            rootpath: /srv
        """

    @Test func aSampleConfigBecomesOneThatLoadsWithOneWarningPerUnsupportedKey() throws {
        let result = try REXRayConfigImport(yaml: Self.sample, environment: [:], source: "config.yml").translate(source: "config.yml")
        let config = try ConfigurationLoader.parse(result.yaml)
        #expect(config.drivers == ["efs", "rexray"])
        #expect(config.efs.region == "us-west-2")
        #expect(config.efs.securityGroups == ["sg-0123456789abcdef0", "sg-0fedcba9876543210"])
        #expect(config.efs.rexray.tag == "prod")
        #expect(config.efs.rexray.rootPath == "/srv")
        let keys = ["rexray.loglevel", "libstorage.integration.volume.operations.mount.preempt", "efs.accesskey", "efs.secretkey"]
        for key in keys { #expect(result.warnings.filter { $0.hasPrefix("warning: \(key) ") }.count == 1, "\(key): \(result.warnings)") }
        #expect(result.warnings.count == keys.count + 1, "one per key, and the remove behaviour: \(result.warnings)")
        #expect(result.warnings.contains { $0.contains("never deletes REX-Ray's file systems") })
        let everything = result.yaml + result.warnings.joined()
        #expect(!everything.contains("wJalrXUtnFEMI") && !everything.contains("AKIAEXAMPLE"), "no secret is ever printed")
    }

    @Test func thePluginEnvironmentWinsAndEmptyValuesChangeNothing() throws {
        let environment = try REXRayConfigImport.parseEnvFile(
            "# docker plugin inspect rexray/efs\nEFS_TAG=staging\nLINUX_VOLUME_ROOTPATH=\nexport EFS_REGION=\"eu-west-1\"\nPATH=/bin\n",
            source: "env")
        let result = try REXRayConfigImport(yaml: Self.sample, environment: environment, source: "c").translate(source: "c")
        let config = try ConfigurationLoader.parse(result.yaml)
        #expect(config.efs.rexray.tag == "staging")
        #expect(config.efs.rexray.rootPath == "/srv")
        #expect(config.efs.region == "eu-west-1")
    }

    @Test func anEmptyConfigKeepsREXRaysDefaults() throws {
        let result = try REXRayConfigImport(yaml: "", environment: [:], source: "c").translate(source: "c")
        let config = try ConfigurationLoader.parse(result.yaml)
        #expect(config.efs.rexray == Configuration.EFS.REXRay())
        #expect(config.efs.rexray.subdirectory == "data")
        #expect(result.warnings.count == 1)
    }

    @Test func aConfigOfAnotherStorageDriverIsRefused() {
        expectHookError(.config, "not efs") {
            _ = try REXRayConfigImport(yaml: "libstorage:\n  service: ebs\n", environment: [:], source: "c").translate(source: "c")
        }
    }

    @Test func rexrayKeysAreCheckedLikeEveryOther() throws {
        let config = try ConfigurationLoader.parse("efs:\n  rexray:\n    tag: prod\n    rootPath: /testing/test\n")
        #expect(config.efs.rexray.subdirectory == "testing/test")
        #expect(try ConfigurationLoader.parse("efs:\n  rexray:\n    rootPath: /\n").efs.rexray.subdirectory == nil)
        expectHookError(.config, "efs.rexray.tagg") { _ = try ConfigurationLoader.parse("efs:\n  rexray:\n    tagg: x\n") }
        expectHookError(.config, "efs.rexray.rootPath") { _ = try ConfigurationLoader.parse("efs:\n  rexray:\n    rootPath: data\n") }
        expectHookError(.config, "efs.rexray.rootPath") { _ = try ConfigurationLoader.parse("efs:\n  rexray:\n    rootPath: /a/../b\n") }
    }
}
