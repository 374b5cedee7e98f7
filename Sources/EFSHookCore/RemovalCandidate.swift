import Foundation

/// One resource `gc` or `remove` could delete, with the evidence for and against. Deletable
/// only when all hold: it carries this cluster's tags (`ownedResources` finds nothing else),
/// nothing on this host uses its volume, and its file system had no client connection over
/// the whole grace period, by positive evidence (see `ConnectionHistory.usage`).
public struct RemovalCandidate: Sendable, Equatable, Encodable {
    public var resource: OwnedResource
    /// What makes it safe, one line each (all of them when `blocker` is nil).
    public var evidence: [String]
    /// Why it is kept; nil when it may be deleted.
    public var blocker: String?

    public var deletable: Bool { blocker == nil }

    public init(resource: OwnedResource, evidence: [String], blocker: String?) {
        self.resource = resource
        self.evidence = evidence
        self.blocker = blocker
    }

    /// The decision, from what this host and the metrics say.
    public static func judge(
        _ resource: OwnedResource, usedHere: Bool, history: ConnectionHistory?, window: ConnectionHistory.Window, days: Int
    ) -> RemovalCandidate {
        var evidence = ["tagged as efs-hook's for this cluster and volume \(resource.volume)"]
        guard !usedHere else {
            return RemovalCandidate(resource: resource, evidence: evidence, blocker: "a container or host mount on this host uses it")
        }
        evidence.append("no container or host mount on this host uses it")
        let through = resource.kind == .accessPoint ? " (the access point's file system)" : ""
        switch (history ?? ConnectionHistory(points: [])).usage(over: window) {
        case .used(let point):
            let blocker =
                "\(resource.fileSystemId)\(through) had \(Self.number(point.connections)) client connections in the day from "
                + "\(ConnectionHistory.day(point.start)) (within \(days) days)"
            return RemovalCandidate(resource: resource, evidence: evidence, blocker: blocker)
        case .unknown(let why):
            let blocker = "use of \(resource.fileSystemId)\(through) over the last \(days) days is unknown: \(why)"
            return RemovalCandidate(resource: resource, evidence: evidence, blocker: blocker)
        case .idle(let points):
            evidence.append(
                "ClientConnections of \(resource.fileSystemId)\(through) is 0 in all \(points) daily datapoints of the last \(days) days")
            return RemovalCandidate(resource: resource, evidence: evidence, blocker: nil)
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    enum CodingKeys: String, CodingKey {
        case volume, kind, id, fileSystemId, deletable, evidence, blocker
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resource.volume, forKey: .volume)
        try container.encode(resource.kind, forKey: .kind)
        try container.encode(resource.id, forKey: .id)
        try container.encode(resource.fileSystemId, forKey: .fileSystemId)
        try container.encode(deletable, forKey: .deletable)
        try container.encode(evidence, forKey: .evidence)
        try container.encodeIfPresent(blocker, forKey: .blocker)
    }
}
