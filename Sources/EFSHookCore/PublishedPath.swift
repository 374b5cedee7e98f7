import VolumeModel

/// What a published path shows.
public struct PublishedPath: Sendable, Equatable {
    public let volume: String
    public let readOnly: Bool
    /// The options it was mounted with (after the policy's defaults).
    public let options: VolumeOptions
}
