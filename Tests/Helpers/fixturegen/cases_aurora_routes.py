"""Good cases for Aurora's two routes on the Mesos containerizer (Thermos with an image),
shaped as apache/aurora 11ebaeeb builds them:

- MesosTaskFactory.java 176-184 and 350-359: TaskInfo name role/env/job, the tier label and one
  label org.apache.aurora.metadata.KEY per job Metadata;
- 188-200, 229-273 (configureTaskForImage): only with an image, ExecutorInfo.container is a
  MESOS ContainerInfo with -global_container_mounts, then the job's Volume(container_path,
  host_path, mode) as plain host_path volumes, then the image as a read-only volume at taskfs;
- 313-336 (configureTaskForExecutor): executor id thermos-TASKID, source and the label
  source=role.env.job.instance.

The agent hands the isolator a ContainerConfig with executor_info, container_info (a copy of
the executor's), command_info and directory, never task_info, for a custom executor
(apache/mesos c1b42f79 slave.cpp Slave::launchExecutor; containerizer.proto).
"""

import struct

from .builders import AGENT_HOST, AGENT_ID, FRAMEWORK_ID, aurora_assigned_task_blob, aurora_task, mesos_container, plain_host_volume, thermos_executor
from .plans import ign, vol
from .schema import M, ContainerConfig

HP, AM, MV = "host-path", "aurora-metadata", "mesos-volume"
MOUNT_ROOT = "/var/lib/efs-hook/mounts"
ROUTE_A_UUID = "7e6d5c4b-3a29-4817-9f6e-5d4c3b2a1908"
ROUTE_B_UUID = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10"
ROUTE_B_METADATA = [("owner", "web-team"), ("efs.uploads", "/var/www/uploads:rw:provisioning=accessPoint")]


def image_volume(name="python:2.7"):
    v = M.Volume(container_path="taskfs", mode=M.Volume.RO)
    v.image.type = M.Image.DOCKER
    v.image.docker.name = name
    return v


def sandbox_directory(executor_id, run):
    return "/var/lib/mesos/slaves/%s/frameworks/%s/executors/%s/runs/%s" % (AGENT_ID, FRAMEWORK_ID, executor_id, run)


def container_config(executor, run):
    """What the agent hands an isolator for the Thermos executor's container."""
    cc = ContainerConfig()
    cc.directory = sandbox_directory(executor.executor_id.value, run)
    cc.user = "root"
    cc.executor_info.CopyFrom(executor)
    cc.command_info.CopyFrom(executor.command)
    cc.container_info.CopyFrom(executor.container)
    for r in executor.resources:
        cc.resources.add().CopyFrom(r)
    cc.container_class = 1  # DEFAULT
    return cc


def route_a_task(instance):
    t, task_id = aurora_task(
        "www-data", "prod", "hello_efs_mesos", instance, ROUTE_A_UUID[:-1] + str(instance),
        tier="preemptible", metadata=[("owner", "web-team")],
    )
    e = thermos_executor(task_id, "www-data.prod.hello_efs_mesos.%d" % instance)
    e.container.CopyFrom(mesos_container([
        plain_host_volume("/etc/pki", "/etc/pki", M.Volume.RO),  # -global_container_mounts
        plain_host_volume("/var/www/uploads", MOUNT_ROOT + "/uploads", M.Volume.RW),
        plain_host_volume("/var/log/hello", "/var/log/aurora/hello", M.Volume.RW),
        image_volume(),
    ]))
    t.executor.CopyFrom(e)
    t.data = aurora_assigned_task_blob(task_id, instance)
    return t, e


ROUTE_A_IGNORED = [ign(MV, "/etc/pki", ""), ign(MV, "/var/log/aurora/hello", ""), ign(MV, "taskfs", "")]


def case_aurora_route_a_config(instance):
    def build():
        _, e = route_a_task(instance)
        cc = container_config(e, "4d3c2b1a-0f9e-4d8c-b7a6-95847362510%d" % instance)
        expected = {
            "message": "container-config",
            "volumes": [vol("uploads", "efs", "/var/www/uploads", False, HP)],
            "ignored": ROUTE_A_IGNORED,
        }
        return "aurora-route-a-config-%d" % instance, "container-config", cc, expected, b""
    return build


def route_b_task():
    t, task_id = aurora_task(
        "www-data", "prod", "hello_efs_metadata", 0, ROUTE_B_UUID, tier="preemptible", metadata=ROUTE_B_METADATA,
    )
    e = thermos_executor(task_id, "www-data.prod.hello_efs_metadata.0")
    e.container.CopyFrom(mesos_container([image_volume()]))
    t.executor.CopyFrom(e)
    t.data = aurora_assigned_task_blob(task_id, 0)
    return t, e


def case_aurora_route_b_task():
    """The TaskInfo the agent's run-task hook sees: the job metadata as labels."""
    t, _ = route_b_task()
    expected = {
        "message": "task-info",
        "volumes": [vol("uploads", "efs", "/var/www/uploads", False, AM, [("provisioning", "accessPoint")])],
        "ignored": [ign(MV, "taskfs", "")],
    }
    return "aurora-route-b-task", "task-info", t, expected, b""


def case_aurora_route_b_config():
    """The same task's executor container as the isolator sees it: no labels, no volumes of ours."""
    _, e = route_b_task()
    cc = container_config(e, "5e4d3c2b-1a0f-4e9d-8c7b-a69584736251")
    expected = {"message": "container-config", "volumes": [], "ignored": [ign(MV, "taskfs", "")]}
    return "aurora-route-b-config", "container-config", cc, expected, b""


def hook_input(task, executor):
    """INPUT of criteo's CommandHook::slaveRunTaskLabelDecorator (CommandHook.cpp 20-40)."""
    framework = M.FrameworkInfo(user="root", name="Aurora", checkpoint=True, failover_timeout=1814400.0)
    framework.id.value = FRAMEWORK_ID
    agent = M.SlaveInfo(hostname=AGENT_HOST, port=5051)
    agent.id.value = AGENT_ID
    return task, executor, framework, agent


def agent_files(to_dict):
    """Files beside the cases: the hook's INPUT (good and bad) and the agent's checkpoint of the
    Route B task (Executor::checkpointTask: stout protobuf::write, a native-endian uint32 size
    and the mesos.Task)."""
    t, e = route_b_task()
    parts = ("task_info", "executor_info", "framework_info", "slave_info")
    good = dict(zip(parts, map(to_dict, hook_input(t, e))))
    bad_task = M.TaskInfo()
    bad_task.CopyFrom(t)
    for label in bad_task.labels.labels:
        if label.key == "org.apache.aurora.metadata.efs.uploads":
            label.value = "/var/www/../uploads:rw"
    bad = dict(zip(parts, map(to_dict, hook_input(bad_task, e))))
    task = M.Task(name=t.name, state=M.TASK_STAGING)
    task.task_id.CopyFrom(t.task_id)
    task.framework_id.value = FRAMEWORK_ID
    task.executor_id.CopyFrom(e.executor_id)
    task.slave_id.CopyFrom(t.slave_id)
    task.resources.extend(t.resources)
    task.labels.CopyFrom(t.labels)
    body = task.SerializeToString()
    return [
        ("run-task-hook-input.json", good),
        ("run-task-hook-bad-input.json", bad),
        ("aurora-route-b-task.info", struct.pack("<I", len(body)) + body),
    ]
