import Benchmark
import EFSHookCore
import VolumeModel

/// Three efs volumes, one of them already mounted on the host by an earlier container, so
/// both branches of the planner (provision + mount, reuse) are taken.
private let fixture = "aurora-docker-command"

private struct PlanningInput {
    var requests: [VolumeRequest]
    var observed: ObservedHost
}

func planningBenchmarks() {
    let planner = Planner(providerName: "efs", mountRoot: "/var/lib/efs-hook/mounts")
    let layout = ContainerLayout(
        rootfs: "/var/lib/mesos/provisioner/containers/5f1c/backends/overlay/rootfses/9a7e",
        sandbox: "/var/lib/mesos/slaves/S3/frameworks/F0/executors/E1/runs/5f1c")

    Benchmark("Plan prepare, 3 volumes, 1 mounted (\(fixture))") { benchmark, input in
        for _ in benchmark.scaledIterations {
            blackHole(
                try planner.prepareSteps(for: input.requests, layout: layout, observed: input.observed, launchInfo: false))
        }
    } setup: { () throws -> PlanningInput in
        let task = try TaskDecoder.decode(TaskFixture.data(fixture, .binary))
        let requests = try VolumeExtractor(drivers: ["efs"]).volumes(in: task).volumes
        precondition(requests.count == 3, "\(fixture) changed: expected 3 efs volumes, found \(requests.count)")
        return PlanningInput(requests: requests, observed: ObservedHost(hostMounted: [requests[0].name]))
    }
}
