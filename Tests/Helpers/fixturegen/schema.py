"""mesos_pb2, and ContainerConfig (mesos/slave/containerizer.proto) declared in its pool."""

from google.protobuf import descriptor_pb2
from google.protobuf import symbol_database
from mesos.interface import mesos_pb2 as M

__all__ = ["M", "ContainerConfig", "MESSAGE_CLASSES"]


def _container_config_class():
    fdp = descriptor_pb2.FileDescriptorProto()
    fdp.name = "mesos/slave/containerizer.proto"
    fdp.package = "mesos.slave"
    fdp.syntax = "proto2"
    fdp.dependency.append(M.DESCRIPTOR.name)  # "mesos.proto"

    enum = fdp.enum_type.add()
    enum.name = "ContainerClass"
    for name, number in (("DEFAULT", 1), ("DEBUG", 2)):
        value = enum.value.add()
        value.name = name
        value.number = number

    F = descriptor_pb2.FieldDescriptorProto
    msg = fdp.message_type.add()
    msg.name = "ContainerConfig"
    # Declaration order and numbers as upstream (Mesos 1.7.x); docker=7, appc=10 omitted.
    for name, number, label, ftype, type_name in (
        ("executor_info", 8, F.LABEL_OPTIONAL, F.TYPE_MESSAGE, ".mesos.ExecutorInfo"),
        ("task_info", 9, F.LABEL_OPTIONAL, F.TYPE_MESSAGE, ".mesos.TaskInfo"),
        ("command_info", 11, F.LABEL_REQUIRED, F.TYPE_MESSAGE, ".mesos.CommandInfo"),
        ("container_info", 12, F.LABEL_OPTIONAL, F.TYPE_MESSAGE, ".mesos.ContainerInfo"),
        ("resources", 13, F.LABEL_REPEATED, F.TYPE_MESSAGE, ".mesos.Resource"),
        ("container_class", 14, F.LABEL_OPTIONAL, F.TYPE_ENUM, ".mesos.slave.ContainerClass"),
        ("directory", 3, F.LABEL_REQUIRED, F.TYPE_STRING, None),
        ("user", 4, F.LABEL_OPTIONAL, F.TYPE_STRING, None),
        ("rootfs", 5, F.LABEL_OPTIONAL, F.TYPE_STRING, None),
    ):
        field = msg.field.add()
        field.name = name
        field.number = number
        field.label = label
        field.type = ftype
        if type_name:
            field.type_name = type_name
        parts = name.split("_")
        field.json_name = parts[0] + "".join(p.capitalize() for p in parts[1:])

    db = symbol_database.Default()
    db.pool.Add(fdp)
    descriptor = db.pool.FindMessageTypeByName("mesos.slave.ContainerConfig")
    return db.GetPrototype(descriptor)


ContainerConfig = _container_config_class()

MESSAGE_CLASSES = {
    "task-info": M.TaskInfo,
    "executor-info": M.ExecutorInfo,
    "container-config": ContainerConfig,
}
