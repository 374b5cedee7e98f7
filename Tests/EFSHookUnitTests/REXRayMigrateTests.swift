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

    static func translate(_ yaml: String, environment: [String: String] = [:]) throws -> REXRayConfigImport.Result {
        try REXRayConfigImport(yaml: yaml, environment: environment, source: "c").translate(source: "c")
    }

    @Test func aTagScopedUnderTheEFSServiceIsCarriedOverNeverDropped() throws {
        let yaml = """
            libstorage:
              service: efs
              server:
                services:
                  efs:
                    driver: efs
                    efs:
                      tag: prod
                      region: us-west-2
                    linux:
                      volume:
                        rootpath: /srv
            """
        let result = try Self.translate(yaml)
        let config = try ConfigurationLoader.parse(result.yaml)
        #expect(config.efs.rexray.tag == "prod", "the tag of REX-Ray's file systems, not an empty one: \(result.yaml)")
        #expect(config.efs.region == "us-west-2")
        #expect(config.efs.rexray.rootPath == "/srv")
        #expect(result.warnings.count == 1, "only the remove behaviour: \(result.warnings)")
    }

    @Test func aServiceScopedValueWinsOverTheGlobalOne() throws {
        let yaml = "efs:\n  tag: old\nlibstorage:\n  server:\n    services:\n      efs:\n        efs:\n          tag: scoped\n"
        #expect(try ConfigurationLoader.parse(Self.translate(yaml).yaml).efs.rexray.tag == "scoped")
    }

    @Test func aServiceOfAnyNameWhoseDriverIsEFSIsAccepted() throws {
        let yaml = """
            libstorage:
              service: shared-nfs
              server:
                services:
                  shared-nfs:
                    driver: efs
                    efs:
                      tag: team
                      statusTimeout: 5m
            """
        let result = try Self.translate(yaml)
        #expect(try ConfigurationLoader.parse(result.yaml).efs.rexray.tag == "team")
        let warning = result.warnings.first { $0.hasPrefix("warning: libstorage.server.services.shared-nfs.efs.statustimeout ") }
        #expect(warning != nil, "a scoped key without equivalent is named as written: \(result.warnings)")
    }

    @Test func anotherDriversServiceIsNotMigratedAndSaysSo() throws {
        let yaml = """
            libstorage:
              server:
                services:
                  ebs-00:
                    driver: ebs
                    ebs:
                      region: us-east-1
                  efs:
                    efs:
                      tag: prod
            """
        let result = try Self.translate(yaml)
        #expect(try ConfigurationLoader.parse(result.yaml).efs.rexray.tag == "prod")
        #expect(
            result.warnings.contains { $0.hasPrefix("warning: libstorage.server.services.ebs-00.ebs.region ") && $0.contains("not efs") })
        expectHookError(.config, "not efs") {
            _ = try Self.translate("libstorage:\n  server:\n    services:\n      block:\n        driver: ebs\n")
        }
        expectHookError(.config, "libstorage.service is block, not efs") {
            _ = try Self.translate("libstorage:\n  service: block\n  server:\n    services:\n      block:\n        driver: ebs\n")
        }
    }

    @Test func twoEFSServicesWithDifferentTagsAreRefusedInOneLineNamingBoth() {
        let yaml = """
            libstorage:
              server:
                services:
                  efs-a:
                    driver: efs
                    efs:
                      tag: a
                  efs-b:
                    driver: efs
                    efs:
                      tag: b
            """
        expectHookError(.config, "services efs-a and efs-b set efs.tag differently (\"a\" and \"b\")") { _ = try Self.translate(yaml) }
        let oneUnset =
            "efs:\n  tag: g\nlibstorage:\n  server:\n    services:\n      x:\n        driver: efs\n      y:\n        driver: efs\n        efs:\n          tag: h\n"
        expectHookError(.config, "services x and y set efs.tag differently (\"g\" and \"h\")") { _ = try Self.translate(oneUnset) }
        let agreeing = yaml.replacingOccurrences(of: "tag: b", with: "tag: a")
        #expect(throws: Never.self) { _ = try Self.translate(agreeing) }
    }

    @Test func createDisableSaysWhatItMeansForTheOperator() throws {
        for yaml in [
            "libstorage:\n  integration:\n    volume:\n      operations:\n        create:\n          disable: true\n",
            "libstorage:\n  server:\n    services:\n      efs:\n        libstorage:\n          integration:\n            volume:\n              operations:\n                create:\n                  disable: true\n",
        ] {
            let result = try Self.translate(yaml)
            let lines = result.warnings.filter { $0.contains("create.disable") }
            #expect(lines.count == 1, "\(result.warnings)")
            #expect(lines.allSatisfy { $0.contains("--explicitcreate") && !$0.contains("is ignored") }, "\(lines)")
        }
        let off = try Self.translate(
            "libstorage:\n  integration:\n    volume:\n      operations:\n        create:\n          disable: false\n")
        #expect(off.warnings.count == 1, "disable: false is REX-Ray's default and efs-hook's behaviour: \(off.warnings)")
    }
}
