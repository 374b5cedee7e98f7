import Common
import Foundation
import Testing

@testable import AWSClient

/// `NetworkSettings`: which proxy a URL goes through, `NO_PROXY` as requests reads it.
@Suite("AWS network settings")
struct NetworkSettingsTests {
    func settings(_ environment: [String: String]) throws(EFSHookError) -> NetworkSettings {
        try NetworkSettings(
            environment: AWSEnvironment(
                ["AWS_CONFIG_FILE": "/nonexistent-efs-hook/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent-efs-hook/c"]
                    .merging(environment) { $1 }))
    }

    @Test("HTTPS_PROXY for https, HTTP_PROXY for http; the lower-case name wins; user and password decoded")
    func perScheme() throws {
        let network = try settings([
            "HTTPS_PROXY": "http://upper:3128", "https_proxy": "http://a%40b:p%3Ass@proxy.corp:8080", "HTTP_PROXY": "plain.corp",
        ])
        let https = network.proxy(for: "https://elasticfilesystem.us-east-1.amazonaws.com/")
        #expect(https == NetworkSettings.Proxy(host: "proxy.corp", port: 8080, username: "a@b", password: "p:ss"))
        #expect(network.proxy(for: "http://127.0.0.1:5000/")?.host == "plain.corp")
        #expect(network.proxy(for: "http://127.0.0.1:5000/")?.port == 80)
        #expect(try settings([:]).proxy == nil)
    }

    @Test(
        "NO_PROXY forms: *, host, .domain and domain, host:port, IPv4 CIDR, IPv6 literal; case and blanks ignored",
        arguments: [
            ("*", "https://sts.us-east-1.amazonaws.com/", true),
            ("amazonaws.com", "https://sts.us-east-1.amazonaws.com/", true),
            (".amazonaws.com", "https://sts.us-east-1.amazonaws.com/", true),
            (" AMAZONAWS.COM ", "https://sts.us-east-1.amazonaws.com/", true),
            ("amazonaws.com", "https://notamazonaws.com/", false),
            ("sts.us-east-1.amazonaws.com", "https://sts.us-east-1.amazonaws.com/", true),
            ("sts.us-east-1.amazonaws.com", "https://elasticfilesystem.us-east-1.amazonaws.com/", false),
            ("10.1.2.3:8443", "https://10.1.2.3:8443/", true),
            ("10.1.2.3:8443", "https://10.1.2.3/", false),
            ("10.0.0.0/8", "https://10.200.3.4/", true),
            ("10.0.0.0/8", "https://11.0.0.1/", false),
            ("127.0.0.0/8,localhost", "http://127.0.0.1:5000/", true),
            ("::1", "http://[::1]:9000/", true),
            ("", "https://sts.us-east-1.amazonaws.com/", false),
        ])
    func noProxy(entries: String, url: String, bypassed: Bool) throws {
        let network = try settings(["HTTPS_PROXY": "http://proxy:3128", "HTTP_PROXY": "http://proxy:3128", "NO_PROXY": entries])
        #expect((network.proxy(for: url) == nil) == bypassed, "NO_PROXY=\(entries) \(url)")
    }

    @Test("no_proxy (lower case) wins over NO_PROXY")
    func lowerCaseNoProxy() throws {
        let network = try settings(["HTTPS_PROXY": "http://proxy:3128", "no_proxy": "example.com", "NO_PROXY": "*"])
        #expect(network.proxy(for: "https://sts.us-east-1.amazonaws.com/") != nil)
        #expect(network.proxy(for: "https://api.example.com/") == nil)
    }

    @Test("a proxy that is not an http:// URL is a configuration error naming the variable")
    func badProxy() {
        let error = #expect(throws: EFSHookError.self) { try settings(["HTTPS_PROXY": "https://proxy:3128"]) }
        #expect(error?.exitCode == 78 && error?.message.contains("HTTPS_PROXY must be an http:// proxy URL") == true)
    }

    @Test("AWS_CA_BUNDLE, with ~ expanded")
    func caBundle() throws {
        #expect(try settings(["AWS_CA_BUNDLE": "~/ca.pem", "HOME": "/home/agent"]).caBundle == "/home/agent/ca.pem")
    }
}

/// `credential_process`'s command line, split as Python's shlex.split (botocore) splits it.
@Suite("credential_process splitting")
struct ShellWordsTests {
    @Test(
        "quotes, escapes and blanks as shlex",
        arguments: [
            ("/bin/creds --profile prod", ["/bin/creds", "--profile", "prod"]),
            ("  /bin/creds\t a  ", ["/bin/creds", "a"]),
            (#"/bin/creds 'a b' "c d""#, ["/bin/creds", "a b", "c d"]),
            (#"/bin/creds 'it''s' x"y"z"#, ["/bin/creds", "its", "xyz"]),
            (#"/bin/creds "a\"b" "a\b" 'a\b'"#, ["/bin/creds", #"a"b"#, #"a\b"#, #"a\b"#]),
            (#"/bin/creds "\$HOME" $HOME "a\`b""#, ["/bin/creds", #"\$HOME"#, "$HOME", #"a\`b"#]),
            (#"/bin/creds a\ b \'"#, ["/bin/creds", "a b", "'"]),
            (#"/bin/creds "" ''"#, ["/bin/creds", "", ""]),
            ("/bin/creds; rm -rf /", ["/bin/creds;", "rm", "-rf", "/"]),
        ])
    func splits(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line, what: "credential_process") == words)
    }

    @Test(
        "an unterminated quote or escape, or an empty line, is an error",
        arguments: [#"/bin/creds 'a"#, #"/bin/creds "a"#, #"/bin/creds \"#, "   "])
    func rejects(line: String) {
        let error = #expect(throws: EFSHookError.self) { try ShellWords.split(line, what: "credential_process of profile p") }
        #expect(error?.message.contains("credential_process of profile p") == true, "\(error?.message ?? "-")")
    }
}
