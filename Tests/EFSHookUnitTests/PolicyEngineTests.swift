import Common
import EFSHookCore
import EFSHookTestSupport
import Testing
import VolumeModel

/// The pure policy engine: rules in order, the default action, the limits an allowed rule
/// still sets, and the safe defaults with no policy at all. No I/O.
@Suite struct PolicyEngineTests {
    static func engine(_ yaml: String) throws -> PolicyEngine {
        PolicyEngine(configuration: try ConfigurationLoader.parse(yaml))
    }

    static func request(_ name: String, readOnly: Bool = false, origin: VolumeOrigin = .mesosVolume, _ options: [String: String] = [:])
        throws -> VolumeRequest
    {
        VolumeRequest(
            name: name, driver: "efs", containerPath: "/data", readOnly: readOnly, origin: origin,
            options: try VolumeOptions.parse(options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: name))
    }

    static func aurora(_ role: String, frontEnd: FrontEnd = .isolator) -> TaskIdentity {
        TaskIdentity(
            frontEnd: frontEnd, user: "root", frameworkId: "aurora-fw", aurora: AuroraJobKey(role: role, environment: "prod", job: "web"))
    }

    static let twoTeams = """
        efs: {fileSystemId: fs-0000000000000000a}
        policy:
          defaultAction: deny
          rules:
            - name: team-a
              match: {auroraRoles: [team-a], frameworkIds: [aurora-fw]}
              volumes: ["team-a-*"]
              provisioning: [filesystem, accessPoint]
              uids: ["1000-1999"]
              options: [provisioning, uid, gid, path, encrypted]
            - name: team-a-shared-read-only
              match: {auroraRoles: [team-a]}
              volumes: [shared-*]
              access: readOnly
            - name: team-b
              match: {auroraRoles: [team-b]}
              volumes: ["*"]
              namespace: auroraRole
            - name: docker-scratch
              match: {frontEnds: [docker, dvdcli]}
              volumes: [scratch-*]
        """

    @Test func noPolicyAllowsWhatTheSafeDefaultsAllow() throws {
        let engine = try Self.engine("")
        let identity = TaskIdentity(frontEnd: .prepare)
        let allowed = engine.decide(try Self.request("uploads", ["encrypted": "true", "uid": "1000"]), identity: identity)
        #expect(allowed.allowed && allowed.authority == .safeDefaults && allowed.effectiveName == "uploads")
        for options in [["uid": "0"], ["gid": "0"], ["path": "/"], ["path": "/other"], ["path": "/uploadsX/a"]] {
            let decision = engine.decide(try Self.request("uploads", options), identity: identity)
            #expect(!decision.allowed, "\(options)")
            #expect(decision.refusal?.exitCode == 77)
            #expect(decision.line.hasPrefix("volume \"uploads\": refused by the safe defaults: "), "\(decision.line)")
        }
        #expect(engine.decide(try Self.request("uploads", ["path": "/uploads/sub"]), identity: identity).allowed)
        #expect(engine.decide(try Self.request("uploads", ["path": "/uploads"]), identity: identity).allowed)
    }

    @Test func theAccessPointBasePathRootsPaths() throws {
        let engine = try Self.engine("efs: {accessPointBasePath: /tenants/}")
        let identity = TaskIdentity(frontEnd: .prepare)
        #expect(engine.decide(try Self.request("u", ["path": "/tenants/u/x"]), identity: identity).allowed)
        #expect(!engine.decide(try Self.request("u", ["path": "/u"]), identity: identity).allowed)
        #expect(!engine.decide(try Self.request("u", ["path": "/tenants"]), identity: identity).allowed)
    }

    @Test func pathsThatClimbOutAreRefusedAsPermissionsWhenParsed() throws {
        for path in ["/../x", "/u/../../x", "/u/.."] {
            expectHookError(.permissionDenied, "climbs out") { _ = try Self.request("u", ["path": path]) }
        }
    }

    @Test func eachTeamReachesOnlyItsVolumesWithTheRulesModes() throws {
        let engine = try Self.engine(Self.twoTeams)
        let a = Self.aurora("team-a")
        #expect(
            engine.decide(try Self.request("team-a-db"), identity: a).line == #"volume "team-a-db": allowed by rule "team-a": read-write"#)
        #expect(engine.decide(try Self.request("shared-assets", readOnly: true), identity: a).allowed)
        let readWrite = engine.decide(try Self.request("shared-assets"), identity: a)
        #expect(!readWrite.allowed && readWrite.rule == "team-a-shared-read-only")
        let other = engine.decide(try Self.request("team-b-db"), identity: a)
        #expect(!other.allowed && other.authority == .defaultAction)
        #expect(other.line.contains("no policy rule matches") && other.line.contains("auroraRole=team-a"), "\(other.line)")

        let b = Self.aurora("team-b")
        let namespaced = engine.decide(try Self.request("uploads"), identity: b)
        #expect(namespaced.allowed && namespaced.effectiveName == "team-b.uploads")
        #expect(!engine.decide(try Self.request("team-a.uploads"), identity: b).allowed, "a dotted name could forge another namespace")
    }

    @Test func aRulesLimitsHoldForAllowedRequests() throws {
        let engine = try Self.engine(Self.twoTeams)
        let a = Self.aurora("team-a")
        let refused: [[String: String]] = [
            ["provisioning": "static"], ["uid": "0"], ["uid": "2000"], ["reclaim": "delete"],
            ["provisioning": "accessPoint", "path": "/"], ["provisioning": "accessPoint", "fileSystemId": "fs-0000000000000000b"],
        ]
        for options in refused {
            let decision = engine.decide(try Self.request("team-a-db", options), identity: a)
            #expect(!decision.allowed && decision.rule == "team-a", "\(options): \(decision.line)")
        }
        #expect(engine.decide(try Self.request("team-a-db", ["provisioning": "accessPoint", "uid": "1500"]), identity: a).allowed)
    }

    @Test func lookAlikesAndOtherIdentitiesNeverMatch() throws {
        let engine = try Self.engine(Self.twoTeams)
        let a = Self.aurora("team-a")
        for name in ["Team-a-db", "TEAM-A-DB", "team_a-db", "team-a"] {
            #expect(!engine.decide(try Self.request(name), identity: a).allowed, "\(name)")
        }
        for identity in [Self.aurora("Team-a"), Self.aurora("team-a "), TaskIdentity(frontEnd: .prepare)] {
            let decision = engine.decide(try Self.request("team-a-db"), identity: identity)
            #expect(!decision.allowed, "\(identity.summary)")
        }
        var forged = Self.aurora("team-a")
        forged.frameworkId = "marathon"
        #expect(!engine.decide(try Self.request("team-a-db"), identity: forged).allowed, "another framework writing Aurora's fields")
    }

    @Test func frontEndsWithoutATaskMatchFrontEndRules() throws {
        let engine = try Self.engine(Self.twoTeams)
        for frontEnd in [FrontEnd.docker, .dvdcli] {
            let identity = TaskIdentity(frontEnd: frontEnd)
            #expect(engine.decide(try Self.request("scratch-1", origin: .direct), identity: identity).allowed)
            #expect(!engine.decide(try Self.request("team-a-db", origin: .direct), identity: identity).allowed)
        }
        let noRole = engine.decide(try Self.request("uploads"), identity: TaskIdentity(frontEnd: .docker))
        #expect(!noRole.allowed)
    }

    @Test func theFirstMatchingRuleDecides() throws {
        let engine = try Self.engine(
            """
            policy:
              rules:
                - {name: deny-secrets, action: deny, volumes: ["secret*"]}
                - {name: everyone}
            """)
        let identity = TaskIdentity(frontEnd: .prepare)
        #expect(
            engine.decide(try Self.request("secrets"), identity: identity).line
                == #"volume "secrets": refused by rule "deny-secrets": the rule denies it"#)
        #expect(engine.decide(try Self.request("logs"), identity: identity).rule == "everyone")
    }

    @Test func globsMatchWholeValuesByteForByte() {
        #expect(GlobPattern("team-*").matches("team-a"))
        #expect(GlobPattern("*-db").matches("team-a-db"))
        #expect(GlobPattern("a*b*c").matches("axxbyyc"))
        #expect(GlobPattern("a?c").matches("abc"))
        #expect(!GlobPattern("a?c").matches("ac"))
        #expect(!GlobPattern("team-*").matches("xteam-a"))
        #expect(!GlobPattern("uploads").matches("upl\u{043E}ads"), "Cyrillic o")
        #expect(!GlobPattern("uploads").matches("Uploads"))
        #expect(GlobPattern("*").matches(""))
    }
}

/// `require`: a rule's option values are enforced, not only its option keys.
@Suite struct PolicyRequiredValuesTests {
    static let config = """
        policy:
          defaultAction: deny
          rules:
            - name: secure
              volumes: [uploads]
              options: [uid]
              require: {encrypted: "TRUE", tls: "true"}
        """

    func decide(_ options: [String: String]) throws -> PolicyDecision {
        let configuration = try ConfigurationLoader.parse(Self.config)
        let request = VolumeRequest(
            name: "uploads", driver: "efs", containerPath: "/data", readOnly: false, origin: .mesosVolume,
            options: try VolumeOptions.parse(options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: "uploads"))
        return PolicyEngine(configuration: configuration).decide(request, identity: TaskIdentity(frontEnd: .prepare))
    }

    @Test func aRequiredValueIsNormalizedAndItsOptionAllowed() throws {
        #expect(try ConfigurationLoader.parse(Self.config).policy.rules[0].require == ["encrypted": "true", "tls": "true"])
        #expect(try decide(["encrypted": "true", "tls": "true", "uid": "1000"]).allowed)
    }

    @Test func anotherValueOrNoneIsRefusedWith77() throws {
        let refused = try decide(["encrypted": "false", "tls": "true"])
        #expect(
            refused.line
                == "volume \"uploads\": refused by rule \"secure\": encrypted=false is not allowed; the rule requires encrypted=true")
        #expect(refused.refusal?.exitCode == 77)
        let missing = try decide(["encrypted": "true"])
        #expect(missing.reason == "the rule requires tls=true, and the request does not set tls")
    }

    @Test func aRequirementOfAnUnknownOptionOrValueIsAConfigError() {
        expectHookError(.config, "policy.rules[0].require.bogus: unknown volume option") {
            _ = try ConfigurationLoader.parse("policy: {rules: [{require: {bogus: x}}]}")
        }
        expectHookError(.config, "policy.rules[0].require.encrypted must be true or false") {
            _ = try ConfigurationLoader.parse("policy: {rules: [{require: {encrypted: maybe}}]}")
        }
    }
}

/// `efs.defaultOptions`: added to every request, overridden only where a rule lists the option.
@Suite struct PolicyDefaultOptionsTests {
    static let config = """
        efs:
          defaultOptions: {kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/cluster", encrypted: "true"}
        policy:
          rules:
            - name: own-key
              volumes: [keyed]
              options: [kmsKeyId]
            - name: others
              options: [uid]
              require: {encrypted: "true"}
        """

    func request(_ name: String, _ options: [String: String]) throws -> VolumeRequest {
        VolumeRequest(
            name: name, driver: "efs", containerPath: "/data", readOnly: false, origin: .mesosVolume,
            options: try VolumeOptions.parse(options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: name))
    }

    @Test func defaultsAreAddedAndSatisfyARequirement() throws {
        let engine = PolicyEngine(configuration: try ConfigurationLoader.parse(Self.config))
        let identity = TaskIdentity(frontEnd: .prepare)
        let allowed = try engine.authorize([try request("plain", ["uid": "1000"])], identity: identity)
        #expect(allowed[0].options.values["kmsKeyId"] == "arn:aws:kms:us-east-1:111122223333:key/cluster")
        #expect(allowed[0].options.values["encrypted"] == "true" && allowed[0].options.values["uid"] == "1000")
    }

    @Test func aTaskOverridesADefaultOnlyWhereARuleListsTheOption() throws {
        let engine = PolicyEngine(configuration: try ConfigurationLoader.parse(Self.config))
        let identity = TaskIdentity(frontEnd: .prepare)
        let own = try engine.authorize(
            [try request("keyed", ["kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/own"])], identity: identity)
        #expect(own[0].options.values["kmsKeyId"] == "arn:aws:kms:us-east-1:111122223333:key/own")
        let refused = engine.decide(try request("plain", ["encrypted": "false"]), identity: identity)
        #expect(
            refused.reason
                == "encrypted=false overrides efs.defaultOptions (encrypted=true); only a rule listing encrypted in its options allows that"
        )
        #expect(refused.refusal?.exitCode == 77)
        let direct = engine.decide(
            direct: VolumeSpec(name: "plain", options: try request("plain", ["kmsKeyId": "k"]).options), frontEnd: .docker)
        #expect(!direct.allowed)
    }
}
