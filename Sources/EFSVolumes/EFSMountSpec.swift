import AWSClient
import Common
import HostLayer
import VolumeModel

/// How to mount an EFS volume: plain NFS 4.1 to the zone's mount target, or `mount -t efs`
/// (efs-utils) when the volume asks for TLS, IAM or an access point. mount.efs is told the
/// region and zone (`region=`, `az=`): without them it fetches the instance-identity document
/// from instance metadata on every mount.
struct EFSMountSpec: Equatable {
    /// EFS's recommended NFS options (the same efs-utils uses).
    static let nfsOptions = ["nfsvers=4.1", "rsize=1048576", "wsize=1048576", "hard", "timeo=600", "retrans=2", "noresvport"]

    var type: String
    var options: [String]
    var source: String

    var hostMount: HostMountSpec { .fileSystem(type: type, options: options, source: source) }

    /// `path` is the directory of the export to mount (`/`, or REX-Ray's `/data`).
    /// `region` is the API's (settings.region, else the one the client resolved).
    /// mount.efs takes one of `mounttargetip` and `crossaccount`: by address when efs-hook
    /// knows it; across accounts (efs.roleArn) by the zone ID's DNS name (`crossaccount`,
    /// `azid=`), since zone names differ between accounts; else it is told this zone's name.
    init(
        volume: String, options volumeOptions: VolumeOptions, facts: EFSVolumeFacts, settings: Configuration.EFS,
        region: String? = nil, path: String = "/"
    ) throws(EFSHookError) {
        let region = region ?? settings.region ?? facts.availabilityZone.flatMap(Self.region(ofZone:))
        let fileSystemId = facts.fileSystemId
        let iam = volumeOptions.bool(.iam) ?? false
        let tls = (volumeOptions.bool(.tls) ?? false) || iam || facts.accessPointId != nil
        let address = facts.mountTargetIp
        if tls {
            type = "efs"
            options = ["tls"] + (iam ? ["iam"] : []) + (facts.accessPointId.map { ["accesspoint=\($0)"] } ?? [])
            let byAddress = settings.mountTarget == .ip && address != nil
            let crossAccountZone = byAddress || settings.roleArn == nil ? nil : facts.availabilityZoneId ?? settings.availabilityZoneId
            if byAddress, let address {
                options.append("mounttargetip=\(address)")
            } else if let id = crossAccountZone {
                options += ["crossaccount", "azid=\(id)"]
            }
            if let region { options.append("region=\(region)") }
            if crossAccountZone == nil, let zone = facts.availabilityZone { options.append("az=\(zone)") }
            options += ["noresvport"]
            source = "\(fileSystemId):\(path)"
            return
        }
        type = "nfs4"
        options = Self.nfsOptions
        switch settings.mountTarget {
        case .ip:
            guard let address else { throw .failure("mount target of \(fileSystemId) has no IP address") }
            source = "\(address):\(path)"
        case .dns:
            guard let region else {
                throw .config("efs.mountTarget: dns needs efs.region")
            }
            source = "\(fileSystemId).efs.\(region).\(AWSPartition.of(region: region).dnsSuffix):\(path)"
        }
    }

    /// The settings that would spare mount.efs its own instance-metadata calls, in one line; nil
    /// when it is told both the zone and the region, or is not used.
    var placementAdvice: String? {
        guard type == "efs" else { return nil }
        return Self.placementAdvice(
            zone: options.contains { $0.hasPrefix("az=") }, region: options.contains { $0.hasPrefix("region=") })
    }

    static func placementAdvice(zone: Bool, region: Bool) -> String? {
        let missing = [(zone, "efs.availabilityZone", "zone"), (region, "efs.region", "region")].filter { !$0.0 }
        guard !missing.isEmpty else { return nil }
        return "set \(missing.map(\.1).joined(separator: " and ")): without \(missing.count == 1 ? "it" : "them"), mount.efs asks "
            + "instance metadata for this agent's \(missing.map(\.2).joined(separator: " and ")) on every mount"
    }

    /// The region a zone name belongs to: `us-east-1a` → `us-east-1`, and for Local Zones and
    /// Wavelength zones, whose names continue past the region (`us-west-2-lax-1a`), the part
    /// before that. nil for a name of no known shape.
    static func region(ofZone zone: String) -> String? {
        guard let match = zone.prefixMatch(of: /[a-z]{2}(?:-[a-z]+)+-[0-9]+/), match.output.count < zone.count else { return nil }
        return String(match.output)
    }
}
