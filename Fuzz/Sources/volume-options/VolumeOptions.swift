import Common
import FuzzSupport
import VolumeModel

/// The validators alone: an option list, a container path and a volume name, all the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVolumeOptions(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzCheck.text(start, count)
    do {
        let pairs = try VolumeOptions.splitList(text, volume: text)
        let options = try VolumeOptions.parse(pairs, volume: text)
        for (key, value) in options.values {
            guard let option = VolumeOption(rawValue: key) else { fatalError("volume-options: parse kept unknown key \(key.debugDescription)") }
            // A normalised value is a fixed point of normalisation.
            guard option.kind.normalize(value) == value else {
                fatalError("volume-options: \(key)=\(value.debugDescription) is not normalised")
            }
        }
    } catch {
        FuzzCheck.expectOneLine(error, "volume-options options")
    }
    do {
        let path = try ContainerPath.normalize(text, volume: text)
        FuzzCheck.expectPathShape(path, "volume-options path")
        guard try ContainerPath.normalize(path, volume: text) == path else {
            fatalError("volume-options: normalize is not idempotent on \(text.debugDescription)")
        }
    } catch {
        FuzzCheck.expectOneLine(error, "volume-options path")
    }
    do {
        try VolumeName.validate(text)
        FuzzCheck.expectNameShape(text, "volume-options name")
    } catch {
        FuzzCheck.expectOneLine(error, "volume-options name")
    }
    return 0
}
