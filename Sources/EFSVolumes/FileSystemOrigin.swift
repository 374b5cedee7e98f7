import AWSClient
import Foundation

/// What this run knows of a volume's file system when it looks for a mount target: whether
/// the zone's mount target can be missing, and whether another agent may be creating it.
enum FileSystemOrigin: Sendable, Equatable {
    /// This run created it: it has no mount target, and agents in its zone wait for this one.
    case createdNow
    /// Someone else's. `mountTargets`: its NumberOfMountTargets, when described. `young`: its
    /// creator may still be creating the zone's mount target (created moments ago, or of
    /// unknown age because FileSystemAlreadyExists named it).
    case existing(mountTargets: Int?, young: Bool)

    /// What EFS's answers so far show: no mount target at all.
    var hasNoMountTargets: Bool {
        switch self {
        case .createdNow: return true
        case .existing(let count, _): return count == 0
        }
    }

    /// A file system this run did not create, as the configuration or a describe gave it.
    static func described(_ fileSystem: FileSystemDescription?, now: Date = Date()) -> FileSystemOrigin {
        guard let fileSystem else { return .existing(mountTargets: nil, young: true) }
        let age = fileSystem.creationTime.map { now.timeIntervalSince1970 - $0 }
        return .existing(mountTargets: fileSystem.numberOfMountTargets, young: age.map { $0 < youngSeconds } ?? false)
    }

    /// A file system this old has had the time its creator needs for a mount target.
    static let youngSeconds = 120.0
}
