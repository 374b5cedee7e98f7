import Foundation
import HostLayer

public enum BootTime {
    /// When the kernel booted (`btime` in /proc/stat).
    public static let current: Date? = {
        guard let text = try? ProcFile.read("/proc/stat"),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let seconds = line.split(separator: " ").last.flatMap({ TimeInterval(String($0)) })
        else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }()
}

public enum BootID {
    public static let current: String? = {
        guard let text = try? ProcFile.read("/proc/sys/kernel/random/boot_id") else { return nil }
        // Not trimmingCharacters(in:): building a CharacterSet costs more than the rest of a
        // warm prepare's record keeping.
        let id = text.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
        return id.isEmpty ? nil : id
    }()
}
