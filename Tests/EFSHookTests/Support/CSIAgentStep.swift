import EFSHookCore
import Foundation

/// One step of a csi_agent.py script (its JSON form; see the helper's usage text). Requests
/// take protobuf's JSON form with proto field names; a volume capability may be a shorthand:
/// "mount-mnmw" (MULTI_NODE_MULTI_WRITER), "mount-ro" (MULTI_NODE_READER_ONLY), "mount-snw".
struct CSIAgentStep: Encodable, Sendable {
    var fields: [String: JSONValue]

    func encode(to encoder: any Encoder) throws { try JSONValue.object(fields).encode(to: encoder) }

    /// Any RPC by its method name; `timeout` is its deadline in seconds (the helper's default
    /// is the agent's 60), `expect` "OK" (the default) or a gRPC status name.
    static func call(
        _ name: String, _ request: [String: JSONValue] = [:], timeout: Double? = nil, expect: String? = nil
    ) -> CSIAgentStep {
        var fields: [String: JSONValue] = ["call": .string(name), "request": .object(request)]
        if let timeout { fields["timeout"] = .number(timeout) }
        if let expect { fields["expect"] = .string(expect) }
        return CSIAgentStep(fields: fields)
    }

    /// The agent's NodeStageVolume: once per volume id, at `<mount root>/<id>/staging`.
    static func stage(
        _ volumeId: String, staging: String, context: [String: String] = [:], capability: String = "mount-mnmw",
        timeout: Double? = nil, expect: String? = nil
    ) -> CSIAgentStep {
        call(
            "NodeStageVolume",
            [
                "volume_id": .string(volumeId), "staging_target_path": .string(staging),
                "volume_capability": .string(capability), "volume_context": strings(context),
            ], timeout: timeout, expect: expect)
    }

    /// The agent's NodePublishVolume: capability, context and readonly (from `Volume.mode`).
    static func publish(
        _ volumeId: String, staging: String, target: String, readonly: Bool = false, context: [String: String] = [:],
        capability: String = "mount-mnmw", timeout: Double? = nil, expect: String? = nil
    ) -> CSIAgentStep {
        call(
            "NodePublishVolume",
            [
                "volume_id": .string(volumeId), "staging_target_path": .string(staging), "target_path": .string(target),
                "readonly": .bool(readonly), "volume_capability": .string(capability), "volume_context": strings(context),
            ], timeout: timeout, expect: expect)
    }

    static func unpublish(_ volumeId: String, target: String, timeout: Double? = nil, expect: String? = nil) -> CSIAgentStep {
        call(
            "NodeUnpublishVolume", ["volume_id": .string(volumeId), "target_path": .string(target)], timeout: timeout,
            expect: expect)
    }

    static func unstage(_ volumeId: String, staging: String, timeout: Double? = nil, expect: String? = nil) -> CSIAgentStep {
        call(
            "NodeUnstageVolume", ["volume_id": .string(volumeId), "staging_target_path": .string(staging)],
            timeout: timeout, expect: expect)
    }

    /// Makes `path` and its parents, as the agent makes the staging and target parents.
    static func mkdir(_ path: String) -> CSIAgentStep { CSIAgentStep(fields: ["mkdir": .string(path)]) }

    /// Writes `data` to `path`; `expect` "OK" or an errno name ("EROFS").
    static func write(_ path: String, _ data: String, expect: String? = nil, timeout: Double? = nil) -> CSIAgentStep {
        file(["write": .string(path), "data": .string(data)], expect: expect, timeout: timeout)
    }

    /// Reads `path`; with `data`, its content must equal it (else MISMATCH).
    static func read(_ path: String, data: String? = nil, expect: String? = nil, timeout: Double? = nil) -> CSIAgentStep {
        var fields: [String: JSONValue] = ["read": .string(path)]
        if let data { fields["data"] = .string(data) }
        return file(fields, expect: expect, timeout: timeout)
    }

    private static func file(_ fields: [String: JSONValue], expect: String?, timeout: Double?) -> CSIAgentStep {
        var fields = fields
        if let timeout { fields["timeout"] = .number(timeout) }
        if let expect { fields["expect"] = .string(expect) }
        return CSIAgentStep(fields: fields)
    }

    private static func strings(_ map: [String: String]) -> JSONValue { .object(map.mapValues { .string($0) }) }
}
