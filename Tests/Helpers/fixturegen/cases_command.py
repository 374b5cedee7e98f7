"""Good cases: command tasks as a framework such as Marathon sends them (Mesos or Docker
containers, DVDI environment variables)."""

from .builders import (
    command_task,
    docker_container,
    docker_volume,
    host_path_volume,
    mesos_container,
    plain_host_volume,
    sandbox_volume,
)
from .plans import DE, DP, MV, ign, vol
from .schema import M
from .wire import UNKNOWN_TAIL

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


def case_no_volumes():
    t = command_task("hello", "hello.1b2c3d4e-0d1f-11ef-9a3b-0242ac120002", "echo hello", env=[("GREETING", "hi")])
    expected = {"message": "task-info", "volumes": [], "ignored": []}
    return "no-volumes", "task-info", t, expected, b""
