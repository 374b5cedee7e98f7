import Common

/// The keys of a JSON document's top-level object, found by one pass over the bytes without
/// building the document: only to tell which Mesos message it is before SwiftProtobuf
/// decodes (and fully validates) it. A full parse here would cost as much again as the decoding.
enum JSONObjectKeys {
    static func topLevel(_ bytes: some Collection<UInt8>) throws(EFSHookError) -> Set<String> {
        let text = Array(bytes)
        guard let start = text.firstIndex(where: { !isBlank($0) }), text[start] == UInt8(ascii: "{") else {
            throw .invalidTask("task description JSON must be an object")
        }
        var keys: Set<String> = []
        var depth = 0
        var expectingKey = false
        var index = start
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "\""):
                let first = index + 1
                index = first
                while index < text.count, text[index] != UInt8(ascii: "\"") {
                    index += text[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < text.count else { throw .invalidTask("task description is not valid JSON: unterminated string") }
                if depth == 1, expectingKey {
                    keys.insert(String(decoding: text[first..<index], as: UTF8.self))
                    expectingKey = false
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingKey = depth == 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return keys }
            case UInt8(ascii: ","):
                if depth == 1 { expectingKey = true }
            default:
                break
            }
            index += 1
        }
        throw .invalidTask("task description is not valid JSON: the top-level object is not closed")
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
