import Common

/// The `volumes` section: volume name → its options, each name and option checked by the rules
/// a task's volume is checked by.
extension ConfigurationLoader {
    static func parseVolumes(_ reader: YAMLMapReader, source: String) throws(EFSHookError) -> ClusterVolumes {
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
