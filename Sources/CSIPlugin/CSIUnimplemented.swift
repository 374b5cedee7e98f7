import GRPCCore

/// The calls efs-hook does not serve answer UNIMPLEMENTED, saying why in one line; it never
/// advertises a capability that needs them.
enum CSIUnimplemented {
    static func rpc(_ method: String, because reason: String) -> RPCError {
        RPCError(code: .unimplemented, message: "\(method) is not implemented: \(reason)")
    }
}
