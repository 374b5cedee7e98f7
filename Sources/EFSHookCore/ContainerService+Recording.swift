import VolumeModel

/// What prepare and cleanup tell the operation's summary (`OperationRecorder.current`):
/// nothing when no operation is being recorded.
extension ContainerService {
    /// Before the prepare: the container, who asks, and its volumes (failed until they are
    /// bound). The ledger notes each cold mount's resolution.
    func recordAsked(containerID: String, identity: TaskIdentity, requests: [VolumeRequest]) {
        OperationRecorder.current?.update { summary in
            summary.containerID = containerID
            summary.identify(identity)
            for request in requests { summary.note(volume: request.name, outcome: "failed") }
        }
    }

    func recordPrepared(_ result: PrepareResult) {
        OperationRecorder.current?.update { summary in
            for volume in result.volumes {
                summary.note(volume: volume.name, outcome: volume.reusedHostMount ? "reused" : "mounted")
                if let index = summary.volumes.firstIndex(where: { $0.name == volume.name }) {
                    summary.volumes[index].target = volume.target
                }
            }
        }
    }

    /// The volumes the container held, read before they are released.
    func recordReleasing(containerID: String) {
        guard let recorder = OperationRecorder.current else { return }
        let record = try? state.containers.load(containerID)
        recorder.update { summary in
            summary.containerID = containerID
            for volume in (record ?? nil)?.volumes ?? [] { summary.note(volume: volume.name, outcome: "released") }
        }
    }
}
