import ArgumentParser
import Foundation
import Testing

@testable import EFSHookCLI

/// The launch path reads argv by `LaunchSyntax` (LaunchArguments); ArgumentParser reads the
/// same commands by their declarations. An option declared on one side only would send
/// every launch that uses it down the slow path (or accept what ArgumentParser refuses), so
/// both sides must name the same options, read here from ArgumentParser's own description
/// of each command (`_dumpHelp()`, its ToolInfo JSON).
struct LaunchOptionTableTests {
    /// What ArgumentParser declares for one command or option group.
    struct Declared: Equatable, CustomStringConvertible {
        var options: Set<String> = []
        var flags: Set<String> = []
        var positionals = 0
        /// Names the launch path cannot read: short names and single-dash long names.
        var otherNames: Set<String> = []
        var passthrough = false

        var description: String {
            "options \(options.sorted()) flags \(flags.sorted()) positionals \(positionals) other \(otherNames.sorted())"
        }

        init(_ type: any ParsableArguments.Type) throws {
            let info = try #require(
                try JSONSerialization.jsonObject(with: Data(type._dumpHelp().utf8)) as? [String: Any], "ToolInfo JSON")
            let command = try #require(info["command"] as? [String: Any])
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let names = argument["names"] as? [[String: Any]] ?? []
                // The help flag is ArgumentParser's alone: the launch path leaves help to it.
                if names.contains(where: { $0["name"] as? String == "help" }) { continue }
                var long: [String] = []
                for name in names {
                    let text = name["name"] as? String ?? ""
                    if name["kind"] as? String == "long" { long.append("--\(text)") } else { otherNames.insert(text) }
                }
                switch argument["kind"] as? String {
                case "option": options.formUnion(long)
                case "flag": flags.formUnion(long)
                case "positional":
                    if argument["parsingStrategy"] as? String == "postTerminator"
                        || argument["parsingStrategy"] as? String == "allRemainingInput"
                        || argument["parsingStrategy"] as? String == "allUnrecognized"
                    {
                        passthrough = true
                    } else {
                        positionals += 1
                    }
                default: Issue.record("unknown argument kind in \(argument)")
                }
            }
        }
    }

    static func names(_ options: Set<LaunchOption>) -> Set<String> { Set(options.map(\.rawValue)) }

    static let commands: [(String, any ParsableArguments.Type, LaunchSyntax)] = [
        ("prepare", PrepareCommand.self, .prepare),
        ("cleanup", CleanupCommand.self, .cleanup),
        ("isolator", IsolatorCommand.self, .moduleCommand),
        ("hook", HookCommand.self, .moduleCommand),
    ]

    @Test func everyLaunchCommandDeclaresExactlyWhatItsLaunchSyntaxReads() throws {
        for (name, type, syntax) in Self.commands {
            let declared = try Declared(type)
            #expect(declared.options == Self.names(syntax.options), "\(name): ArgumentParser has \(declared)")
            #expect(declared.flags == Self.names(syntax.flags), "\(name): ArgumentParser has \(declared)")
            #expect(declared.positionals == syntax.positionals, "\(name): ArgumentParser has \(declared)")
            #expect(declared.otherNames.isEmpty, "\(name): the launch path reads long names only: \(declared)")
            #expect(!declared.passthrough, "\(name)")
        }
    }

    @Test func theGlobalAndTaskInputOptionsAreTheTablesOwn() throws {
        #expect(try Declared(GlobalOptions.self).options == Self.names(LaunchSyntax.global))
        #expect(try Declared(GlobalOptions.self).flags.isEmpty)
        let input = try Declared(TaskInputOptions.self)
        #expect(input.options == Self.names(LaunchSyntax.taskInput))
        #expect(input.flags.isEmpty && input.positionals == 1)
    }

    /// dvdcli takes its argv whole (`DVDCLICommand.parse`, by `DVDCLICommand.Flag`): an option
    /// ArgumentParser declared beside it would never be read on the launch path.
    @Test func dvdcliDeclaresNothingButItsPassthroughArgv() throws {
        let declared = try Declared(DVDCLICommand.self)
        #expect(declared.passthrough)
        #expect(declared.options.isEmpty && declared.flags.isEmpty && declared.positionals == 0, "\(declared)")
        #expect(declared.otherNames.isEmpty)
    }

    @Test func dvdcliReadsEachOfItsFlagsAndActions() throws {
        for action in DVDCLICommand.Action.allCases {
            let invocation = try DVDCLICommand.parse([
                action.rawValue, "--volumeDriver=efs", "--VOLUMENAME", "v", "--volumeopts=a=b", "--explicitcreate",
            ])
            #expect(invocation.action == action)
            #expect(invocation.driver == "efs" && invocation.name == "v" && invocation.explicitCreate)
            #expect(invocation.options.map(\.key) == ["a"])
        }
        #expect(DVDCLICommand.Flag.allCases.count == 4, "a new flag needs a case in this test")
    }

    /// Every option in the table is read by one launch command or another.
    @Test func theTableNamesNoOptionNoCommandReads() {
        let read = Self.commands.reduce(into: Set<LaunchOption>()) { $0.formUnion($1.2.options.union($1.2.flags)) }
        #expect(read == Set(LaunchOption.allCases))
    }
}
