import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import EFSHookCLI

/// The agent hook's input read as `efshook.RunTaskHookInput` (no JSON round trip): the
/// executor it keys requests by, and the task's labels handed back as given.
struct RunTaskHookInputTests {
    static func fixture() throws -> Data {
        try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("agent/run-task-hook-input.json"))
    }

    @Test func theExecutorAndTheLabelsComeFromTheInput() throws {
        let data = try Self.fixture()
        let input = try RunTaskHookInput(data)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let executor = (document["executor_info"] as? [String: Any])?["executor_id"] as? [String: Any]
        #expect(input.executorId == executor?["value"] as? String)
        let given = (document["task_info"] as? [String: Any])?["labels"] as? [String: Any]
        let echoed = try JSONSerialization.jsonObject(with: Data(input.labelsJSON.utf8)) as? [String: Any]
        #expect(NSDictionary(dictionary: given ?? [:]).isEqual(to: echoed ?? [:]))
    }

    @Test func aTaskWithoutLabelsGetsAnEmptyListBack() throws {
        let input = try RunTaskHookInput(Data(#"{"task_info":{"name":"t","task_id":{"value":"t"},"slave_id":{"value":"s"}}}"#.utf8))
        #expect(input.labelsJSON == #"{"labels":[]}"#)
        #expect(input.executorId == nil)
    }

    @Test(arguments: [
        ("[]", "not valid JSON"), ("{}", "no task_info"), (#"{"task_info":{"name":"t"}}"#, "missing required fields"),
    ])
    func badInputIsRefusedInOneLine(text: String, fragment: String) {
        expectHookError(.invalidTask, fragment) { _ = try RunTaskHookInput(Data(text.utf8)) }
    }
}
