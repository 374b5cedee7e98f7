import Foundation

@testable import HostLayer

/// The observable end state of a sandbox, with its root path replaced by `$ROOT` so two
/// sandboxes can be compared: mount points (a repeated one means a stacked mount), and the
/// contents of every state record.
struct HostSnapshot: Equatable, CustomStringConvertible {
    var mounts: [String]
    var containerRecords: [String: String]
    var hostMountRecords: [String: String]

    init(_ sandbox: HostSandbox) throws {
        let root = sandbox.root
        func normalize(_ text: String) -> String { text.replacingOccurrences(of: root, with: "$ROOT") }
        mounts = try sandbox.mounts().map(normalize).sorted()
        func records(_ kind: String) throws -> [String: String] {
            var result: [String: String] = [:]
            for file in sandbox.records(kind) {
                let text = try String(contentsOfFile: "\(sandbox.stateDir)/\(kind)/\(file)", encoding: .utf8)
                result[file] = normalize(text.replacingOccurrences(of: "\\/", with: "/"))
            }
            return result
        }
        containerRecords = try records("containers")
        hostMountRecords = try records("mounts")
    }

    var description: String {
        "mounts: \(mounts)\ncontainers: \(containerRecords.keys.sorted())\nhost mounts: \(hostMountRecords.keys.sorted())"
    }
}
