import Common
import Foundation
import HostLayer
import Testing

@testable import AWSClient

/// `ErrorCode` is an open string wrapper with named members; `EFSHookError` carries one, the
/// errno of a failed system call as a number, and the error it was made from as `cause`.
@Suite struct ErrorCodeTests {
    @Test func aMemberIsTheStringTheServiceSends() throws {
        #expect(ErrorCode.throttling == "ThrottlingException")
        #expect(ErrorCode.fileSystemAlreadyExists.rawValue == "FileSystemAlreadyExists")
        #expect(ErrorCode.noRegion.description == "NoRegion")
        #expect(AWSServiceFailure.normalizedCode("aws.protocols#ThrottlingException:http://internal") == .throttling)
    }

    @Test func aCodeWithoutAMemberIsKeptAsItCame() throws {
        let failure = AWSServiceFailure.parse(
            HTTPResponse(status: 400, body: Data(#"{"ErrorCode":"SomethingNewException","Message":"new"}"#.utf8)))
        #expect(failure.code == ErrorCode("SomethingNewException"))
        #expect(failure.code?.rawValue == "SomethingNewException")
    }

    @Test func aCodeEncodesAsAPlainString() throws {
        let data = try JSONEncoder().encode([ErrorCode.mountTargetConflict])
        #expect(String(decoding: data, as: UTF8.self) == #"["MountTargetConflict"]"#)
        #expect(try JSONDecoder().decode([ErrorCode].self, from: data) == [.mountTargetConflict])
    }

    @Test func isCodeMatchesTheCodeOrASetOfThem() {
        let denied = EFSHookError(.permissionDenied, "EFS CreateFileSystem failed", code: .accessDenied)
        #expect(denied.isCode(.accessDenied))
        #expect(!denied.isCode(.accessDeniedException))
        #expect(denied.isCode(in: ErrorCode.accessDeniedCodes))
        #expect(!denied.isCode(in: ErrorCode.transportFailures))
        let uncoded = EFSHookError.failure("no code")
        #expect(!uncoded.isCode(in: ErrorCode.accessDeniedCodes) && !uncoded.isCode(.throttling))
    }

    @Test func equalityComparesWhatWasDecidedNotTheCause() {
        struct Underlying: Error {}
        let plain = EFSHookError(.failure, "EFS DescribeFileSystems: unexpected response", code: nil)
        let caused = EFSHookError(.failure, "EFS DescribeFileSystems: unexpected response", cause: Underlying())
        #expect(plain == caused)
        #expect(caused.cause is Underlying)
        #expect(plain != EFSHookError(.failure, "EFS DescribeFileSystems: unexpected response", errno: ENOENT))
        #expect(plain != EFSHookError(.failure, "EFS DescribeFileSystems: unexpected response", code: .paginationLoop))
    }

    @Test func wrappingKeepsOursAndNamesTheOthersInOurWords() {
        let ours = EFSHookError(.config, "no AWS region", code: .noRegion)
        #expect(EFSHookError.wrapping(ours, .failure, "unused") == ours)

        let cancelled = EFSHookError.wrapping(CancellationError(), .failure, "unused")
        #expect(cancelled.kind == .temporary && cancelled.message == "cancelled")
        #expect(cancelled.cause is CancellationError)

        let decoding = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad"))
        let wrapped = EFSHookError.wrapping(decoding, .failure, "EFS: unexpected response")
        #expect(wrapped.kind == .failure && wrapped.message == "EFS: unexpected response" && wrapped.code == nil)
        #expect(wrapped.cause is DecodingError)
    }

    @Test func aSystemErrorKeepsItsErrnoAsANumber() {
        let missing = EFSHookError.system("open", "/nonexistent", errno: ENOENT)
        #expect(missing.errno == ENOENT && missing.kind == .failure)
        #expect(missing.message == "open \(Quoting.safe("/nonexistent")): \(String(cString: strerror(ENOENT)))")
        let denied = EFSHookError.system("mount", "/mnt/efs", errno: EACCES)
        #expect(denied.errno == EACCES && denied.kind == .permissionDenied && denied.exitCode == 77)
    }

    @Test func anUnreadableServiceAnswerKeepsTheDecodingErrorAsCause() async throws {
        let client = try EFSClient(
            environment: [
                "AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent-efs-hook-home", "AWS_REGION": "us-east-1",
                "AWS_ACCESS_KEY_ID": "AKIDUNITTEST", "AWS_SECRET_ACCESS_KEY": "unit-test-secret",
            ], options: .init(endpoint: "http://127.0.0.1:9"), transport: AnswersGarbage())
        let error = await #expect(throws: EFSHookError.self) { try await client.fileSystems(pageSize: nil) }
        #expect(error?.message.hasPrefix("EFS DescribeFileSystems: unexpected response") == true)
        #expect(error?.cause is DecodingError)
    }

    @Test func aRefusedConnectionIsATransportFailure() async throws {
        let error = await #expect(throws: EFSHookError.self) {
            try await ContainerCredentialProvider(
                environment: AWSEnvironment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/creds"]),
                transport: RefusesConnections(), attempts: 1
            ).credentials()
        }
        #expect(error?.isCode(.connectionFailed) == true && error?.kind == .temporary)
    }
}

private struct AnswersGarbage: HTTPTransport {
    func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
        HTTPResponse(status: 200, body: Data("not json".utf8))
    }
}

private struct RefusesConnections: HTTPTransport {
    func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
        throw EFSHookError(.temporary, "cannot connect to 127.0.0.1:9", code: .connectionFailed)
    }
}
