"""The bad-input corpus."""

import random

from google.protobuf import json_format

from .builders import command_task, docker_container, docker_volume, mesos_container, set_env
from .cases_command import case_mesos_docker_volumes
from .schema import M
from .wire import top_level_fields

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
