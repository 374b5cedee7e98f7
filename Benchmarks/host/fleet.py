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

Three cases per N (--cases, comma-separated, run in this order; default all):
  new   a new volume by name (--repeat K: K times, each on a fresh volume name with fresh
        agents, so every cache is cold; each result has "run": 0 .. K-1)
  warm  a second launch on every agent of the last `new` run (its resolution cache warm), on
        the same volume: needs `new`
  dns   a volume after `efs-hook provision`, mounted by the fileSystemId with
        `mountTarget: dns`
The proxy checks every request's SigV4 signature against botocore's (--verify-secret).

Reported per case (JSON on stdout, one line per case on stderr): agents mounted of N, wall time to
the last mount, its lower bound (answered calls / R), answered and throttled calls per agent
(from each agent's own `AWS call` log records), file systems created, the peak RSS of one
launch process (GNU time's %M: wait4's ru_maxrss of a child of this script would include this
script's own memory, which a forked child carries into its exec), answeredByOutcome (the proxy's answered, not throttled,
calls counted by "Operation:status", e.g. "CreateFileSystem:409") and agentSequences (the 8
most common sequences of one agent's answered calls, "Operation:status ...", from its `AWS
call` records, with how many agents made each; "" is an agent that made none).
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from efs_hook_bench import CREDENTIALS, Agent, Stack, detach_under, log, machine  # noqa: E402


# Runs each launch and writes its peak RSS (KiB): the launch is its child, forked from a
# small process, so the figure is efs-hook's own (or its mount helper's, the small bash
# stand-in, had that been larger: wait4 reports the largest of a process and its children).
GNU_TIME = "/usr/bin/time"

def set_limits(stack, **limits):
    request = urllib.request.Request(
        f"{stack.endpoint}/__proxy/limits", method="POST", data=json.dumps(limits).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


CASES = ("new", "warm", "dns")


def parse_cases(text):
    """--cases: a comma list from CASES, in CASES' order; warm needs new."""
    wanted = {name.strip() for name in text.split(",") if name.strip()}
    unknown = wanted - set(CASES)
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(f"expected a comma list from {','.join(CASES)}, got {text!r}")
    if "warm" in wanted and "new" not in wanted:
        raise argparse.ArgumentTypeError("warm relaunches the volume of case new on the same agents: add new")
    return [name for name in CASES if name in wanted]


def aws_calls(stderr):
    """One run's `AWS call` debug records, in order."""
    records = []
    for line in stderr.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("msg") == "AWS call":
            records.append(record)
    return records


def throttled(record):
    return record.get("code") == "ThrottlingException"


def calls_in(stderr):
    """(answered, throttled) EFS attempts from one run's `AWS call` debug records."""
    records = aws_calls(stderr)
    throttled_count = sum(1 for r in records if throttled(r))
    return len(records) - throttled_count, throttled_count


def sequence_of(stderr):
    """One agent's answered calls as "Operation:status ...", operation without "EFS."."""
    return " ".join(
        f"{str(r.get('operation', '?')).removeprefix('EFS.')}:{r.get('status', '-')}"
        for r in aws_calls(stderr) if not throttled(r))


def answered_by_outcome(stats):
    """The proxy's answered calls (neither bucket- nor rule-throttled) by "Operation:status"."""
    counts = collections.Counter(
        f"{r['operation']}:{r['status']}" for r in stats["requests"] if r.get("mode") not in ("rate", "throttle"))
    return dict(counts.most_common())


def launch_all(stack, agents, container, volume):
    """Starts `prepare` of `volume` on every agent at the same moment; waits for all."""
    stack.reset()
    start = time.perf_counter()
    running = {}
    for index, agent in enumerate(agents):
        errors = open(agent.root / f"stderr-{container}", "w+")
        rss = agent.root / f"rss-{container}"
        argv = [GNU_TIME, "--format", "%M", "--output", str(rss)] + agent.prepare_argv(container, volume)
        process = subprocess.Popen(argv, env={**agent.env, "EFS_HOOK_LOG_LEVEL": "debug"},
                                   stdout=subprocess.DEVNULL, stderr=errors)
        # Kept referenced: subprocess reaps unreferenced children itself, and wait4 below would
        # then wait for a pid that is gone.
        running[process.pid] = (index, errors, process, rss)
    finished = {}
    while running:
        pid, status, _ = os.wait4(-1, 0)
        if pid not in running:
            continue
        index, errors, _, rss = running.pop(pid)
        errors.seek(0)
        finished[index] = {"ok": os.waitstatus_to_exitcode(status) == 0, "exit": os.waitstatus_to_exitcode(status),
                           "seconds": time.perf_counter() - start, "maxRssKiB": int(rss.read_text().split()[-1]),
                           "stderr": errors.read()}
        errors.close()
    return finished, stack._proxy("GET", "stats")


def summary(args, case, count, finished, stats, file_systems, run=None):
    mounted = [f for f in finished.values() if f["ok"]]
    per_agent = [calls_in(f["stderr"]) for f in finished.values()]
    answered_total = stats["total"] - stats["throttled"]
    outcomes = answered_by_outcome(stats)
    sequences = collections.Counter(sequence_of(f["stderr"]) for f in finished.values())
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
        "answeredByOutcome": outcomes,
        "agentSequences": [{"sequence": sequence, "agents": agents} for sequence, agents in sequences.most_common(8)],
    }
    if run is not None:
        result["run"] = run
    label = case if run is None else f"{case} run {run}"
    outcome_text = " ".join(f"{key}x{value}" for key, value in outcomes.items()) or "none"
    log(f"fleet {count} {label}: {result['mounted']}/{count} mounted, last at {result['wallToLastMountSeconds']} s "
        f"(bound {result['lowerBoundSeconds']:.1f} s), {result['answeredPerAgent']:.2f} answered and "
        f"{result['throttledPerAgent']:.2f} throttled calls per agent, {file_systems} file system(s) created, "
        f"signatures {stats.get('signaturesChecked')} checked / {stats.get('signatureMismatches')} wrong, "
        f"peak RSS {result['peakRssKiB']} KiB; answered {outcome_text}")
    return result


def clean(agents, container):
    for agent in agents:
        agent.cleanup(container)


def fresh(directory):
    """An empty `directory`: agents made in it start with cold caches and no state."""
    detach_under(directory)
    shutil.rmtree(directory, ignore_errors=True)
    return directory


def fleet(args, stack, count):
    """args.cases of: (a) new: a new volume by name, args.repeat times, each with fresh
    agents; (c) warm: a second launch on every agent of the last new run (cache warm); (b)
    dns: a volume after `efs-hook provision`, mounted by fileSystemId with mountTarget: dns."""
    work = args.work / f"fleet-{count}"
    set_limits(stack, rate=args.rate, burst=args.burst)
    results = []

    if "new" in args.cases:
        for run in range(args.repeat):
            run_work = fresh(work / f"run-{run}")
            volume = f"fleet-{count}-{uuid.uuid4().hex[:8]}"
            agents = [Agent(args.bin, stack, run_work / f"agent-{n}", cluster=args.cluster) for n in range(count)]
            existing = len(stack.file_systems())
            finished, stats = launch_all(stack, agents, "c", volume)
            results.append(summary(args, "new volume by name", count, finished, stats,
                                   len(stack.file_systems()) - existing, run=run))
            clean(agents, "c")

        if "warm" in args.cases:
            # The agents and volume of the last new run: their resolution caches are warm.
            finished, stats = launch_all(stack, agents, "c2", volume)
            results.append(summary(args, "second launch (cache warm)", count, finished, stats, 0))
            clean(agents, "c2")

    if "dns" in args.cases:
        dns_work = fresh(work / "dns")
        provisioned = f"fleet-{count}-p-{uuid.uuid4().hex[:8]}"
        provisioner = Agent(args.bin, stack, dns_work / "provisioner", cluster=args.cluster)
        ran = subprocess.run([str(args.bin), "provision", "--volume", provisioned], env=provisioner.env, capture_output=True, text=True)
        if ran.returncode != 0:
            raise SystemExit(f"fleet: provision failed: {ran.stderr.strip()}")
        file_system = json.loads(ran.stdout)["volumes"][0]["fileSystemId"]
        dns = [Agent(args.bin, stack, dns_work / f"dns-agent-{n}", cluster=args.cluster,
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
    parser.add_argument("--cases", type=parse_cases, default=list(CASES),
                        help=f"comma list from {','.join(CASES)} (default all; warm needs new)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of case new per agent count, each on fresh agents")
    parser.add_argument("--cluster", default=f"fleet-{uuid.uuid4().hex[:6]}")
    parser.add_argument("--work", type=Path, default=Path("/tmp/efs-hook-fleet"))
    parser.add_argument("--commit", default="", help="the commit the binary was built from, kept in the results")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.bin = args.bin.resolve()
    if os.geteuid() != 0:
        raise SystemExit("fleet: run as root in a private mount namespace (see --help)")
    if not os.access(GNU_TIME, os.X_OK):
        raise SystemExit(f"fleet: needs GNU time at {GNU_TIME} (Debian package time) for each launch's peak RSS")
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
