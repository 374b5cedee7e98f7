import Common

/// Container paths: absolute (inside the rootfs) or relative (to the sandbox); no `..`
/// component, no NUL or control characters. Returns the normalised form: no repeated `/`,
/// no `.` components, no trailing `/`.
public enum ContainerPath {
    public static let maxLength = 4096

    public static func normalize(_ path: String, volume: String) throws(EFSHookError) -> String {
        func fail(_ problem: String) -> EFSHookError {
            .invalidTask("volume \"\(Quoting.safe(volume))\": container path \"\(Quoting.safe(path))\" \(problem)")
        }
        guard !path.isEmpty else { throw fail("is empty") }
        guard path.utf8.count <= maxLength else { throw fail("is longer than \(maxLength) bytes") }
        guard !path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw fail("contains a NUL or control character")
        }
        let absolute = path.hasPrefix("/")
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." { throw fail("has a \"..\" component") }
            components.append(component)
        }
        guard !components.isEmpty else { throw fail("names the container's root; mount below it") }
        return (absolute ? "/" : "") + components.joined(separator: "/")
    }
}
