import Foundation

/// What a provider keeps of a volume in the core's records (the host-mount record, the
/// resolution cache): a JSON object only the provider reads. The core stores, compares and
/// writes it back as it is.
public struct ProviderFacts: Codable, Sendable, Equatable {
    public var object: [String: JSONValue]
    /// Read from `details`, the string map host-mount records held before the provider's own
    /// object: written back the same way, so the binary that wrote it still reads it.
    public private(set) var isLegacyDetails = false

    public init(object: [String: JSONValue]) { self.object = object }

    /// A record's legacy string map; nil when empty (the local provider's records had one).
    init?(legacyDetails details: [String: String]) {
        guard !details.isEmpty else { return nil }
        object = details.mapValues(JSONValue.string)
        isLegacyDetails = true
    }

    /// `value` as the provider encodes it.
    public init(encoding value: some Encodable) throws {
        object = try JSONDecoder().decode([String: JSONValue].self, from: JSONEncoder().encode(value))
    }

    /// The object decoded as the provider's own type.
    public func decoded<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: JSONEncoder().encode(object))
    }

    /// The legacy map's entries (`isLegacyDetails`).
    public var legacyDetails: [String: String] {
        object.compactMapValues { if case .string(let text) = $0 { text } else { nil } }
    }

    public init(from decoder: any Decoder) throws {
        object = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(object)
    }
}
