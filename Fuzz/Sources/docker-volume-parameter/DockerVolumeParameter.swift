import FuzzSupport
import MesosProto
import VolumeModel

/// `docker run -v` style: DockerInfo.parameters `volume-driver=efs`, `volume=<input>`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDockerVolumeParameter(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var driver = Mesos_Parameter()
    driver.key = "volume-driver"
    driver.value = "efs"
    var volume = Mesos_Parameter()
    volume.key = "volume"
    volume.value = FuzzCheck.text(start, count)
    var task = Mesos_TaskInfo()
    task.name = "fuzz"
    task.taskID.value = "fuzz"
    task.slaveID.value = "fuzz"
    task.container.type = .docker
    task.container.docker.image = "busybox"
    task.container.docker.parameters = [driver, volume]
    FuzzCheck.extract(.taskInfo(task), "docker-volume-parameter")
    return 0
}
