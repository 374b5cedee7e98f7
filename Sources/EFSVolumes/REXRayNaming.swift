import AWSClient
import Crypto
import Foundation

/// libStorage's EFS naming, so efs-hook finds the file systems REX-Ray made and makes new
/// ones REX-Ray would find: creation token MD5-hex("<tag>/<name>") (REX-Ray 0.5: the bare
/// name) and exactly one tag, `Name = "<tag>/<name>"`. An empty tag keeps the slash.
public struct REXRayNaming: Sendable, Equatable {
    /// REX-Ray's `efs.tag`.
    public var tag: String

    public init(tag: String) { self.tag = tag }

    /// Which token generation (or tag) found a file system.
    public enum Match: String, Sendable, Encodable {
        /// MD5 of "<tag>/<name>" (libStorage 0.2.1 and later).
        case token = "rexray-token"
        /// The bare volume name (REX-Ray 0.5.0, libStorage 0.2.0).
        case legacyToken = "rexray-0.5-token"
        /// Only the `Name` tag matched (made by hand or by another tool).
        case nameTag = "rexray-name-tag"
    }

    public var prefix: String { tag + "/" }
    public func nameTag(volume: String) -> String { prefix + volume }

    public func creationToken(volume: String) -> String {
        Insecure.MD5.hash(data: Data(nameTag(volume: volume).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func legacyCreationToken(volume: String) -> String { volume }

    public func tags(volume: String) -> [EFSTag] { [EFSTag(key: "Name", value: nameTag(volume: volume))] }

    /// The file system's `Name`: the response's own field, else its `Name` tag.
    public static func name(of fileSystem: FileSystemDescription) -> String? {
        fileSystem.name.flatMap { $0.isEmpty ? nil : $0 } ?? fileSystem.tags?.first { $0.key == "Name" }?.value
    }

    /// The volume a file system is for REX-Ray with this tag, as libStorage lists it: a `Name`
    /// with the tag's prefix, in a state that is not going away.
    public func volume(of fileSystem: FileSystemDescription) -> String? {
        guard fileSystem.lifeCycleState != .deleting, fileSystem.lifeCycleState != .deleted,
            let name = Self.name(of: fileSystem), name.hasPrefix(prefix), name.count > prefix.count
        else { return nil }
        return String(name.dropFirst(prefix.count))
    }

    /// Whether a file system is one of REX-Ray's for this tag (any volume): what a policy
    /// allowing "REX-Ray's file systems" admits.
    public func isREXRayFileSystem(_ fileSystem: FileSystemDescription) -> Bool { volume(of: fileSystem) != nil }

    /// Whether a file system's `Name` names `volume` (case-insensitively, as REX-Ray matches).
    public func names(_ fileSystem: FileSystemDescription, volume: String) -> Bool {
        self.volume(of: fileSystem)?.lowercased() == volume.lowercased()
    }
}
