import Common

/// The cluster's own volume definitions, `volumes:` in config.yaml: deployed to every agent
/// like the rest of the file, so a name defined there resolves to the same resource on every
/// host and every front end, whatever any one host stored for it.
///
/// A request for a defined name (Docker Create's options, a task's, a definition stored on
/// this host) may leave options out or repeat the config's. It may add options the config
/// leaves out, except a shape choice (`shapeOptions`: what picks the resource) and
/// `reclaim=delete` (a cluster volume outlives any one host's use of it). Anything else, an
/// option set to another value than the config's included, is refused with exit 78 naming
/// both, before anything is created.
public struct ClusterVolumes: Sendable, Equatable, Codable {
    /// Volume name → its validated options.
    public var definitions: [String: VolumeOptions] = [:]

    /// The options that choose which resource a name resolves to.
    public static let shapeOptions: Set<VolumeOption> = [.provisioning, .fileSystemId, .accessPointId]

    public init(_ definitions: [String: VolumeOptions] = [:]) { self.definitions = definitions }

    /// The options `volume` is used with: `asked` when the config does not define it, else the
    /// config's with `asked`'s additions. `source` names the asker in the refusal.
    public func options(for volume: String, asked: VolumeOptions, source: String) throws(EFSHookError) -> VolumeOptions {
        guard let defined = definitions[volume] else { return asked }
        let conflicts = asked.values.sorted { $0.key < $1.key }.filter { key, value in
            if let own = defined.values[key] { return own != value }
            return VolumeOption(rawValue: key).map(Self.shapeOptions.contains) == true
                || (key == VolumeOption.reclaim.rawValue && value != "retain")
        }
        guard conflicts.isEmpty else {
            throw .config(
                "volume \"\(volume)\" is defined by the cluster's config (volumes:) with \(Self.summary(defined.values)); "
                    + "\(source) asks for \(Self.summary(Dictionary(uniqueKeysWithValues: conflicts))): refused, nothing created; "
                    + "ask for it with no options or the config's")
        }
        return defined.filling(from: asked)
    }

    static func summary(_ values: [String: String]) -> String {
        values.isEmpty ? "no options" : values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}

/// The `volumes` section of config.yaml: volume name → its options, each name and option
/// checked by the rules a task's volume is checked by.
extension ClusterVolumes {
    static func parse(_ reader: YAMLMapReader, source: String) throws(EFSHookError) -> ClusterVolumes {
        var volumes = ClusterVolumes()
        for name in reader.values.keys.sorted() {
            let place = reader.key(name)
            do throws(EFSHookError) {
                try VolumeName.validate(name)
                var pairs: [(key: String, value: String)] = []
                if let options = try reader.map(name) {
                    for key in options.values.keys.sorted() {
                        guard let value = try options.string(key) else { continue }
                        pairs.append((key, value))
                    }
                }
                let options = try VolumeOptions.parse(pairs, volume: name)
                if let reclaim = options[.reclaim], reclaim != "retain" {
                    throw EFSHookError.config("reclaim=\(reclaim): a cluster volume is deleted with efs-hook remove, never by one host")
                }
                volumes.definitions[name] = options
            } catch {
                throw .config("\(source): \(place): \(error.message)")
            }
        }
        return volumes
    }
}
