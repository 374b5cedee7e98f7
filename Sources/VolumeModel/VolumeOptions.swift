import Common

/// Validated per-volume options, keyed by their canonical spelling, values normalised.
public struct VolumeOptions: Sendable, Codable, Equatable {
    public private(set) var values: [String: String]

    public init() { values = [:] }

    public subscript(key: VolumeOption) -> String? { values[key.rawValue] }

    public func bool(_ key: VolumeOption) -> Bool? { self[key].map { $0 == "true" } }

    public var isEmpty: Bool { values.isEmpty }

    /// These options, with `other`'s for the keys these leave out.
    public func filling(from other: VolumeOptions) -> VolumeOptions {
        var filled = self
        filled.values.merge(other.values) { own, _ in own }
        return filled
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    /// Validates `raw` pairs against the allow-list. Keys match case-insensitively and are
    /// stored in their documented spelling; a key given twice is an error.
    public static func parse(_ raw: [(key: String, value: String)], volume: String) throws(EFSHookError) -> VolumeOptions {
        var options = VolumeOptions()
        for (rawKey, rawValue) in raw {
            guard let key = VolumeOption.lookup(rawKey) else {
                throw .invalidTask(
                    "volume \"\(Quoting.safe(volume))\": unknown option \"\(Quoting.safe(rawKey))\"; accepted options: "
                        + VolumeOption.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard options.values[key.rawValue] == nil else {
                throw .invalidTask("volume \"\(Quoting.safe(volume))\": option \"\(key.rawValue)\" is given twice")
            }
            guard let value = key.kind.normalize(rawValue) else {
                if key == .path, rawValue.split(separator: "/").contains("..") {
                    // An escape attempt, not a typo: refused as a permission, like a path outside the volume's root.
                    throw .permissionDenied(
                        "volume \"\(Quoting.safe(volume))\": refused by the safe defaults: path=\"\(Quoting.safe(rawValue))\" climbs out with \"..\""
                    )
                }
                throw .invalidTask(
                    "volume \"\(Quoting.safe(volume))\": option \(key.rawValue)=\"\(Quoting.safe(rawValue))\" is invalid; expected \(key.kind.expectation)"
                )
            }
            options.values[key.rawValue] = value
        }
        return options
    }

    /// Splits `k=v,k=v` (DVDI_VOLUME_OPTS style). An item without `=` is an error.
    public static func splitList(_ list: String, volume: String) throws(EFSHookError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: "=") else {
                throw .invalidTask("volume \"\(Quoting.safe(volume))\": option \"\(Quoting.safe(String(item)))\" is not key=value")
            }
            pairs.append((String(item[..<equals]), String(item[item.index(after: equals)...])))
        }
        return pairs
    }
}
