#!/usr/bin/env python3
"""Writes BENCHMARKS.md (to stdout) from efs_hook_bench.py's JSON and bench-micro's markdown.

Usage: render_benchmarks.py RESULTS.json [MICRO.md]
"""
import json
import sys
from pathlib import Path

TARGET_WARM_RATIO = 5
TARGET_COLD_SPEEDUP = 10
TARGET_SCALE_RATIO = 2


def ms(value):
    return f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"


def verdict(ok):
    return "**met**" if ok else "**missed**"


def calls_text(calls):
    ops = ", ".join(f"{name} {count}" for name, count in sorted(calls["byOperation"].items()))
    return f"{calls['total']}" + (f" ({ops})" if ops else "")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def raw(name, series):
    return f"<details><summary>raw: {name} ({series['runs']} runs, ms, in run order)</summary>\n\n" + \
        " ".join(f"{s:.2f}" for s in series["samples"]) + "\n\n</details>"


def machine_section(machine):
    return "\n".join([
        "## Machine and method",
        f"- **Date:** {machine['date']}",
        f"- **Machine:** {machine['cores']} cores, {machine['cpu']}, {machine['memoryGiB']} GiB, Linux {machine['kernel']}",
        f"- **Toolchain:** {machine['swift']}; release build `swift build -c release -Xswiftc -static-executable` (what `make release` ships)",
        f"- **Load average when the run started:** {machine['loadBefore']:.2f} (measure with no builds running)",
        "- **Timing:** each figure is one whole process, from `posix_spawn` to `waitpid`, stdout to /dev/null, taken by "
        "`Benchmarks/host/efs_hook_bench.py` in the same way for efs-hook and for the **floor**: a Swift executable that does "
        "nothing (`Benchmarks/Floor`), built the same way. Series are interleaved (floor, floor, prepare, cleanup, …) so drift hits all alike.",
        "- **AWS:** moto (PyPI) behind `scripts/aws_fault_proxy.py`, which counts every EFS API call. efs-hook and the awscli "
        "script both talk to the proxy only. The NFS mount is `Tests/Fixtures/bin/recording-mount`, the TEST-ONLY stand-in for "
        "`/bin/mount` (this kernel has no NFS client): it records argv and bind-mounts a local directory.",
        "- **Mounts:** real bind mounts in a private mount namespace (`unshare --mount --propagation private`).",
        "- **Raw figures:** every sample is in `Benchmarks/results/latest.json`; the key series are repeated below.",
    ])


def warm_section(warm):
    pair, floor = warm["prepare + cleanup"], warm["floor x2"]
    ratio_median = pair["median"] / floor["median"]
    ratio_p95 = pair["p95"] / floor["p95"]
    rows = [[name, ms(warm[name]["median"]), ms(warm[name]["p95"]), ms(warm[name]["min"]), ms(warm[name]["max"])]
            for name in ("floor x2", "prepare", "cleanup", "prepare + cleanup")]
    return "\n".join([
        "## 1. Warm prepare + cleanup",
        "The volume is already mounted on the host by another container (`holder`); each run prepares a new container "
        "(bind into its rootfs) and cleans it up: two processes, so the floor is two runs of the do-nothing executable.",
        "",
        table(["series", "median", "p95", "min", "max"], rows),
        "",
        f"- **Ratio to the floor:** {ratio_median:.2f}× at the median, {ratio_p95:.2f}× at p95 "
        f"(target ≤ {TARGET_WARM_RATIO}×: {verdict(ratio_median <= TARGET_WARM_RATIO and ratio_p95 <= TARGET_WARM_RATIO)}).",
        f"- **EFS API calls during the {pair['runs']} warm runs:** {calls_text(warm['calls'])} "
        f"(target 0: {verdict(warm['calls']['total'] == 0)}).",
        "",
        raw("prepare + cleanup", pair),
        "",
        raw("floor x2", floor),
    ])


def cold_section(cold):
    hook, cli = cold["efs-hook"], cold["awscli script"]
    speedup = cli["median"] / hook["median"]
    rows = []
    for name, series in (("efs-hook prepare", hook), ("awscli script", cli)):
        totals = sorted({c["total"] for c in series["calls"]})
        rows.append([name, ms(series["median"]), ms(series["min"]), ms(series["max"]),
                     "/".join(str(t) for t in totals), calls_text(series["calls"][0])])
    return "\n".join([
        "## 2. Cold provisioning versus an awscli script",
        "A new volume on a new agent: find or create the file system (encrypted, tagged), wait until available, find or "
        "create a mount target in the agent's subnet, wait, mount. The awscli script "
        "(`Benchmarks/host/awscli-provision.sh`) takes the same steps against the same proxy and mounts through the same "
        "stand-in, polling only while a resource is not yet available.",
        "",
        table(["", "median", "min", "max", "API calls per run", "calls of the first run"], rows),
        "",
        f"- **Speed-up:** efs-hook is {speedup:.1f}× faster at the median "
        f"(target ≥ {TARGET_COLD_SPEEDUP}×: {verdict(speedup >= TARGET_COLD_SPEEDUP)}).",
        "- **Calls:** the minimum the steps need is 4 (look up, create file system, look up mount targets, create one); "
        "moto reports resources available at once, so neither side polls here.",
        "",
        raw("efs-hook cold prepare", hook),
        "",
        raw("awscli script", cli),
    ])


def calls_section(warm, agents):
    rows = [["cold (1 agent, new volume)", calls_text(warm["coldCalls"]), "", ""],
            ["warm (volume already on the host)", calls_text(warm["calls"]), "", ""]]
    for key in sorted(agents, key=int):
        entry = agents[key]
        rows.append([f"{entry['agents']} agents start one new volume at once", calls_text(entry["calls"]),
                     f"{entry['callsPerAgent']:.1f}", f"{entry['fileSystems']} file system(s), all done in {ms(entry['wallMs'])}"])
    return "\n".join([
        "## 3. EFS API calls per launch",
        "Counted by the proxy. The N agents are N efs-hook processes, each with its own state directory and mount root "
        "(N hosts in the same zone), started together on a volume that does not exist yet.",
        "",
        table(["case", "calls", "per agent", "outcome"], rows),
    ])


def scale_section(scale, before):
    def rows_for(dimension, label):
        base = scale[dimension]["0"]["prepare + cleanup"]["median"]
        rows = []
        for key in sorted(scale[dimension], key=int):
            entry = scale[dimension][key]
            pair = entry["prepare + cleanup"]
            row = [f"{key} {label}", entry.get("mountinfoLines", ""), ms(entry["prepare"]["median"]),
                   ms(entry["cleanup"]["median"]), ms(pair["median"]), ms(pair["p95"]), f"{pair['median'] / base:.2f}×"]
            if before and key in before.get(dimension, {}):
                old = before[dimension][key]["prepare + cleanup"]["median"]
                row.append(f"{ms(old)} ({old / before[dimension]['0']['prepare + cleanup']['median']:.2f}×)")
            elif before:
                row.append("")
            rows.append(row)
        return rows

    header = ["case", "mountinfo lines", "prepare", "cleanup", "pair median", "pair p95", "vs zero"]
    if before:
        header.append("pair median before the user index")
    worst_users = max(e["prepare + cleanup"]["median"] for e in scale["users"].values()) / scale["users"]["0"]["prepare + cleanup"]["median"]
    worst_mounts = max(e["prepare + cleanup"]["median"] for e in scale["mounts"].values()) / scale["mounts"]["0"]["prepare + cleanup"]["median"]
    return "\n".join([
        "## 4. Scale on one host",
        "Warm prepare + cleanup (medians) with other containers already using the volume (they were prepared with "
        "`--launch-info`, as the isolator does, so they add records but no mounts), and with unrelated bind mounts in the "
        "namespace (the mount table efs-hook reads grows).",
        "",
        table(header, rows_for("users", "other users") + rows_for("mounts", "unrelated mounts")),
        "",
        f"- **Worst case versus zero:** {worst_users:.2f}× with users, {worst_mounts:.2f}× with mounts "
        f"(target ≤ {TARGET_SCALE_RATIO}×: {verdict(max(worst_users, worst_mounts) <= TARGET_SCALE_RATIO)}).",
    ])


def startup_section(startup):
    rows = []
    floor = startup["floor"]["median"]
    for name, series in startup.items():
        if name == "binaries":
            continue
        label = name.replace(" --version", "")
        size = startup["binaries"].get(label)
        rows.append([f"`{name}`", ms(series["median"]), ms(series["p95"]), f"{series['median'] / floor:.2f}×",
                     f"{size / 2**20:.1f} MiB" if size else ""])
    return "\n".join([
        "## 6. Start-up and linking",
        "The same sources linked three ways; `--version` exercises the argument parser and nothing else. Start-up work is "
        "lazy: configuration is read only by commands that need it, and the AWS client (HTTP event loop, credential chain) "
        "is created only when a command reaches EFS, so a warm prepare never builds one.",
        "",
        table(["binary", "median", "p95", "vs floor", "size"], rows),
    ])


def main():
    results = json.loads(Path(sys.argv[1]).read_text())
    micro = Path(sys.argv[2]).read_text() if len(sys.argv) > 2 and Path(sys.argv[2]).exists() else ""
    current, before = results["current"], results.get("before", {}).get("scale")
    parts = [
        "# Benchmarks",
        "Written by `make bench` (`scripts/bench`); do not edit by hand. efs-hook runs on the critical path of every "
        "container launch, and the EFS API is rate-limited per account, so both latency and API calls are measured.",
        machine_section(results["machine"]),
    ]
    if "warm" in current:
        parts.append(warm_section(current["warm"]))
    if "cold" in current:
        parts.append(cold_section(current["cold"]))
    if "warm" in current and "agents" in current:
        parts.append(calls_section(current["warm"], current["agents"]))
    if "scale" in current:
        parts.append(scale_section(current["scale"], before))
    if micro:
        parts.append("## 5. Micro-benchmarks\n" + micro.strip())
    if "startup" in current:
        parts.append(startup_section(current["startup"]))
    print("\n\n".join(parts))


if __name__ == "__main__":
    main()
