import AWSClient
import Common
import VolumeModel

/// REX-Ray's volumes in the account, as libStorage lists them (a `Name` with the tag's
/// prefix), and what efs-hook will do with each: `efs-hook migrate rexray --online`.
public struct REXRayInventory: Sendable {
    public struct Entry: Sendable, Encodable, Equatable {
        public var volume: String
        public var fileSystemId: String
        public var lifeCycleState: String
        /// `rexray-token`, `rexray-0.5-token`, or `rexray-name-tag` (neither token).
        public var tokenKind: String
        /// Zone → mount target IP (or id while it has none).
        public var mountTargets: [String: String]
        public var action: String
    }

    let api: any EFSAPI
    let naming: REXRayNaming
    let rootPath: String

    public init(api: any EFSAPI, naming: REXRayNaming, rootPath: String) {
        self.api = api
        self.naming = naming
        self.rootPath = rootPath
    }

    public func entries() async throws(EFSHookError) -> [Entry] {
        try await EFSCall.run { () throws(EFSHookError) in
            let all = try await api.fileSystems()
            let lookup = REXRayLookup(api: api, naming: naming)
            var entries: [Entry] = []
            for fileSystem in all {
                guard let volume = naming.volume(of: fileSystem) else { continue }
                var zones: [String: String] = [:]
                for target in try await api.mountTargets(fileSystemId: fileSystem.fileSystemId) {
                    zones[target.availabilityZoneName ?? "?"] = target.ipAddress ?? target.mountTargetId
                }
                entries.append(
                    Entry(
                        volume: volume, fileSystemId: fileSystem.fileSystemId, lifeCycleState: fileSystem.lifeCycleState.rawValue,
                        tokenKind: tokenKind(fileSystem, volume: volume).rawValue, mountTargets: zones,
                        action: action(for: fileSystem, volume: volume, zones: zones, lookup: lookup, all: all)))
            }
            return entries.sorted { ($0.volume.lowercased(), $0.fileSystemId) < ($1.volume.lowercased(), $1.fileSystemId) }
        }
    }

    func tokenKind(_ fileSystem: FileSystemDescription, volume: String) -> REXRayNaming.Match {
        switch fileSystem.creationToken {
        case naming.creationToken(volume: volume): return .token
        case naming.legacyCreationToken(volume: volume): return .legacyToken
        default: return .nameTag
        }
    }

    func action(
        for fileSystem: FileSystemDescription, volume: String, zones: [String: String], lookup: REXRayLookup,
        all: [FileSystemDescription]
    ) -> String {
        do throws(EFSHookError) {
            try VolumeName.validate(volume)
        } catch {
            return "skip: \(Quoting.safe(volume)) is not a valid volume name for efs-hook"
        }
        let found: REXRayLookup.Found?
        do {
            found = try lookup.find(volume: volume, in: all)
        } catch {
            return "refuse: " + EFSHookError.oneLine(error).replacingOccurrences(of: "volume \"\(volume)\": ", with: "")
        }
        guard let found, found.fileSystem.fileSystemId == fileSystem.fileSystemId else {
            return "ignore: volume \(volume) resolves to \(found?.fileSystem.fileSystemId ?? "nothing")"
        }
        let shown = rootPath == "/" ? "its root" : rootPath
        return "adopt: mount \(shown) at mountRoot/\(volume)" + (zones.isEmpty ? "; create a mount target in the agent's zone" : "")
    }
}
