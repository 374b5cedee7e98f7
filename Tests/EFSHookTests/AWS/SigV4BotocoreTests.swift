import Foundation
import Testing

@testable import AWSClient

/// The signer against botocore's own SigV4Auth (Tests/Helpers/botocore_sign.py), on generated requests.
@Suite("SigV4 signer")
struct AWSSigV4BotocoreTests {
    struct SigningCase: Encodable {
        var method: String
        var endpoint: String
        var region: String
        var service: String
        var timestamp: String
        var accessKey: String
        var secretKey: String
        var sessionToken: String?
        var segments: [String]?
        var rawPath: String?
        var query: [[String]]
        var headers: [[String]]
        var body: String
    }

    struct BotocoreResult: Decodable {
        var url: String
        var authorization: String
        var canonicalRequest: String
        var stringToSign: String
    }

    static let caseCount = 240

    @Test("matches botocore's SigV4Auth on 240 generated requests")
    func matchesBotocore() async throws {
        var generator = SeededGenerator(seed: 0xEF5_5160)
        let generated = (0..<Self.caseCount).map { _ in Self.makeCase(&generator) }
        let cases = generated.map(\.0)
        let expected = try await Self.runBotocore(cases)
        try #require(expected.count == cases.count)

        var matched = 0
        var urlsMatched = 0
        for (index, ((testCase, date), oracle)) in zip(generated, expected).enumerated() {
            let url = Self.url(for: testCase)
            if url == oracle.url { urlsMatched += 1 }
            #expect(url == oracle.url, "case \(index): URL differs from botocore's serializer")
            let signed = Self.sign(testCase, date: date)
            if signed.authorization == oracle.authorization {
                matched += 1
            } else {
                Issue.record(
                    """
                    case \(index) differs from botocore
                    ours:     \(signed.authorization)
                    botocore: \(oracle.authorization)
                    our canonical request:
                    \(signed.canonicalRequest)
                    botocore's canonical request:
                    \(oracle.canonicalRequest)
                    """)
            }
        }
        print("SigV4: \(matched) of \(cases.count) generated requests match botocore's Authorization header (URLs: \(urlsMatched))")
        #expect(matched == cases.count)
    }

    /// What botocore_sts_query.py is asked: an STS operation and its parameters, in order.
    struct STSQuery: Encodable {
        var operation: String
        var params: [[String]]

        init(_ form: [(String, String)]) {
            operation = form[0].1
            params = form.dropFirst(2).map { [$0.0, $0.1] }
        }
    }

    @Test("STS query-protocol POSTs (AssumeRole, GetCallerIdentity): the form body botocore serializes, the signature botocore computes")
    func stsQueryPOST() async throws {
        var g = SeededGenerator(seed: 0x575_2011)
        let sessionChars = Array("abcXYZ019_+=,.@-")
        let externalChars = Array("abcXYZ019_+=,.@:/-")
        func word(_ alphabet: [Character], _ range: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: range, using: &g)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
        }
        var queries: [STSQuery] = []
        var cases: [(SigningCase, Date)] = []
        for index in 0..<40 {
            let region = Self.regions[index % Self.regions.count]
            var form = [("Action", "GetCallerIdentity"), ("Version", STSClient.version)]
            if index % 5 != 0 {
                let role = STSClient.RoleRequest(
                    roleArn: "arn:\(region.hasPrefix("cn-") ? "aws-cn" : "aws"):iam::222222222222:role/\(word(sessionChars, 1...20))",
                    sessionName: word(sessionChars, 2...64), externalId: index % 2 == 0 ? word(externalChars, 2...40) : nil,
                    durationSeconds: index % 3 == 0 ? Int.random(in: 900...43_200, using: &g) : nil)
                form = STSClient.assumeRoleForm(role)
            }
            queries.append(STSQuery(form))
            let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 3_607)
            let endpoint = EndpointResolver.regional("sts", region: region, variant: EndpointVariant())
            cases.append(
                (
                    SigningCase(
                        method: "POST", endpoint: endpoint, region: region, service: STSClient.signingName,
                        timestamp: UTCTime.sigV4Timestamp(date), accessKey: "AKIDSTS\(index)", secretKey: "stssecret/\(index)+x",
                        sessionToken: index % 4 == 1 ? "session-token-\(index)" : nil, segments: nil, rawPath: "/", query: [],
                        headers: [["User-Agent", "efs-hook"], ["Content-Type", STSClient.contentType]], body: STSClient.formBody(form)),
                    date
                ))
        }
        let serialized = try await ProcessRunner.python("botocore_sts_query.py", input: try JSONEncoder().encode(queries))
        try #require(serialized.status == 0, "botocore_sts_query.py failed: \(serialized.stderr)")
        let bodies = try JSONDecoder().decode([String].self, from: serialized.stdoutData)
        let expected = try await Self.runBotocore(cases.map(\.0))
        try #require(bodies.count == cases.count && expected.count == cases.count)
        var matched = 0
        for (index, ((testCase, date), (body, oracle))) in zip(cases, zip(bodies, expected)).enumerated() {
            #expect(testCase.body == body, "case \(index): the form body differs from botocore's serializer")
            let signed = Self.sign(testCase, date: date)
            #expect(
                signed.authorization == oracle.authorization, "case \(index):\n\(signed.canonicalRequest)\n---\n\(oracle.canonicalRequest)")
            if testCase.body == body && signed.authorization == oracle.authorization { matched += 1 }
        }
        print("SigV4 STS: \(matched) of \(cases.count) query-protocol POSTs match botocore (body and Authorization)")
        #expect(matched == cases.count)
    }

    @Test("AWS SigV4 test suite vector get-vanilla")
    func awsTestSuiteVector() {
        let request = HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        let signed = SigV4Signer(service: "service", region: "us-east-1").sign(request, credentials: credentials, date: date)
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(signed.request.headers.value(for: "x-amz-date") == "20150830T123600Z")
        #expect(signed.request.headers.value(for: "host") == "example.amazonaws.com")
    }

    @Test("adds the session token, replaces stale signing headers, adds no x-amz-content-sha256")
    func signingHeaders() {
        let request = HTTPRequest(
            method: "POST", url: "https://elasticfilesystem.us-east-1.amazonaws.com/2015-02-01/file-systems",
            headers: [
                HTTPHeader("Authorization", "stale"), HTTPHeader("X-Amz-Date", "19990101T000000Z"),
                HTTPHeader("X-Amz-Security-Token", "stale-token"), HTTPHeader("User-Agent", "efs-hook"),
            ], body: Data("{}".utf8))
        var credentials = fakeCredentials
        credentials.sessionToken = "session-token"
        let signed = SigV4Signer(service: "elasticfilesystem", region: "us-east-1")
            .sign(request, credentials: credentials, date: Date(timeIntervalSince1970: 1_700_000_000))
        let names = signed.request.headers.map { $0.name.lowercased() }
        #expect(names.filter { $0 == "authorization" }.count == 1)
        #expect(names.filter { $0 == "x-amz-security-token" }.count == 1)
        #expect(signed.request.headers.value(for: "x-amz-security-token") == "session-token")
        #expect(signed.request.headers.value(for: "x-amz-date") == "20231114T221320Z")
        #expect(!names.contains("x-amz-content-sha256"))
        #expect(signed.authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"))
        #expect(signed.canonicalRequest.hasSuffix("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"))
    }

    // MARK: Case generation

    static func url(for testCase: SigningCase) -> String {
        let query = testCase.query.map { ($0[0], $0[1]) }
        if let segments = testCase.segments {
            return AWSRequestURL.make(endpoint: testCase.endpoint, segments: segments, query: query)
        }
        return AWSRequestURL.make(endpoint: testCase.endpoint, rawPath: testCase.rawPath ?? "/", query: query)
    }

    static func sign(_ testCase: SigningCase, date: Date) -> SigV4Signer.Signed {
        let request = HTTPRequest(
            method: testCase.method, url: url(for: testCase), headers: testCase.headers.map { HTTPHeader($0[0], $0[1]) },
            body: Data(testCase.body.utf8))
        let credentials = AWSCredentials(
            accessKeyId: testCase.accessKey, secretAccessKey: testCase.secretKey, sessionToken: testCase.sessionToken)
        return SigV4Signer(service: testCase.service, region: testCase.region)
            .sign(request, credentials: credentials, date: date)
    }

    static func runBotocore(_ cases: [SigningCase]) async throws -> [BotocoreResult] {
        let run = try await ProcessRunner.python("botocore_sign.py", input: try JSONEncoder().encode(cases))
        try #require(run.status == 0, "botocore_sign.py failed (is botocore installed?): \(run.stderr)")
        return try JSONDecoder().decode([BotocoreResult].self, from: run.stdoutData)
    }

    static let endpoints = [
        "https://elasticfilesystem.us-east-1.amazonaws.com", "https://elasticfilesystem.eu-west-1.amazonaws.com:443",
        "http://127.0.0.1:5000", "https://EFS.Example.COM", "http://localhost:8080", "http://[::1]:9000",
        "https://elasticfilesystem.cn-north-1.amazonaws.com.cn", "http://user@127.0.0.1:80",
    ]
    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"]
    static let services = ["elasticfilesystem", "elasticfilesystem", "elasticfilesystem", "ec2", "sts"]
    static let pieces = [
        "fs-0123abcd", "a b", "  ", "é", "日本", "🙂", "!", "*", "'", "(", ")", ";", ":", "@", "&", "=", "+", "$", ",",
        "/", "?", "#", "[", "]", "~", "%", "%20", "%2F", "-_.", "x", "Ab9", "\u{00A0}", "\\", "\"", "<>", "^`{|}",
    ]
    static let rawPaths = [
        "/", "//a//b/", "/a/./b/../c", "/2015-02-01/file-systems/", "/%41%2f", "/a%20b/c d", "/ü", "/a/b/../../..",
        "/./", "/a/.", "/x/%2e%2e/y",
    ]
    static let queryKeys = ["FileSystemId", "Marker", "a", "A", "b", "a b", "%20", "k%2Fx", "ü", "", "x=y", "&", "MaxItems", "~z"]
    static let headerNames = [
        "X-Amz-Target", "Content-Type", "x-custom-header", "X-CUSTOM-HEADER", "User-Agent", "X-Amzn-Trace-Id", "Expect",
        "Connection", "x-amz-meta-Key", "Accept", "Transfer-Encoding", "X-Forwarded-For",
    ]
    static let headerValues = [
        "application/json", "  a   b\t c  ", "", "   ", "v1,v2", "x", "a  ,  b", "\tlead", "trail\t", "1.0",
    ]
    static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// A request and its signing time (the oracle gets the time as botocore's timestamp text).
    static func makeCase(_ g: inout SeededGenerator) -> (SigningCase, Date) {
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &g)] }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &g) < percent }
        func text(_ maxPieces: Int) -> String {
            (0..<Int.random(in: 1...maxPieces, using: &g)).map { _ in pick(pieces) }.joined()
        }
        func randomString(_ alphabet: [Character], _ count: Int) -> String {
            String((0..<count).map { _ in pick(alphabet) })
        }

        var components = DateComponents()
        components.year = Int.random(in: 2012...2035, using: &g)
        components.month = Int.random(in: 1...12, using: &g)
        components.day = Int.random(in: 1...28, using: &g)
        components.hour = Int.random(in: 0...23, using: &g)
        components.minute = Int.random(in: 0...59, using: &g)
        components.second = Int.random(in: 0...59, using: &g)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: components) else { preconditionFailure("no date for \(components)") }
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let timestamp =
            "\(components.year ?? 0)\(two(components.month))\(two(components.day))T"
            + "\(two(components.hour))\(two(components.minute))\(two(components.second))Z"

        var segments: [String]?
        var rawPath: String?
        if chance(12) {
            rawPath = pick(rawPaths)
        } else {
            var list = ["2015-02-01", pick(["file-systems", "mount-targets", "access-points", "resource-tags"])]
            for _ in 0..<Int.random(in: 0...3, using: &g) {
                list.append(chance(8) ? pick([".", "..", ""]) : text(4))
            }
            segments = list
        }

        var query: [[String]] = []
        for _ in 0..<Int.random(in: 0...4, using: &g) {
            let key = pick(queryKeys)
            query.append([key, chance(20) ? "" : text(3)])
            if chance(15) { query.append([key, text(2)]) }  // repeated key
        }

        var headers: [[String]] = []
        for _ in 0..<Int.random(in: 0...4, using: &g) {
            headers.append([pick(headerNames), pick(headerValues)])
        }
        if chance(4) { headers.append(["Date", "Thu, 01 Jan 1970 00:00:00 GMT"]) }
        if chance(4) { headers.append(["X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"]) }
        if chance(4) { headers.append(["Authorization", "stale"]) }
        if chance(4) { headers.append(["X-Amz-Date", "20000101T000000Z"]) }
        if chance(4) { headers.append(["X-Amz-Security-Token", "stale-token"]) }
        if chance(3) { headers.append(["Host", "  Custom.Host:8443 "]) }

        let body: String
        if chance(40) {
            body = ""
        } else {
            body = pick(["{}", #"{"CreationToken":"tok-é","Tags":[{"Key":"Name","Value":"v"}]}"#, text(6)])
        }

        let signingCase = SigningCase(
            method: pick(["GET", "POST", "PUT", "DELETE"]), endpoint: pick(endpoints), region: pick(regions),
            service: pick(services), timestamp: timestamp,
            accessKey: "AKIA" + randomString(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 16),
            secretKey: randomString(base64, 40),
            sessionToken: chance(50) ? randomString(base64, Int.random(in: 20...200, using: &g)) + "==" : nil,
            segments: segments, rawPath: rawPath, query: query, headers: headers, body: body)
        return (signingCase, date)
    }
}
