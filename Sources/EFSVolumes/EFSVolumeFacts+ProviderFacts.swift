import EFSHookCore

/// The EFS provider's facts as the core's records keep them: the object under `efs` that
/// records have always held, or a record's legacy `details` map.
extension EFSVolumeFacts {
    /// nil when there are none, or they are not the EFS provider's.
    init?(_ facts: ProviderFacts?) {
        guard let facts else { return nil }
        if facts.isLegacyDetails {
            self.init(legacyDetails: facts.legacyDetails)
        } else if let decoded = try? facts.decoded(as: EFSVolumeFacts.self) {
            self = decoded
        } else {
            return nil
        }
    }

    var providerFacts: ProviderFacts? { try? ProviderFacts(encoding: self) }
}
