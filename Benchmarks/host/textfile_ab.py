#!/usr/bin/env python3
"""Warm prepare + cleanup with the launch-path textfile metrics on versus off, same session.

Two agents of one binary against one moto stack (efs_hook_bench's Stack and Agent): "off"
has no metrics.textfileDirectory (the default), "on" folds every operation into
efs-hook.prom in a directory of its own. Runs alternate off, on, on, off, ... so drift hits
both alike. Each figure is one whole process, posix_spawn to waitpid (efs_hook_bench.timed_run).
Run as root in a private mount namespace:

  unshare --mount --propagation private python3 Benchmarks/host/textfile_ab.py --bin BIN --out FILE.json
"""
import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import efs_hook_bench as bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, type=os.path.abspath)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--commit", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="efs-hook-textfile-ab.") as work:
        work = Path(work)
        stack = bench.Stack()
        try:
            agents = {"off": bench.Agent(args.bin, stack, work / "off", cluster="ab-off"),
                      "on": bench.Agent(args.bin, stack, work / "on", cluster="ab-on")}
            textfile = work / "textfile"
            textfile.mkdir()
            with open(work / "on" / "config.yaml", "a") as config:
                config.write(f"metrics:\n  textfileDirectory: {textfile}\n")
            for agent in agents.values():
                agent.prepare("holder", "uploads")
                for i in range(3):
                    agent.prepare(f"warmup-{i}", "uploads")
                    agent.cleanup(f"warmup-{i}")
            stack.reset()
            series = {name: {"prepare": [], "cleanup": [], "prepare + cleanup": []} for name in agents}
            for i in range(args.runs):
                order = ["off", "on"] if i % 2 == 0 else ["on", "off"]
                for name in order:
                    prepare = agents[name].prepare(f"ab-{i}", "uploads")
                    cleanup = agents[name].cleanup(f"ab-{i}")
                    series[name]["prepare"].append(prepare)
                    series[name]["cleanup"].append(cleanup)
                    series[name]["prepare + cleanup"].append(prepare + cleanup)
            results = {"machine": bench.machine(), "commit": args.commit, "runs": args.runs, "calls": stack.calls(),
                       "textfileBytes": (textfile / "efs-hook.prom").stat().st_size,
                       "series": {name: {key: bench.summary(values) for key, values in s.items()} for name, s in series.items()},
                       "raw": series}
            for agent in agents.values():
                agent.cleanup("holder")
        finally:
            stack.stop()
            bench.detach_under(work)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    for name in ("off", "on"):
        figures = results["series"][name]["prepare + cleanup"]
        print(f"{name}: prepare + cleanup median {figures['median']:.2f} ms, p95 {figures['p95']:.2f} ms")


if __name__ == "__main__":
    main()
