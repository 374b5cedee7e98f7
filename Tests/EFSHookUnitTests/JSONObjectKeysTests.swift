import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import VolumeModel

/// The one-pass scanner that tells which Mesos message a JSON document is.
struct JSONObjectKeysTests {
    func keys(_ text: String) throws -> Set<String> { try JSONObjectKeys.topLevel(Array(text.utf8)) }

    @Test func findsOnlyTopLevelKeys() throws {
        let text = #"""
             {"task_id": {"value": "t", "executor_id": 1}, "name": "a \"quoted\" {x: [1]} \\",
              "resources": [{"name": "cpus"}, ["executor_id"]], "slave_id": {}, "n": -1.5e3, "b": true}
            """#
        #expect(try keys(text) == ["task_id", "name", "resources", "slave_id", "n", "b"])
    }

    @Test func agreesWithJSONSerializationOnEveryFixture() throws {
        let directory = TestPaths.fixtures.appendingPathComponent("tasks")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json")
        }
        #expect(files.count >= 26)
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(try JSONObjectKeys.topLevel(data) == Set(object.keys), "\(file)")
        }
    }

    @Test(arguments: ["[{\"task_id\": 1}]", "\"task_id\"", "", "  ", "{\"task_id\": \"open", "{\"task_id\": {\"value\": 1}"])
    func refusesWhatIsNotAClosedObject(_ text: String) {
        #expect(throws: EFSHookError.self) { try keys(text) }
    }
}
