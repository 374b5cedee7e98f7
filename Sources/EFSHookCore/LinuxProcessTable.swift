import Foundation
import HostLayer

/// `/proc/PID/stat`: the state (field 3) and the start time in clock ticks after boot
/// (field 22), made a date with the boot time of /proc/stat.
public struct LinuxProcessTable: ProcessTable {
    public init() {}

    public func facts(of pid: Int32) -> ProcessFacts? {
        guard pid > 0, let text = try? ProcFile.read("/proc/\(pid)/stat"), let boot = BootTime.current else { return nil }
        return Self.parse(stat: text, bootTime: boot, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// The fields after the command name, which is in parentheses and may hold anything,
    /// so they are counted from the last ')'.
    static func parse(stat text: String, bootTime: Date, ticksPerSecond: Double) -> ProcessFacts? {
        guard let close = text.lastIndex(of: ")"), ticksPerSecond > 0 else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let ticks = Double(fields[19]) else { return nil }
        return ProcessFacts(startedAt: bootTime.addingTimeInterval(ticks / ticksPerSecond), exited: state == "Z" || state == "X")
    }
}
