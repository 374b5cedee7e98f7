import AWSClient
import Benchmark
import Foundation

/// AWS's documentation example credentials, with a session token as instance-profile and
/// container credentials always carry.
private let credentials = AWSCredentials(
    accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    sessionToken: String(repeating: "IQoJb3JpZ2luX2VjEXAMPLETOKEN", count: 30))
private let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
private let endpoint = "https://elasticfilesystem.us-east-1.amazonaws.com"
/// An efs-hook creation token: `efs-hook-` and 40 hex digits.
private let creationToken = "efs-hook-3f5a8a3e1c2d4b7a9e0f5d6c7b8a9f10a1b2c3d4"

func signingBenchmarks() {
    let signer = SigV4Signer(service: "elasticfilesystem", region: "us-east-1")

    // Requests built as AWSServiceClient builds them: User-Agent always, Content-Type with a body.
    let describe = HTTPRequest(
        method: "GET",
        url: AWSRequestURL.make(
            endpoint: endpoint, segments: ["2015-02-01", "file-systems"], query: [("CreationToken", creationToken)]),
        headers: [HTTPHeader("User-Agent", "efs-hook")])
    let createBody = Data(
        """
        {"Backup":false,"CreationToken":"\(creationToken)","Encrypted":true,"PerformanceMode":"generalPurpose",\
        "Tags":[{"Key":"Name","Value":"efs-hook/prod/uploads"},{"Key":"efs-hook:managed-by","Value":"efs-hook"},\
        {"Key":"efs-hook:cluster","Value":"prod"},{"Key":"efs-hook:volume","Value":"uploads"}],\
        "ThroughputMode":"elastic"}
        """.utf8)
    let create = HTTPRequest(
        method: "POST", url: AWSRequestURL.make(endpoint: endpoint, segments: ["2015-02-01", "file-systems"]),
        headers: [HTTPHeader("User-Agent", "efs-hook"), HTTPHeader("Content-Type", "application/json")],
        body: createBody)

    Benchmark("SigV4 sign, GET DescribeFileSystems?CreationToken (no body)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(signer.sign(describe, credentials: credentials, date: date))
        }
    }

    Benchmark("SigV4 sign, POST CreateFileSystem (\(createBody.count)-byte JSON body)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(signer.sign(create, credentials: credentials, date: date))
        }
    }
}
