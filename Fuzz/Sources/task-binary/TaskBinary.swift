import Common
import Foundation
import FuzzSupport
import VolumeModel

/// Binary protobuf: the first byte picks the Mesos message, the rest is decoded as it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTaskBinary(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = FuzzCheck.data(start, count)
    guard let selector = input.first else { return 0 }
    let kinds = MessageKind.allCases
    let kind = kinds[Int(selector) % kinds.count]
    do {
        // A fresh Data (indices from 0), as the CLI passes a whole file's bytes.
        let task = try TaskDecoder.decode(Data(input.dropFirst()), message: kind, format: .binary)
        FuzzCheck.extract(task, "task-binary (\(kind.rawValue))")
    } catch {
        FuzzCheck.expectOneLine(error, "task-binary decode (\(kind.rawValue))")
    }
    return 0
}
