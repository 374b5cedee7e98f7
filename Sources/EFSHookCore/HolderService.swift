import Common
import HostLayer
import Logging
import VolumeModel

/// The one holder API, for the front ends that bind a host mount themselves (dvdcli, the
/// Docker plugin): hold, release, and named volume definitions. Takes the holder's lock for
/// a hold or release (the ledger adds its volume's), and a volume's lock for a definition.
public struct HolderService: Sendable {
    let ledger: HostMountLedger
    let policy: PolicyGate
    var state: StateDirectory { ledger.state }
    var provider: any VolumeProvider { ledger.provider }
    var logger: Logger { ledger.logger }

    public init(ledger: HostMountLedger, policy: PolicyEngine) {
        self.ledger = ledger
        self.policy = PolicyGate(engine: policy, logger: ledger.logger)
    }

    /// The provider's name (the plugin's Get reports it).
    public var providerName: String { provider.name }

    /// Mounts the volume once on this host (if it is not already) and records `holder` as one
    /// of its users, on prepare's write-ahead path. Returns the host mount path. Idempotent.
    /// With `mayCreate` false a volume that does not exist yet fails and nothing is created.
    public func hold(_ spec: VolumeSpec, by holder: Holder, mayCreate: Bool = true) async throws(EFSHookError) -> String {
        try VolumeName.validate(spec.name)
        try policy.authorize(spec, frontEnd: holder.frontEnd)
        let held = ContainerVolume(spec: spec, containerPath: "/", readOnly: false, target: "", bindManaged: false)
        let conflict = { (held: [String]) in
            EFSHookError.invalidTask("\(holder) already holds volume \(held.joined(separator: ", ")), not \(spec.name)")
        }
        let user = try state.lockUser(holder.id)
        defer { user.release() }
        // A holder binds nothing itself: the front end hands Docker or Mesos the host mount.
        _ = try await ledger.establish(user, volumes: [held], mayCreate: mayCreate, conflict: conflict, attach: { _, _ in })
        return ledger.status.mountPoint(of: spec.name)
    }

    /// Lets go of `volume` for `holder`; the host mount goes with its last user. Returns false
    /// when the holder held nothing here (never held, or already released).
    public func release(_ volume: String, by holder: Holder) async throws(EFSHookError) -> Bool {
        var known = false
        for id in [holder.id, holder.legacyID] {
            let user = try state.lockUser(id)
            defer { user.release() }
            let result = try await ledger.releaseUser(user, expecting: volume) { held in
                .invalidTask("\(holder) holds volume \(held.joined(separator: ", ")), not \(volume)")
            }
            known = known || result.known
        }
        return known
    }

    /// Whether `holder` holds `volume` on this host now.
    public func holds(_ volume: String, by holder: Holder) throws(EFSHookError) -> Bool {
        for id in [holder.id, holder.legacyID] {
            if try state.containers.load(id)?.volumes.contains(where: { $0.name == volume }) == true { return true }
        }
        return false
    }
}
