import Foundation
import Logging

/// Logs go to stderr only: stdout carries results that Mesos and scripts parse.
/// JSON lines when stderr is not a terminal (for journald and log shippers), text otherwise.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String
    let json: Bool

    init(label: String, level: Logger.Level, json: Bool = isatty(STDERR_FILENO) == 0) {
        self.label = label
        self.logLevel = level
        self.json = json
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let line: String
        if json {
            var object: [String: String] = ["level": "\(event.level)", "msg": "\(event.message)", "logger": label]
            object["ts"] = ISO8601DateFormatter().string(from: Date())
            for (key, value) in merged { object[key] = "\(value)" }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        } else {
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line = "efs-hook: \(event.level): \(event.message)" + (fields.isEmpty ? "" : " " + fields)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

enum Logs {
    static let quiet = Logger(label: "efs-hook") { label in StderrLogHandler(label: label, level: .critical) }

    static func logger(level: String?) throws -> Logger {
        let name = level ?? ProcessInfo.processInfo.environment["EFS_HOOK_LOG_LEVEL"] ?? "notice"
        guard let parsed = Logger.Level(rawValue: name.lowercased()) else {
            throw ValidationErrorMessage("log level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return Logger(label: "efs-hook") { label in StderrLogHandler(label: label, level: parsed) }
    }
}
