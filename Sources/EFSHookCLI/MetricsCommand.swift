import ArgumentParser
import Common
import EFSHookCore
import Foundation

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the launch path's Prometheus metrics (the textfile node_exporter reads).",
        discussion: """
            With metrics.textfileDirectory set, every prepare, cleanup, recover, isolator, hook, \
            dvdcli, provision, gc and remove folds its figures into efs-hook.prom in that directory, \
            which node_exporter's textfile collector serves (--collector.textfile.directory). This \
            prints that file as it is now. The plugin daemon serves the same names on /metrics.

            Example:
              efs-hook metrics
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let config = try global.configuration()
        guard let directory = config.metrics.textfileDirectory else {
            throw EFSHookError.config("metrics.textfileDirectory is not set: no launch-path metrics are kept")
        }
        let text = try MetricsTextfile(directory: directory).read().rendered
        if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
    }
}
