/// One volume's identity wherever it goes: its name, its options, and whose naming finds its
/// resources. Every later shape (a request in a task, a container's volume, what is asked of
/// the provider, what prepare reports) holds one instead of copying the three fields.
public struct VolumeSpec: Sendable, Equatable {
    public var name: String
    public var options: VolumeOptions
    /// efs-hook's or REX-Ray's (follows the driver the volume was asked for with).
    public var naming: VolumeNaming

    public init(name: String, options: VolumeOptions = VolumeOptions(), naming: VolumeNaming = .efsHook) {
        self.name = name
        self.options = options
        self.naming = naming
    }
}

/// A shape that holds a volume's spec, read (and changed) through it: `name`, `options` and
/// `naming` are the spec's, never copies.
public protocol VolumeSpecHolder {
    var spec: VolumeSpec { get set }
}

extension VolumeSpecHolder {
    public var name: String {
        get { spec.name }
        set { spec.name = newValue }
    }

    public var options: VolumeOptions {
        get { spec.options }
        set { spec.options = newValue }
    }

    public var naming: VolumeNaming {
        get { spec.naming }
        set { spec.naming = newValue }
    }
}
