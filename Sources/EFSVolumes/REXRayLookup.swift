import AWSClient
import Common

/// Finds a REX-Ray volume's file system in the order libStorage's generations named it:
/// the current token, REX-Ray 0.5's bare-name token, then a `Name` tag. More than one
/// candidate is refused: efs-hook never guesses which file system holds the data.
public struct REXRayLookup: Sendable {
    public init(api: any EFSAPI, naming: REXRayNaming) {
        self.api = api
        self.naming = naming
    }

    let api: any EFSAPI
    let naming: REXRayNaming

    public struct Found: Sendable {
        public var fileSystem: FileSystemDescription
        public var match: REXRayNaming.Match
    }

    /// Two describes by token; the whole account is listed only when neither finds it.
    public func find(volume: String) async throws(EFSHookError) -> Found? {
        let current = try await api.fileSystem(creationToken: naming.creationToken(volume: volume))
        let legacy = try await api.fileSystem(creationToken: naming.legacyCreationToken(volume: volume))
        if let found = try choose(volume, current: current, legacy: legacy) { return found }
        return try choose(volume, named: try await api.fileSystems())
    }

    /// The same choice from a listing of the account (`migrate rexray --online`).
    public func find(volume: String, in all: [FileSystemDescription]) throws(EFSHookError) -> Found? {
        let current = all.first { $0.creationToken == naming.creationToken(volume: volume) }
        let legacy = all.first { $0.creationToken == naming.legacyCreationToken(volume: volume) }
        if let found = try choose(volume, current: current, legacy: legacy) { return found }
        return try choose(volume, named: all)
    }

    private func choose(_ volume: String, current: FileSystemDescription?, legacy: FileSystemDescription?) throws(EFSHookError) -> Found? {
        // A bare-name token says nothing about the tag: trust it only when its Name agrees.
        let legacy = legacy.flatMap { REXRayNaming.name(of: $0) == nil || naming.names($0, volume: volume) ? $0 : nil }
        switch (current, legacy) {
        case (let current?, let legacy?) where current.fileSystemId != legacy.fileSystemId:
            throw ambiguous(volume, [current.fileSystemId, legacy.fileSystemId])
        case (let current?, _): return Found(fileSystem: current, match: .token)
        case (nil, let legacy?): return Found(fileSystem: legacy, match: .legacyToken)
        case (nil, nil): return nil
        }
    }

    private func choose(_ volume: String, named all: [FileSystemDescription]) throws(EFSHookError) -> Found? {
        let named = all.filter { naming.names($0, volume: volume) }
        guard named.count <= 1 else { throw ambiguous(volume, named.map(\.fileSystemId)) }
        return named.first.map { Found(fileSystem: $0, match: .nameTag) }
    }

    func ambiguous(_ volume: String, _ ids: [String]) -> EFSHookError {
        .failure(
            "volume \"\(volume)\": \(ids.count) file systems are REX-Ray's \"\(naming.nameTag(volume: volume))\" "
                + "(\(ids.sorted().joined(separator: ", "))); refusing to guess which holds the data: "
                + "remove or rename all but one (efs-hook migrate rexray --online lists them)")
    }
}
