#!/usr/bin/env python3
"""Whole-process benchmarks of the release efs-hook binary, written as JSON for render_benchmarks.py.

Run as root inside a private mount namespace (scripts/bench does: `unshare --mount
--propagation private`), so every mount made here vanishes with the namespace.

Each figure is the wall time of one whole process, from posix_spawn to waitpid, taken the same
way for efs-hook and for the floor (a Swift executable that does nothing, built the same way).
The AWS side is moto (Tests/Helpers/aws_moto_server.py) behind the request-counting proxy
(Tests/Helpers/aws_fault_proxy.py); both efs-hook and the awscli script talk to the proxy only.
The NFS mount step runs through Tests/Fixtures/bin/recording-mount, the TEST-ONLY stand-in
for /bin/mount (this kernel has no NFS client): it records argv and binds a local directory.

Sections (--sections, comma-separated; default all):
  startup   floor, /bin/true and `efs-hook --version` for each --startup-bin
  warm      prepare + cleanup of a container whose volume is already mounted by another one
  cold      cold provisioning: efs-hook versus Benchmarks/host/awscli-provision.sh
  agents    N agents (processes with their own state) starting one new volume at once
  scale     warm latency with unrelated mounts and with other containers using the volume
"""
import argparse
import ctypes
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RECORDING_MOUNT = REPO / "Tests/Fixtures/bin/recording-mount"
AWSCLI_SCRIPT = REPO / "Benchmarks/host/awscli-provision.sh"
ZONE = "us-east-1a"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


# MARK: timing


def timed_run(argv, env, check=True):
    """Wall time in ms of one process, spawned without a shell; stdout is discarded."""
    with tempfile.TemporaryFile() as err:
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
        ]
        start = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        elapsed = (time.perf_counter_ns() - start) / 1e6
        code = os.waitstatus_to_exitcode(status)
        if check and code != 0:
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(argv)} exited {code}: {err.read().decode(errors='replace').strip()}")
    return elapsed


def summary(samples):
    ordered = sorted(samples)

    def rank(p):
        return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]

    return {
        "runs": len(ordered), "median": statistics.median(ordered), "p95": rank(95),
        "min": ordered[0], "max": ordered[-1], "mean": statistics.fmean(ordered),
        "samples": [round(s, 3) for s in samples],
    }


# MARK: moto + proxy


class Helper:
    """A Python helper that prints `<prefix> <port>` and lives until its stdin closes."""

    def __init__(self, args, prefix):
        self.process = subprocess.Popen(
            [sys.executable, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != prefix:
            raise SystemExit(f"bench: {args[0]} did not start: {line}")
        self.port = int(line[1])

    def stop(self):
        self.process.stdin.close()
        self.process.terminate()
        self.process.wait()


class Stack:
    def __init__(self, proxy_arguments=()):
        self.moto = Helper([str(REPO / "Tests/Helpers/aws_moto_server.py")], "PORT")
        self.proxy = Helper([str(REPO / "Tests/Helpers/aws_fault_proxy.py"), "--upstream", f"http://127.0.0.1:{self.moto.port}",
                             "--port", "0", "--exit-on-stdin-eof", "--max-seconds", "7200", *proxy_arguments], "READY")
        network = json.loads(subprocess.run(
            [sys.executable, str(REPO / "Tests/Helpers/aws_moto_server.py"), "--subnets", "us-east-1", "--port", str(self.moto.port)],
            check=True, capture_output=True, text=True).stdout)
        self.subnet = next(s["subnetId"] for s in network["subnets"] if s["availabilityZone"] == ZONE)
        self.security_group = network["securityGroupId"]
        self.endpoint = f"http://127.0.0.1:{self.proxy.port}"

    def _proxy(self, method, path):
        request = urllib.request.Request(f"{self.endpoint}/__proxy/{path}", method=method, data=b"" if method == "POST" else None)
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def reset(self):
        self._proxy("POST", "reset")

    def calls(self):
        stats = self._proxy("GET", "stats")
        return {"total": stats["total"], "byOperation": stats["byOperation"]}

    def file_systems(self):
        """File systems in moto (asked directly, not counted)."""
        import boto3
        efs = boto3.client("efs", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{self.moto.port}", **{
            "aws_access_key_id": "testing", "aws_secret_access_key": "testing"})
        found, marker = [], None
        while True:
            page = efs.describe_file_systems(**({"Marker": marker} if marker else {}))
            found += page["FileSystems"]
            marker = page.get("NextMarker")
            if not marker:
                return found

    def stop(self):
        self.proxy.stop()
        self.moto.stop()


# MARK: an agent: one host's state, mount root and config


class Agent:
    def __init__(self, binary, stack, root, cluster="bench", efs_settings=()):
        self.binary = str(binary)
        self.root = Path(root)
        for sub in ("records", "backing", "rootfs", "tasks"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        mount_command = ["/usr/bin/env", f"RECORD_DIR={self.root}/records", f"BACKING_DIR={self.root}/backing",
                         str(RECORDING_MOUNT)]
        config = self.root / "config.yaml"
        config.write_text("\n".join([
            "provider: efs",
            f"stateDir: {self.root}/state",
            f"mountRoot: {self.root}/mounts",
            "lockTimeoutSeconds: 300",
            "efs:",
            "  region: us-east-1",
            f"  endpoint: {stack.endpoint}",
            f"  clusterTag: {cluster}",
            f"  availabilityZone: {ZONE}",
            f"  subnetId: {stack.subnet}",
            f"  securityGroups: [{stack.security_group}]",
            f"  mountCommand: [{', '.join(json.dumps(a) for a in mount_command)}]",
            "  waitTimeoutSeconds: 60",
            *(f"  {line}" for line in efs_settings),
        ]) + "\n")
        self.env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "EFS_HOOK_CONFIG": str(config),
                    "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/config",
                    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials", **CREDENTIALS}

    def task(self, volume, binary=False):
        """A Mesos TaskInfo with one efs DOCKER_VOLUME, as JSON (proto field names) or binary."""
        path = self.root / "tasks" / f"{volume}.{'bin' if binary else 'json'}"
        if path.exists():
            return str(path)
        if binary:
            text = (f'name: "bench" task_id {{ value: "bench" }} slave_id {{ value: "agent" }} '
                    f'container {{ type: MESOS volumes {{ container_path: "/data" mode: RW source {{ type: DOCKER_VOLUME '
                    f'docker_volume {{ driver: "efs" name: "{volume}" }} }} }} }}')
            encoded = subprocess.run(["protoc", "--encode=mesos.TaskInfo", f"-I{REPO}/Protos", f"{REPO}/Protos/mesos/mesos.proto"],
                                     input=text.encode(), capture_output=True, check=True).stdout
            path.write_bytes(encoded)
        else:
            path.write_text(json.dumps({
                "name": "bench", "task_id": {"value": "bench"}, "slave_id": {"value": "agent"},
                "container": {"type": "MESOS", "volumes": [{
                    "container_path": "/data", "mode": "RW",
                    "source": {"type": "DOCKER_VOLUME", "docker_volume": {"driver": "efs", "name": volume}}}]}}))
        return str(path)

    def prepare_argv(self, container, volume, launch_info=False, binary=False):
        rootfs = self.root / "rootfs" / container
        rootfs.mkdir(exist_ok=True)
        argv = [self.binary, "prepare", "--container-id", container, "--rootfs", str(rootfs)]
        return argv + (["--launch-info"] if launch_info else []) + [self.task(volume, binary)]

    def cleanup_argv(self, container):
        return [self.binary, "cleanup", "--container-id", container]

    def prepare(self, container, volume, launch_info=False, binary=False):
        return timed_run(self.prepare_argv(container, volume, launch_info, binary), self.env)

    def cleanup(self, container):
        return timed_run(self.cleanup_argv(container), self.env)


# MARK: sections


def startup(args, results):
    floor = [args.floor]
    plain = {"PATH": "/usr/bin:/bin"}
    series = {"floor": [], "/bin/true": []}
    binaries = dict(item.split("=", 1) for item in args.startup_bin) or {"efs-hook": args.bin}
    for label in binaries:
        series[f"{label} --version"] = []
    for _ in range(args.runs):
        series["floor"].append(timed_run(floor, plain))
        series["/bin/true"].append(timed_run(["/bin/true"], plain))
        for label, path in binaries.items():
            series[f"{label} --version"].append(timed_run([path, "--version"], plain))
    results["startup"] = {name: summary(samples) for name, samples in series.items()}
    results["startup"]["binaries"] = {label: os.path.getsize(path) for label, path in binaries.items()}


def warm_series(agent, volume, runs, floor, prefix, binary=False):
    """Interleaved: floor, floor, prepare, cleanup, so drift affects all alike."""
    plain = {"PATH": "/usr/bin:/bin"}
    series = {"floor x2": [], "prepare": [], "cleanup": [], "prepare + cleanup": []}
    for i in range(runs):
        series["floor x2"].append(timed_run([floor], plain) + timed_run([floor], plain))
        prepare = agent.prepare(f"{prefix}-{i}", volume, binary=binary)
        cleanup = agent.cleanup(f"{prefix}-{i}")
        series["prepare"].append(prepare)
        series["cleanup"].append(cleanup)
        series["prepare + cleanup"].append(prepare + cleanup)
    return {name: summary(samples) for name, samples in series.items()}


def warm(args, stack, results):
    agent = Agent(args.bin, stack, args.work / "warm")
    stack.reset()
    agent.prepare("holder", "uploads")
    cold_calls = stack.calls()
    stack.reset()
    for i in range(3):  # page cache and dentries warm, as on a busy agent
        agent.prepare(f"warmup-{i}", "uploads", binary=i % 2 == 0)
        agent.cleanup(f"warmup-{i}")
    stack.reset()
    section = {"binary": warm_series(agent, "uploads", args.runs, args.floor, "warm-bin", binary=True),
               "json": warm_series(agent, "uploads", args.runs, args.floor, "warm-json")}
    section["calls"] = stack.calls()
    section["coldCalls"] = cold_calls
    agent.cleanup("holder")
    results["warm"] = section


def cold(args, stack, results):
    plain_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **CREDENTIALS, "AWS_DEFAULT_REGION": "us-east-1",
                 "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/config",
                 "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"}
    aws = shutil.which("aws", path=plain_env["PATH"])
    if not aws:
        raise SystemExit("bench: awscli (aws) is not installed; scripts/bench installs it with pip")
    series = {"efs-hook": [], "awscli script": []}
    calls = {"efs-hook": [], "awscli script": []}
    for i in range(args.cold_runs):
        agent = Agent(args.bin, stack, args.work / f"cold-hook-{i}")
        stack.reset()
        series["efs-hook"].append(agent.prepare("c", f"cold-{i}"))
        calls["efs-hook"].append(stack.calls())
        agent.cleanup("c")

        work = args.work / f"cold-cli-{i}"
        (work / "mnt").mkdir(parents=True)
        (work / "records").mkdir()
        env = {**plain_env, "ENDPOINT": stack.endpoint, "SUBNET": stack.subnet, "SECURITY_GROUP": stack.security_group,
               "TOKEN": f"awscli-cold-{i}", "MOUNT_POINT": str(work / "mnt"), "AWS": aws,
               "MOUNT_COMMAND": f"/usr/bin/env RECORD_DIR={work}/records BACKING_DIR={work}/backing {RECORDING_MOUNT}"}
        stack.reset()
        series["awscli script"].append(timed_run(["/bin/bash", str(AWSCLI_SCRIPT)], env))
        calls["awscli script"].append(stack.calls())
        detach_under(work)
    results["cold"] = {name: {**summary(samples), "calls": calls[name]} for name, samples in series.items()}


def agents(args, stack, results):
    section = {}
    for count in args.agents:
        volume = f"race-{count}"
        fleet = [Agent(args.bin, stack, args.work / f"agents-{count}" / f"agent-{n}") for n in range(count)]
        argvs = [agent.prepare_argv("c", volume) for agent in fleet]
        existing = len(stack.file_systems())
        stack.reset()
        start = time.perf_counter()
        processes = [subprocess.Popen(argv, env=agent.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                     for argv, agent in zip(argvs, fleet)]
        failures = [p.stderr.read().decode() for p in processes if p.wait() != 0]
        elapsed = (time.perf_counter() - start) * 1000
        if failures:
            raise SystemExit(f"bench: {len(failures)} of {count} agents failed: {failures[0].strip()}")
        calls = stack.calls()
        file_systems = len(stack.file_systems()) - existing
        for agent in fleet:
            agent.cleanup("c")
        section[str(count)] = {"agents": count, "calls": calls, "callsPerAgent": calls["total"] / count,
                               "fileSystems": file_systems, "wallMs": elapsed}
        log(f"{count} agents: {calls['total']} calls, {file_systems} file system(s), {elapsed:.0f} ms")
    results["agents"] = section


class UnrelatedMounts:
    """Bind mounts of one directory, added with mount(2) directly (fast, no helper process)."""

    def __init__(self, root):
        self.root = Path(root)
        self.source = self.root / "source"
        self.source.mkdir(parents=True)
        self.count = 0
        self.libc = ctypes.CDLL(None, use_errno=True)

    def grow_to(self, total):
        while self.count < total:
            target = self.root / f"m{self.count}"
            target.mkdir()
            if self.libc.mount(str(self.source).encode(), str(target).encode(), None, 4096, None) != 0:  # MS_BIND
                raise SystemExit(f"bench: bind mount {self.count}: {os.strerror(ctypes.get_errno())}")
            self.count += 1

    def remove_all(self):
        detach_under(self.root)
        self.count = 0


def detach_under(directory):
    libc = ctypes.CDLL(None, use_errno=True)
    directory = str(directory)
    with open("/proc/self/mountinfo") as table:
        points = [line.split()[4] for line in table if line.split()[4].startswith(f"{directory}/")]
    for point in sorted(points, reverse=True):
        libc.umount2(point.encode(), 2)  # MNT_DETACH


def mountinfo_lines():
    with open("/proc/self/mountinfo") as table:
        return sum(1 for _ in table)


def scale(args, stack, results):
    # Each dimension on an agent of its own, so one's leftovers (a thousand rootfs folders,
    # recently freed inodes) do not weigh on the other's baseline.
    agent = Agent(args.bin, stack, args.work / "scale-users")
    agent.prepare("holder", "shared")
    runs = args.scale_runs
    section = {"users": {}, "mounts": {}}
    users = 0
    for target in [0] + args.users:
        while users < target:  # other containers on the volume; Mesos binds (launch-info), so no extra mounts
            agent.prepare(f"user-{users}", "shared", launch_info=True)
            users += 1
        stack.reset()
        measured = warm_series(agent, "shared", runs, args.floor, f"u{target}", binary=True)
        measured["calls"] = stack.calls()["total"]
        measured["mountinfoLines"] = mountinfo_lines()
        section["users"][str(target)] = measured
        log(f"{target} users: prepare+cleanup median {measured['prepare + cleanup']['median']:.2f} ms")
    for i in range(users):
        agent.cleanup(f"user-{i}")
    agent.cleanup("holder")
    agent = Agent(args.bin, stack, args.work / "scale-mounts")
    agent.prepare("holder", "shared")
    mounts = UnrelatedMounts(args.work / "unrelated")
    for target in [0] + args.mounts:
        mounts.grow_to(target)
        measured = warm_series(agent, "shared", runs, args.floor, f"m{target}", binary=True)
        measured["mountinfoLines"] = mountinfo_lines()
        measured["mountinfoBytes"] = len(open("/proc/self/mountinfo", "rb").read())
        section["mounts"][str(target)] = measured
        log(f"{target} unrelated mounts: prepare+cleanup median {measured['prepare + cleanup']['median']:.2f} ms")
    mounts.remove_all()
    agent.cleanup("holder")
    results["scale"] = section


def install_binaries(args):
    """Copies every measured binary into the work folder, as a package install would write it.
    A linker writes its output through a memory map, and executing that very file straight
    after the build was measurably slower (page cache state) than executing a copy."""
    (args.work / "bin").mkdir()

    def install(path, name):
        target = args.work / "bin" / name
        shutil.copy2(path, target)
        return str(target)

    args.bin = install(args.bin, "efs-hook")
    args.floor = install(args.floor, "floor")
    args.startup_bin = [f"{label}={install(path, label)}" for label, path in (item.split("=", 1) for item in args.startup_bin)]


def wait_for_quiet(limit=180):
    """Waits (up to `limit` s) for the 1-minute load average to fall below 0.5: the build that
    usually comes just before would otherwise still be in every figure."""
    start = time.time()
    while os.getloadavg()[0] >= 0.5 and time.time() - start < limit:
        time.sleep(5)
    log(f"load average {os.getloadavg()[0]:.2f} after waiting {time.time() - start:.0f} s")


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpu": cpu, "cores": os.cpu_count(),
            "kernel": platform.release(), "swift": swift[0] if swift else "?",
            "memoryGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "loadBefore": os.getloadavg()[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, type=os.path.abspath, help="the release efs-hook")
    parser.add_argument("--floor", required=True, type=os.path.abspath, help="the do-nothing Swift executable")
    parser.add_argument("--out", required=True, help="JSON results (merged into an existing file)")
    parser.add_argument("--sections", default="startup,warm,cold,agents,scale")
    parser.add_argument("--runs", type=int, default=60, help="runs per warm/startup series (at least 50)")
    parser.add_argument("--scale-runs", type=int, default=30)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--agents", type=lambda s: [int(x) for x in s.split(",")], default=[1, 8, 32])
    parser.add_argument("--users", type=lambda s: [int(x) for x in s.split(",")], default=[10, 100, 1000])
    parser.add_argument("--mounts", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 5000])
    parser.add_argument("--startup-bin", action="append", default=[], metavar="LABEL=PATH",
                        help="binaries whose --version start-up is timed (default: efs-hook=--bin)")
    parser.add_argument("--label", default="current", help="where in the results this run goes (e.g. current, before)")
    parser.add_argument("--commit", default="", help="the commit the binary was built from, kept in the results")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("bench: needs root inside a private mount namespace; run it through scripts/bench")

    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {}
    wait_for_quiet()
    results["machine"] = machine()
    store = results.setdefault(args.label, {})
    store["bin"] = args.bin
    store["commit"] = args.commit
    sections = args.sections.split(",")
    with tempfile.TemporaryDirectory(prefix="efs-hook-bench.") as work:
        args.work = Path(work)
        install_binaries(args)
        stack = Stack() if set(sections) - {"startup"} else None
        try:
            for name in sections:
                log(f"section {name}")
                handler = {"startup": lambda: startup(args, store), "warm": lambda: warm(args, stack, store),
                           "cold": lambda: cold(args, stack, store), "agents": lambda: agents(args, stack, store),
                           "scale": lambda: scale(args, stack, store)}[name]
                handler()
                out.write_text(json.dumps(results, indent=1) + "\n")
        finally:
            if stack:
                stack.stop()
            detach_under(work)


if __name__ == "__main__":
    main()
