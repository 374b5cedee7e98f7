import VolumeModel

/// The one place a volume's provisioning mode is decided: its `provisioning` option, else
/// one file system each for REX-Ray volumes (as REX-Ray made them), else `efs.provisioning`.
enum ProvisioningMode {
    static func of(_ options: VolumeOptions, naming: VolumeNaming, settings: Configuration.EFS) -> Provisioning {
        options.provisioning(default: naming == .rexray ? .filesystem : settings.provisioning)
    }
}
