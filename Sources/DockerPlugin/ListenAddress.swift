import Common

/// `HOST:PORT` for the metrics listener: `127.0.0.1:9464`, `[::1]:9464`, or `:9464`
/// (loopback). Port 0 picks a free port (the log says which).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(EFSHookError) {
        let usage = EFSHookError.usage("--metrics \"\(Quoting.safe(text))\" is not HOST:PORT (e.g. 127.0.0.1:9464)")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw usage
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw usage }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw usage
        }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
