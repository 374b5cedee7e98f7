import EFSHookCore
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
            line = Self.jsonLine(level: event.level, message: "\(event.message)", label: label, metadata: merged)
        } else {
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line = "efs-hook: \(event.level): \(event.message)" + (fields.isEmpty ? "" : " " + fields)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The record's own fields, which metadata never overwrites: a metadata key of that name
    /// is written as `meta.KEY`.
    static let reservedKeys: Set<String> = ["level", "msg", "logger", "ts"]

    static func jsonLine(level: Logger.Level, message: String, label: String, metadata: Logger.Metadata) -> String {
        var fields: Logger.Metadata = [:]
        for (key, value) in metadata { fields[reservedKeys.contains(key) ? "meta.\(key)" : key] = value }
        fields["level"] = "\(level)"
        fields["msg"] = .string(message)
        fields["logger"] = .string(label)
        fields["ts"] = .string(LogRecordJSON.timestamp())
        return LogRecordJSON.line(fields)
    }
}

enum Logs {
    static let quiet = Logger(label: "efs-hook") { label in StderrLogHandler(label: label, level: .critical) }

    /// The level `$EFS_HOOK_LOG_LEVEL` asks for, else notice: for a record whose command never got its own logger.
    static var fallback: Logger {
        (try? logger(level: nil)) ?? Logger(label: "efs-hook") { label in StderrLogHandler(label: label, level: .notice) }
    }

    static func logger(level: String?) throws -> Logger {
        let name = level ?? ProcessInfo.processInfo.environment["EFS_HOOK_LOG_LEVEL"] ?? "notice"
        guard let parsed = Logger.Level(rawValue: name.lowercased()) else {
            throw ValidationErrorMessage("log level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return Logger(label: "efs-hook") { label in StderrLogHandler(label: label, level: parsed) }
    }
}
