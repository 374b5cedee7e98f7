import Common

extension ConfigurationLoader {
    /// `efs.rexray`: REX-Ray's tag and root path, checked as libStorage would use them.
    static func parseREXRay(_ reader: YAMLMapReader, source: String) throws(EFSHookError) -> Configuration.EFS.REXRay {
        try reader.allowKeys(ConfigurationKeys.rexray)
        var rexray = Configuration.EFS.REXRay()
        if let tag = try reader.string("tag") {
            // The Name tag "<tag>/<volume>" must fit EFS's 256 characters.
            guard tag.utf8.count <= 128, tag.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) else {
                throw .config("\(source): efs.rexray.tag must be at most 128 characters, without control characters")
            }
            rexray.tag = tag
        }
        if let path = try reader.absolutePath("rootPath") {
            guard path.utf8.count <= 255, path.utf8.allSatisfy({ OptionKind.isNameByte($0) || $0 == UInt8(ascii: "/") }) else {
                throw .config("\(source): efs.rexray.rootPath must be letters, digits and \"/_.-\", at most 255 characters")
            }
            rexray.rootPath = path
        }
        if let path = try reader.absolutePath("volumesDir") { rexray.volumesDir = path }
        return rexray
    }
}
