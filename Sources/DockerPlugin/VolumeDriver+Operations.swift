import Common
import EFSHookCore
import Logging
import VolumeModel

extension VolumeDriver {
    /// Idempotent: creating an existing volume again with the same options, or with none
    /// (Docker's implicit create), succeeds and keeps the stored options.
    func create(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        let raw = (call.options ?? [:]).sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        let options = try VolumeOptions.parse(raw, volume: call.name)
        return try await serializer.run(call.name) { () throws(EFSHookError) -> PluginResponse in
            _ = try holders.define(call.name, options: options)
            return .success(EmptyReply())
        }
    }

    /// Refused while any holder on this host uses the volume. `reclaim=delete` deletes the
    /// volume's resources (the local provider never deletes data); otherwise the data is
    /// kept and only the definition goes. Removing an unknown volume succeeds.
    func remove(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        try await serializer.run(call.name) { () async throws(EFSHookError) -> PluginResponse in
            if try await holders.removeDefinition(call.name) == nil {
                logger.info("remove of a volume efs-hook does not know; nothing to do", metadata: ["volume": "\(call.name)"])
            }
            return .success(EmptyReply())
        }
    }

    /// Mounts the volume once on this host (if it is not already) and records this mount ID
    /// as one more user of it.
    func mount(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        let holder = try Self.holder(for: call)
        return try await serializer.run(call.name) { () async throws(EFSHookError) -> PluginResponse in
            // REX-Ray created volumes implicitly; its Docker volumes exist in EFS, not here.
            var known = try holders.definition(call.name)
            if known == nil, naming == .rexray { known = try holders.define(call.name, options: VolumeOptions()) }
            guard let definition = known else {
                throw .invalidTask(
                    "volume \(call.name) does not exist; create it first: docker volume create -d \(driverName) \(call.name)")
            }
            let started = ContinuousClock.now
            do throws(EFSHookError) {
                let spec = VolumeSpec(name: call.name, options: try definition.mountOptions(), naming: naming)
                let mountPoint = try await holders.hold(spec, by: holder, source: "this host's definition of it")
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
            let started = ContinuousClock.now
            do throws(EFSHookError) {
                let known = try await holders.release(call.name, by: holder)
                metrics?.unmount(ok: known, duration: ContinuousClock.now - started)
                guard known else {
                    throw .failure("volume \(call.name): \(holder) is not mounted on this host (never mounted, or already unmounted)")
                }
                return .success(EmptyReply())
            } catch {
                metrics?.unmount(ok: false, duration: ContinuousClock.now - started)
                throw error
            }
        }
    }

    func path(_ call: VolumeCall) throws(EFSHookError) -> PluginResponse {
        _ = try definition(call.name)
        return .success(MountpointReply(Mountpoint: try mountPoint(of: call.name)))
    }

    func get(_ call: VolumeCall) async throws(EFSHookError) -> PluginResponse {
        let adopted = try await serializer.run(call.name) { () async throws(EFSHookError) -> VolumeDefinition? in
            try await holders.definitionAdopting(call.name, naming: naming)
        }
        guard let definition = adopted else { throw .invalidTask("volume \(call.name) does not exist") }
        let users = try status.users(of: call.name)
        let status: [String: StatusValue] = [
            "options": .map(definition.options.values), "usersOnThisHost": .number(users.count),
            "provider": .text(holders.providerName),
        ]
        return .success(GetReply(Volume: VolumeInfo(Name: call.name, Mountpoint: try mountPoint(of: call.name), Status: status)))
    }

    func list() throws(EFSHookError) -> [VolumeInfo] {
        var volumes: [VolumeInfo] = []
        for name in try holders.definedVolumes() {
            volumes.append(VolumeInfo(Name: name, Mountpoint: try mountPoint(of: name), Status: nil))
        }
        return volumes
    }

    func definition(_ name: String) throws(EFSHookError) -> VolumeDefinition {
        guard let definition = try holders.definition(name) else {
            throw .invalidTask("volume \(name) does not exist")
        }
        return definition
    }

    /// The host mount point while the volume is mounted here, else "".
    func mountPoint(of name: String) throws(EFSHookError) -> String {
        try status.isMounted(name) ? status.mountPoint(of: name) : ""
    }
}

extension VolumeDriver {
    /// The request's one record: its summary (volumes, rule, AWS calls, duration) with the
    /// endpoint's fields. Requests that change what a container can reach at notice, the
    /// read-only ones Docker sends all the time at info.
    func logRecord(_ recorder: OperationRecorder, response: PluginResponse, metadata: Logger.Metadata) {
        let error = response.error.map { EFSHookError.failure($0) }
        let summary = recorder.finish(exitCode: response.isSuccess ? 0 : 1, error: error)
        let fields = summary.metadata.merging(metadata) { $1 }
        if response.error != nil {
            logger.warning("plugin request failed", metadata: fields)
        } else {
            let changes = [PluginEndpoint.create, .remove, .mount, .unmount].map(\.label).contains(summary.operation)
            logger.log(level: changes ? .notice : .info, "plugin request", metadata: fields)
        }
        do {
            try audit?.append(AuditEntry.entries(of: summary, ts: LogRecordJSON.timestamp()))
        } catch {
            logger.warning("cannot append to the audit trail", metadata: ["error": "\(error.message)"])
        }
    }
}
