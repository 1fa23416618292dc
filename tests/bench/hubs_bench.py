#!/usr/bin/python3
"""The layout and Louvain rows (issue 23 items 1 and 6): our multilevel layout beside igraph's
Fruchterman-Reingold (and Graphviz's sfdp), and our Louvain beside python-igraph's, on synth graphs
and on the peers' gen_ecosystem.py graphs (three national mega-hubs), in the same run.

  hubs_bench.py --coalition BUILD/coalition --peers DIR [--sizes 2000,20000] [--reps 3]
  hubs_bench.py --coalition BUILD/coalition --peers DIR --sizes 2000,20000,200000

Needs only a release build's binary with libcoalition.a beside it (`cmake --build BUILD --target
coalition-cli` makes both); layout_bench.c and louvain_bench.c are compiled here.  The 200000 size
(1.1M ties; about 10 minutes on two cores) runs sfdp not at all (at 20000 chapters it takes 5-7x igraph
FR's time, 10-13 s on the 2026-12-06 run and 161 s on an earlier one, and it grows faster than the
graph; the table says it was skipped and why) and igraph's FR once (--fr-reps).

For each generator and size (chapters):
  - the graph: `coalition synth --seed 1 --chapters N` (converted for the peers by to_peer_csv.py),
    or `gen_ecosystem.py N DIR 7` from --peers (imported with its id column as the key);
  - layout: layout_bench.c (built against the libcoalition.a beside the binary, with Graphviz's
    libgvc when pkg-config finds it) on the peers' ties.csv: `ml` is src/render_layout_multilevel.c, what
    `render` uses above 2000 orgs; `igraph-fr` is igraph's C Fruchterman-Reingold with the grid
    and the peer's rounds (500, 50 above 50000 orgs), the layout python-igraph's peer times;
    `sfdp` is Graphviz's up to --sfdp-max chapters (a row saying why above).  Wall and CPU seconds
    of the layout alone (medians over --reps runs of ours, over --reps runs of FR up to
    --fr-reps-max chapters and --fr-reps above), and the quality figures layout_bench.c defines
    (stress on sampled
    pairs, neighbourhood preservation, crossings of sampled ties; the same samples for every
    layout of one graph);
  - Louvain: `coalition --seed S communities --method louvain --weighted` (the whole process:
    open the store, build the view, Louvain, print) for seeds 1..3, against hubs_igraph.py
    (python-igraph's community_multilevel alone, on the same collaboration ties) for seeds 1..3:
    median times and median modularity (ours as printed, which test_louvain_peer checks equals
    python-igraph's evaluation of our partition).  That compares a process with a call, so the
    table also gives the call alone: louvain_bench.c (built like layout_bench.c) reads the peers'
    orgs.csv and ties.csv as hubs_igraph.py does, builds the edge list co_centrality_edges() builds
    (collaboration ties, a < b, parallel ties summed), numbers the vertices as the view does (orgs by
    key: the order file view_order() writes from the import's keys), seeds igraph's generator and
    times co_louvain_edges() alone for seeds 1..3, wall and CPU, and prints the partition's
    modularity summed as the command sums it; the last column is its largest difference from the
    command's over the seeds (0 when the call is the command's, as it should be).
The section goes below RESULTS.md's analysis mark, which bench.py keeps, and replaces the one an
earlier run wrote.  Run with Debian's /usr/bin/python3 (python3-igraph).
"""
import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench import LIB_EXTRA, LIB_PACKAGES  # what a program linked to libcoalition.a needs

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import bench  # noqa: E402

BEGIN = "<!-- hubs: written by tests/bench/hubs_bench.py; bench.py keeps it -->"
END = "<!-- /hubs -->"
SEEDS = ("1", "2", "3")


def log(msg):
    print("hubs_bench: " + msg, file=sys.stderr, flush=True)


def must(r, what):
    if r.status != "ok":
        sys.exit("hubs_bench: %s: %s (exit %d): %s" % (what, r.status, r.rc, r.err.strip()[-400:]))
    return r


def build_harness(binary, work, name, gvc=False):
    """tests/bench/NAME.c built against the libcoalition.a beside the binary (its internal headers from
    src/), with Graphviz's libgvc when gvc."""
    lib = os.path.join(os.path.dirname(binary), "libcoalition.a")
    if not os.path.exists(lib):
        sys.exit("hubs_bench: no %s beside the binary" % lib)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs"] + list(LIB_PACKAGES) + (["libgvc"] if gvc else []),
                           stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.split()
    out = os.path.join(work, name)
    subprocess.run(["cc", "-O2", "-std=c11", "-I", os.path.join(REPO, "include")] + (["-DWITH_GVC"] if gvc else [])
                   + ["-o", out, os.path.join(HERE, name + ".c"), lib] + flags
                   + LIB_EXTRA, check=True)
    return out


def build_layout_bench(binary, work):
    gvc = subprocess.run(["pkg-config", "--exists", "libgvc"]).returncode == 0
    return build_harness(binary, work, "layout_bench", gvc), gvc


def view_order(imp, path):
    """Writes to path the peers' id of each org in the view's order (orgs by key, bytewise: SQLite's
    BINARY collation), for louvain_bench --order: the peers' ids are the rows of the import's orgs.csv."""
    with open(os.path.join(imp, "orgs.csv"), encoding="utf-8-sig", newline="") as f:
        keys = [r["key"].encode() for r in csv.DictReader(f)]
    with open(path, "w") as f:
        f.write("".join("%d\n" % i for i in sorted(range(len(keys)), key=keys.__getitem__)))
    return path


def fields(text):
    return {k: v for k, v in re.findall(r"(\w+)=(\S+)", text)}


def graph(a, gen, n, work):
    """(import dir, peer dir) of one generator and size."""
    imp, peer = os.path.join(work, "%s%d" % (gen, n)), os.path.join(work, "%s%d-peer" % (gen, n))
    if gen == "synth":
        must(bench.timed([a.coalition, "--seed", "1", "--quiet", "synth", "--chapters", str(n), "--out", imp]),
             "synth")
        subprocess.run([bench.PY, os.path.join(HERE, "to_peer_csv.py"), imp, peer], check=True,
                       stdout=subprocess.DEVNULL)
    else:
        subprocess.run([bench.PY, os.path.join(a.peers, "gen_ecosystem.py"), str(n), peer, "7"], check=True,
                       stdout=subprocess.DEVNULL)
        os.makedirs(imp, exist_ok=True)
        with open(os.path.join(peer, "orgs.csv")) as f, open(os.path.join(imp, "orgs.csv"), "w") as g:
            g.write(re.sub(r"^id,", "key,", f.readline()))
            shutil.copyfileobj(f, g)
        shutil.copy(os.path.join(peer, "ties.csv"), os.path.join(imp, "ties.csv"))
    return imp, peer


def one_size(a, gen, n, lb, gvc, louvain, work):
    imp, peer = graph(a, gen, n, work)
    db = os.path.join(work, "%s%d.db" % (gen, n))
    subprocess.run([a.coalition, "--db", db, "init"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    must(bench.timed([a.coalition, "--db", db, "--quiet", "import", imp]), "import %s %d" % (gen, n))
    with open(os.path.join(peer, "orgs.csv")) as f:
        orgs = sum(1 for _ in f) - 1
    with open(os.path.join(peer, "ties.csv")) as f:
        ties = sum(1 for _ in f) - 1
    R = {"gen": gen, "chapters": n, "orgs": orgs, "ties": ties, "layout": {}}
    methods = ["ml", "igraph-fr"] + (["sfdp"] if gvc and n <= a.sfdp_max else [])
    reps = {"ml": a.reps, "igraph-fr": a.reps if n <= a.fr_reps_max else a.fr_reps, "sfdp": 1}
    if not gvc:
        R["skipped"] = "not measured: layout_bench was built without Graphviz (no libgvc for pkg-config)"
    elif n > a.sfdp_max:
        R["skipped"] = ("not measured above %d chapters (--sfdp-max): its time grows faster than the "
                        "graph's (see its rows at the smaller sizes against igraph's FR)" % a.sfdp_max)
    for m in methods:
        runs = []
        for _ in range(reps[m]):
            log("%s %d: layout %s" % (gen, n, m))
            r = must(bench.timed([lb, os.path.join(peer, "ties.csv"), str(orgs), m, "1"]), "layout " + m)
            runs.append(fields(r.out))
        R["layout"][m] = {"secs": statistics.median(float(x["seconds"]) for x in runs),
                          "cpu": statistics.median(float(x["cpu"]) for x in runs),
                          "stress": float(runs[0]["stress"]), "nb": float(runs[0]["neighbourhood"]),
                          "cross": float(runs[0]["crossings"]), "runs": len(runs)}
    ours = []
    for s in SEEDS:
        log("%s %d: communities seed %s" % (gen, n, s))
        r = must(bench.timed([a.coalition, "--db", db, "--seed", s, "--quiet", "communities", "--method",
                              "louvain", "--weighted", "--format", "json", "--no-save"]), "communities")
        ours.append((r.secs, r.cpu, json.loads(r.out)["modularity"]))
    log("%s %d: louvain_bench (the call alone)" % (gen, n))
    order = view_order(imp, os.path.join(work, "%s%d.order" % (gen, n)))
    r = must(bench.timed([louvain, "--order", order, peer] + list(SEEDS)), "louvain_bench")
    call_runs = [fields(l) for l in r.out.splitlines() if l.startswith("seed=")]
    log("%s %d: hubs_igraph.py" % (gen, n))
    r = must(bench.timed([bench.PY, os.path.join(HERE, "hubs_igraph.py"), peer] + list(SEEDS)), "hubs_igraph.py")
    peer_runs = [fields(l) for l in r.out.splitlines() if l.startswith("seed=")]
    R["louvain"] = {
        "secs": statistics.median(x[0] for x in ours), "cpu": statistics.median(x[1] for x in ours),
        "q": statistics.median(x[2] for x in ours), "qs": [x[2] for x in ours],
        "call_secs": statistics.median(float(x["seconds"]) for x in call_runs),
        "call_cpu": statistics.median(float(x["cpu"]) for x in call_runs),
        "call_dq": max(abs(float(x["modularity"]) - o[2]) for x, o in zip(call_runs, ours)),
        "peer_secs": statistics.median(float(x["seconds"]) for x in peer_runs),
        "peer_cpu": statistics.median(float(x["cpu"]) for x in peer_runs),
        "peer_q": statistics.median(float(x["modularity"]) for x in peer_runs),
        "peer_qs": [float(x["modularity"]) for x in peer_runs]}
    return R


def section(a, meta, results, load, elapsed):
    f3 = lambda x: "%.3f" % x  # noqa: E731
    L = [BEGIN, "## Layout and Louvain on hub graphs (issue 23; %s)" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
         "",
         "Written by `tests/bench/hubs_bench.py` (`--sizes %s --reps %d --fr-reps-max %d --fr-reps %d "
         "--sfdp-max %d`); regenerate rather than edit." % (a.sizes, a.reps, a.fr_reps_max, a.fr_reps, a.sfdp_max), "",
         "- machine: %s, %s cores, load average at start %.2f; coalition %s (commit %s); python-igraph %s; igraph C %s"
         % (meta["cpu"], meta["cores"], load, meta["version"], meta["commit"], meta["igraph"], meta["igraph_c"]),
         "- graphs: `synth` is `coalition synth --seed 1`; `ecosystem` is the peers' `gen_ecosystem.py N DIR 7` "
         "(three national mega-hubs, weights 1-10)",
         "- layout: seconds of the layout alone (wall, then CPU: ours runs two threads on large levels, igraph's FR "
         "and sfdp one), medians of the runs shown; quality figures from tests/bench/layout_bench.c: stress "
         "(lower is better), neighbourhood preservation (higher), crossings of sampled ties (lower); `ml` is what "
         "`render` draws above 2000 orgs",
         "- Louvain: ours is the whole `communities` process (store, view, Louvain, JSON), python-igraph's "
         "`community_multilevel` alone on the same collaboration ties; medians of seeds 1-3; ratios ours / peer's. "
         "Like for like with python-igraph's call, `the call alone` is tests/bench/louvain_bench.c: "
         "co_louvain_edges() alone (wall and CPU clocks around the call) on the edge list of the same ties, "
         "vertices numbered as the view numbers them (orgs by key), so that it is the call the command makes; "
         "the last column checks that its modularity is the command's",
         "", "| graph | orgs | ties | layout | runs | wall s | CPU s | wall / igraph FR | CPU / igraph FR | stress | neighbourhood | crossings |",
         "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for R in results:
        fr = R["layout"]["igraph-fr"]
        for m in ("ml", "igraph-fr", "sfdp"):
            if m == "sfdp" and "skipped" in R:
                L.append("| %s %d | %d | %d | Graphviz sfdp | 0 | %s | | | | | | |" % (
                    R["gen"], R["chapters"], R["orgs"], R["ties"], R["skipped"]))
                continue
            if m not in R["layout"]:
                continue
            x = R["layout"][m]
            L.append("| %s %d | %d | %d | %s | %d | %s | %s | %.2f | %.2f | %.4f | %.4f | %.4f |" % (
                R["gen"], R["chapters"], R["orgs"], R["ties"], {"ml": "multilevel (ours)", "igraph-fr": "igraph FR",
                                                                "sfdp": "Graphviz sfdp"}[m],
                x["runs"], f3(x["secs"]), f3(x["cpu"]), x["secs"] / fr["secs"], x["cpu"] / fr["cpu"],
                x["stress"], x["nb"], x["cross"]))
    div = lambda x, y: "%.2f" % (x / y) if y else "-"  # noqa: E731
    f4 = lambda x: "%.4f" % x  # noqa: E731
    L += ["", "| graph | ours s | ours CPU s | ours, the call alone s | the call alone CPU s | python-igraph s | "
          "python-igraph CPU s | ratio (wall) | ratio (CPU) | ratio, the call alone (wall) | "
          "ratio, the call alone (CPU) | modularity ours (median; seeds 1-3) | python-igraph (median; seeds 1-3) | "
          "the call's modularity - the command's (largest over seeds) |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|"]
    for R in results:
        v = R["louvain"]
        L.append("| %s %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.4f (%s) | %.4f (%s) | %.1e |" % (
            R["gen"], R["chapters"], f3(v["secs"]), f3(v["cpu"]), f4(v["call_secs"]), f4(v["call_cpu"]),
            f3(v["peer_secs"]), f3(v["peer_cpu"]), div(v["secs"], v["peer_secs"]), div(v["cpu"], v["peer_cpu"]),
            div(v["call_secs"], v["peer_secs"]), div(v["call_cpu"], v["peer_cpu"]),
            v["q"], ", ".join("%.4f" % q for q in v["qs"]), v["peer_q"], ", ".join("%.4f" % q for q in v["peer_qs"]),
            v["call_dq"]))
    L += ["", "Whole run: %.0f s." % elapsed, END, ""]
    return "\n".join(L)



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--coalition", required=True, help="the coalition binary (a release build)")
    ap.add_argument("--peers", required=True, help="directory holding gen_ecosystem.py")
    ap.add_argument("--sizes", default="2000,20000", help="chapter counts, comma-separated (default %(default)s; "
                    "200000 is the 1.1M-tie size)")
    ap.add_argument("--reps", type=int, default=3,
                    help="runs of our layout at every size, and of igraph's FR up to --fr-reps-max (default 3)")
    ap.add_argument("--fr-reps-max", type=int, default=100000,
                    help="largest size (chapters) at which igraph's FR runs --reps times (default %(default)s)")
    ap.add_argument("--fr-reps", type=int, default=1,
                    help="runs of igraph's FR above --fr-reps-max (default %(default)s)")
    ap.add_argument("--sfdp-max", type=int, default=20000,
                    help="largest size (chapters) sfdp runs at; above it the table says it was skipped "
                         "(default %(default)s)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="scratch directory")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    a = ap.parse_args()
    a.coalition = os.path.abspath(a.coalition)
    if not os.path.exists(os.path.join(a.peers, "gen_ecosystem.py")):
        sys.exit("hubs_bench: no gen_ecosystem.py in %s (--peers)" % a.peers)
    os.makedirs(a.work, exist_ok=True)
    work = tempfile.mkdtemp(prefix="hubs-", dir=a.work)
    t0, load = time.time(), os.getloadavg()[0]
    meta = bench.versions(a.coalition)
    try:
        lb, gvc = build_layout_bench(a.coalition, work)
        louvain = build_harness(a.coalition, work, "louvain_bench")
        results = [one_size(a, gen, int(n), lb, gvc, louvain, work)
                   for n in a.sizes.split(",") for gen in ("synth", "ecosystem")]
        text = section(a, meta, results, load, time.time() - t0)
        bench.write_section(a.results, text, BEGIN, END)
        sys.stdout.write(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
