"""Good cases: tasks as Aurora's scheduler builds them (Thermos executor or Docker)."""

from .builders import (
    aurora_assigned_task_blob,
    aurora_task,
    docker_container,
    mesos_container,
    plain_host_volume,
    thermos_executor,
)
from .plans import DP, MV, ign, vol
from .schema import M


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
    (MesosTaskFactory.configureTaskForImage). The host path is efs-hook's mount
    point of volume uploads, so it asks for that volume (Route A)."""
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
        "volumes": [vol("uploads", "efs", "/var/www/uploads", False, "host-path")],
        "ignored": [ign(MV, "taskfs", "")],
    }
    return "aurora-example-mesos", "task-info", t, expected, b""
