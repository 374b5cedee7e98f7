#!/usr/bin/env python3
"""Fleet benchmark: N agents start one new volume at the same moment against an account that
allows R EFS requests/s, as real EFS does and moto does not.

Run as root inside a private mount namespace (every mount made here vanishes with it):
  sudo unshare --mount --propagation private Benchmarks/host/fleet.py \\
      --bin .build/release/efs-hook --agents 10,100 --rate 10 --burst 10

Each agent is a process with its own state directory, mount root and config (Agent from
efs_hook_bench.py), running `prepare` of one task with one new volume by name. moto
(Tests/Helpers/aws_moto_server.py) is behind Tests/Helpers/aws_fault_proxy.py with its
account-wide token bucket: beyond R requests/s (burst B), `400 ThrottlingException`. The NFS
mount step runs through Tests/Fixtures/bin/recording-mount, the TEST-ONLY stand-in for
/bin/mount (this kernel has no NFS client).

Three cases per N: (a) a new volume by name, (c) a second launch on every agent (its
resolution cache warm), (b) a volume after `efs-hook provision`, mounted by the
fileSystemId with `mountTarget: dns`. The proxy checks every request's SigV4 signature
against botocore's (--verify-secret).

Reported per case (JSON on stdout, one line per case on stderr): agents mounted of N, wall time to
the last mount, its lower bound (answered calls / R), answered and throttled calls per agent
(from each agent's own `AWS call` log records), file systems created, and the peak RSS of one
launch process (wait4's ru_maxrss).
"""
import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from efs_hook_bench import CREDENTIALS, Agent, Stack, detach_under, log, machine  # noqa: E402


def set_limits(stack, **limits):
    request = urllib.request.Request(
        f"{stack.endpoint}/__proxy/limits", method="POST", data=json.dumps(limits).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def calls_in(stderr):
    """(answered, throttled) EFS attempts from one run's `AWS call` debug records."""
    answered = throttled = 0
    for line in stderr.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("msg") != "AWS call":
            continue
        if record.get("code") == "ThrottlingException":
            throttled += 1
        else:
            answered += 1
    return answered, throttled


def launch_all(stack, agents, container, volume):
    """Starts `prepare` of `volume` on every agent at the same moment; waits for all."""
    stack.reset()
    start = time.perf_counter()
    running = {}
    for index, agent in enumerate(agents):
        errors = open(agent.root / f"stderr-{container}", "w+")
        process = subprocess.Popen(agent.prepare_argv(container, volume), env={**agent.env, "EFS_HOOK_LOG_LEVEL": "debug"},
                                   stdout=subprocess.DEVNULL, stderr=errors)
        # Kept referenced: subprocess reaps unreferenced children itself, and wait4 below would
        # then wait for a pid that is gone.
        running[process.pid] = (index, errors, process)
    finished = {}
    while running:
        pid, status, usage = os.wait4(-1, 0)
        if pid not in running:
            continue
        index, errors, _ = running.pop(pid)
        errors.seek(0)
        finished[index] = {"ok": os.waitstatus_to_exitcode(status) == 0, "exit": os.waitstatus_to_exitcode(status),
                           "seconds": time.perf_counter() - start, "maxRssKiB": usage.ru_maxrss, "stderr": errors.read()}
        errors.close()
    return finished, stack._proxy("GET", "stats")


def summary(args, case, count, finished, stats, file_systems):
    mounted = [f for f in finished.values() if f["ok"]]
    per_agent = [calls_in(f["stderr"]) for f in finished.values()]
    answered_total = stats["total"] - stats["throttled"]
    result = {
        "case": case, "agents": count, "mounted": len(mounted), "rate": args.rate, "burst": args.burst,
        "wallToLastMountSeconds": max((f["seconds"] for f in mounted), default=None),
        "lowerBoundSeconds": answered_total / args.rate,
        "proxy": {"total": stats["total"], "throttled": stats["throttled"], "answered": answered_total,
                  "byOperation": stats["byOperation"], "signaturesChecked": stats.get("signaturesChecked"),
                  "signatureMismatches": stats.get("signatureMismatches"),
                  "signatureProblems": stats.get("signatureProblems", [])[:3]},
        "answeredPerAgent": sum(a for a, _ in per_agent) / count,
        "throttledPerAgent": sum(t for _, t in per_agent) / count,
        "maxAnsweredOneAgent": max(a for a, _ in per_agent), "maxThrottledOneAgent": max(t for _, t in per_agent),
        "fileSystemsCreated": file_systems,
        "peakRssKiB": max(f["maxRssKiB"] for f in finished.values()),
        "failures": sorted({f["stderr"].strip().splitlines()[-1] for f in finished.values() if not f["ok"] and f["stderr"].strip()})[:5],
    }
    log(f"fleet {count} {case}: {result['mounted']}/{count} mounted, last at {result['wallToLastMountSeconds']} s "
        f"(bound {result['lowerBoundSeconds']:.1f} s), {result['answeredPerAgent']:.2f} answered and "
        f"{result['throttledPerAgent']:.2f} throttled calls per agent, {file_systems} file system(s) created, "
        f"signatures {stats.get('signaturesChecked')} checked / {stats.get('signatureMismatches')} wrong, "
        f"peak RSS {result['peakRssKiB']} KiB")
    return result


def clean(agents, container):
    for agent in agents:
        agent.cleanup(container)


def fleet(args, stack, count):
    """(a) a new volume by name; (c) a second launch on every agent (cache warm); (b) a
    volume after `efs-hook provision`, mounted by fileSystemId with mountTarget: dns."""
    work = args.work / f"fleet-{count}"
    volume = f"fleet-{count}-{uuid.uuid4().hex[:8]}"
    agents = [Agent(args.bin, stack, work / f"agent-{n}", cluster=args.cluster) for n in range(count)]
    set_limits(stack, rate=args.rate, burst=args.burst)
    results = []

    existing = len(stack.file_systems())
    finished, stats = launch_all(stack, agents, "c", volume)
    results.append(summary(args, "new volume by name", count, finished, stats, len(stack.file_systems()) - existing))
    clean(agents, "c")

    finished, stats = launch_all(stack, agents, "c2", volume)
    results.append(summary(args, "second launch (cache warm)", count, finished, stats, 0))
    clean(agents, "c2")

    provisioned = f"fleet-{count}-p-{uuid.uuid4().hex[:8]}"
    ran = subprocess.run([str(args.bin), "provision", "--volume", provisioned], env=agents[0].env, capture_output=True, text=True)
    if ran.returncode != 0:
        raise SystemExit(f"fleet: provision failed: {ran.stderr.strip()}")
    file_system = json.loads(ran.stdout)["volumes"][0]["fileSystemId"]
    dns = [Agent(args.bin, stack, work / f"dns-agent-{n}", cluster=args.cluster,
                 efs_settings=["mountTarget: dns", f"fileSystemId: {file_system}", "provisioning: static"]) for n in range(count)]
    existing = len(stack.file_systems())
    finished, stats = launch_all(stack, dns, "c", provisioned)
    results.append(summary(args, "after provision (fileSystemId, mountTarget: dns)", count, finished, stats,
                           len(stack.file_systems()) - existing))
    clean(dns, "c")

    set_limits(stack, rate=0)
    detach_under(work)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, required=True, help="the efs-hook binary")
    parser.add_argument("--agents", type=lambda s: [int(x) for x in s.split(",")], default=[10, 100])
    parser.add_argument("--rate", type=float, default=10, help="account-wide EFS requests/s")
    parser.add_argument("--burst", type=float, default=10)
    parser.add_argument("--cluster", default=f"fleet-{uuid.uuid4().hex[:6]}")
    parser.add_argument("--work", type=Path, default=Path("/tmp/efs-hook-fleet"))
    parser.add_argument("--commit", default="", help="the commit the binary was built from, kept in the results")
    args = parser.parse_args()
    args.bin = args.bin.resolve()
    if os.geteuid() != 0:
        raise SystemExit("fleet: run as root in a private mount namespace (see --help)")
    about = {"machine": machine(), "commit": args.commit, "bin": str(args.bin)}
    stack = Stack(proxy_arguments=["--verify-secret", CREDENTIALS["AWS_SECRET_ACCESS_KEY"]])
    try:
        results = [result for count in args.agents for result in fleet(args, stack, count)]
    finally:
        stack.stop()
    json.dump({**about, "fleet": results}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
