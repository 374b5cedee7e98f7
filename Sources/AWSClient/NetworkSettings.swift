import Common
import Foundation

/// How AWS API requests leave the host, from the environment as botocore (through
/// urllib3/requests) reads it: `HTTPS_PROXY` for https URLs and `HTTP_PROXY` for http ones
/// (lower-case names first), hosts in `NO_PROXY` reached directly, and `AWS_CA_BUNDLE` (or
/// the profile's `ca_bundle`) as the trusted roots. Instance metadata and container
/// credentials never use it: their transport is built without a proxy.
public struct NetworkSettings: Sendable, Equatable {
    public struct Proxy: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?
    }

    /// Per URL scheme (`http`, `https`).
    public var proxy: [String: Proxy]?
    public var noProxy: [String]
    public var caBundle: String?

    public init(proxy: [String: Proxy]? = nil, noProxy: [String] = [], caBundle: String? = nil) {
        self.proxy = proxy
        self.noProxy = noProxy
        self.caBundle = caBundle
    }

    public init(environment: AWSEnvironment) throws(EFSHookError) {
        var proxies: [String: Proxy] = [:]
        for scheme in ["http", "https"] {
            let name = "\(scheme)_proxy"
            if let value = environment[name] ?? environment[name.uppercased()] {
                proxies[scheme] = try Self.parseProxy(value, from: name.uppercased())
            }
        }
        let noProxy = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        var caBundle = environment["AWS_CA_BUNDLE"]
        if caBundle == nil, let files = try? AWSConfigFiles.load(environment) {
            caBundle = files.configProfiles[environment.profile]?["ca_bundle"].flatMap { $0.isEmpty ? nil : $0 }
        }
        self.init(
            proxy: proxies.isEmpty ? nil : proxies,
            noProxy: noProxy.split(separator: ",").map { $0.trimmingWhitespace.lowercased() }.filter { !$0.isEmpty },
            caBundle: caBundle.map(environment.expandingHome))
    }

    /// The proxy for `url`, nil when it goes direct.
    public func proxy(for url: String) -> Proxy? {
        guard let proxy, let parts = URLParts(url), let chosen = proxy[parts.scheme] else { return nil }
        return bypasses(host: parts.hostname.lowercased(), port: parts.port) ? nil : chosen
    }

    /// `NO_PROXY` as requests reads it: `*`, a host or domain (`example.com` and
    /// `.example.com` both cover `a.example.com`), `host:port`, or an IPv4 CIDR block.
    func bypasses(host: String, port: Int?) -> Bool {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return noProxy.contains { entry in
            if entry == "*" { return true }
            if let port, entry == "\(bare):\(port)" { return true }
            if entry.contains("/") { return IPv4Block(entry)?.contains(bare) ?? false }
            let domain = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            return bare == domain || bare.hasSuffix("." + domain)
        }
    }

    static func parseProxy(_ value: String, from name: String) throws(EFSHookError) -> Proxy {
        let url = value.contains("://") ? value : "http://" + value
        guard let parts = URLParts(url), parts.scheme == "http", !parts.hostname.isEmpty else {
            throw EFSHookError(.config, "\(name) must be an http:// proxy URL, not \(Quoting.safe(value))", code: .invalidEndpoint)
        }
        var host = parts.hostname
        if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
        let credentials = parts.userInfo.map { info -> (String, String) in
            let pair = info.split(separator: ":", maxSplits: 1).map(String.init)
            return (pair[0].removingPercentEncoding ?? pair[0], pair.count > 1 ? pair[1].removingPercentEncoding ?? pair[1] : "")
        }
        return Proxy(host: host, port: parts.port ?? 80, username: credentials?.0, password: credentials?.1)
    }
}

/// An IPv4 network in CIDR notation.
struct IPv4Block {
    let network: UInt32
    let mask: UInt32

    init?(_ text: String) {
        let pieces = text.split(separator: "/")
        guard pieces.count == 2, let bits = Int(pieces[1]), (0...32).contains(bits), let address = Self.address(String(pieces[0]))
        else { return nil }
        mask = bits == 0 ? 0 : UInt32.max << (32 - bits)
        network = address & mask
    }

    func contains(_ host: String) -> Bool {
        guard let address = Self.address(host) else { return false }
        return address & mask == network
    }

    static func address(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
