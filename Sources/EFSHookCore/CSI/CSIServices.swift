/// Which CSI services one `efs-hook csi` process serves (Identity always).
public enum CSIServices: String, Sendable, CaseIterable {
    case node, controller, both

    public var node: Bool { self != .controller }
    public var controller: Bool { self != .node }
}
