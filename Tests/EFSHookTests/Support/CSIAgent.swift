import Common
import EFSHookCore
import Foundation

/// The Mesos agent's side of CSI, played by Tests/Helpers/csi_agent.py (TEST-ONLY, PyPI's
/// grpcio) against a plugin's unix socket: the plugin-start sequence in Mesos 1.11's order, then
/// a script of RPCs and file steps, each under its own deadline.
enum CSIAgent {
    /// Runs `steps` against `endpoint` (`unix:///abs/path.sock`), after the agent's plugin-start
    /// sequence when `agentStart`. `services` is what the plugin config lists ("node",
    /// "controller", "node,controller"; nil: node, plus controller when the plugin advertises
    /// it). `targetPathExists` is CSIPluginInfo's: without it an OK NodeUnpublishVolume must
    /// remove its target. Throws only when the script is refused or the helper breaks; unmet
    /// expectations come back in the run.
    static func run(
        endpoint: String, steps: [CSIAgentStep] = [], agentStart: Bool = false, services: String? = nil,
        targetPathExists: Bool = false, stopOnFailure: Bool = false
    ) async throws -> CSIAgentRun {
        var arguments = ["--endpoint", endpoint, "--script", "-"]
        if agentStart { arguments.append("--agent-start") }
        if let services { arguments += ["--services", services] }
        if targetPathExists { arguments.append("--target-path-exists") }
        if stopOnFailure { arguments.append("--stop-on-failure") }
        let run = try await ProcessRunner.python("csi_agent.py", arguments, input: try JSONEncoder().encode(steps))
        guard run.status == 0 || run.status == 1 else {
            throw EFSHookError(.failure, "csi_agent.py failed (\(run.status)): \(run.stderr.suffix(3000))")
        }
        let decoder = JSONDecoder()
        let results = try run.stdoutData.split(separator: UInt8(ascii: "\n")).map {
            try decoder.decode(CSIAgentResult.self, from: Data($0))
        }
        let unmet = run.stderr.split(separator: "\n").last { $0.hasPrefix("csi_agent: ") }
        return CSIAgentRun(results: results, allMet: run.status == 0, firstUnmet: unmet.map(String.init) ?? "")
    }
}

/// What one csi_agent.py run printed, a result per step (the plugin-start calls first).
struct CSIAgentRun: Sendable {
    var results: [CSIAgentResult]
    /// Every step met its expectation (csi_agent.py exited 0).
    var allMet: Bool
    /// The first unmet step in one line, empty when all were met.
    var firstUnmet: String

    /// The calls made, in order ("Probe", …, "mkdir", "write", "read").
    var calls: [String] { results.map(\.call) }

    /// The results of the steps that made `call`, in order.
    func results(of call: String) -> [CSIAgentResult] { results.filter { $0.call == call } }
}

/// One step's line: the gRPC status name (or "OK", an errno name for file steps, TIMEOUT,
/// MISMATCH, AGENT_CHECK_FAILED), its details, the time it took, and the response message in
/// protobuf's JSON form (lowerCamel names; nil when the call failed).
struct CSIAgentResult: Decodable, Sendable, Equatable {
    var step: Int
    var call: String
    var code: String
    var message: String
    var ms: Double
    var response: JSONValue?
    /// "OK" when the RPC succeeded but the agent's own check of the target path failed.
    var rpcCode: String?

    /// The response's value at `path` (object keys and array indexes), nil when absent.
    func response(_ path: any CSIAgentResponseKey...) -> JSONValue? {
        path.reduce(response) { value, key in value.flatMap(key.lookup) }
    }
}

/// An object key (String) or an array index (Int) into a response.
protocol CSIAgentResponseKey: Sendable {
    func lookup(_ value: JSONValue) -> JSONValue?
}

extension String: CSIAgentResponseKey {
    func lookup(_ value: JSONValue) -> JSONValue? {
        if case .object(let members) = value { return members[self] }
        return nil
    }
}

extension Int: CSIAgentResponseKey {
    func lookup(_ value: JSONValue) -> JSONValue? {
        if case .array(let items) = value, items.indices.contains(self) { return items[self] }
        return nil
    }
}
