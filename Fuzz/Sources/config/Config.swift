import Common
import FuzzSupport
import VolumeModel
import Yams

/// The YAML configuration parser (Yams, strict keys and types).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzCheck.text(start, count)
    if FuzzCheck.skipped.contains(.yamsNonScalarKey), hasNonScalarKey(text) { return 0 }
    do {
        _ = try ConfigurationLoader.parse(text)
    } catch {
        if FuzzCheck.skipped.contains(.configUnquotedKey), error.message.hasPrefix("config: unknown key ") { return 0 }
        FuzzCheck.expectOneLine(error, "config")
    }
    return 0
}

/// Whether any mapping in the document has a key that is not a scalar, which `Yams.load`
/// traps on (a force unwrap in `private_construct_mapping`). Not YAML → false (parse says so).
func hasNonScalarKey(_ text: String) -> Bool {
    guard let root = try? Yams.compose(yaml: text) else { return false }
    var pending = [root]
    while let node = pending.popLast() {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard case .scalar = key else { return true }
                pending.append(value)
            }
        case .sequence(let sequence):
            pending.append(contentsOf: sequence)
        case .scalar, .alias:
            break
        }
    }
    return false
}
