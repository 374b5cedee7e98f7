import Common
import Foundation

/// Mounts through an external mount program (`/bin/mount`, or `mount.efs` through it):
/// called as `<prefix> -t TYPE -o OPTIONS SOURCE TARGET`, never through a shell, with
/// options only from an allow-list, a timeout and bounded retries.
///
/// This kernel-independent path is what lets tests substitute a recording helper for NFS.
public struct MountCommand: Sendable {
    public var prefix: [String]
    public var timeout: Double
    public var attempts: Int

    public init(prefix: [String] = ["/bin/mount"], timeout: Double = 60, attempts: Int = 3) {
        self.prefix = prefix
        self.timeout = timeout
        self.attempts = attempts
    }

    /// Option names a mount may carry; values are checked by `validate`.
    public static let allowedOptions: Set<String> = [
        "nfsvers", "vers", "rsize", "wsize", "hard", "soft", "timeo", "retrans", "noresvport", "ro", "rw",
        "tls", "iam", "accesspoint", "region", "az", "mounttargetip", "awsprofile", "noatime", "nosuid", "nodev",
    ]

    public static func validate(_ options: [String]) throws(EFSHookError) {
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard allowedOptions.contains(name) else {
                throw .failure("mount option \"\(Quoting.safe(option))\" is not allowed")
            }
            if parts.count == 2 {
                let value = parts[1]
                guard !value.isEmpty,
                    value.utf8.allSatisfy({ byte in
                        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    })
                else {
                    throw .failure("mount option \"\(Quoting.safe(option))\" has an invalid value")
                }
            }
        }
    }

    /// Runs the mount program until it succeeds, fails permanently (`MountFailure`), or the
    /// attempts or the invocation's `LaunchDeadline` run out; each attempt's timeout is cut to
    /// what the deadline leaves.
    public func mount(type: String, options: [String], source: String, target: String) throws(EFSHookError) {
        try Self.validate(options)
        let argv = prefix + ["-t", type, "-o", options.joined(separator: ","), source, target]
        var lastProblem = ""
        var tried = 0
        var outOfTime = false
        for attempt in 1...max(1, attempts) {
            let limit = LaunchDeadline.capped(timeout)
            guard limit >= min(1, timeout) else {
                outOfTime = true
                break
            }
            tried = attempt
            let outcome = try ChildProcess.run(argv, timeout: limit)
            if outcome.status == 0, !outcome.timedOut { return }
            let said = outcome.output.split(whereSeparator: { $0.isNewline }).last.map(String.init) ?? ""
            lastProblem = outcome.timedOut ? "timed out after \(Int(limit.rounded())) s" : "exit \(outcome.status): \(said)"
            // A timed-out helper may have mounted after all; never stack a second mount.
            _ = try? Mounter().unmount(target)
            if case .permanent(let kind) = MountFailure.classify(status: outcome.status, timedOut: outcome.timedOut, output: outcome.output)
            {
                throw EFSHookError(kind, "mount of \(Quoting.safe(source)) refused (not retried): \(Quoting.safe(said, limit: 300))")
            }
            guard attempt < attempts else { break }
            // A pause and at least a second for the next attempt must fit in what is left.
            let pause = min(Double(attempt) * 0.5, 2)
            guard LaunchDeadline.capped(.infinity) >= pause + 1 else {
                outOfTime = true
                break
            }
            usleep(UInt32(pause * 1_000_000))
        }
        let deadline = outOfTime ? " (launch deadline reached after \(Int((LaunchDeadline.current?.elapsed ?? 0).rounded())) s)" : ""
        throw .temporary(
            "mount of \(Quoting.safe(source)) on \(Quoting.safe(target)) failed after \(tried) attempts\(deadline): \(Quoting.safe(lastProblem)); retry the launch"
        )
    }
}
