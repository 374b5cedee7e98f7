import FuzzSupport
import MesosProto
import VolumeModel

/// mesos-module-dvdi style: each input line `NAME=VALUE` becomes a variable of the task's
/// command environment (a line without `=` is a name with an empty value).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDVDIEnv(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzCheck.text(start, count)
    var task = Mesos_TaskInfo()
    task.name = "fuzz"
    task.taskID.value = "fuzz"
    task.slaveID.value = "fuzz"
    task.command.value = "true"
    task.command.environment.variables = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        var variable = Mesos_Environment.Variable()
        if let equals = line.firstIndex(of: "=") {
            variable.name = String(line[..<equals])
            variable.value = String(line[line.index(after: equals)...])
        } else {
            variable.name = String(line)
        }
        return variable
    }
    FuzzCheck.extract(.taskInfo(task), "dvdi-env")
    return 0
}
