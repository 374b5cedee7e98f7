import Common
import FuzzSupport
import VolumeModel

/// The YAML configuration parser (Yams, strict keys and types).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzCheck.text(start, count)
    do {
        _ = try ConfigurationLoader.parse(text)
    } catch {
        FuzzCheck.expectOneLine(error, "config")
    }
    return 0
}
