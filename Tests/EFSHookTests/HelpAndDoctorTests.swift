import Foundation
import Testing

@Suite struct HelpTests {
    static let commands = [
        ["plan"], ["prepare"], ["cleanup"], ["recover"], ["isolator"], ["dvdcli"], ["status"], ["remove"], ["gc"], ["doctor"],
        ["config"], ["debug", "failpoints"],
    ]

    @Test(arguments: commands)
    func everyCommandsHelpShowsAnExample(_ command: [String]) throws {
        let result = try ProcessRunner.hook(command + ["--help"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Example"), "efs-hook \(command.joined(separator: " ")) --help has no example")
    }

    @Test func rootHelpListsExitCodes() throws {
        let result = try ProcessRunner.hook(["--help"])
        #expect(result.stdout.contains("65 invalid task"))
    }
}

@Suite struct DoctorTests {
    @Test func printsAChecklistWithFixesAndNoSecrets() throws {
        let secret = "doctorSECRETvalue0123456789abcdefXYZ"
        let result = try ProcessRunner.hook(
            ["doctor", "--state-dir", "/nonexistent-efs-hook-state"],
            environment: [
                "EFS_HOOK_CONFIG": "/dev/null", "AWS_ACCESS_KEY_ID": "AKIDDOCTORTEST", "AWS_SECRET_ACCESS_KEY": secret,
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_EFS": "http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_MAX_ATTEMPTS": "1",
            ])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 6)
        #expect(lines.allSatisfy { $0.hasPrefix("OK ") || $0.hasPrefix("WARN ") || $0.hasPrefix("FAIL ") }, "\(result.stdout)")
        #expect(result.stdout.contains("AWS credentials: found"))
        #expect(result.stdout.contains("FAIL EFS API"), "nothing listens on port 9")
        #expect(result.stdout.contains("fix:"))
        #expect(result.status == 1, "a failed check fails the command")
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
    }
}
