/// A kind of record kept in the state directory. Each kind declares, next to its type, the
/// schema version it writes; `RecordStore` stores it as `"schemaVersion"` beside the record's
/// fields and reads every version up to it. A record without the key was written before
/// versions were: version 1. A binary that ignores the key (the previous one: Codable skips
/// unknown keys) still reads a record of the same version, so bump a kind's version only when
/// its format changes in a way an older binary would misread, and teach `decode(from:version:)`
/// the versions before it.
public protocol StateRecord: Codable, Sendable {
    /// The version this binary writes, and the newest it reads.
    static var schemaVersion: Int { get }
    /// Decodes a record written with `version` (1 through `schemaVersion`).
    static func decode(from decoder: any Decoder, version: Int) throws -> Self
}

extension StateRecord {
    /// While a kind has had one format, every version it reads is that format.
    public static func decode(from decoder: any Decoder, version: Int) throws -> Self { try Self(from: decoder) }
}

/// A record as it is on disk: its fields and, beside them, `schemaVersion`.
struct StoredRecord<Record: StateRecord>: Codable {
    private enum Key: String, CodingKey { case schemaVersion }

    let version: Int
    /// Nil when `version` is newer than this binary reads: nothing of such a record is decoded.
    let record: Record?

    init(_ record: Record) {
        version = Record.schemaVersion
        self.record = record
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        version = try container.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
        guard version >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .schemaVersion, in: container, debugDescription: "schema version \(version)")
        }
        record = version <= Record.schemaVersion ? try Record.decode(from: decoder, version: version) : nil
    }

    /// The record's own fields, then the version in the same JSON object.
    func encode(to encoder: any Encoder) throws {
        try record?.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(version, forKey: .schemaVersion)
    }
}
