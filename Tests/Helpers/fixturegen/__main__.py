#!/usr/bin/env python3
"""Writes the task-description test fixtures, encoded by Mesos' own schema.

Run through scripts/generate-fixtures, which provides a venv with
mesos.interface==1.7.2 and protobuf==3.20.3 (pure-Python implementation).

Outputs (this script owns both directories and deletes stale files in them):

  Tests/Fixtures/tasks/NAME.bin            binary protobuf (mesos_pb2 SerializeToString)
  Tests/Fixtures/tasks/NAME.json           json_format, .proto field names (Mesos style)
  Tests/Fixtures/tasks/NAME.camel.json     json_format, lowerCamelCase (proto3 canonical JSON)
  Tests/Fixtures/tasks/NAME.expected.json  the volume plan, written by hand below
  Tests/Fixtures/bad/NNN-short-name.{bin,json}
  Tests/Fixtures/bad/manifest.json

The expected plans are literals in this file; nothing here computes a plan.
The oversized (> 4 MiB) input is not stored: tests build it at run time.

Notes on the schema:
  - mesos.interface 1.7.2 ships mesos_pb2 only (no containerizer_pb2, no v1,
    no scheduler/executor protos). ContainerConfig (include/mesos/slave/
    containerizer.proto, package mesos.slave) is therefore declared here as a
    FileDescriptorProto in the same descriptor pool as mesos_pb2, with the
    upstream field numbers and types; its fields of Mesos types (TaskInfo,
    ExecutorInfo, CommandInfo, ContainerInfo, Resource) are mesos_pb2's own
    descriptors. Upstream's `docker = 7` and `appc = 10` need image-manifest
    protos that the package lacks, so they are left out (no fixture uses them).
  - Every message is serialized with SerializeToString(), which refuses
    messages with unset required fields, so every fixture is a valid message.
"""

import base64
import json
import os
import random
import sys

os.environ.setdefault("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION", "python")

from google.protobuf import descriptor_pb2  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from google.protobuf import symbol_database  # noqa: E402
from google.protobuf.message import DecodeError  # noqa: E402
from mesos.interface import mesos_pb2 as M  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TASKS_DIR = os.path.join(ROOT, "Tests", "Fixtures", "tasks")
BAD_DIR = os.path.join(ROOT, "Tests", "Fixtures", "bad")
MAX_COMMITTED_BYTES = 64 * 1024

# ---------------------------------------------------------------------------
# ContainerConfig (mesos/slave/containerizer.proto), declared in mesos_pb2's pool.
# ---------------------------------------------------------------------------


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

# ---------------------------------------------------------------------------
# Builders for Mesos messages.
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Expected-plan literals.
# ---------------------------------------------------------------------------


def vol(name, driver, container_path, read_only, origin, options=None):
    return {
        "name": name,
        "driver": driver,
        "containerPath": container_path,
        "readOnly": read_only,
        "origin": origin,
        "options": dict(options or {}),
    }


def ign(origin, name, driver):
    return {"origin": origin, "name": name, "driver": driver}


MV, DP, DE = "mesos-volume", "docker-parameter", "dvdi-env"

# ---------------------------------------------------------------------------
# Good cases.
# ---------------------------------------------------------------------------

APP_DATA_OPTIONS = [
    ("provisioning", "accessPoint"),
    ("fileSystemId", "fs-0a1b2c3d4e5f60718"),
    ("uid", "1000"),
    ("gid", "1000"),
    ("directoryPerms", "0750"),
    ("path", "/apps/app-data"),
    ("tls", "true"),
    ("iam", "true"),
    ("reclaim", "retain"),
]
SHARED_CONFIG_OPTIONS = [
    ("provisioning", "static"),
    ("fileSystemId", "fs-89abcdef"),
    ("accessPointId", "fsap-0fedcba9876543210"),
]


def case_mesos_docker_volumes():
    t = command_task(
        "web-app",
        "web-app.4b9c8a2e-0d1f-11ef-9a3b-0242ac120002",
        "exec /app/bin/server --port $PORT0",
        env=[("APP_ENV", "production")],
    )
    t.container.CopyFrom(
        mesos_container(
            [
                docker_volume("/data", "app-data", "efs", M.Volume.RW, APP_DATA_OPTIONS),
                docker_volume("/etc/shared", "shared-config", "efs", M.Volume.RO, SHARED_CONFIG_OPTIONS),
                plain_host_volume("/etc/ssl/certs", "/etc/ssl/certs", M.Volume.RO),
            ]
        )
    )
    t.labels.labels.add(key="MARATHON_APP_ID", value="/web-app")
    expected = {
        "message": "task-info",
        "volumes": [
            vol("app-data", "efs", "/data", False, MV, APP_DATA_OPTIONS),
            vol("shared-config", "efs", "/etc/shared", True, MV, SHARED_CONFIG_OPTIONS),
        ],
        "ignored": [ign(MV, "/etc/ssl/certs", "")],
    }
    return "mesos-docker-volumes", "task-info", t, expected, b""


UPLOADS_OPTIONS = [
    ("provisioning", "filesystem"),
    ("performanceMode", "generalPurpose"),
    ("throughputMode", "elastic"),
    ("encrypted", "true"),
    ("backup", "false"),
    ("transitionToIA", "AFTER_7_DAYS"),
]


def case_mesos_mixed_sources():
    t = command_task(
        "media-worker",
        "media-worker.7e2f1c3a-0d1f-11ef-9a3b-0242ac120002",
        "./worker --queue media",
    )
    t.container.CopyFrom(
        mesos_container(
            [
                host_path_volume("/var/log/host", "/var/log", M.Volume.RO),
                sandbox_volume("/cache", "cache"),
                docker_volume("/ebs", "ebs-data", "rexray", M.Volume.RW, [("size", "20")]),
                docker_volume("/scratch", "scratch", "local"),
                docker_volume("uploads", "media-uploads", "efs", M.Volume.RO, UPLOADS_OPTIONS),
            ]
        )
    )
    expected = {
        "message": "task-info",
        "volumes": [vol("media-uploads", "efs", "uploads", True, MV, UPLOADS_OPTIONS)],
        "ignored": [
            ign(MV, "/var/log", ""),
            ign(MV, "cache", ""),
            ign(MV, "ebs-data", "rexray"),
            ign(MV, "scratch", "local"),
        ],
    }
    return "mesos-mixed-sources", "task-info", t, expected, b""


def case_aurora_thermos_docker():
    t, task_id = aurora_task(
        "www-data", "prod", "hello", 0, "8f7c6b5a-4e3d-4c2b-9a1f-0e9d8c7b6a50",
        metadata=[("owner", "web-team")],
    )
    e = thermos_executor(task_id, "www-data.prod.hello.0")
    e.container.CopyFrom(
        docker_container(
            "example/hello-web:1.4",
            parameters=[
                ("volume-driver", "efs"),
                ("volume", "uploads:/var/www/uploads:rw"),
                ("volume", "/etc/hosts:/etc/hosts:ro"),
            ],
            # -global_container_mounts=/etc/pki:/etc/pki:ro (ExecutorModule volumeMounts)
            volumes=[plain_host_volume("/etc/pki", "/etc/pki", M.Volume.RO)],
        )
    )
    t.executor.CopyFrom(e)
    t.data = aurora_assigned_task_blob(task_id, 0)
    expected = {
        "message": "task-info",
        "volumes": [vol("uploads", "efs", "/var/www/uploads", False, DP)],
        "ignored": [ign(MV, "/etc/pki", ""), ign(DP, "/etc/hosts", "")],
    }
    return "aurora-thermos-docker", "task-info", t, expected, b""


def case_aurora_docker_command():
    t, _ = aurora_task("reports", "devel", "nightly", 2, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", tier="preemptible")
    t.container.CopyFrom(
        docker_container(
            "example/report-runner:2.0",
            parameters=[
                ("label", "team=analytics"),
                ("volume-driver", "efs"),
                ("volume", "reports:/srv/reports:ro,z"),
                ("volume", "report-cache:/var/cache/reports:nocopy"),
                ("volume", "report-logs:/var/log/reports"),
            ],
        )
    )
    t.command.shell = False  # Aurora's executor-less Docker task
    expected = {
        "message": "task-info",
        "volumes": [
            vol("reports", "efs", "/srv/reports", True, DP),
            vol("report-cache", "efs", "/var/cache/reports", False, DP),
            vol("report-logs", "efs", "/var/log/reports", False, DP),
        ],
        "ignored": [],
    }
    return "aurora-docker-command", "task-info", t, expected, b""


def case_docker_deprecated_volume_driver():
    t = command_task(
        "legacy-api",
        "legacy-api.0c1d2e3f-0d1f-11ef-9a3b-0242ac120002",
        "./run.sh",
    )
    t.container.CopyFrom(
        docker_container(
            "example/legacy-api:0.9",
            network=M.ContainerInfo.DockerInfo.BRIDGE,
            volume_driver="efs",
            parameters=[("volume", "legacy-data:/legacy:ro"), ("env", "MODE=legacy")],
        )
    )
    expected = {
        "message": "task-info",
        "volumes": [vol("legacy-data", "efs", "/legacy", True, DP)],
        "ignored": [],
    }
    return "docker-deprecated-volume-driver", "task-info", t, expected, b""


def case_dvdi_env():
    # Variables deliberately out of order: the plan lists "" then 0..9.
    env = [
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("DVDI_VOLUME_NAME2", "legacy-ebs"),
        ("DVDI_VOLUME_CONTAINERPATH2", "/mnt/legacy"),
        ("DVDI_VOLUME_NAME1", "dvdi-scratch"),
        ("DVDI_VOLUME_DRIVER1", "efs"),
        ("DVDI_VOLUME_CONTAINERPATH1", "/scratch"),
        ("DVDI_VOLUME_NAME", "dvdi-home"),
        ("DVDI_VOLUME_DRIVER", "efs"),
        ("DVDI_VOLUME_OPTS", "provisioning=accessPoint,fileSystemId=fs-1234abcd,uid=1000,gid=1000,directoryPerms=0700"),
        ("DVDI_VOLUME_CONTAINERPATH", "/home/app"),
        ("APP_ENV", "staging"),
    ]
    t = command_task("dvdi-job", "dvdi-job.5d4c3b2a-0d1f-11ef-9a3b-0242ac120002", "./job.sh", env=env)
    expected = {
        "message": "task-info",
        "volumes": [
            vol("dvdi-home", "efs", "/home/app", False, DE, [
                ("provisioning", "accessPoint"),
                ("fileSystemId", "fs-1234abcd"),
                ("uid", "1000"),
                ("gid", "1000"),
                ("directoryPerms", "0700"),
            ]),
            vol("dvdi-scratch", "efs", "/scratch", False, DE),
        ],
        "ignored": [ign(DE, "legacy-ebs", "rexray")],
    }
    return "dvdi-env", "task-info", t, expected, b""


def case_other_drivers():
    t = command_task(
        "block-store",
        "block-store.6e5d4c3b-0d1f-11ef-9a3b-0242ac120002",
        "./store.sh",
        env=[
            ("DVDI_VOLUME_NAME", "block-vol"),
            ("DVDI_VOLUME_DRIVER", "rexray"),
            ("DVDI_VOLUME_CONTAINERPATH", "/block"),
            ("DVDI_VOLUME_NAME1", "local-vol"),
            ("DVDI_VOLUME_DRIVER1", "local"),
            ("DVDI_VOLUME_CONTAINERPATH1", "/local"),
        ],
    )
    t.container.CopyFrom(
        docker_container(
            "example/block-store:3.1",
            parameters=[
                ("volume-driver", "rexray"),
                ("volume", "ebs-vol:/data"),
                ("volume", "/srv/host:/srv/host:ro"),
            ],
        )
    )
    expected = {
        "message": "task-info",
        "volumes": [],
        "ignored": [
            ign(DP, "ebs-vol", "rexray"),
            ign(DP, "/srv/host", ""),
            ign(DE, "block-vol", "rexray"),
            ign(DE, "local-vol", "local"),
        ],
    }
    return "other-drivers", "task-info", t, expected, b""


EXEC_LOGS_OPTS = "provisioning=accessPoint,fileSystemId=fs-0123abcd4567ef89,uid=1001,gid=1001,directoryPerms=0755"


def case_executor_info():
    e = M.ExecutorInfo(type=M.ExecutorInfo.CUSTOM, name="batch-executor")
    e.executor_id.value = "batch-executor-17"
    e.framework_id.value = FRAMEWORK_ID
    e.command.value = "./batch-executor"
    e.command.uris.add(value="http://artifacts.example.internal/batch-executor.tgz", extract=True, cache=True)
    set_env(e.command, [
        ("DVDI_VOLUME_NAME0", "exec-logs"),
        ("DVDI_VOLUME_DRIVER0", "efs"),
        ("DVDI_VOLUME_OPTS0", EXEC_LOGS_OPTS),
        ("DVDI_VOLUME_CONTAINERPATH0", "/var/log/exec"),
    ])
    e.container.CopyFrom(
        mesos_container([
            docker_volume("cache", "exec-cache", "efs", M.Volume.RW, [("fileSystemId", "fs-fedcba98"), ("reclaim", "delete")]),
        ])
    )
    e.resources.add().CopyFrom(scalar("cpus", 0.1))
    e.resources.add().CopyFrom(scalar("mem", 64.0))
    e.data = b"\x00\x01executor-private\xff"
    e.labels.labels.add(key="team", value="batch")
    expected = {
        "message": "executor-info",
        "volumes": [
            vol("exec-cache", "efs", "cache", False, MV, [("fileSystemId", "fs-fedcba98"), ("reclaim", "delete")]),
            vol("exec-logs", "efs", "/var/log/exec", False, DE, [
                ("provisioning", "accessPoint"),
                ("fileSystemId", "fs-0123abcd4567ef89"),
                ("uid", "1001"),
                ("gid", "1001"),
                ("directoryPerms", "0755"),
            ]),
        ],
        "ignored": [],
    }
    return "executor-info", "executor-info", e, expected, b""


CC_DATA_OPTIONS = [
    ("provisioning", "filesystem"),
    ("performanceMode", "maxIO"),
    ("throughputMode", "provisioned"),
    ("provisionedThroughputInMibps", "256"),
    ("encrypted", "true"),
    ("kmsKeyId", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("availabilityZoneName", "us-east-1a"),
    ("transitionToIA", "AFTER_30_DAYS"),
    ("backup", "true"),
    ("reclaim", "retain"),
]


def case_container_config():
    """What the agent hands an isolator for a command task (Mesos containerizer)."""
    task_id = "etl.2f3e4d5c-0d1f-11ef-9a3b-0242ac120002"
    env = [("APP_ENV", "production"), ("TZ", "UTC")]
    t = command_task("etl", task_id, "python3 etl.py", env=env)
    container = mesos_container([
        docker_volume("/data", "cc-data", "efs", M.Volume.RW, CC_DATA_OPTIONS),
        sandbox_volume("/tmp", "tmp"),
    ])
    t.container.CopyFrom(container)

    # The agent-generated command executor (Slave::getExecutorInfo): the task's
    # environment is copied into the executor's CommandInfo.
    e = M.ExecutorInfo(name="Command Executor (Task: %s) (Command: sh -c 'python3 etl.py')" % task_id)
    e.executor_id.value = task_id
    e.framework_id.value = FRAMEWORK_ID
    e.source = task_id
    e.command.value = "/usr/libexec/mesos/mesos-executor"
    e.command.shell = False
    e.command.arguments.extend(["mesos-executor", "--launcher_dir=/usr/libexec/mesos"])
    set_env(e.command, env)
    e.resources.add().CopyFrom(scalar("cpus", 0.1))
    e.resources.add().CopyFrom(scalar("mem", 32.0))

    cc = ContainerConfig()
    cc.directory = (
        "/var/lib/mesos/slaves/%s/frameworks/%s/executors/%s/runs/0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b"
        % (AGENT_ID, FRAMEWORK_ID, task_id)
    )
    cc.user = "etl"
    cc.executor_info.CopyFrom(e)
    cc.task_info.CopyFrom(t)
    cc.command_info.CopyFrom(e.command)
    cc.container_info.CopyFrom(container)  # the agent copies the task's ContainerInfo here
    for r in list(t.resources) + list(e.resources):
        cc.resources.add().CopyFrom(r)
    cc.container_class = 1  # DEFAULT
    expected = {
        "message": "container-config",
        "volumes": [vol("cc-data", "efs", "/data", False, MV, CC_DATA_OPTIONS)],
        "ignored": [ign(MV, "tmp", "")],
    }
    return "container-config", "container-config", cc, expected, b""


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire_type):
    return varint((field << 3) | wire_type)


# Field 1999 is unused in every Mesos version; appended raw after the message.
UNKNOWN_TAIL = (
    key(1999, 2) + varint(len(b"from-the-future")) + b"from-the-future"
    + key(1999, 0) + varint(42)
)


def case_unknown_fields():
    """mesos-docker-volumes plus real Mesos 1.7 fields that efs-hook's subset
    (Protos/mesos/mesos.proto) leaves out: TaskInfo health_check=8,
    discovery=11, kill_policy=12, check=13, max_completion_time=14 (int64
    nanoseconds: JSON strings); ContainerInfo linux_info=8, tty_info=10. The
    .bin also ends with a raw field 1999 (length-delimited, then varint), which
    no JSON form can carry. The plan must be the same as mesos-docker-volumes."""
    name, _, t, expected, _ = case_mesos_docker_volumes()
    t.health_check.type = M.HealthCheck.HTTP
    t.health_check.http.port = 8080
    t.health_check.http.path = "/health"
    t.health_check.delay_seconds = 15.0
    t.health_check.interval_seconds = 10.0
    t.health_check.consecutive_failures = 3
    t.discovery.visibility = M.DiscoveryInfo.CLUSTER
    t.discovery.name = "web-app"
    t.discovery.ports.ports.add(number=8080, name="http", protocol="tcp")
    t.kill_policy.grace_period.nanoseconds = 30 * 10**9
    t.check.type = M.CheckInfo.TCP
    t.check.tcp.port = 8080
    t.max_completion_time.nanoseconds = 6 * 3600 * 10**9
    t.container.linux_info.share_pid_namespace = False
    t.container.linux_info.effective_capabilities.capabilities.append(M.CapabilityInfo.NET_BIND_SERVICE)
    t.container.tty_info.window_size.rows = 24
    t.container.tty_info.window_size.columns = 80
    for r in t.resources:
        r.role = "*"
    return "unknown-fields", "task-info", t, expected, UNKNOWN_TAIL


# The two jobs in examples/, as Aurora's scheduler turns them into a TaskInfo
# (MesosTaskFactory.createFrom, apache/aurora 11ebaeeb) with the default
# scheduler flags apart from the ones each example names (so the tier is the
# default tiers.json's "preemptible"). Both use Thermos, so the ContainerInfo
# sits in ExecutorInfo.container.


def case_aurora_example_docker():
    """examples/hello_efs_docker.aurora: Docker(image, parameters) becomes a
    DOCKER ContainerInfo whose DockerInfo.parameters are the job's Parameter
    name/value pairs (no volumes: -global_container_mounts is unset)."""
    t, task_id = aurora_task(
        "www-data", "prod", "hello_efs_docker", 0, "5c0ffee0-1d2e-4f3a-8b4c-5d6e7f8a9b0c",
        tier="preemptible", metadata=[("owner", "web-team")],
    )
    e = thermos_executor(task_id, "www-data.prod.hello_efs_docker.0")
    e.container.CopyFrom(
        docker_container(
            "python:2.7",
            parameters=[
                ("volume-driver", "efs"),
                ("volume", "uploads:/var/www/uploads:rw"),
            ],
        )
    )
    t.executor.CopyFrom(e)
    t.data = aurora_assigned_task_blob(task_id, 0)
    expected = {
        "message": "task-info",
        "volumes": [vol("uploads", "efs", "/var/www/uploads", False, DP)],
        "ignored": [],
    }
    return "aurora-example-docker", "task-info", t, expected, b""


def case_aurora_example_mesos():
    """examples/hello_efs_mesos.aurora: Mesos(image, volumes) becomes a MESOS
    ContainerInfo with an empty MesosInfo, the job's volumes as plain
    host_path volumes, then the image as a read-only volume at `taskfs`
    (MesosTaskFactory.configureTaskForImage). Aurora has no DOCKER_VOLUME
    source and no per-job environment, so efs-hook sees no EFS volume here:
    the example binds efs-hook's mount point of a volume pinned on the agent."""
    t, task_id = aurora_task(
        "www-data", "prod", "hello_efs_mesos", 0, "0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e",
        tier="preemptible", metadata=[("owner", "web-team")],
    )
    e = thermos_executor(task_id, "www-data.prod.hello_efs_mesos.0")
    image_volume = M.Volume(container_path="taskfs", mode=M.Volume.RO)
    image_volume.image.type = M.Image.DOCKER
    image_volume.image.docker.name = "python:2.7"
    e.container.CopyFrom(
        mesos_container([
            plain_host_volume("/var/www/uploads", "/var/lib/efs-hook/mounts/uploads", M.Volume.RW),
            image_volume,
        ])
    )
    t.executor.CopyFrom(e)
    t.data = aurora_assigned_task_blob(task_id, 0)
    expected = {
        "message": "task-info",
        "volumes": [],
        "ignored": [ign(MV, "/var/lib/efs-hook/mounts/uploads", ""), ign(MV, "taskfs", "")],
    }
    return "aurora-example-mesos", "task-info", t, expected, b""


def case_no_volumes():
    t = command_task("hello", "hello.1b2c3d4e-0d1f-11ef-9a3b-0242ac120002", "echo hello", env=[("GREETING", "hi")])
    expected = {"message": "task-info", "volumes": [], "ignored": []}
    return "no-volumes", "task-info", t, expected, b""


GOOD_CASES = [
    case_mesos_docker_volumes,
    case_mesos_mixed_sources,
    case_aurora_thermos_docker,
    case_aurora_docker_command,
    case_docker_deprecated_volume_driver,
    case_dvdi_env,
    case_other_drivers,
    case_executor_info,
    case_container_config,
    case_unknown_fields,
    case_no_volumes,
    case_aurora_example_docker,
    case_aurora_example_mesos,
]

# ---------------------------------------------------------------------------
# Bad corpus.
# ---------------------------------------------------------------------------

_bad_counter = [0]


def _bad_task(slug):
    _bad_counter[0] += 1
    return command_task("bad-" + slug, "bad-%s.00000000-0000-4000-8000-%012d" % (slug, _bad_counter[0]), "true")


def bad_mesos(slug, volumes):
    t = _bad_task(slug)
    t.container.CopyFrom(mesos_container(volumes))
    return t


def bad_docker(slug, parameters, volumes=()):
    t = _bad_task(slug)
    t.container.CopyFrom(docker_container("example/app:1", parameters=parameters, volumes=volumes))
    return t


def bad_dvdi(slug, env):
    t = _bad_task(slug)
    set_env(t.command, env)
    return t


def efs(container_path, name, options=(), mode=M.Volume.RW):
    return docker_volume(container_path, name, "efs", mode, options)


def dvdi(name, path, opts=None, suffix=""):
    env = [("DVDI_VOLUME_NAME" + suffix, name), ("DVDI_VOLUME_DRIVER" + suffix, "efs")]
    if opts is not None:
        env.append(("DVDI_VOLUME_OPTS" + suffix, opts))
    env.append(("DVDI_VOLUME_CONTAINERPATH" + suffix, path))
    return env


def top_level_fields(data):
    """(field, wire_type, start, payload_start, end) for each top-level field."""
    out, i = [], 0
    while i < len(data):
        start = i
        tag, shift = 0, 0
        while True:
            b = data[i]
            i += 1
            tag |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        field, wt = tag >> 3, tag & 7
        if wt == 0:
            while data[i] & 0x80:
                i += 1
            i += 1
            out.append((field, wt, start, start, i))
        elif wt == 2:
            length, shift = 0, 0
            while True:
                b = data[i]
                i += 1
                length |= (b & 0x7F) << shift
                shift += 7
                if not b & 0x80:
                    break
            out.append((field, wt, start, i, i + length))
            i += length
        elif wt == 1:
            out.append((field, wt, start, i, i + 8))
            i += 8
        elif wt == 5:
            out.append((field, wt, start, i, i + 4))
            i += 4
        else:
            raise ValueError("unexpected wire type %d" % wt)
    return out


def bad_cases():
    """Each entry: (file, message, format, expect, layer, description, payload).

    payload is a protobuf message (serialized per format) or raw bytes.
    layer: "decode" (the bytes/JSON are not a usable message of that type) or
    "plan" (a valid Mesos message whose volumes efs-hook must refuse).
    """
    ti = "task-info"
    cases = []

    def add(slug, fmt, expect, description, payload, message=ti, layer="plan"):
        number = len(cases) + 1
        ext = "bin" if fmt == "binary" else "json"
        cases.append(("%03d-%s.%s" % (number, slug, ext), message, fmt, expect, layer, description, payload))

    # Container paths.
    add("path-dotdot-absolute", "binary", "container path", "DOCKER_VOLUME container_path /data/../etc",
        bad_mesos("p1", [efs("/data/../etc", "pathvol")]))
    add("path-dotdot-relative", "json", "container path", "DOCKER_VOLUME container_path ../x",
        bad_mesos("p2", [efs("../x", "pathvol")]))
    add("path-dotdot-middle", "binary", "container path", "docker parameter volume=pathvol:a/../../b",
        bad_docker("p3", [("volume-driver", "efs"), ("volume", "pathvol:a/../../b")]))
    add("path-nul", "binary", "container path", "DOCKER_VOLUME container_path with a NUL byte",
        bad_mesos("p4", [efs("/data\x00/evil", "pathvol")]))
    add("path-nul-dvdi", "json", "container path", "DVDI_VOLUME_CONTAINERPATH with a NUL (\\u0000 in JSON)",
        bad_dvdi("p5", dvdi("pathvol", "/data\x00x")))
    add("path-container-root", "binary", "container path", "DOCKER_VOLUME container_path / (the container root)",
        bad_mesos("p6", [efs("/", "pathvol")]))
    add("path-dotdot-dvdi", "json", "container path", "DVDI_VOLUME_CONTAINERPATH /srv/../../etc",
        bad_dvdi("p7", dvdi("pathvol", "/srv/../../etc")))

    # Volume names (all with driver efs, so they must be validated).
    add("name-leading-dash", "binary", "name", "DOCKER_VOLUME name -rf",
        bad_mesos("n1", [efs("/data", "-rf")]))
    add("name-leading-dot", "json", "name", "DVDI_VOLUME_NAME .hidden",
        bad_dvdi("n2", dvdi(".hidden", "/data")))
    add("name-slash", "binary", "name", "DOCKER_VOLUME name a/b",
        bad_mesos("n3", [efs("/data", "a/b")]))
    add("name-colon", "binary", "name", "DOCKER_VOLUME name vol:ro",
        bad_mesos("n4", [efs("/data", "vol:ro")]))
    add("name-space", "json", "name", "DVDI_VOLUME_NAME 'my vol'",
        bad_dvdi("n5", dvdi("my vol", "/data")))
    add("name-semicolon", "binary", "name", "DOCKER_VOLUME name vol;reboot",
        bad_mesos("n6", [efs("/data", "vol;reboot")]))
    add("name-command-substitution", "json", "name", "docker parameter volume=$(id):/data",
        bad_docker("n7", [("volume-driver", "efs"), ("volume", "$(id):/data")]))
    add("name-backtick", "json", "name", "DVDI_VOLUME_NAME vol`id`",
        bad_dvdi("n8", dvdi("vol`id`", "/data")))
    add("name-65-chars", "binary", "name", "DOCKER_VOLUME name of 65 characters",
        bad_mesos("n9", [efs("/data", "v" + "x" * 64)]))
    add("name-empty", "binary", "name", "DOCKER_VOLUME name '' (set, but empty)",
        bad_mesos("n10", [efs("/data", "")]))
    add("name-newline", "json", "name", "DVDI_VOLUME_NAME with a newline",
        bad_dvdi("n11", dvdi("vol\nx", "/data")))

    # Options.
    add("dvdi-opts-injection", "json", "option", "DVDI_VOLUME_OPTS 'nfsvers=4.1,exec;rm -rf /'",
        bad_dvdi("o1", dvdi("optvol", "/data", opts="nfsvers=4.1,exec;rm -rf /")))
    add("driver-option-key-injection", "binary", "option", "driver_options key 'nfsvers=4.1,exec;rm -rf /'",
        bad_mesos("o2", [efs("/data", "optvol", [("nfsvers=4.1,exec;rm -rf /", "1")])]))
    add("driver-option-value-injection", "binary", "option",
        "driver_options fileSystemId='fs-12345678,exec;rm -rf /'",
        bad_mesos("o3", [efs("/data", "optvol", [("fileSystemId", "fs-12345678,exec;rm -rf /")])]))
    add("unknown-option", "json", "option", "driver_options size=10 (not an efs-hook option)",
        bad_mesos("o4", [efs("/data", "optvol", [("size", "10")])]))
    add("option-encrypted-maybe", "binary", "encrypted", "driver_options encrypted=maybe",
        bad_mesos("o5", [efs("/data", "optvol", [("encrypted", "maybe")])]))
    add("option-uid-negative", "json", "uid", "driver_options uid=-1",
        bad_mesos("o6", [efs("/data", "optvol", [("uid", "-1")])]))
    add("option-directory-perms-999", "binary", "directoryperms", "driver_options directoryPerms=999",
        bad_mesos("o7", [efs("/data", "optvol", [("directoryPerms", "999")])]))
    add("option-provisioning-bogus", "json", "provisioning", "DVDI_VOLUME_OPTS provisioning=bogus",
        bad_dvdi("o8", dvdi("optvol", "/data", opts="provisioning=bogus")))
    add("option-given-twice", "binary", "option", "driver_options uid=1000 and UID=1001",
        bad_mesos("o9", [efs("/data", "optvol", [("uid", "1000"), ("UID", "1001")])]))
    add("dvdi-opts-item-without-equals", "json", "option", "DVDI_VOLUME_OPTS 'encrypted'",
        bad_dvdi("o10", dvdi("optvol", "/data", opts="encrypted")))

    # The same volume twice in one container.
    add("duplicate-docker-volumes", "binary", "dupvol", "two efs DOCKER_VOLUMEs named dupvol",
        bad_mesos("d1", [efs("/data", "dupvol"), efs("/data2", "dupvol", mode=M.Volume.RO)]))
    add("duplicate-parameter-and-volume", "binary", "dupvol",
        "DOCKER container: efs DOCKER_VOLUME dupvol plus docker parameter volume=dupvol:/other",
        bad_docker("d2", [("volume-driver", "efs"), ("volume", "dupvol:/other")], volumes=[efs("/data", "dupvol")]))
    add("duplicate-dvdi", "json", "dupvol", "DVDI_VOLUME_NAME and DVDI_VOLUME_NAME1 both dupvol",
        bad_dvdi("d3", dvdi("dupvol", "/data") + dvdi("dupvol", "/data1", suffix="1")))

    # DVDI and Docker-parameter syntax.
    add("dvdi-two-digit-suffix", "json", "dvdi_volume_name12", "DVDI_VOLUME_NAME12 (one digit at most)",
        bad_dvdi("s1", dvdi("twelve", "/twelve", suffix="12")))
    add("docker-param-empty-path", "binary", "container path", "docker parameter volume=emptypath::rw",
        bad_docker("s2", [("volume-driver", "efs"), ("volume", "emptypath::rw")]))
    add("docker-param-too-many-colons", "binary", "volume parameter", "docker parameter volume=colons:/data:rw:extra",
        bad_docker("s3", [("volume-driver", "efs"), ("volume", "colons:/data:rw:extra")]))
    add("docker-param-bad-mode", "json", "mode", "docker parameter volume=modevol:/data:rx",
        bad_docker("s4", [("volume-driver", "efs"), ("volume", "modevol:/data:rx")]))

    # Wire level.
    good = case_mesos_docker_volumes()[2].SerializeToString()
    container = [f for f in top_level_fields(good) if f[0] == 9][0]
    cut = (container[3] + container[4]) // 2
    add("truncated-task-info", "binary", "truncated",
        "valid TaskInfo cut in the middle of field 9 (container, length-delimited)",
        good[:cut], layer="decode")
    rng = random.Random(20240611)
    noise = bytearray(rng.getrandbits(8) for _ in range(512))
    noise[0] = 0x0F  # field 1, wire type 7: no valid protobuf starts like this
    add("random-bytes", "binary", "malformed", "512 seeded random bytes (seed 20240611), first byte 0x0f",
        bytes(noise), layer="decode")
    ex = M.ExecutorInfo()
    ex.executor_id.value = "thermos-www-data-prod-hello-0-8f7c6b5a"
    ex.command.value = "${MESOS_SANDBOX=.}/thermos_executor.pex"
    ex.command.uris.add(value="/usr/share/aurora/bin/thermos_executor.pex", executable=True)
    # Only fields 1 and 7: as a TaskInfo, field 1 (ExecutorID, ASCII bytes) reads as
    # the string `name` and 7 is `command` in both; task_id (2) and slave_id (3)
    # are then missing. (ExecutorInfo.resources=5 would read as TaskInfo.executor.)
    add("executor-info-as-task-info", "binary", "missing required field",
        "a valid ExecutorInfo (executor_id and command only) given as task-info: field 1 reads as "
        "TaskInfo.name, task_id and slave_id are missing",
        ex, layer="decode")
    add("json-array", "json", "object", "JSON [] with message auto", b"[]\n", message=None, layer="decode")
    task_json = json_format.MessageToJson(_bad_task("j1"), preserving_proto_field_name=True, sort_keys=True, indent=None)
    add("json-array-of-task", "json", "object", "a TaskInfo wrapped in a JSON array, message auto",
        ("[" + task_json + "]\n").encode(), message=None, layer="decode")
    add("json-unknown-shape", "json", "mesos message", "JSON object with no Mesos keys, message auto",
        b'{"hello": "world", "volumes": []}\n', message=None, layer="decode")
    add("empty-file", "binary", "empty", "zero bytes, message auto", b"", message=None, layer="decode")
    add("json-syntax-error", "json", "json", "a TaskInfo JSON cut short",
        task_json[: len(task_json) // 2].encode(), layer="decode")
    add("json-task-missing-required", "json", "missing required field", 'JSON {"name": "x"} as task-info',
        b'{"name": "x"}\n', layer="decode")
    add("json-wrong-field-type", "json", "json", 'TaskInfo JSON whose "name" is a number',
        b'{"name": 5, "task_id": {"value": "t"}, "slave_id": {"value": "s"}}\n', layer="decode")
    add("json-string-top-level", "json", "json", "a JSON string where a TaskInfo object belongs",
        b'"not a task"\n', layer="decode")
    return cases


# ---------------------------------------------------------------------------
# Writing and checking.
# ---------------------------------------------------------------------------


def to_json(message, proto_names):
    return json_format.MessageToJson(
        message, preserving_proto_field_name=proto_names, indent=2, sort_keys=True
    ) + "\n"


def dump_json(value):
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def write(path, data, written):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_COMMITTED_BYTES:
        raise SystemExit("%s would be %d bytes; fixtures stay under 64 KiB" % (path, len(data)))
    with open(path, "wb") as f:
        f.write(data)
    written.add(os.path.abspath(path))


def remove_stale(directory, written):
    for entry in sorted(os.listdir(directory)):
        path = os.path.abspath(os.path.join(directory, entry))
        if os.path.isfile(path) and path not in written:
            os.remove(path)


def check_good(name, kind, message, tail):
    cls = MESSAGE_CLASSES[kind]
    body = message.SerializeToString()
    with open(os.path.join(TASKS_DIR, name + ".bin"), "rb") as f:
        data = f.read()
    assert data == body + tail, name
    decoded = cls()
    decoded.ParseFromString(data)
    assert decoded.IsInitialized(), name
    assert decoded.SerializeToString() == data, "%s.bin does not re-serialize byte for byte" % name
    for suffix in (".json", ".camel.json"):
        with open(os.path.join(TASKS_DIR, name + suffix), encoding="utf-8") as f:
            parsed = json_format.Parse(f.read(), cls())
        assert parsed.IsInitialized(), name + suffix
        assert parsed.SerializeToString() == body, "%s%s does not parse back to the message" % (name, suffix)
    with open(os.path.join(TASKS_DIR, name + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    assert expected["message"] == kind
    assert set(expected) == {"message", "volumes", "ignored"}


def check_bad(file, message, fmt, layer):
    with open(os.path.join(BAD_DIR, file), "rb") as f:
        data = f.read()
    cls = MESSAGE_CLASSES.get(message or "task-info")
    if fmt == "binary":
        outcome = "ok"
        msg = cls()
        try:
            msg.ParseFromString(data)
            if not data:
                outcome = "empty"
            elif not msg.IsInitialized():
                outcome = "missing " + ",".join(msg.FindInitializationErrors())
        except DecodeError as err:
            outcome = "DecodeError: %s" % err
    else:
        try:
            msg = json_format.Parse(data.decode("utf-8"), cls())
            outcome = "ok" if msg.IsInitialized() else "missing " + ",".join(msg.FindInitializationErrors())
        except json_format.ParseError as err:
            outcome = "ParseError: %s" % str(err).splitlines()[0][:80]
        if message is None and outcome == "ok":
            outcome = "ok (as task-info)"
    if layer == "plan" and outcome != "ok":
        raise SystemExit("%s should be a valid %s but python says: %s" % (file, message, outcome))
    if layer == "decode" and outcome.startswith("ok") and message is not None:
        raise SystemExit("%s should not decode as %s, but it does" % (file, message))
    return outcome


def main(argv):
    verbose = "-v" in argv or "--verbose" in argv
    os.makedirs(TASKS_DIR, exist_ok=True)
    os.makedirs(BAD_DIR, exist_ok=True)

    written = set()
    good = [build() for build in GOOD_CASES]
    names = [g[0] for g in good]
    assert len(names) == len(set(names))
    for name, kind, message, expected, tail in good:
        write(os.path.join(TASKS_DIR, name + ".bin"), message.SerializeToString() + tail, written)
        write(os.path.join(TASKS_DIR, name + ".json"), to_json(message, True), written)
        write(os.path.join(TASKS_DIR, name + ".camel.json"), to_json(message, False), written)
        write(os.path.join(TASKS_DIR, name + ".expected.json"), dump_json(expected), written)

    manifest = []
    for file, message, fmt, expect, layer, description, payload in bad_cases():
        if isinstance(payload, bytes):
            data = payload
        elif fmt == "binary":
            data = payload.SerializeToString()
        else:
            payload.SerializeToString()  # refuses unset required fields
            data = to_json(payload, True).encode("utf-8")
        write(os.path.join(BAD_DIR, file), data, written)
        assert expect == expect.lower(), file
        manifest.append({
            "file": file,
            "message": message,
            "format": fmt,
            "expect": expect,
            "layer": layer,
            "description": description,
        })
    write(os.path.join(BAD_DIR, "manifest.json"), dump_json(manifest), written)

    remove_stale(TASKS_DIR, written)
    remove_stale(BAD_DIR, written)

    for name, kind, message, expected, tail in good:
        check_good(name, kind, message, tail)
    outcomes = [(m["file"], check_bad(m["file"], m["message"], m["format"], m["layer"])) for m in manifest]
    wire_checks = {
        "truncated-task-info": "DecodeError: Truncated message.",
        "random-bytes": "DecodeError: Wrong wire type in tag.",
        "executor-info-as-task-info": "missing task_id,slave_id",
        "empty-file": "empty",
        "json-task-missing-required": "missing task_id,slave_id",
    }
    for file, outcome in outcomes:
        slug = file[4:].rsplit(".", 1)[0]
        if slug in wire_checks and outcome != wire_checks[slug]:
            raise SystemExit("%s: python decodes it as %r, expected %r" % (file, outcome, wire_checks[slug]))
    if verbose:
        for file, outcome in outcomes:
            print("  %-45s python: %s" % (file, outcome))
    print("generate_fixtures: %d good cases (%d files) in %s; %d bad inputs in %s; all checked"
          % (len(good), 4 * len(good), os.path.relpath(TASKS_DIR, ROOT), len(manifest), os.path.relpath(BAD_DIR, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
