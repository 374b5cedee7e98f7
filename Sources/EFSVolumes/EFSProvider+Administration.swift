import AWSClient
import Common
import EFSHookCore
import VolumeModel

extension EFSProvider: VolumeAdministration {
    public func inspect(_ request: VolumeRequest) async throws(EFSHookError) -> VolumeInspection {
        try await EFSCall.run { () throws(EFSHookError) in
            var state = try await resources.inspect(request, mode: provisioning(request.options, naming: request.naming))
            if let fileSystemId = state.fileSystemId {
                let zone = try await placement.zone()
                state.mountTargetId = try await mountTargets.inZone(zone, fileSystemId: fileSystemId)?.mountTargetId
            }
            if state.mountTargetId == nil { state.toCreate.append("mount target") }
            return state
        }
    }

    /// Deletes what efs-hook created for `volume` in this cluster: its file system with the
    /// mount targets, or its access point on `sharedFileSystem` (default `efs.fileSystemId`).
    public func remove(volume: String, sharedFileSystem: String?) async throws(EFSHookError) -> [String] {
        try await EFSCall.run { () throws(EFSHookError) in
            let naming = resources.naming
            var removed: [String] = []
            if let fileSystem = try await api.fileSystem(creationToken: naming.creationToken(volume: volume)),
                naming.isOwned(fileSystem.tags, volume: volume)
            {
                try await reclaimer.deleteFileSystem(fileSystem.fileSystemId, volume: volume)
                removed.append(fileSystem.fileSystemId)
            }
            if let fileSystemId = sharedFileSystem ?? settings.fileSystemId {
                for accessPoint in try await api.accessPoints(fileSystemId: fileSystemId)
                where naming.isOwned(accessPoint.tags, volume: volume) {
                    try await reclaimer.deleteAccessPoint(accessPoint.accessPointId, volume: volume)
                    removed.append(accessPoint.accessPointId)
                }
            }
            return removed
        }
    }

    /// efs-hook-tagged file systems and access points (on `efs.fileSystemId`) of this cluster.
    public func ownedResources() async throws(EFSHookError) -> [OwnedResource] {
        try await EFSCall.run { () throws(EFSHookError) in
            let naming = resources.naming
            var found: [OwnedResource] = []
            for fileSystem in try await api.fileSystems() where naming.isOwned(fileSystem.tags) {
                if let volume = naming.volume(of: fileSystem.tags) {
                    found.append(OwnedResource(volume: volume, id: fileSystem.fileSystemId))
                }
            }
            if let fileSystemId = settings.fileSystemId {
                found += try await ownedAccessPoints(on: fileSystemId, volume: nil)
            }
            return found.sorted { ($0.volume, $0.id) < ($1.volume, $1.id) }
        }
    }

    /// The volume's file system (found by its creation token) and its access point on
    /// `sharedFileSystem` (default `efs.fileSystemId`), when tagged as this cluster's.
    public func ownedResources(volume: String, sharedFileSystem: String?) async throws(EFSHookError) -> [OwnedResource] {
        try await EFSCall.run { () throws(EFSHookError) in
            let naming = resources.naming
            var found: [OwnedResource] = []
            if let fileSystem = try await api.fileSystem(creationToken: naming.creationToken(volume: volume)),
                naming.isOwned(fileSystem.tags, volume: volume)
            {
                found.append(OwnedResource(volume: volume, id: fileSystem.fileSystemId))
            }
            if let fileSystemId = sharedFileSystem ?? settings.fileSystemId {
                found += try await ownedAccessPoints(on: fileSystemId, volume: volume)
            }
            return found
        }
    }

    private func ownedAccessPoints(on fileSystemId: String, volume: String?) async throws(EFSHookError) -> [OwnedResource] {
        let naming = resources.naming
        return try await api.accessPoints(fileSystemId: fileSystemId).compactMap { accessPoint in
            guard naming.isOwned(accessPoint.tags, volume: volume), let owner = naming.volume(of: accessPoint.tags) else { return nil }
            return OwnedResource(volume: owner, id: accessPoint.accessPointId, kind: .accessPoint, fileSystemId: fileSystemId)
        }
    }

    /// CloudWatch's `ClientConnections` of each file system, summed per period; without a
    /// CloudWatch client nothing is known.
    public func connections(of fileSystemIds: [String], over window: ConnectionHistory.Window) async throws(EFSHookError)
        -> [String: ConnectionHistory]
    {
        guard let cloudWatch, !fileSystemIds.isEmpty else { return [:] }
        let queries = fileSystemIds.enumerated().map {
            MetricStatQuery.clientConnections(fileSystemId: $0.element, id: "fs\($0.offset)", period: window.period)
        }
        var results: [MetricDataResult] = []
        // GetMetricData takes at most 500 queries per call.
        for first in stride(from: 0, to: queries.count, by: 500) {
            let batch = Array(queries[first..<min(first + 500, queries.count)])
            do {
                results += try await cloudWatch.metricData(MetricDataRequest(queries: batch, start: window.start, end: window.end))
            } catch  where error.kind == .permissionDenied {
                throw EFSHookError(
                    .permissionDenied,
                    "gc and remove need cloudwatch:GetMetricData (the admin policy, deploy/iam-policy-admin.json), which this role "
                        + "lacks: \(error.message)", code: error.code, cause: error)
            }
        }
        var histories: [String: ConnectionHistory] = [:]
        for (query, fileSystemId) in zip(queries, fileSystemIds) {
            guard let result = results.first(where: { $0.id == query.id }) else { continue }
            let points = zip(result.timestamps, result.values).map { ConnectionHistory.Point(start: $0.0, connections: $0.1) }
            histories[fileSystemId] = ConnectionHistory(points: points, status: result.statusCode)
        }
        return histories
    }

    public func delete(_ resource: OwnedResource) async throws(EFSHookError) {
        try await EFSCall.run { () throws(EFSHookError) in
            switch resource.kind {
            case .accessPoint: try await reclaimer.deleteAccessPoint(resource.id, volume: resource.volume)
            case .fileSystem: try await reclaimer.deleteFileSystem(resource.id, volume: resource.volume)
            }
        }
    }
}
