import AWSClient
import VolumeModel

extension CreateFileSystemRequest {
    /// A new file system for a volume, as its options ask: encrypted unless they say not.
    init(options: VolumeOptions, token: String, tags: [EFSTag]) {
        self.init(
            creationToken: token,
            performanceMode: options[.performanceMode].map(PerformanceMode.init(rawValue:)),
            throughputMode: options[.throughputMode].map(ThroughputMode.init(rawValue:)),
            provisionedThroughputInMibps: options[.provisionedThroughputInMibps].flatMap(Double.init),
            encrypted: options.bool(.encrypted) ?? true,
            kmsKeyId: options[.kmsKeyId],
            availabilityZoneName: options[.availabilityZoneName],
            backup: options.bool(.backup),
            tags: tags)
    }
}
