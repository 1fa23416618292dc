#!/usr/bin/python3
"""Side-by-side benchmark of coalition against python-igraph, NetworkX and sqlite3 (issue 8).

For each size it generates `coalition synth --chapters N`, converts it to the peers' CSV layout, and
times in the same run, as medians of repeated runs with peak memory from `/usr/bin/time -f '%e %M'`:
our import, summary, centrality (PageRank; betweenness exact and sampled with K=256), communities
(Louvain), tensions, gaps --section missing and render (PNG 2000x2000); the peers' pipelines
(peer_igraph.py, peer_networkx.py from the PEERS directory); sqlite3's .import of the same orgs.csv and
ties.csv into a comparable keyed schema; and igraph's graph alone (igraph_graph_only.c).  It prints the
tables and writes them to RESULTS.md, with ratios and the scaling exponent of each step (the slope of
log time against log ties over the sizes).

A command that this build of coalition does not have is reported as "not available", one that rejects
the options used here as "n/a (usage)", one that fails as "failed (exit N)"; none of them stops the run.
Peers run under a timeout and are reported as "did not finish in N s" when they exceed it.

Run with Debian's /usr/bin/python3 (python3-igraph, python3-networkx, python3-cairo); see README.md.
"""
import argparse
import csv
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"
K = 256                      # sampled betweenness sources, here and in the peers
TIME = "/usr/bin/time"


# ---------------------------------------------------------------- measuring

class Run:
    """One timed process: status is 'ok', 'na', 'usage', 'failed' or 'dnf'."""

    def __init__(self, status, secs=None, kb=None, out="", err="", rc=0, note=""):
        self.status, self.secs, self.kb, self.out, self.err, self.rc, self.note = \
            status, secs, kb, out, err, rc, note


def timed(argv, timeout=None, stdout_path=None, cwd=None):
    """Runs argv under /usr/bin/time (and timeout); returns a Run."""
    fd, tfile = tempfile.mkstemp(prefix="bench-time-")
    os.close(fd)
    cmd = [TIME, "-f", "%e %M", "-o", tfile]
    if timeout:
        cmd += ["timeout", "-k", "10", str(int(timeout))]
    cmd += argv
    out = open(stdout_path, "w") if stdout_path else subprocess.PIPE
    try:
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, cwd=cwd,
                           universal_newlines=True, errors="replace")
    finally:
        if stdout_path:
            out.close()
    with open(tfile) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    os.unlink(tfile)
    m = re.match(r"^([0-9.]+) ([0-9]+)$", lines[-1]) if lines else None
    secs, kb = (float(m.group(1)), int(m.group(2))) if m else (None, None)
    stdout = p.stdout if not stdout_path else ""
    if timeout and p.returncode in (124, 137):
        return Run("dnf", secs, kb, stdout, p.stderr, p.returncode, "did not finish in %d s" % timeout)
    if p.returncode == 0:
        return Run("ok", secs, kb, stdout, p.stderr)
    status = "usage" if p.returncode == 2 else "failed"
    first = next((l for l in p.stderr.splitlines() if l.strip()), "")
    return Run(status, secs, kb, stdout, p.stderr, p.returncode, first[:160])


class Step:
    """The runs of one step at one size, summarized as a median time and the largest peak memory."""

    def __init__(self, runs=None, status="ok", note=""):
        self.runs = runs or []
        self.status, self.note = status, note
        self.laps = {}          # peers: median seconds of each printed step
        self.extra = ""         # peers: what else they printed

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def secs(self):
        return statistics.median(r.secs for r in self.runs) if self.ok else None

    @property
    def kb(self):
        return max(r.kb for r in self.runs) if self.ok else None

    def label(self):
        if self.ok:
            return fmt_secs(self.secs)
        return {"na": "not available", "usage": "n/a (usage)", "skipped": "skipped"}.get(
            self.status, self.note or self.status)


def repeat(n, argv_fn, timeout=None, before=None, stdout_path=None):
    """Runs a step n times (stopping at the first failure); returns a Step."""
    runs = []
    for i in range(n):
        if before:
            before()
        r = timed(argv_fn(), timeout=timeout, stdout_path=stdout_path)
        if r.status != "ok":
            s = Step(runs, r.status, r.note)
            if r.status in ("failed", "usage"):
                s.note = "%s (exit %d): %s" % ("usage" if r.status == "usage" else "failed", r.rc, r.note)
            return s
        runs.append(r)
    return Step(runs)


def parse_laps(text):
    """'load=1.23 pagerank=0.40 ... total=3.1 communities=12' -> {name: float}."""
    laps = {}
    for m in re.finditer(r"(\w+)=([0-9.]+)", text):
        laps[m.group(1)] = float(m.group(2))
    return laps


def peer(n, argv, timeout):
    """A peer pipeline n times; the median of each printed lap goes to Step.laps."""
    step = repeat(n, lambda: argv, timeout=timeout)
    if step.ok:
        keys = set()
        all_laps = []
        for r in step.runs:
            line = r.out.strip().splitlines()[-1] if r.out.strip() else ""
            all_laps.append(parse_laps(line))
            keys |= set(all_laps[-1])
        for k in keys:
            vals = [l[k] for l in all_laps if k in l]
            step.laps[k] = statistics.median(vals)
        step.extra = step.runs[-1].out.strip().splitlines()[-1]
    return step


def fmt_secs(s):
    if s is None:
        return "-"
    return "%.3f" % s if s < 1 else "%.2f" % s if s < 100 else "%.0f" % s


def fmt_mb(kb):
    return "-" if kb is None else "%.0f" % (kb / 1024.0) if kb >= 10240 else "%.1f" % (kb / 1024.0)


def ratio(a, b, lower_bound=False):
    if a is None or b is None or b <= 0 or a <= 0:
        return "-"
    r = a / b
    text = "%.2f" % r if r < 10 else "%.1f" % r if r < 100 else "%.0f" % r
    return text


# ---------------------------------------------------------------- the data

def count_rows(path):
    with open(path, newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def to_peer_csv(src, dst):
    """Converts an import dir to the peers' layout, with tests/bench/to_peer_csv.py when present."""
    theirs = os.path.join(HERE, "to_peer_csv.py")
    mine = os.path.join(HERE, "peer_layout.py")
    script = theirs if os.path.exists(theirs) else mine
    p = subprocess.run([PY, script, src, dst], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode != 0:
        sys.exit("bench: %s failed: %s" % (os.path.basename(script), p.stderr.strip()))
    return os.path.basename(script)


def orgs_ties_only(src, dst):
    """orgs.csv and ties.csv without references to other files: what sqlite3 imports too."""
    os.makedirs(dst, exist_ok=True)
    for name in ("orgs.csv", "ties.csv"):
        with open(os.path.join(src, name), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        drop = {"sources"} if name == "ties.csv" else set()
        keep = [i for i, h in enumerate(rows[0]) if h not in drop]
        if name == "orgs.csv" and "parent" in rows[0]:
            # Parents must precede children for sqlite3's one-pass insert below; ours does not care.
            pass
        with open(os.path.join(dst, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            for r in rows:
                w.writerow([r[i] for i in keep])


SQLITE_KEYED = """\
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
CREATE TABLE orgs(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
  parent_id INTEGER REFERENCES orgs(id), state TEXT NOT NULL DEFAULT '', city TEXT NOT NULL DEFAULT '',
  lat REAL, lon REAL, founded TEXT, issues TEXT NOT NULL DEFAULT '');
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE TABLE ties(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES orgs(id),
  target_id INTEGER NOT NULL REFERENCES orgs(id), kind TEXT NOT NULL, sign INTEGER NOT NULL DEFAULT 1,
  weight REAL NOT NULL DEFAULT 1, start TEXT, end TEXT, directed INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '');
CREATE UNIQUE INDEX ties_identity ON ties(source_id, target_id, kind, ifnull(start, ''));
CREATE INDEX ties_target ON ties(target_id);
BEGIN;
.mode csv
.import {orgs} s_orgs
.import {ties} s_ties
INSERT INTO orgs(key, name, kind, state, city, lat, lon)
  SELECT key, name, kind, {state}, {city}, {lat}, {lon} FROM s_orgs;
{parent}
INSERT INTO ties(source_id, target_id, kind, sign, weight, start, end, directed)
  SELECT a.id, b.id, t.kind, {sign}, {weight}, {start}, {end}, {directed}
  FROM s_ties t JOIN orgs a ON a.key = t.source JOIN orgs b ON b.key = t.target;
DROP TABLE s_orgs;
DROP TABLE s_ties;
COMMIT;
"""

SQLITE_BARE = """\
.mode csv
.import {ties} ties
"""


def sqlite_scripts(d, work):
    """The keyed and bare sqlite3 scripts for orgs.csv/ties.csv of d, written under work."""
    with open(os.path.join(d, "orgs.csv"), newline="") as f:
        oh = next(csv.reader(f))
    with open(os.path.join(d, "ties.csv"), newline="") as f:
        th = next(csv.reader(f))

    def col(h, name, default, expr=None):
        if name not in h:
            return default
        return expr or ("nullif(%s, '')" % name)

    sign = ("CASE t.sign WHEN '-1' THEN -1 WHEN '-' THEN -1 WHEN 'negative' THEN -1 ELSE 1 END"
            if "sign" in th else "1")
    parent = ("UPDATE orgs SET parent_id = (SELECT p.id FROM s_orgs s JOIN orgs p ON p.key = s.parent "
              "WHERE s.key = orgs.key AND s.parent <> '');" if "parent" in oh else "")
    keyed = SQLITE_KEYED.format(
        orgs=os.path.join(d, "orgs.csv"), ties=os.path.join(d, "ties.csv"),
        state=col(oh, "state", "''", "state"), city=col(oh, "city", "''", "city"),
        lat=col(oh, "lat", "NULL"), lon=col(oh, "lon", "NULL"), parent=parent,
        sign=sign, weight=col(th, "weight", "1", "coalesce(nullif(t.weight, ''), 1)"),
        start=col(th, "start", "NULL", "nullif(t.start, '')"), end=col(th, "end", "NULL", "nullif(t.end, '')"),
        directed=col(th, "directed", "0", "coalesce(nullif(t.directed, ''), 0)"))
    paths = {}
    for name, text in (("keyed", keyed), ("bare", SQLITE_BARE.format(ties=os.path.join(d, "ties.csv")))):
        paths[name] = os.path.join(work, "sqlite-%s.sql" % name)
        with open(paths[name], "w") as f:
            f.write(text)
    return paths


# ---------------------------------------------------------------- the steps

# (id, label, command name, argv after the command, sizes it runs at: 'all', 'small' or 'large')
OUR_STEPS = [
    ("summary", "summary", "summary", ["--format", "csv"], "all"),
    ("pagerank", "centrality PageRank", "centrality", ["--measure", "pagerank", "--weighted", "--format", "csv"], "all"),
    ("betw_exact", "betweenness exact", "centrality",
     ["--measure", "betweenness", "--exact", "--format", "csv"], "small"),
    ("betw_k", "betweenness K=%d" % K, "centrality",
     ["--measure", "betweenness", "--sample", str(K), "--format", "csv"], "all"),
    ("louvain", "communities Louvain", "communities", ["--method", "louvain", "--format", "csv"], "all"),
    ("tensions", "tensions", "tensions", ["--format", "csv"], "all"),
    ("gaps", "gaps --section missing", "gaps", ["--section", "missing", "--format", "csv"], "all"),
    ("render", "render PNG 2000x2000", "render", ["--width", "2000", "--height", "2000", "--out", "{png}"],
     "all"),
]


class Bench:
    def __init__(self, args):
        self.a = args
        self.bin = os.path.abspath(args.coalition)
        self.have = {}
        self.results = []      # one dict per size

    def available(self, name):
        if name not in self.have:
            p = subprocess.run([self.bin, "help", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.have[name] = p.returncode == 0
        return self.have[name]

    def our(self, name, argv_fn, n, before=None, stdout_path=os.devnull):
        if not self.available(name):
            return Step(status="na")
        return repeat(n, argv_fn, before=before, stdout_path=stdout_path, timeout=self.a.timeout)

    def log(self, msg):
        print("bench: " + msg, file=sys.stderr, flush=True)

    def size(self, chapters, reps, large, work):
        res = {"chapters": chapters, "reps": reps, "large": large, "steps": {}, "peers": {}}
        S = res["steps"]
        d = os.path.join(work, "synth-%d" % chapters)
        shutil.rmtree(d, ignore_errors=True)
        self.log("synth --chapters %d" % chapters)
        S["synth"] = self.our("synth", lambda: [self.bin, "--seed", "1", "synth", "--chapters", str(chapters), "--out", d],
                              1)
        if not S["synth"].ok:
            res["error"] = "synth: " + S["synth"].label()
            return res
        res["orgs"] = count_rows(os.path.join(d, "orgs.csv"))
        res["ties"] = count_rows(os.path.join(d, "ties.csv"))
        pd = os.path.join(work, "peer-%d" % chapters)
        shutil.rmtree(pd, ignore_errors=True)
        res["converter"] = to_peer_csv(d, pd)
        res["peer_ties"] = count_rows(os.path.join(pd, "ties.csv"))
        ot = os.path.join(work, "orgs-ties-%d" % chapters)
        shutil.rmtree(ot, ignore_errors=True)
        orgs_ties_only(d, ot)
        self.log("%d orgs, %d ties; %d repetitions" % (res["orgs"], res["ties"], reps))

        db = os.path.join(work, "bench-%d.db" % chapters)

        def fresh_db(path):
            def f():
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(path + suffix):
                        os.unlink(path + suffix)
                subprocess.run([self.bin, "--db", path, "init"], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            return f

        # Import of orgs.csv + ties.csv alone: the same files sqlite3 imports below.
        db2 = os.path.join(work, "bench-%d-ot.db" % chapters)
        self.log("import (orgs+ties)")
        S["import_ot"] = self.our("import", lambda: [self.bin, "--db", db2, "import", ot], reps,
                                  before=fresh_db(db2))
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db2 + suffix):
                os.unlink(db2 + suffix)
        self.log("import (whole synth dir)")
        S["import"] = self.our("import", lambda: [self.bin, "--db", db, "import", d], reps, before=fresh_db(db))
        png = os.path.join(work, "render-%d.png" % chapters)
        for sid, label, cmd, opts, when in OUR_STEPS:
            if (when == "small" and large) or (when == "large" and not large):
                S[sid] = Step(status="skipped")
                continue
            if not S["import"].ok:
                S[sid] = Step(status="skipped", note="no store (import %s)" % S["import"].label())
                continue
            self.log(label)
            argv = [self.bin, "--db", db, "--seed", "1", cmd] + [o.replace("{png}", png) for o in opts]
            S[sid] = self.our(cmd, lambda argv=argv: argv, reps)
        res["png"] = png if os.path.exists(png) else None

        # sqlite3 .import of the same orgs.csv and ties.csv.
        scripts = sqlite_scripts(ot, work)
        for name in ("keyed", "bare"):
            sdb = os.path.join(work, "sqlite-%s-%d.db" % (name, chapters))

            def clear(sdb=sdb):
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(sdb + suffix):
                        os.unlink(sdb + suffix)
            self.log("sqlite3 .import (%s)" % name)
            S["sqlite_" + name] = repeat(reps, lambda sdb=sdb, name=name: ["sh", "-c", "sqlite3 -bail '%s' < '%s'" %
                                                                            (sdb, scripts[name])], before=clear)
            clear()

        # igraph's graph alone.
        self.log("igraph graph alone")
        S["igraph_graph"] = repeat(reps, lambda: [self.graph_only, str(count_rows(os.path.join(pd, "orgs.csv"))),
                                                  os.path.join(pd, "ties.csv")])

        # The peers' pipelines, on the converted files.
        P = res["peers"]
        peer_reps = reps if not large else max(1, min(reps, self.a.peer_reps_large))
        k_igraph = "-1" if large else "0"
        self.log("peer python-igraph (betweenness %s)" % ("skipped" if large else "exact"))
        P["igraph"] = peer(peer_reps, [PY, os.path.join(self.peers, "peer_igraph.py"), pd, k_igraph, "render"],
                           self.a.peer_timeout)
        nx_timeout = self.a.nx_timeout_large if large else self.a.peer_timeout
        self.log("peer NetworkX (K=%d), timeout %d s" % (K, nx_timeout))
        P["networkx"] = peer(1 if large else peer_reps,
                             [PY, os.path.join(self.peers, "peer_networkx.py"), pd, str(K)], nx_timeout)
        if "betweenness" not in P["networkx"].laps:
            # The pipeline did not get to print its betweenness: time that step alone, within a budget.
            self.log("NetworkX betweenness K=%d alone, budget %d s" % (K, self.a.nx_betw_budget))
            r = timed([PY, os.path.join(HERE, "nx_betweenness.py"), pd, str(K), str(self.a.nx_betw_budget)],
                      timeout=self.a.nx_betw_budget + 600)
            P["nx_betw"] = Step([r], r.status, r.note)
            if r.status == "ok":
                P["nx_betw"].laps = parse_laps(r.out.strip().splitlines()[-1])
                P["nx_betw"].extra = r.out.strip().splitlines()[-1]
        if not self.a.keep:
            for p in (db, db + "-wal", db + "-shm"):
                if os.path.exists(p):
                    os.unlink(p)
        return res

    def build_graph_only(self, work):
        src = os.path.join(HERE, "igraph_graph_only.c")
        out = os.path.join(work, "igraph_graph_only")
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "igraph"], stdout=subprocess.PIPE,
                               universal_newlines=True, check=True).stdout.split()
        subprocess.run(["cc", "-O2", "-o", out, src] + flags, check=True)
        self.graph_only = out


# ---------------------------------------------------------------- the report

def lap(step, *names):
    if not step or not step.ok:
        return None
    vals = [step.laps.get(n) for n in names]
    return None if any(v is None for v in vals) else sum(vals)


def exponent(points):
    """Least-squares slope of log(time) against log(ties)."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx if sxx else None


def our_pipeline(S, large):
    """import + PageRank + (exact betweenness at the small sizes) + Louvain + render: peer_igraph.py's steps."""
    ids = ["import", "pagerank"] + ([] if large else ["betw_exact"]) + ["louvain", "render"]
    if all(S.get(i) and S[i].ok for i in ids):
        return sum(S[i].secs for i in ids), max(S[i].kb for i in ids)
    return None, None


def report(results, meta):
    L = []
    w = L.append
    w("# Benchmark results (issue 8)")
    w("")
    w("Written by `make bench` (tests/bench/bench.py); regenerate rather than edit. %s." % meta["when"])
    w("")
    w("- machine: %s, %s cores, load average at start %s" % (meta["cpu"], meta["cores"], meta["load"]))
    w("- coalition %s (commit %s, %s build); python-igraph %s; NetworkX %s; SQLite %s; igraph C %s" % (
        meta["version"], meta["commit"], meta["build"], meta["igraph"], meta["networkx"], meta["sqlite"],
        meta["igraph_c"]))
    w("- times are medians of the repetitions shown, in seconds of wall time of the whole process (start, "
      "open the store, build the view, compute, print); memory is the largest peak resident size (MB) "
      "over the repetitions, from `/usr/bin/time -f '%e %M'`. Peer steps are the medians of the "
      "timings the peer scripts print; their memory is the whole script's.")
    w("- ratios are ours / peer's: below 1 we are faster.")
    w("")
    for res in results:
        S, P = res["steps"], res["peers"]
        w("## %d chapters: %s orgs, %s ties (%d repetitions%s)" % (
            res["chapters"], res.get("orgs", "?"), res.get("ties", "?"), res["reps"],
            ", peers at this size %s" % ("once" if res["large"] else "likewise")))
        w("")
        if "error" in res:
            w("Not run: %s." % res["error"])
            w("")
            continue
        ig, nx = P.get("igraph"), P.get("networkx")
        nxb = P.get("nx_betw")
        g = S.get("igraph_graph")
        gmem = g.kb if g and g.ok else None
        w("| step | ours s | ours MB | python-igraph s | NetworkX s | ours/igraph | ours/NetworkX | "
          "MB / igraph graph alone |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")

        def row(label, st, ig_t=None, nx_t=None, nx_text=None):
            o = st.secs if st and st.ok else None
            mem = st.kb if st and st.ok else None
            w("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, st.label() if st else "-", fmt_mb(mem), fmt_secs(ig_t), nx_text or fmt_secs(nx_t),
                ratio(o, ig_t), ratio(o, nx_t), ratio(mem, gmem)))

        nx_dnf = nx.note if nx and not nx.ok else None
        row("import (whole synth dir)", S.get("import"), lap(ig, "load"), lap(nx, "load"), nx_dnf)
        row("import (orgs.csv + ties.csv)", S.get("import_ot"))
        row("summary", S.get("summary"))
        row("centrality PageRank", S.get("pagerank"), lap(ig, "pagerank"), lap(nx, "pagerank"), nx_dnf)
        if not res["large"]:
            row("betweenness exact", S.get("betw_exact"), lap(ig, "betweenness"))
        nx_k = lap(nx, "betweenness")
        nx_k_text = None
        if nx_k is None and nxb is not None:
            if nxb.ok and "betweenness" in nxb.laps:
                nx_k = nxb.laps["betweenness"]
            elif nxb.ok and "projected" in nxb.laps:
                nx_k_text = "> %s (projected %s)" % (fmt_secs(nxb.laps.get("spent")), fmt_secs(nxb.laps["projected"]))
                nx_k = nxb.laps["projected"]
            else:
                nx_k_text = nxb.label()
        row("betweenness sampled K=%d" % K, S.get("betw_k"), None, nx_k, nx_k_text)
        row("communities Louvain", S.get("louvain"), lap(ig, "louvain"), lap(nx, "louvain"), nx_dnf)
        row("tensions", S.get("tensions"))
        row("gaps --section missing", S.get("gaps"))
        row("render PNG 2000x2000 (ours: view+layout+draw; igraph: layout+plot)", S.get("render"),
            lap(ig, "layout", "render"))
        w("")
        # Pipeline, sqlite, memory.
        ours_t, ours_kb = our_pipeline(S, res["large"])
        ig_total = ig.secs if ig and ig.ok else None
        w("| comparison | ours | peer | ratio | target |")
        w("|---|---:|---:|---:|---|")
        w("| pipeline (import, PageRank, %sLouvain, render) vs peer_igraph.py wall time | %s | %s | %s | <= 0.5 at "
          "1.1M ties |" % ("" if res["large"] else "exact betweenness, ", fmt_secs(ours_t),
                           ig.label() if ig else "-", ratio(ours_t, ig_total)))
        w("| pipeline vs peer_networkx.py (K=%d, no layout) wall time | %s | %s | %s | |" % (
            K, fmt_secs(ours_t), nx.label() if nx else "-", ratio(ours_t, nx.secs if nx and nx.ok else None)))
        si, sk, sb = S.get("import_ot"), S.get("sqlite_keyed"), S.get("sqlite_bare")
        w("| import orgs+ties vs sqlite3 .import into a keyed schema | %s | %s | %s | <= 1.5 |" % (
            si.label() if si else "-", sk.label() if sk else "-",
            ratio(si.secs if si and si.ok else None, sk.secs if sk and sk.ok else None)))
        w("| import orgs+ties vs sqlite3 .import of ties.csv into a bare table | %s | %s | %s | |" % (
            si.label() if si else "-", sb.label() if sb else "-",
            ratio(si.secs if si and si.ok else None, sb.secs if sb and sb.ok else None)))
        bk = S.get("betw_k")
        w("| betweenness K=%d vs NetworkX at the same K | %s | %s | %s | NetworkX/ours >= 50 |" % (
            K, bk.label() if bk else "-", nx_k_text or fmt_secs(nx_k),
            ("NetworkX/ours = " + ratio(nx_k, bk.secs)) if bk and bk.ok and nx_k else "-"))
        rd = S.get("render")
        ig_plot = lap(ig, "render")
        w("| render vs python-igraph plot (its layout excluded) | %s | %s | %s | <= 0.5 |" % (
            rd.label() if rd else "-", fmt_secs(ig_plot), ratio(rd.secs if rd and rd.ok else None, ig_plot)))
        w("| render vs python-igraph layout + plot | %s | %s | %s | |" % (
            rd.label() if rd else "-", fmt_secs(lap(ig, "layout", "render")),
            ratio(rd.secs if rd and rd.ok else None, lap(ig, "layout", "render"))))
        peak = max([S[i].kb for i in S if i not in ("sqlite_keyed", "sqlite_bare", "igraph_graph", "synth")
                    and S[i].ok] or [0]) or None
        peak_step = max((i for i in S if i not in ("sqlite_keyed", "sqlite_bare", "igraph_graph", "synth")
                         and S[i].ok), key=lambda i: S[i].kb, default=None)
        w("| peak memory of our steps (largest: %s) vs igraph's graph alone (C, igraph_graph_only.c) | %s MB | "
          "%s MB | %s | <= 1.5 |" % (peak_step or "-", fmt_mb(peak), fmt_mb(gmem), ratio(peak, gmem)))
        w("| peak memory of our pipeline vs peer_igraph.py | %s MB | %s MB | %s | |" % (
            fmt_mb(ours_kb), fmt_mb(ig.kb if ig and ig.ok else None), ratio(ours_kb, ig.kb if ig and ig.ok else None)))
        w("")
        notes = []
        if ig and ig.ok:
            notes.append("peer_igraph.py printed: `%s`" % ig.extra)
        if nx and nx.ok:
            notes.append("peer_networkx.py printed: `%s`" % nx.extra)
        if nxb and nxb.ok:
            notes.append("nx_betweenness.py printed: `%s`" % nxb.extra)
        for sid in S:
            if S[sid].status in ("failed", "usage", "dnf") and S[sid].note:
                notes.append("%s: %s" % (sid, S[sid].note.replace("|", "/")))
        if res.get("converter"):
            notes.append("peer CSV written by tests/bench/%s (%d ties)" % (res["converter"], res["peer_ties"]))
        for n in notes:
            w("- " + n)
        w("")
    # Scaling exponents.
    done = [r for r in results if "error" not in r]
    if len(done) >= 2:
        w("## Scaling: exponent b in time ~ ties^b (least squares over the sizes)")
        w("")
        w("| step | " + " | ".join("%s ties" % r["ties"] for r in done) + " | b |")
        w("|---|" + "---:|" * (len(done) + 1))
        ids = [("import", "import"), ("import_ot", "import orgs+ties"), ("summary", "summary"),
               ("pagerank", "PageRank"), ("betw_exact", "betweenness exact"), ("betw_k", "betweenness K=%d" % K),
               ("louvain", "Louvain"), ("tensions", "tensions"), ("gaps", "gaps missing"), ("render", "render"),
               ("sqlite_keyed", "sqlite3 keyed import"), ("igraph_graph", "igraph graph alone")]
        for sid, label in ids:
            pts = [(r["ties"], r["steps"][sid].secs) for r in done if sid in r["steps"] and r["steps"][sid].ok]
            cells = [r["steps"][sid].label() if sid in r["steps"] else "-" for r in done]
            b = exponent(pts)
            w("| %s | %s | %s |" % (label, " | ".join(cells), "-" if b is None else "%.2f" % b))
        for pid, label in (("igraph", "peer_igraph.py"), ("networkx", "peer_networkx.py")):
            pts = [(r["ties"], r["peers"][pid].secs) for r in done if pid in r["peers"] and r["peers"][pid].ok]
            cells = [r["peers"][pid].label() if pid in r["peers"] else "-" for r in done]
            b = exponent(pts)
            w("| %s | %s | %s |" % (label, " | ".join(cells), "-" if b is None else "%.2f" % b))
        w("")
    return "\n".join(L) + "\n"


def versions(binary):
    def out(argv):
        try:
            return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  universal_newlines=True).stdout.strip()
        except OSError:
            return "?"
    meta = {}
    meta["version"] = out([binary, "--version"]).replace("coalition ", "") or "?"
    meta["commit"] = out(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]) or "?"
    meta["igraph"] = out([PY, "-c", "import igraph; print(igraph.__version__)"]) or "?"
    meta["networkx"] = out([PY, "-c", "import networkx; print(networkx.__version__)"]) or "?"
    meta["sqlite"] = (out(["sqlite3", "--version"]).split() or ["?"])[0]
    meta["igraph_c"] = out(["pkg-config", "--modversion", "igraph"]) or "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    meta["cpu"] = cpu
    meta["cores"] = os.cpu_count()
    meta["load"] = "%.2f" % os.getloadavg()[0]
    meta["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--coalition", required=True, help="the coalition binary (a release build)")
    ap.add_argument("--build-type", default="Release", help="how the binary was built (for the report)")
    ap.add_argument("--peers", required=True, help="directory holding peer_igraph.py and peer_networkx.py")
    ap.add_argument("--sizes", default="2000,20000,200000", help="chapter counts (default %(default)s)")
    ap.add_argument("--reps", default="3,3,1", help="repetitions per size (default %(default)s)")
    ap.add_argument("--large", type=int, default=100000,
                    help="from this many chapters: sampled betweenness only (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=1200, help="timeout of each of our steps, s")
    ap.add_argument("--peer-timeout", type=int, default=900, help="timeout of each peer run, s")
    ap.add_argument("--peer-reps-large", type=int, default=1, help="peer repetitions at the large sizes")
    ap.add_argument("--nx-timeout-large", type=int, default=300,
                    help="timeout of peer_networkx.py at the large sizes, s (default %(default)s)")
    ap.add_argument("--nx-betw-budget", type=int, default=300,
                    help="budget of NetworkX's betweenness alone when the pipeline did not finish, s")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="scratch directory (default tests/bench/work)")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"), help="where to write the tables")
    ap.add_argument("--keep", action="store_true", help="keep the stores and data in the work directory")
    a = ap.parse_args()

    peers = os.path.abspath(a.peers)
    for script in ("peer_igraph.py", "peer_networkx.py"):
        if not os.path.isfile(os.path.join(peers, script)):
            sys.exit("bench: %s not found in the peers' directory '%s'; pass PEERS=DIR to make bench "
                     "(the directory with peer_igraph.py and peer_networkx.py)" % (script, a.peers))
    if not os.access(a.coalition, os.X_OK):
        sys.exit("bench: no coalition binary at '%s'" % a.coalition)
    for tool in (TIME, "/usr/bin/sqlite3"):
        if not os.access(tool, os.X_OK):
            sys.exit("bench: %s is missing (Debian packages time, sqlite3)" % tool)
    p = subprocess.run([PY, "-c", "import igraph, networkx, cairo"], stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        sys.exit("bench: the peers need python3-igraph, python3-networkx and python3-cairo (run .ci/install-deps): "
                 + p.stderr.strip().splitlines()[-1])
    sizes = [int(s) for s in re.split(r"[ ,]+", a.sizes.strip()) if s]
    reps = [int(s) for s in re.split(r"[ ,]+", a.reps.strip()) if s]
    reps += [reps[-1]] * (len(sizes) - len(reps))

    os.makedirs(a.work, exist_ok=True)
    work = tempfile.mkdtemp(prefix="run-", dir=a.work)   # removed at the end unless --keep
    b = Bench(a)
    b.peers = peers
    b.build_graph_only(work)
    meta = versions(b.bin)
    meta["build"] = a.build_type
    t0 = time.time()
    for n, r in zip(sizes, reps):
        b.results.append(b.size(n, r, n >= a.large, work))
        text = report(b.results, meta)
        with open(a.results, "w") as f:      # after each size, so that a long run shows progress
            f.write(text)
    text = report(b.results, meta).rstrip("\n") + "\n\nWhole benchmark: %.0f s.\n" % (time.time() - t0)
    with open(a.results, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("bench: data and stores kept in %s" % work, file=sys.stderr)


if __name__ == "__main__":
    main()
