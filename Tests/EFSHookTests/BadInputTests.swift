import EFSHookTestSupport
import Foundation
import Testing

/// The bad-input corpus (Tests/Fixtures/bad, from scripts/generate-fixtures) against the
/// real binary: exit 65, one line on stderr naming the problem, nothing on stdout, and
/// nothing mounted or recorded.
@Suite struct BadInputTests {
    struct Case: Decodable, CustomTestStringConvertible {
        var file: String
        var message: String?
        var format: String
        var expect: String
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        let url = TestEnvironment.fixtures.appendingPathComponent("bad/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    static func arguments(_ command: [String], _ item: Case) -> [String] {
        var arguments = command + ["--format", item.format]
        if let message = item.message { arguments += ["--message", message] }
        return arguments + [TestEnvironment.fixtures.appendingPathComponent("bad/\(item.file)").path]
    }

    static func check(_ result: RunResult, _ item: Case) {
        #expect(result.status == 65, "\(item.file): exit \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(item.file): stdout must stay empty")
        #expect(
            result.stderr.hasSuffix("\n") && result.stderr.dropLast().split(separator: "\n").count == 1,
            "\(item.file): one line: \(result.stderr)")
        #expect(result.stderr.lowercased().contains(item.expect), "\(item.file): expected \"\(item.expect)\" in \(result.stderr)")
    }

    @Test func corpusHasAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func planRejects(_ item: Case) throws {
        let result = try ProcessRunner.hook(Self.arguments(["plan"], item), environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        Self.check(result, item)
    }

    @Test(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), arguments: cases)
    func prepareRejectsAndChangesNothing(_ item: Case) throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        let result = try ProcessRunner.hook(
            Self.arguments(["prepare", "--container-id", "c1", "--rootfs", rootfs, "--sandbox", rootfs], item),
            environment: sandbox.environment)
        Self.check(result, item)
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
        #expect(sandbox.records("mounts").isEmpty)
    }

    @Test func oversizedInputIsRefusedByTheBinary() throws {
        let path = TemporaryPath.file("oversized", suffix: ".bin")
        try Data(repeating: 0x0A, count: 4 * 1024 * 1024 + 10).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ProcessRunner.hook(["plan", path], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("4 MiB"))
    }

    @Test func usageErrorsExit64() throws {
        let missing = try ProcessRunner.hook(["prepare", "task.json"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(missing.status == 64)
        let unknown = try ProcessRunner.hook(["plan", "--bogus", "x"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(unknown.status == 64)
        let noFile = try ProcessRunner.hook(["plan", "/nonexistent/task.json"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        #expect(noFile.status == 64)
        #expect(noFile.stdout.isEmpty)
    }
}
