import Common
import Foundation
import VolumeModel

/// What every fuzz target checks beyond "does not crash": errors are one line, and whatever
/// extraction accepts obeys the validation rules the README promises.
public enum FuzzCheck {
    /// The drivers the task targets extract for (both, so the `rexray` default of
    /// `DVDI_VOLUME_DRIVER` is validated too, not just listed as ignored).
    public static let drivers = ["efs", "rexray"]
    public static let extractor = VolumeExtractor(drivers: drivers)

    /// Bytes as the fuzz target sees them. libFuzzer may pass a null pointer for an empty input.
    public static func data(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let start, count > 0 else { return Data() }
        return Data(bytes: start, count: count)
    }

    /// Bytes as UTF-8 text, invalid sequences replaced by U+FFFD (as `String(decoding:)` does).
    public static func text(_ start: UnsafePointer<UInt8>?, _ count: Int) -> String {
        guard let start, count > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// Traps unless `error` is one line: no line break as `EFSHookError.oneLine` splits on
    /// them (`Character.isNewline`: LF, VT, FF, CR, NEL U+0085, LS U+2028, PS U+2029).
    public static func expectOneLine(_ error: EFSHookError, _ what: String) {
        guard let bad = error.message.first(where: \.isNewline) else { return }
        let code = bad.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
        fatalError("\(what): error message contains a line break (\(code)): \(error.message.debugDescription)")
    }

    /// Extracts the volumes of `task`; an error must be one line, a success must be valid.
    public static func extract(_ task: TaskDescription, _ what: String) {
        do {
            let found = try extractor.volumes(in: task)
            expectValid(found, what)
        } catch {
            expectOneLine(error, what)
        }
    }

    /// What extraction accepted must pass validation again unchanged: names Docker-style,
    /// paths already normalised, drivers ours, no volume or path twice.
    public static func expectValid(_ found: TaskVolumes, _ what: String) {
        var names = Set<String>()
        var paths = Set<String>()
        for volume in found.volumes {
            func fail(_ problem: String) -> Never {
                fatalError("\(what): accepted volume \(volume.name.debugDescription) at \(volume.containerPath.debugDescription): \(problem)")
            }
            if !drivers.contains(volume.driver) { fail("driver \(volume.driver.debugDescription) is not ours") }
            do { try VolumeName.validate(volume.name) } catch { fail("name no longer validates: \(error.message)") }
            expectNameShape(volume.name, what)
            do {
                let again = try ContainerPath.normalize(volume.containerPath, volume: volume.name)
                if again != volume.containerPath { fail("path is not normalised (again: \(again.debugDescription))") }
            } catch {
                fail("path no longer validates: \(error.message)")
            }
            expectPathShape(volume.containerPath, what)
            if !names.insert(volume.driver + "\u{0}" + volume.name).inserted { fail("volume given twice") }
            if !paths.insert(volume.containerPath).inserted { fail("container path used twice") }
        }
    }

    /// `[A-Za-z0-9][A-Za-z0-9_.-]*`, 1...64 bytes, checked independently of `VolumeName`.
    public static func expectNameShape(_ name: String, _ what: String) {
        let bytes = Array(name.utf8)
        func alnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        let ok = !bytes.isEmpty && bytes.count <= VolumeName.maxLength && alnum(bytes[0])
            && bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
        if !ok { fatalError("\(what): accepted volume name \(name.debugDescription) is not Docker-style") }
    }

    /// A normalised container path: not empty, not the root, no `.`/`..`/empty component,
    /// no trailing `/`, no NUL or control byte.
    public static func expectPathShape(_ path: String, _ what: String) {
        func fail(_ problem: String) -> Never {
            fatalError("\(what): accepted container path \(path.debugDescription) \(problem)")
        }
        if path.isEmpty || path == "/" { fail("is empty or the root") }
        if path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { fail("has a control byte") }
        let body = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        for component in body.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { fail("has an empty component or a trailing /") }
            if component == "." || component == ".." { fail("has a \(component) component") }
        }
    }
}
