import EFSHookCore
import HostLayer

extension ProvisionedVolume {
    /// The EFS provider's facts, for the host-mount record.
    public var efs: EFSVolumeFacts? { EFSVolumeFacts(facts) }

    init(mount: HostMountSpec, efs: EFSVolumeFacts, subdirectory: ExportSubdirectory?, notice: String?) {
        self.init(mount: mount, facts: efs.providerFacts, subdirectory: subdirectory, notice: notice)
    }
}
