#!/usr/bin/env python3
"""Isolator warm launch, two binaries A/B (by hand; not run by make bench).

Usage, as root: unshare --mount --propagation private python3 Benchmarks/host/isolator_ab.py \
    before=OLD/efs-hook after=NEW/efs-hook RUNS

`efs-hook isolator prepare` and `isolator cleanup` of a new container whose volume a holder
container already uses (the local provider, relative container path in the sandbox), each
binary in a state directory of its own, alternating which goes first. Prints medians of wall
and CPU (user+sys of the child) per call, and each binary's size.
"""
# Isolator warm launch A/B: `efs-hook isolator prepare` + `isolator cleanup` of a new container
# whose volume another container already holds (local provider, private mount namespace).
import json, os, resource, subprocess, sys, time, statistics, tempfile
bins = dict(a.split("=", 1) for a in sys.argv[1:3]); runs = int(sys.argv[3])
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
res = {l: {"prepare": [], "cleanup": [], "prepare cpu": [], "cleanup cpu": []} for l in bins}
for i in range(runs):
    for label in (list(bins) if i % 2 == 0 else list(bins)[::-1]):
        b, root, cfg = ctx[label]; cid = f"c{i}"; p = inp(root, cid)
        w, c = call(b, cfg, root, "prepare", cid, p); res[label]["prepare"].append(w); res[label]["prepare cpu"].append(c)
        w, c = call(b, cfg, root, "cleanup", cid, p); res[label]["cleanup"].append(w); res[label]["cleanup cpu"].append(c)
for label in bins:
    b, root, cfg = ctx[label]; call(b, cfg, root, "cleanup", "holder", inp(root, "holder"))
    print(label, {k: round(statistics.median(v), 2) for k, v in res[label].items()}, "size", os.path.getsize(bins[label]))
