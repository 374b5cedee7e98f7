import Common

/// `--endpoint`: the unix socket the plugin listens on, written as the URI the orchestrator
/// is configured with (`unix:///run/efs-hook/csi.sock`; Mesos hands the string to gRPC as
/// it is), or as a plain absolute path.
public struct CSIEndpoint: Sendable, Equatable {
    public let path: String

    public init(parsing text: String) throws(EFSHookError) {
        let path: String
        if text.hasPrefix("unix://") {
            path = String(text.dropFirst(7))
        } else if text.hasPrefix("unix:") {
            path = String(text.dropFirst(5))
        } else if text.hasPrefix("/") {
            path = text
        } else {
            throw .usage("--endpoint must be unix:///ABSOLUTE/PATH (or the path itself), not \"\(Quoting.safe(text))\"")
        }
        guard path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw .usage("--endpoint must name an absolute socket path without \"..\": unix:///run/efs-hook/csi.sock")
        }
        self.path = path
    }

    public var uri: String { "unix://\(path)" }

    /// `unix:///run/efs-hook/csi.sock`: what deploy/csi-plugin.json and the unit use.
    public static let standard = CSIEndpoint(standardPath: "/run/efs-hook/csi.sock")

    private init(standardPath: String) { path = standardPath }
}
