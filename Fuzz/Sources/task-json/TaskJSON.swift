import Common
import FuzzSupport
import VolumeModel

/// JSON, message kind inferred from the keys (as `efs-hook plan` does without --message).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTaskJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = FuzzCheck.data(start, count)
    do {
        let task = try TaskDecoder.decode(input, message: nil, format: .json)
        FuzzCheck.extract(task, "task-json (\(task.kind.rawValue))")
    } catch {
        FuzzCheck.expectOneLine(error, "task-json decode")
    }
    return 0
}
