#!/usr/bin/env python3
"""Isolator warm launch, binaries A/B (by hand; not run by make bench).

Usage, as root: unshare --mount --propagation private python3 Benchmarks/host/isolator_ab.py \
    before=OLD/efs-hook after=NEW/efs-hook [LABEL=BIN ...] RUNS

`efs-hook isolator prepare` and `isolator cleanup` of a new container whose volume a holder
container already uses (the local provider, relative container path in the sandbox), each
binary in a state directory of its own, rotating which goes first. Prints medians of wall
and CPU (user+sys of the child) per call, `--version`'s CPU, and each binary's size.

The page cache is dropped first: a binary just written by cp or the linker sits in the cache
in larger pieces than one read back from disk, and starts measurably quicker for it, so
binaries of different ages would not compare.
"""
import json, os, resource, subprocess, sys, time, statistics, tempfile
bins = dict(a.split("=", 1) for a in sys.argv[1:-1]); runs = int(sys.argv[-1])
subprocess.run(["sync"], check=True)
open("/proc/sys/vm/drop_caches", "w").write("3\n")
def setup(label):
    root = tempfile.mkdtemp(prefix=f"ab-{label}-")
    cfg = f"{root}/config.yaml"
    open(cfg, "w").write(f"provider: local\nstateDir: {root}/state\nmountRoot: {root}/mounts\nlocal:\n  root: {root}/local\n")
    return root, cfg
def inp(root, cid):
    d = f"{root}/sandboxes/{cid}"; os.makedirs(d, exist_ok=True)
    conf = {"container_info": {"type": "MESOS", "volumes": [{"container_path": "data", "mode": "RW",
            "source": {"type": "DOCKER_VOLUME", "docker_volume": {"driver": "efs", "name": "uploads"}}}]},
            "directory": d, "user": "root", "command_info": {"value": "true"}}
    p = f"{root}/in-{cid}.json"; json.dump({"container_id": {"value": cid}, "container_config": conf}, open(p, "w")); return p
def call(binary, cfg, root, method, cid, path):
    env = {"PATH": "/usr/bin:/bin", "EFS_HOOK_CONFIG": cfg}
    before = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.perf_counter()
    r = subprocess.run([binary, "isolator", method, path, f"{root}/out", f"{root}/err"], env=env, stdin=open(path), capture_output=True)
    wall = time.perf_counter() - t; after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0: raise SystemExit(f"{method} failed: {r.stderr[-500:]} {open(root+'/err').read() if os.path.exists(root+'/err') else ''}")
    return wall * 1000, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
ctx = {}
for label, b in bins.items():
    root, cfg = setup(label); ctx[label] = (b, root, cfg)
    call(b, cfg, root, "prepare", "holder", inp(root, "holder"))
    for i in range(3):
        p = inp(root, f"w{i}"); call(b, cfg, root, "prepare", f"w{i}", p); call(b, cfg, root, "cleanup", f"w{i}", p)
res = {l: {"prepare": [], "cleanup": [], "prepare cpu": [], "cleanup cpu": [], "--version cpu": []} for l in bins}
def rotated(i):
    labels = list(bins)
    return labels[i % len(labels):] + labels[:i % len(labels)]
def version_cpu(binary):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "--version"], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
for i in range(runs):
    for label in rotated(i):
        b, root, cfg = ctx[label]; cid = f"c{i}"; p = inp(root, cid)
        w, c = call(b, cfg, root, "prepare", cid, p); res[label]["prepare"].append(w); res[label]["prepare cpu"].append(c)
        w, c = call(b, cfg, root, "cleanup", cid, p); res[label]["cleanup"].append(w); res[label]["cleanup cpu"].append(c)
        res[label]["--version cpu"].append(version_cpu(b))
for label in bins:
    b, root, cfg = ctx[label]; call(b, cfg, root, "cleanup", "holder", inp(root, "holder"))
    print(label, {k: round(statistics.median(v), 2) for k, v in res[label].items()}, "size", os.path.getsize(bins[label]))
