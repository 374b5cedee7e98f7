import Foundation

/// What the metrics service says of a file system's client connections over a window: one
/// point per period that had any data, in time order. No points says nothing (EFS publishes
/// none for some idle periods and none at all when metrics are not readable): unknown, never idle.
public struct ConnectionHistory: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var start: Date
        public var connections: Double

        public init(start: Date, connections: Double) {
            self.start = start
            self.connections = connections
        }
    }

    /// The grace period: `days` days up to `end`, in periods of `period` seconds.
    public struct Window: Sendable, Equatable {
        public var start: Date
        public var end: Date
        public var period: Int

        public init(days: Int, end: Date, period: Int = 86_400) {
            self.start = end.addingTimeInterval(-Double(days) * 86_400)
            self.end = end
            self.period = period
        }
    }

    public var points: [Point]
    /// The service's own status of the answer (`Complete`); anything else leaves use unknown.
    public var status: String

    public init(points: [Point], status: String = "Complete") {
        self.points = points.sorted { $0.start < $1.start }
        self.status = status
    }

    public enum Usage: Sendable, Equatable {
        /// Every point is 0 and the points reach back to the window's first period.
        case idle(points: Int)
        /// Some period had connections: the first such.
        case used(Point)
        /// Why nothing can be concluded.
        case unknown(String)
    }

    /// Idle only on positive evidence covering the whole window.
    public func usage(over window: Window) -> Usage {
        let inside = points.filter { $0.start >= window.start.addingTimeInterval(-Double(window.period)) && $0.start < window.end }
        if let used = inside.first(where: { $0.connections > 0 }) { return .used(used) }
        guard status == "Complete" else { return .unknown("CloudWatch answered \(status)") }
        guard let first = inside.first else { return .unknown("no ClientConnections datapoints in the window") }
        guard first.start < window.start.addingTimeInterval(Double(window.period)) else {
            return .unknown("ClientConnections datapoints only from \(Self.day(first.start)), not the whole window")
        }
        return .idle(points: inside.count)
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
