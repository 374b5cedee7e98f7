import ArgumentParser
import Common
import EFSHookCore
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit trail: every mount, bind, refusal, release and deletion.",
        discussion: """
            Reads audit.path (default stateDir/audit.jsonl, and the one rotated file beside it, \
            .1), oldest first. Each line names the decision, the volume, the container, task and \
            Aurora job key, and the policy rule that decided.

            Examples:
              efs-hook audit --since 1h --volume shared
              efs-hook audit --since 2026-12-07T00:00:00Z --json
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only entries since: an ISO 8601 time, or an age (90s, 30m, 12h, 7d).", valueName: "when"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only this volume's entries.", valueName: "name"))
    var volume: String?

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    func run() async throws {
        let config = try global.configuration()
        let cutoff = try since.map { (text) throws(EFSHookError) in try Self.time(text, now: Date()) }
        let formatter = ISO8601DateFormatter()
        let entries = AuditTrail(path: config.auditPath).entries().filter { entry in
            if let volume, entry.volume != volume { return false }
            guard let cutoff else { return true }
            return formatter.date(from: entry.ts).map { $0 >= cutoff } ?? false
        }
        if json {
            Output.write(try Output.json(entries))
        } else if !entries.isEmpty {
            Output.write(entries.map(Self.line).joined(separator: "\n"))
        }
    }

    static func line(_ entry: AuditEntry) -> String {
        var parts = [entry.ts, entry.decision.rawValue, "volume=\(Quoting.safe(entry.volume))", "by=\(entry.frontEnd)/\(entry.operation)"]
        for (key, value) in [
            ("container", entry.containerId), ("task", entry.taskId), ("job", entry.jobKey), ("rule", entry.rule), ("target", entry.target),
        ] {
            if let value { parts.append("\(key)=\(Quoting.safe(value))") }
        }
        return parts.joined(separator: " ")
    }

    /// `--since`: an ISO 8601 time, or an age back from `now`.
    static func time(_ text: String, now: Date) throws(EFSHookError) -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count >= 0 else {
            throw .usage("--since must be an ISO 8601 time or an age such as 30m, 12h or 7d")
        }
        return now.addingTimeInterval(-count * unit)
    }
}
