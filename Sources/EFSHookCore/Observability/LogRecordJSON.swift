import Foundation
import Logging

/// A log record (or an audit line) as one line of JSON, keys sorted, written by hand: every
/// operation ends with a record and most with an audit line, and Foundation's
/// JSONSerialization, JSONEncoder and ISO8601DateFormatter would cost a warm launch more than
/// the rest of its logging.
public enum LogRecordJSON {
    public static func line(_ fields: [String: Logger.Metadata.Value]) -> String {
        var out = ""
        write(.dictionary(fields), to: &out)
        return out
    }

    static func write(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let text): quote(text, to: &out)
        case .stringConvertible(let item): quote(item.description, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .dictionary(let fields):
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                quote(key, to: &out)
                out += ":"
                if let field = fields[key] { write(field, to: &out) }
            }
            out += "}"
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as is.
    static func quote(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `2026-12-07T01:02:03Z`, as ISO8601DateFormatter writes it, from the C library's clock.
    public static func timestamp(_ seconds: time_t = time(nil)) -> String {
        var parts = tm()
        var now = seconds
        gmtime_r(&now, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
