import Common
import EFSHookCore
import HostLayer
import VolumeModel

extension VolumeDriver {
    /// Idempotent: creating an existing volume again with the same options, or with none
    /// (Docker's implicit create), succeeds and keeps the stored options.
    func create(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        let raw = (call.options ?? [:]).sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        let options = try VolumeOptions.parse(raw, volume: call.name)
        return try await serializer.run(call.name) { () throws(EFSHookError) -> PluginResponse in
            let locks = try executor.state.lockVolumes([call.name])
            defer { locks.forEach { $0.release() } }
            if let existing = try definitions.load(call.name) {
                guard options.isEmpty || options == existing.options else {
                    throw .invalidTask(
                        "volume \(call.name) already exists with \(existing.optionSummary); remove it first, or create it with the same options")
                }
                return .success(EmptyReply())
            }
            let definition = VolumeDefinition(name: call.name, options: options)
            try definitions.save(definition, as: call.name)
            logger.notice("created volume", metadata: ["volume": "\(call.name)", "options": "\(definition.optionSummary)"])
            return .success(EmptyReply())
        }
    }

    /// Refused while any holder on this host uses the volume. `reclaim=delete` deletes the
    /// volume's EFS resources (the local provider never deletes data); otherwise the data is
    /// kept and only the definition goes. Removing an unknown volume succeeds.
    func remove(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        try await serializer.run(call.name) { () async throws(EFSHookError) -> PluginResponse in
            guard let definition = try definitions.load(call.name) else {
                logger.info("remove of a volume efs-hook does not know; nothing to do", metadata: ["volume": "\(call.name)"])
                return .success(EmptyReply())
            }
            try refuseIfInUse(call.name)
            if definition.reclaimDelete {
                if executor.provider is EFSProvider {
                    let removed = try await executor.removeVolume(call.name, accessPointFileSystem: definition.options[.fileSystemId])
                    logger.notice(
                        "deleted the volume's EFS resources (reclaim=delete)",
                        metadata: ["volume": "\(call.name)", "removed": "\(removed.joined(separator: ","))"])
                } else {
                    logger.notice(
                        "reclaim=delete: the \(executor.provider.name) provider never deletes data; forgetting the volume only",
                        metadata: ["volume": "\(call.name)"])
                }
            }
            let locks = try executor.state.lockVolumes([call.name])
            defer { locks.forEach { $0.release() } }
            try refuseIfInUse(call.name)
            try definitions.remove(call.name)
            logger.notice("removed volume", metadata: ["volume": "\(call.name)"])
            return .success(EmptyReply())
        }
    }

    func refuseIfInUse(_ name: String) throws(EFSHookError) {
        let users = try executor.state.userIndex.users(of: name)
        guard users.isEmpty else {
            throw .failure(
                "volume \(name) is in use on this host by \(users.count) holder(s) (\(users.prefix(5).joined(separator: ", "))); unmount it first")
        }
        let mountPoint = executor.planner.hostMountPoint(for: name)
        guard try !MountPoint.isMountPoint(mountPoint) else {
            throw .failure("volume \(name) is still mounted on this host at \(mountPoint) with no recorded user; run efs-hook recover")
        }
    }

    /// Mounts the volume once on this host (if it is not already) and records this mount ID
    /// as one more user of it.
    func mount(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        let holder = try Self.holder(for: call)
        return try await serializer.run(call.name) { () async throws(EFSHookError) -> PluginResponse in
            guard let definition = try definitions.load(call.name) else {
                throw .invalidTask("volume \(call.name) does not exist; create it first: docker volume create -d \(driverName) \(call.name)")
            }
            if let existing = try executor.state.containers.load(holder), !existing.volumes.contains(where: { $0.name == call.name }) {
                throw .invalidTask(
                    "\(Self.describe(call)) already holds volume \(existing.volumes.map(\.name).joined(separator: ", ")), not \(call.name)")
            }
            let request = VolumeRequest(
                name: call.name, driver: driverName, containerPath: "/", readOnly: false, origin: .direct,
                options: try definition.mountOptions())
            let started = ContinuousClock.now
            do throws(EFSHookError) {
                let mountPoint = try await executor.hold(request, holder: holder)
                metrics?.mount(ok: true, duration: ContinuousClock.now - started)
                return .success(MountpointReply(Mountpoint: mountPoint))
            } catch {
                metrics?.mount(ok: false, duration: ContinuousClock.now - started)
                throw error
            }
        }
    }

    /// Releases one mount ID; the host mount goes with the volume's last user. An ID this
    /// host does not hold (never mounted, or already unmounted) is an error.
    func unmount(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        let holder = try Self.holder(for: call)
        return try await serializer.run(call.name) { () async throws(EFSHookError) -> PluginResponse in
            let notHeld = EFSHookError.failure(
                "volume \(call.name): \(Self.describe(call)) is not mounted on this host (never mounted, or already unmounted)")
            guard let record = try executor.state.containers.load(holder) else { throw notHeld }
            guard record.volumes.contains(where: { $0.name == call.name }) else {
                throw .invalidTask(
                    "\(Self.describe(call)) holds volume \(record.volumes.map(\.name).joined(separator: ", ")), not \(call.name)")
            }
            let started = ContinuousClock.now
            do throws(EFSHookError) {
                let result = try await executor.cleanup(containerID: holder)
                metrics?.unmount(ok: result.known, duration: ContinuousClock.now - started)
                guard result.known else { throw notHeld }
                return .success(EmptyReply())
            } catch {
                metrics?.unmount(ok: false, duration: ContinuousClock.now - started)
                throw error
            }
        }
    }

    func path(_ call: VolumeCall) throws(EFSHookError) -> PluginResponse {
        _ = try definition(call.name)
        return .success(MountpointReply(Mountpoint: try mountPoint(of: call.name, table: try MountTable.current())))
    }

    func get(_ call: VolumeCall) throws(EFSHookError) -> PluginResponse {
        let definition = try definition(call.name)
        let users = try executor.state.userIndex.users(of: call.name)
        let status: [String: StatusValue] = [
            "options": .map(definition.options.values), "usersOnThisHost": .number(users.count),
            "provider": .text(executor.provider.name),
        ]
        return .success(
            GetReply(
                Volume: VolumeInfo(
                    Name: call.name, Mountpoint: try mountPoint(of: call.name, table: try MountTable.current()), Status: status)))
    }

    func list() throws(EFSHookError) -> [VolumeInfo] {
        let table = try MountTable.current()
        var volumes: [VolumeInfo] = []
        for key in try definitions.keys() {
            volumes.append(VolumeInfo(Name: key, Mountpoint: try mountPoint(of: key, table: table), Status: nil))
        }
        return volumes
    }

    func definition(_ name: String) throws(EFSHookError) -> VolumeDefinition {
        guard let definition = try definitions.load(name) else {
            throw .invalidTask("volume \(name) does not exist")
        }
        return definition
    }

    /// The host mount point while the volume is mounted here, else "".
    func mountPoint(of name: String, table: MountTable) throws(EFSHookError) -> String {
        let mountPoint = executor.planner.hostMountPoint(for: name)
        guard try executor.state.hostMounts.load(name) != nil, table.isMountPoint(mountPoint) else { return "" }
        return mountPoint
    }
}
