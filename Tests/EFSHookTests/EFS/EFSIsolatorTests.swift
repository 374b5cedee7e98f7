import Foundation
import Testing

@testable import HostLayer

extension EFSProviderTests {
    /// The isolator contract with the EFS provider: INPUT as criteo's module writes it, the
    /// launch info Mesos would bind from, and nothing left on the host after cleanup.
    @Test("isolator prepare/cleanup with the EFS provider: one file system, launch info mounts, clean host after cleanup")
    func isolatorWithEFSProvider() async throws {
        let t = try await Context("isolator")
        let agent = try t.agent("agent-iso")
        let rootfs = try agent.sandbox.rootfs("iso")
        let config: [String: Any] = [
            "directory": "\(agent.sandbox.root)/sandbox", "rootfs": rootfs, "command_info": ["value": "true"],
            "container_info": [
                "type": "MESOS",
                "volumes": [
                    [
                        "container_path": "/srv/uploads", "mode": "RO",
                        "source": ["type": "DOCKER_VOLUME", "docker_volume": ["driver": "efs", "name": "iso-vol"]],
                    ]
                ],
            ],
        ]
        let input = "\(agent.sandbox.root)/isolator-input.json"
        try JSONSerialization.data(withJSONObject: ["container_id": ["value": "iso"], "container_config": config])
            .write(to: URL(fileURLWithPath: input))
        let output = "\(agent.sandbox.root)/out"
        let error = "\(agent.sandbox.root)/err"

        let prepared = try await agent.run(["isolator", "prepare", input, output, error])
        #expect(prepared.status == 0, "\(prepared.stderr)")
        let info = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        let mounts = info?["mounts"] as? [[String: Any]] ?? []
        #expect(mounts.count == 1)
        #expect(mounts.first?["source"] as? String == agent.hostMount("iso-vol"))
        #expect(mounts.first?["target"] as? String == "\(rootfs)/srv/uploads")
        #expect(mounts.first?["flags"] as? Int == 4096 | 16384 | 1, "MS_BIND|MS_REC|MS_RDONLY")
        #expect(try agent.mountCalls().count == 1)
        #expect(try agent.mountCalls().first?.prefix(2) == ["-t", "nfs4"])
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).count == 1, "one file system for the volume")

        let cleaned = try await agent.run(["isolator", "cleanup", input, output, error])
        #expect(cleaned.status == 0, "\(cleaned.stderr)")
        #expect(try agent.mounts().isEmpty, "no host mount left")
        #expect(agent.records("containers").isEmpty)
        #expect(agent.records("mounts").isEmpty)
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).count == 1, "retain: the data stays")
    }
}
