import EFSHookCore
import Foundation

/// A process table of fixed pids.
struct FakeProcessTable: ProcessTable {
    var processes: [Int32: ProcessFacts]

    func facts(of pid: Int32) -> ProcessFacts? { processes[pid] }
}
