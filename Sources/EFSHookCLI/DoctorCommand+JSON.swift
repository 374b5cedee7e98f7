import Foundation

/// What `doctor` prints: a line per check, or with `--json` one object.
extension DoctorCommand {
    struct DoctorReport: Encodable {
        /// False when a check failed (and doctor exits 1).
        var ok: Bool
        var checks: [Check]
    }
}

extension DoctorCommand.Check {
    /// `OK   root: running as root`, with the fix when it is not ok.
    var line: String {
        var line = "\(status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0)) \(name): \(detail)"
        if let fix, status != .ok { line += " — fix: \(fix)" }
        return line
    }
}
