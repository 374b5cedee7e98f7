"""Builders for Mesos messages."""

from .schema import M


FRAMEWORK_ID = "3f5a8a3e-1c2d-4b7a-9e0f-5d6c7b8a9f10-0000"
AGENT_ID = "9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f-S3"
AGENT_HOST = "agent-3.example.internal"


def scalar(name, value, role=None):
    r = M.Resource(name=name, type=M.Value.SCALAR)
    r.scalar.value = value
    if role is not None:
        r.role = role
    return r


def ranges(name, spans, role=None):
    r = M.Resource(name=name, type=M.Value.RANGES)
    for begin, end in spans:
        r.ranges.range.add(begin=begin, end=end)
    if role is not None:
        r.role = role
    return r


def set_env(command, pairs):
    for name, value in pairs:
        command.environment.variables.add(name=name, value=value)


def docker_volume(container_path, name, driver, mode=M.Volume.RW, options=()):
    v = M.Volume(container_path=container_path, mode=mode)
    v.source.type = M.Volume.Source.DOCKER_VOLUME
    if driver is not None:
        v.source.docker_volume.driver = driver
    v.source.docker_volume.name = name
    for key, value in options:
        v.source.docker_volume.driver_options.parameter.add(key=key, value=value)
    return v


def plain_host_volume(container_path, host_path, mode=M.Volume.RW):
    return M.Volume(container_path=container_path, host_path=host_path, mode=mode)


def host_path_volume(container_path, path, mode=M.Volume.RW, propagation=None):
    v = M.Volume(container_path=container_path, mode=mode)
    v.source.type = M.Volume.Source.HOST_PATH
    v.source.host_path.path = path
    if propagation is not None:
        v.source.host_path.mount_propagation.mode = propagation
    return v


def sandbox_volume(container_path, path, kind=M.Volume.Source.SandboxPath.SELF, mode=M.Volume.RW):
    v = M.Volume(container_path=container_path, mode=mode)
    v.source.type = M.Volume.Source.SANDBOX_PATH
    v.source.sandbox_path.type = kind
    v.source.sandbox_path.path = path
    return v


def command_task(name, task_id, command_value, env=(), resources=None):
    """A command task as a framework such as Marathon sends it (no executor)."""
    t = M.TaskInfo(name=name)
    t.task_id.value = task_id
    t.slave_id.value = AGENT_ID
    for r in resources or (scalar("cpus", 0.5), scalar("mem", 256.0), scalar("disk", 64.0)):
        t.resources.add().CopyFrom(r)
    t.command.value = command_value
    set_env(t.command, env)
    return t


def mesos_container(volumes=()):
    c = M.ContainerInfo(type=M.ContainerInfo.MESOS)
    c.mesos.SetInParent()
    for v in volumes:
        c.volumes.add().CopyFrom(v)
    return c


def docker_container(image, parameters=(), volumes=(), network=None, volume_driver=None):
    c = M.ContainerInfo(type=M.ContainerInfo.DOCKER)
    c.docker.image = image
    if network is not None:
        c.docker.network = network
    for key, value in parameters:
        c.docker.parameters.add(key=key, value=value)
    if volume_driver is not None:
        c.docker.volume_driver = volume_driver
    for v in volumes:
        c.volumes.add().CopyFrom(v)
    return c


def thrift_string(field_id, value):
    data = value.encode("utf-8")
    return bytes([11]) + field_id.to_bytes(2, "big") + len(data).to_bytes(4, "big") + data


def thrift_i32(field_id, value):
    return bytes([8]) + field_id.to_bytes(2, "big") + value.to_bytes(4, "big", signed=True)


def aurora_assigned_task_blob(task_id, instance_id):
    """A TBinaryProtocol AssignedTask prefix, as Aurora puts in TaskInfo.data
    (MesosTaskFactory.serializeTask); TaskConfig (field 4) is left out."""
    return (
        thrift_string(1, task_id)
        + thrift_string(2, AGENT_ID)
        + thrift_string(3, AGENT_HOST)
        + thrift_i32(6, instance_id)
        + b"\x00"
    )


def aurora_task(role, env, job, instance, uuid, tier="preferred", metadata=()):
    """TaskInfo fields common to Aurora tasks (MesosTaskFactory.createFrom)."""
    task_id = "%s-%s-%s-%d-%s" % (role, env, job, instance, uuid)
    t = M.TaskInfo(name="%s/%s/%s" % (role, env, job))
    t.task_id.value = task_id
    t.slave_id.value = AGENT_ID
    t.resources.add().CopyFrom(scalar("cpus", 1.0, role="*"))
    t.resources.add().CopyFrom(scalar("mem", 512.0, role="*"))
    t.resources.add().CopyFrom(scalar("disk", 1024.0, role="*"))
    t.resources.add().CopyFrom(ranges("ports", [(31337, 31337)], role="*"))
    t.labels.labels.add(key="org.apache.aurora.tier", value=tier)
    for key, value in metadata:
        t.labels.labels.add(key="org.apache.aurora.metadata." + key, value=value)
    return t, task_id


def thermos_executor(task_id, source):
    """ExecutorInfo as Aurora's ExecutorModule/MesosTaskFactory build it for Thermos."""
    e = M.ExecutorInfo(name="AuroraExecutor")
    e.executor_id.value = "thermos-" + task_id
    e.framework_id.value = FRAMEWORK_ID
    e.source = source  # deprecated field, still set by Aurora
    e.labels.labels.add(key="source", value=source)
    e.command.value = "${MESOS_SANDBOX=.}/thermos_executor.pex --announcer-ensemble localhost:2181"
    e.command.uris.add(value="/usr/share/aurora/bin/thermos_executor.pex", executable=True)
    e.resources.add().CopyFrom(scalar("cpus", 0.25, role="*"))
    e.resources.add().CopyFrom(scalar("mem", 128.0, role="*"))
    return e
