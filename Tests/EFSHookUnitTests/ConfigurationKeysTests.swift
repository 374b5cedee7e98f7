import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import VolumeModel

/// config.yaml(5) and the loader agree: a key added to one and not the other fails here.
@Suite struct ConfigurationKeysTests {
    /// The `.It Cm KEY` entries of deploy/man/config.yaml.5 (scripts/generate-docs writes it).
    @Test func manPageListsExactlyTheLoadersKeys() throws {
        let page = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent("deploy/man/config.yaml.5"), encoding: .utf8)
        let listed = page.split(separator: "\n").compactMap { line in
            line.hasPrefix(".It Cm ") ? String(line.dropFirst(".It Cm ".count)) : nil
        }
        let keys = ConfigurationKeys.all
        #expect(
            listed == keys,
            "not on the page: \(keys.filter { !listed.contains($0) }), not in the loader: \(listed.filter { !keys.contains($0) }); run scripts/generate-docs"
        )
    }

    /// Each section's `unknown key` error names what the loader accepts there: the table's keys.
    @Test(arguments: Set(ConfigurationKeys.all.map(Self.parent)).sorted())
    func loaderAcceptsExactlyTheTablesKeys(section: String) {
        let expected = ConfigurationKeys.all.filter { Self.parent($0) == section }.map(Self.last)
        var document = "{zzProbe: 1}"
        for component in section.split(separator: ".").reversed() {
            document =
                component.hasSuffix("[]") ? "{\(component.dropLast(2)): [\(document)]}" : "{\(component): \(document)}"
        }
        do {
            _ = try ConfigurationLoader.parse(document)
            Issue.record("\(document) was accepted")
        } catch {
            let accepted = error.message.components(separatedBy: "accepted: ").last ?? ""
            #expect(accepted.components(separatedBy: ", ").map(Self.last) == expected, "\(error.message)")
        }
    }

    static func parent(_ key: String) -> String {
        key.lastIndex(of: ".").map { String(key[..<$0]) } ?? ""
    }

    static func last(_ key: String) -> String {
        key.split(separator: ".").last.map(String.init) ?? key
    }
}
