"""Good cases: an ExecutorInfo, and the ContainerConfig the agent hands an isolator."""

from .builders import (
    AGENT_ID,
    FRAMEWORK_ID,
    command_task,
    docker_volume,
    mesos_container,
    sandbox_volume,
    scalar,
    set_env,
)
from .plans import DE, MV, ign, vol
from .schema import M, ContainerConfig


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
