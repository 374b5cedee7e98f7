import Foundation

/// The task fixtures the tests use (Tests/Fixtures/tasks, made from Mesos' own schema by
/// scripts/generate-fixtures): each case in binary, JSON with proto field names, and JSON
/// with lowerCamelCase names.
enum TaskFixture {
    enum Encoding: String, CaseIterable {
        case binary = "bin"
        case json = "json"
        case camelJSON = "camel.json"

        var label: String {
            switch self {
            case .binary: return "binary"
            case .json: return "JSON"
            case .camelJSON: return "camelCase JSON"
            }
        }
    }

    /// Found from this file's own path, so the benchmarks run from any directory.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // EFSHookBenchmarks
        .deletingLastPathComponent()  // Benchmarks (targets)
        .deletingLastPathComponent()  // Benchmarks (package)
        .deletingLastPathComponent()  // the efs-hook package
        .appendingPathComponent("Tests/Fixtures/tasks")

    static func data(_ name: String, _ encoding: Encoding) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("\(name).\(encoding.rawValue)"))
    }
}
