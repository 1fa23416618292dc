#!/usr/bin/python3
"""The panel's benchmark row (issue 19): `coalition panel` at N chapters x Y years against python-igraph
computing the same columns on the same as-of views in a loop (panel_igraph.py), in the same run.

  panel_bench.py --coalition BUILD/coalition [--chapters 200000] [--from 2017] [--to 2026]

Steps, each a separate process timed by /usr/bin/time (wall, CPU, peak resident memory), once:
`coalition synth --chapters N`, `coalition import`, `coalition panel --every year --from FROM --to TO
--measures degree,pagerank,constraint` (every org's key, name, kind, state, parent, alive and
partners by kind come with it), and panel_igraph.py on the synth files.  Then the peer's columns are
checked equal to ours on every 100th org (all periods), so that both did the same work.  The section
it writes goes below RESULTS.md's analysis mark, which bench.py keeps when it rewrites the file, and
replaces the one an earlier run wrote.  Run with Debian's /usr/bin/python3 (python3-igraph).
"""
import argparse
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (timed, fmt_secs, fmt_mb, ratio, versions, ANALYSIS_MARK)

BEGIN = "<!-- panel: written by tests/bench/panel_bench.py; bench.py keeps it -->"
END = "<!-- /panel -->"
MEASURES = "degree,pagerank,constraint"


def log(msg):
    print("panel_bench: " + msg, file=sys.stderr, flush=True)


def step(name, argv, stdout_path=os.devnull, timeout=None):
    log(name)
    r = bench.timed(argv, timeout=timeout, stdout_path=stdout_path)
    if r.status != "ok":
        sys.exit("panel_bench: %s: %s (exit %d): %s" % (name, r.status, r.rc, r.err.strip()[-400:]))
    return r


def sampled_rows(path, every=100):
    """Rows of every `every`-th org in key order, {(key, period): row}, read as a stream."""
    keys = set()
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            keys.add(r["key"])
    chosen = set(sorted(keys)[::every])
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["key"] in chosen:
                out[(r["key"], r["period"])] = r
    return out


def check_equal(ours_path, peer_path):
    """The peer's columns equal ours (1e-9 relative) on the sampled orgs; returns the rows compared."""
    ours, peer = sampled_rows(ours_path), sampled_rows(peer_path)
    if set(ours) != set(peer):
        sys.exit("panel_bench: the peer's rows are not ours (%d against %d sampled)" % (len(peer), len(ours)))
    for k, p in peer.items():
        for c, text in p.items():
            if c in ("key", "period", "kind"):
                if text != ours[k][c]:
                    sys.exit("panel_bench: %s %s: ours %r, peer %r" % (k, c, ours[k][c], text))
                continue
            x, y = float(ours[k][c]) if ours[k][c] else math.nan, float(text)
            if not (abs(x - y) <= 1e-9 * max(1.0, abs(y)) or (math.isnan(x) and math.isnan(y))):
                sys.exit("panel_bench: %s %s: ours %r, peer %r" % (k, c, ours[k][c], text))
    return len(peer)


def count_rows(path):
    with open(path, newline="") as f:
        return sum(1 for _ in f) - 1


def section(a, meta, counts, S, compared, peer_line):
    o, p = S["panel"], S["peer"]
    years = a.to - a.from_ + 1
    L = [BEGIN,
         "## Panel: %d chapters x %d years (%s)" % (a.chapters, years, meta["when"]),
         "",
         "Written by `tests/bench/panel_bench.py` (`--chapters %d --from %d --to %d`); regenerate rather "
         "than edit." % (a.chapters, a.from_, a.to),
         "",
         "- machine: %s, %s cores, load average at start %s" % (meta["cpu"], meta["cores"], meta["load"]),
         "- coalition %s (commit %s, %s build); python-igraph %s; igraph C %s" % (
             meta["version"], meta["commit"], a.build_type, meta["igraph"], meta["igraph_c"]),
         "- store: %d orgs, %d ties; panel: %d rows (orgs x years), %d columns; measures %s" % (
             counts["orgs"], counts["ties"], counts["rows"], counts["columns"], MEASURES),
         "- one run each; wall and CPU seconds (user + system) and peak resident MB of the whole process "
         "from `/usr/bin/time`; ratios are ours / peer's (below 1 we are faster)",
         "",
         "| step | ours s | ours CPU s | ours MB | python-igraph s | python-igraph CPU s | python-igraph MB "
         "| ratio (wall) | ratio (CPU) | ratio (MB) |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
         "| `panel --every year --measures %s` / panel_igraph.py (the same columns, CSV) | %s | %s | %s | "
         "%s | %s | %s | %s | %s | %s |" % (
             MEASURES, bench.fmt_secs(o.secs), bench.fmt_secs(o.cpu), bench.fmt_mb(o.kb),
             bench.fmt_secs(p.secs), bench.fmt_secs(p.cpu), bench.fmt_mb(p.kb),
             bench.ratio(o.secs, p.secs), bench.ratio(o.cpu, p.cpu), bench.ratio(o.kb, p.kb)),
         "| for scale: `import` of the synth directory | %s | %s | %s | | | | | | |" % (
             bench.fmt_secs(S["import"].secs), bench.fmt_secs(S["import"].cpu), bench.fmt_mb(S["import"].kb)),
         "",
         "- panel_igraph.py printed: `%s`" % peer_line,
         "- the peer's columns (partners by kind, degree, PageRank, constraint) equal ours on the %d rows "
         "of every 100th org (1e-9)" % compared,
         END]
    return "\n".join(L) + "\n"



def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--coalition", required=True, help="the coalition binary (a release build)")
    ap.add_argument("--build-type", default="Release", help="how the binary was built (for the report)")
    ap.add_argument("--chapters", type=int, default=200000)
    ap.add_argument("--from", dest="from_", type=int, default=2017, help="first year (default 2017)")
    ap.add_argument("--to", type=int, default=2026, help="last year (default 2026: ten years)")
    ap.add_argument("--timeout", type=int, default=7200, help="timeout of each step, s")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="scratch directory")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    a = ap.parse_args()
    binary = os.path.abspath(a.coalition)
    os.makedirs(a.work, exist_ok=True)
    work = tempfile.mkdtemp(prefix="panel-", dir=a.work)
    meta = bench.versions(binary)
    try:
        d, db = os.path.join(work, "synth"), os.path.join(work, "panel.db")
        ours, peer = os.path.join(work, "ours.csv"), os.path.join(work, "peer.csv")
        S = {}
        step("synth --chapters %d" % a.chapters,
             [binary, "--seed", "1", "--quiet", "synth", "--chapters", str(a.chapters), "--out", d])
        subprocess.run([binary, "--db", db, "init"], check=True, stdout=subprocess.DEVNULL)
        S["import"] = step("import", [binary, "--db", db, "--quiet", "import", d], timeout=a.timeout)
        years = a.to - a.from_ + 1
        S["panel"] = step("panel (%d years)" % years,
                          [binary, "--db", db, "--seed", "1", "--quiet", "panel", "--every", "year",
                           "--from", str(a.from_), "--to", str(a.to), "--measures", MEASURES,
                           "--max-rows", "100000000", "--format", "csv"], stdout_path=ours, timeout=a.timeout)
        S["peer"] = step("peer panel_igraph.py",
                         [bench.PY, os.path.join(HERE, "panel_igraph.py"), d, str(a.from_), str(a.to), peer],
                         stdout_path=None, timeout=a.timeout)
        peer_line = S["peer"].out.strip().splitlines()[-1]
        log("checking the peer's columns against ours")
        compared = check_equal(ours, peer)
        with open(ours, newline="") as f:
            columns = len(next(csv.reader(f)))
        counts = {"orgs": count_rows(os.path.join(d, "orgs.csv")), "ties": count_rows(os.path.join(d, "ties.csv")),
                  "rows": count_rows(ours), "columns": columns}
        text = section(a, meta, counts, S, compared, peer_line)
        bench.write_section(a.results, text, BEGIN, END)
        sys.stdout.write(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
