import Common
import EFSHookCore
import EFSHookTestSupport
import Foundation
import Testing
import VolumeModel

@testable import EFSHookCLI

/// `policy check` decides as the front end it names would, through the same code, and the
/// shipped example policy allows the shipped example jobs.
@Suite struct PolicyExamplesTests {
    /// Each example job's TaskInfo (examples/*.aurora name them) and the front ends that see it.
    static let examples: [(task: String, frontEnds: [FrontEnd])] = [
        ("examples/aurora-thermos-task.json", [.prepare, .isolator]),
        ("Tests/Fixtures/tasks/aurora-example-mesos.json", [.prepare, .isolator]),
        ("Tests/Fixtures/tasks/aurora-route-b-task.json", [.prepare, .isolator]),
        ("Tests/Fixtures/tasks/aurora-example-docker.json", [.docker]),
    ]

    static func examplePolicy() throws -> Configuration {
        try ConfigurationLoader.load(
            explicitPath: TestPaths.packageRoot.appendingPathComponent("examples/two-team-policy.yaml").path, environment: [:])
    }

    static func task(_ path: String) throws -> TaskDescription {
        try TaskInput(message: nil, format: .auto, task: TestPaths.packageRoot.appendingPathComponent(path).path).read()
    }

    /// What the front end itself decides: the Docker plugin's `Create`, dvdcli's mount, or the
    /// container service's prepare; nil when allowed, else the refusal's line.
    static func enforced(_ request: VolumeRequest, task: TaskDescription, frontEnd: FrontEnd, config: Configuration)
        async throws -> String?
    {
        let agent = try UnitAgent(settings: UnitAgent.efsSettings(), policy: config.policy)
        do {
            if frontEnd == .docker {
                _ = try agent.holders.define(request.name, options: request.options)
            } else if frontEnd == .dvdcli {
                _ = try await agent.holders.hold(request.spec, by: .dvdcli(volume: request.name))
            } else {
                var inside = request
                inside.containerPath = "/data"
                _ = try await agent.prepare("c1", [inside], identity: TaskIdentity(task: task, frontEnd: frontEnd))
            }
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: FrontEnd.allCases)
    func policyCheckDecidesAsTheFrontEndItNames(_ frontEnd: FrontEnd) async throws {
        let config = try Self.examplePolicy()
        let engine = PolicyEngine(configuration: config)
        for example in Self.examples {
            let task = try Self.task(example.task)
            let volumes = try VolumeExtractor(drivers: config.drivers).volumes(in: task).volumes
            let review = PolicyReview(task: task, volumes: volumes, frontEnd: frontEnd, policy: engine)
            for (request, decision) in zip(volumes, review.decisions) {
                let enforced = try await Self.enforced(request, task: task, frontEnd: frontEnd, config: config)
                #expect(enforced == (decision.allowed ? nil : decision.line), "\(example.task) as \(frontEnd): \(decision.line)")
            }
        }
    }

    @Test func theExamplePolicyAllowsTheExampleJobsOnTheirFrontEnds() throws {
        let config = try Self.examplePolicy()
        let engine = PolicyEngine(configuration: config)
        for example in Self.examples {
            let task = try Self.task(example.task)
            let volumes = try VolumeExtractor(drivers: config.drivers).volumes(in: task).volumes
            #expect(!volumes.isEmpty, "\(example.task)")
            for frontEnd in example.frontEnds {
                let review = PolicyReview(task: task, volumes: volumes, frontEnd: frontEnd, policy: engine)
                #expect(review.allAllowed, "\(example.task) as \(frontEnd): \(review.decisionLines)")
            }
        }
    }

    @Test func aDockerRequestIsDecidedOnItsFrontEndAloneNotTheTasksIdentity() throws {
        let config = try Self.examplePolicy()
        let task = try Self.task("examples/aurora-thermos-task.json")
        let volumes = try VolumeExtractor(drivers: config.drivers).volumes(in: task).volumes
        let review = PolicyReview(task: task, volumes: volumes, frontEnd: .dvdcli, policy: PolicyEngine(configuration: config))
        #expect(review.identity == TaskIdentity(frontEnd: .dvdcli))
        #expect(
            review.decisions.map(\.line) == [
                "volume \"uploads\": refused by the default action: no policy rule matches "
                    + "\(TaskIdentity(frontEnd: .dvdcli).summary) and this volume name; policy.defaultAction is deny"
            ])
    }
}
