import Common
import Foundation
import HostLayer

/// `efs-hook.prom` in `metrics.textfileDirectory`: each invocation folds its delta in under
/// the directory's lock (read, add, write a temporary file in the same directory, rename),
/// so node_exporter never reads half a file and two launches never lose each other's counts.
public struct MetricsTextfile: Sendable {
    public static let fileName = "efs-hook.prom"
    public let directory: String
    /// How long a fold waits for another process's; metrics never hold a launch longer.
    let lockTimeout: Double

    public init(directory: String, lockTimeout: Double = 5) {
        self.directory = directory
        self.lockTimeout = lockTimeout
    }

    public var path: String { "\(directory)/\(Self.fileName)" }
    /// Not `*.prom`, so the collector never reads it.
    var lockPath: String { "\(directory)/.\(Self.fileName).lock" }

    public func fold(_ delta: MetricsDelta) throws(EFSHookError) {
        let lock = try FileLock.acquire(lockPath, timeout: lockTimeout, what: "the metrics textfile")
        defer { lock.release() }
        var metrics = try read()
        metrics.fold(delta)
        // Not fsynced: a counter lost to a power cut is worth less than a launch's fsync.
        try AtomicFile.write(Data(metrics.rendered.utf8), to: path, mode: 0o644, durable: false)
    }

    /// The file as it is; empty when there is none yet.
    public func read() throws(EFSHookError) -> TextfileMetrics {
        guard let data = FileManager.default.contents(atPath: path) else {
            guard FileManager.default.fileExists(atPath: path) else { return TextfileMetrics() }
            throw .failure("cannot read \(path)")
        }
        return TextfileMetrics(parsing: String(decoding: data, as: UTF8.self))
    }
}
