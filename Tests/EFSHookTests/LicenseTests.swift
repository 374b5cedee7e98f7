import EFSHookTestSupport
import Foundation
import Testing

/// The project's license, and the machine-readable copyright file the .deb ships.
@Suite struct LicenseTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func licenseIsApache2() throws {
        let license = try Self.text("LICENSE")
        #expect(license.contains("Apache License\n                           Version 2.0, January 2004"))
        #expect(license.contains("END OF TERMS AND CONDITIONS"))
    }

    /// DEP-5: a header paragraph with Format, then paragraphs separated by blank lines; every
    /// short license name a Files paragraph uses has a stand-alone License paragraph.
    @Test func copyrightFileIsMachineReadable() throws {
        let paragraphs = try Self.text("deploy/copyright").components(separatedBy: "\n\n").map {
            $0.trimmingCharacters(in: .newlines)
        }
        #expect(paragraphs.first?.hasPrefix("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n") == true)
        func field(_ name: String, _ paragraph: String) -> String? {
            paragraph.split(separator: "\n").first { $0.hasPrefix("\(name): ") }.map { String($0.dropFirst(name.count + 2)) }
        }
        let files = paragraphs.filter { field("Files", $0) != nil }
        #expect(files.contains { field("Files", $0) == "*" && field("License", $0) == "Apache-2.0" })
        let defined = Set(paragraphs.filter { field("Files", $0) == nil }.compactMap { field("License", $0) })
        let used = files.compactMap { field("License", $0) }.flatMap {
            $0.components(separatedBy: " and ").flatMap { $0.components(separatedBy: " WITH ") }
        }
        #expect(!used.isEmpty)
        for name in used { #expect(defined.contains(name), "no License paragraph for \(name)") }
    }
}
