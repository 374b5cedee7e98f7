import Foundation

/// The few UTC time formats AWS uses, without locale-dependent formatters.
enum UTCTime {
    struct Fields {
        var year, month, day, hour, minute, second, weekday: Int  // weekday 0 = Monday
    }

    static func fields(_ date: Date) -> Fields {
        let total = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = Int(total - days * 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        let weekday = Int(((days % 7) + 7 + 3) % 7)  // 1970-01-01 was a Thursday
        return Fields(
            year: year, month: month, day: day, hour: secondsOfDay / 3600, minute: secondsOfDay / 60 % 60,
            second: secondsOfDay % 60, weekday: weekday)
    }

    /// `20150830T123600Z`
    static func sigV4Timestamp(_ date: Date) -> String {
        let f = fields(date)
        return pad(f.year, 4) + pad(f.month) + pad(f.day) + "T" + pad(f.hour) + pad(f.minute) + pad(f.second) + "Z"
    }

    /// `2015-08-30T12:36:00Z` (the query protocol's timestamps).
    static func iso8601(_ date: Date) -> String {
        let f = fields(date)
        return pad(f.year, 4) + "-" + pad(f.month) + "-" + pad(f.day) + "T" + pad(f.hour) + ":" + pad(f.minute) + ":"
            + pad(f.second) + "Z"
    }

    /// `Sun, 30 Aug 2015 12:36:00 -0000`, as Python's `email.utils.formatdate` writes it.
    static func rfc2822(_ date: Date) -> String {
        let f = fields(date)
        return "\(weekdays[f.weekday]), \(pad(f.day)) \(months[f.month - 1]) \(pad(f.year, 4)) "
            + "\(pad(f.hour)):\(pad(f.minute)):\(pad(f.second)) -0000"
    }

    /// Parses ISO 8601 as the credential endpoints write it: `2024-05-01T12:00:00Z`, with
    /// optional fractional seconds and an optional `+hh:mm` offset.
    static func parseISO8601(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[start..<start + length] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars.count >= 19, scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-"),
            scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: " "),
            scalars[13] == UInt8(ascii: ":"), scalars[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < scalars.count, let digit = number(index, 1) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < scalars.count {
            switch scalars[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let hours = number(index + 1, 2), index + 3 < scalars.count else { return nil }
                let minutesStart = scalars[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
                guard let minutes = number(minutesStart, 2) else { return nil }
                offset = (hours * 3600 + minutes * 60) * (scalars[index] == UInt8(ascii: "-") ? -1 : 1)
                index = minutesStart + 2
            default:
                return nil
            }
        }
        guard index == scalars.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
