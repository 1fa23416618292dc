#!/usr/bin/python3
"""Side-by-side benchmark of coalition against python-igraph, NetworkX and sqlite3 (issues 8 and 23).

For each generator and size it makes the data (`coalition synth --chapters N`, converted to the peers'
CSV layout; or the peers' own `gen_ecosystem.py N`, whose orgs.csv id column is imported as our key), and
times in the same run, as medians of repeated runs (each step's first run an untimed warm-up when it
takes under --warm-up seconds, 2 by default) with peak memory from `/usr/bin/time -f '%e %M'`:
our import, summary, centrality (PageRank; betweenness exact and sampled with K=256), communities
(Louvain), tensions, gaps --section missing and render (PNG 2000x2000); the peers' pipelines
(peer_igraph.py, peer_networkx.py from the PEERS directory); sqlite3's .import of the same orgs.csv and
ties.csv into a comparable keyed schema; and igraph's graph alone (igraph_graph_only.c).  It prints the
tables and writes them to RESULTS.md, with ratios and the scaling exponent of each step (the slope of
log time against log ties over the sizes).  The table at the top gives the pipeline of issue 23 (import
of orgs.csv + ties.csv, PageRank, Louvain, PNG map) against python-igraph's whole script less its
betweenness lap, for every generator and size.

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
# What a program linked against libcoalition.a needs besides it: the
# pkg-config packages of CMakeLists.txt's DEPS, then libcsv, GLPK, libm, threads
# and OpenMP's runtime (the library asks it for igraph's thread count).
LIB_PACKAGES = ["igraph", "sqlite3", "cairo", "pangocairo", "jansson", "libpng", "zlib", "gsl", "geonames", "glib-2.0"]
LIB_EXTRA = ["-lcsv", "-lglpk", "-lm", "-lpthread", "-fopenmp"]
PY = "/usr/bin/python3"
K = 256                      # sampled betweenness sources, here and in the peers
TIME = "/usr/bin/time"
ANALYSIS_MARK = "<!-- analysis: kept when bench.py rewrites this file -->"


# ---------------------------------------------------------------- measuring

class Run:
    """One timed process: status is 'ok', 'na', 'usage', 'failed' or 'dnf'."""

    def __init__(self, status, secs=None, kb=None, out="", err="", rc=0, note=""):
        self.status, self.secs, self.kb, self.out, self.err, self.rc, self.note = \
            status, secs, kb, out, err, rc, note


def write_section(path, text, begin, end, after=None):
    """Puts a script's section (text, from its begin marker through its end marker) into the results
    file at path: in place of the one an earlier run wrote between the same markers; else just after
    the marker `after` when the file has it (commands_bench.py's goes after the hubs section); else
    just after the analysis mark; else at the end, under a new analysis mark.  The rest is kept."""
    old = open(path).read() if os.path.exists(path) else ""
    if begin in old and end in old:
        new = old[:old.index(begin)] + text + old[old.index(end) + len(end) + 1:]
    elif after and after in old:
        i = old.index(after) + len(after) + 1
        new = old[:i] + "\n" + text + old[i:]
    elif ANALYSIS_MARK in old:
        i = old.index(ANALYSIS_MARK) + len(ANALYSIS_MARK) + 1
        new = old[:i] + text + "\n" + old[i:]
    else:
        new = old + "\n" + ANALYSIS_MARK + "\n" + text
    with open(path, "w") as f:
        f.write(new)


def timed(argv, timeout=None, stdout_path=None, cwd=None):
    """Runs argv under /usr/bin/time (and timeout); returns a Run."""
    fd, tfile = tempfile.mkstemp(prefix="bench-time-")
    os.close(fd)
    cmd = [TIME, "-f", "%e %M %U %S", "-o", tfile]
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
    m = re.match(r"^([0-9.]+) ([0-9]+) ([0-9.]+) ([0-9.]+)$", lines[-1]) if lines else None
    secs, kb = (float(m.group(1)), int(m.group(2))) if m else (None, None)
    cpu = float(m.group(3)) + float(m.group(4)) if m else None
    stdout = p.stdout if not stdout_path else ""
    if timeout and p.returncode in (124, 137):
        r = Run("dnf", secs, kb, stdout, p.stderr, p.returncode, "did not finish in %d s" % timeout)
    elif p.returncode == 0:
        r = Run("ok", secs, kb, stdout, p.stderr)
    else:
        first = next((l for l in p.stderr.splitlines() if l.strip()), "")
        r = Run("usage" if p.returncode == 2 else "failed", secs, kb, stdout, p.stderr, p.returncode, first[:160])
    r.cpu = cpu
    return r


class Step:
    """The runs of one step at one size, summarized as a median time and the largest peak memory."""

    def __init__(self, runs=None, status="ok", note=""):
        self.runs = runs or []
        self.status, self.note = status, note
        self.laps = {}          # peers: median seconds of each printed step
        self.extra = ""         # peers: what else they printed
        self.requested = len(self.runs)

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def secs(self):
        return statistics.median(r.secs for r in self.runs) if self.ok else None

    @property
    def cpu(self):
        """Median CPU seconds (user + system): steadier than wall time on a shared machine."""
        return statistics.median(r.cpu for r in self.runs) if self.ok else None

    @property
    def kb(self):
        return max(r.kb for r in self.runs) if self.ok else None

    def label(self):
        if self.ok:
            return fmt_secs(self.secs)
        return {"na": "not available", "usage": "n/a (usage)", "skipped": "skipped"}.get(
            self.status, self.note or self.status)


SLOW = 60.0   # seconds: a step whose first run takes longer is not repeated (--slow)
# seconds: a step's first run is a warm-up, left out of its timings, when it takes less (--warm-up).
# The first runs of a benchmark fall in a cold window (page cache, loader): the pipeline ratio at the
# first size came to 0.62 in one run and 0.46 when that size was run again alone.
WARM_UP = 2.0


def failed(runs, r):
    s = Step(runs, r.status, r.note)
    if r.status in ("failed", "usage"):
        s.note = "%s (exit %d): %s" % ("usage" if r.status == "usage" else "failed", r.rc, r.note)
    return s


def repeat(n, argv_fn, timeout=None, before=None, stdout_path=None, warm_up=True):
    """Runs a step n times (stopping at the first failure, or after one run over SLOW s); returns a Step.
    With warm_up, a first run that takes under WARM_UP s is a warm-up: it is left out and n timed runs
    follow; a slower one counts as the first of the n (the same runs as without a warm-up)."""
    runs = []
    if warm_up and n > 0:
        if before:
            before()
        r = timed(argv_fn(), timeout=timeout, stdout_path=stdout_path)
        if r.status != "ok":
            return failed(runs, r)
        if r.secs is None or r.secs >= WARM_UP:
            runs.append(r)
    for i in range(len(runs), n):
        if runs and runs[0].secs is not None and runs[0].secs > SLOW:
            break
        if before:
            before()
        r = timed(argv_fn(), timeout=timeout, stdout_path=stdout_path)
        if r.status != "ok":
            return failed(runs, r)
        runs.append(r)
    step = Step(runs)
    step.requested = n
    return step


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
    """Converts an import dir to the peers' layout with tests/bench/to_peer_csv.py."""
    p = subprocess.run([PY, os.path.join(HERE, "to_peer_csv.py"), src, dst], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        sys.exit("bench: to_peer_csv.py failed: %s" % p.stderr.strip())
    return "coalition synth, converted for the peers by tests/bench/to_peer_csv.py"


def ecosystem_import_dir(peer_dir, dst):
    """gen_ecosystem.py's files as an import dir: its orgs.csv id column becomes our key column; ties.csv
    (source,target,kind,sign,weight,year) is imported as it is (year is not a column of ours: the import keeps it as an attribute of each tie, one attributes row a tie)."""
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(peer_dir, "orgs.csv"), newline="") as f, \
            open(os.path.join(dst, "orgs.csv"), "w", newline="") as g:
        g.write(re.sub(r"^id,", "key,", f.readline()))
        shutil.copyfileobj(f, g)
    shutil.copy(os.path.join(peer_dir, "ties.csv"), os.path.join(dst, "ties.csv"))


def orgs_ties_only(src, dst):
    """orgs.csv and ties.csv without references to other files: what sqlite3 imports too."""
    os.makedirs(dst, exist_ok=True)
    for name in ("orgs.csv", "ties.csv"):
        with open(os.path.join(src, name), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        drop = {"sources"} if name == "ties.csv" else set()
        keep = [i for i, h in enumerate(rows[0]) if h not in drop]
        with open(os.path.join(dst, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            for r in rows:
                w.writerow([r[i] for i in keep])


# Into the store's own schema (made by `coalition init`: foreign keys, the unique tie identity and the
# other indexes), staged by .import and moved by INSERT ... SELECT in one transaction, with the page cache
# our import uses.  orgs.id is the staging rowid, so parents are found by key lookups, not scans.
SQLITE_KEYED = """\
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -131072;
BEGIN;
.mode csv
.import {orgs} s_orgs
.import {ties} s_ties
INSERT INTO orgs(id, key, name, kind, state, city, lat, lon, founded, issues)
  SELECT rowid, key, name, kind, {state}, {city}, {lat}, {lon}, {founded}, {issues} FROM s_orgs;
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
              "WHERE s.rowid = orgs.id AND s.parent <> '');" if "parent" in oh else "")
    keyed = SQLITE_KEYED.format(
        orgs=os.path.join(d, "orgs.csv"), ties=os.path.join(d, "ties.csv"),
        state=col(oh, "state", "''", "state"), city=col(oh, "city", "''", "city"),
        lat=col(oh, "lat", "NULL"), lon=col(oh, "lon", "NULL"), parent=parent,
        founded=col(oh, "founded", "NULL"), issues=col(oh, "issues", "''", "issues"),
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
    ("louvain", "communities Louvain", "communities", ["--method", "louvain", "--weighted", "--format", "csv"], "all"),
    ("tensions", "tensions", "tensions", ["--format", "csv"], "all"),
    ("gaps", "gaps --section missing", "gaps", ["--section", "missing", "--format", "csv"], "all"),
    ("duplicates", "duplicates", "duplicates", ["--format", "csv"], "all"),
    ("render", "render PNG 2000x2000", "render", ["--width", "2000", "--height", "2000", "--out", "{png}"],
     "all"),
    # the whole report: HTML, its interactive map beside it (issue 23 item 4)
    ("report", "report HTML", "report", ["--out", "{report}"], "all"),
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

    def our(self, name, argv_fn, n, before=None, stdout_path=os.devnull, warm_up=True):
        if not self.available(name):
            return Step(status="na")
        return repeat(n, argv_fn, before=before, stdout_path=stdout_path, timeout=self.a.timeout, warm_up=warm_up)

    def log(self, msg):
        print("bench: " + msg, file=sys.stderr, flush=True)

    def data(self, gen, chapters, work, res):
        """Writes the import dir d, the orgs.csv + ties.csv dir ot and the peers' dir pd of one generator and
        size; returns (d, ot, pd), or None with res["error"] set."""
        S = res["steps"]
        d = os.path.join(work, "%s-%d" % (gen, chapters))
        pd = os.path.join(work, "peer-%s-%d" % (gen, chapters))
        for x in (d, pd):
            shutil.rmtree(x, ignore_errors=True)
        if gen == "synth":
            self.log("synth --chapters %d" % chapters)
            S["synth"] = self.our("synth", lambda: [self.bin, "--seed", "1", "synth", "--chapters", str(chapters),
                                                    "--out", d], 1, warm_up=False)
            if not S["synth"].ok:
                res["error"] = "synth: " + S["synth"].label()
                return None
            res["converter"] = to_peer_csv(d, pd)
            ot = os.path.join(work, "orgs-ties-%s-%d" % (gen, chapters))
            shutil.rmtree(ot, ignore_errors=True)
            orgs_ties_only(d, ot)
        else:
            self.log("gen_ecosystem.py %d" % chapters)
            r = timed([PY, os.path.join(self.peers, "gen_ecosystem.py"), str(chapters), pd, "7"])
            if r.status != "ok":
                res["error"] = "gen_ecosystem.py: " + (r.note or r.status)
                return None
            ecosystem_import_dir(pd, d)
            res["converter"] = "gen_ecosystem.py (its orgs.csv id column imported as our key)"
            ot = d
        res["orgs"] = count_rows(os.path.join(d, "orgs.csv"))
        res["ties"] = count_rows(os.path.join(d, "ties.csv"))
        res["peer_ties"] = count_rows(os.path.join(pd, "ties.csv"))
        return d, ot, pd

    def size(self, gen, chapters, reps, large, work):
        res = {"gen": gen, "chapters": chapters, "reps": reps, "large": large, "steps": {}, "peers": {}}
        S = res["steps"]
        got = self.data(gen, chapters, work, res)
        if got is None:
            return res
        d, ot, pd = got
        self.log("%s: %d orgs, %d ties; %d repetitions" % (gen, res["orgs"], res["ties"], reps))

        db = os.path.join(work, "bench-%s-%d.db" % (gen, chapters))

        def remove_db(path):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.unlink(path + suffix)

        def fresh_db(path):
            def f():
                remove_db(path)
                subprocess.run([self.bin, "--db", path, "init"], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            return f

        # Import of orgs.csv + ties.csv alone: the same files sqlite3 imports below.
        db2 = os.path.join(work, "bench-%s-%d-ot.db" % (gen, chapters))
        if gen == "synth":
            self.log("import (orgs+ties)")
            S["import_ot"] = self.our("import", lambda: [self.bin, "--db", db2, "import", ot], reps,
                                      before=fresh_db(db2))

        def same_rows(a, b):
            q = ("select count(*) from orgs; select count(*) from ties; select count(*) from orgs where "
                 "parent_id is not null; select sum(sign), sum(weight) from ties;")
            got = [subprocess.run(["sqlite3", x, q], stdout=subprocess.PIPE, universal_newlines=True).stdout
                   for x in (a, b)]
            return got[0] == got[1], got
        if gen == "synth":
            self.log("import (whole synth dir)")
            S["import"] = self.our("import", lambda: [self.bin, "--db", db, "import", d], reps, before=fresh_db(db))
        else:
            # the generator writes orgs.csv + ties.csv only: one import, kept as the store
            self.log("import (orgs+ties)")
            S["import"] = self.our("import", lambda: [self.bin, "--db", db, "import", d], reps, before=fresh_db(db))
            S["import_ot"] = S["import"]
        png = os.path.join(work, "render-%s-%d.png" % (gen, chapters))
        report = os.path.join(work, "report-%s-%d.html" % (gen, chapters))
        for sid, label, cmd, opts, when in OUR_STEPS:
            if (when == "small" and large) or (when == "large" and not large):
                S[sid] = Step(status="skipped")
                continue
            if not S["import"].ok:
                S[sid] = Step(status="skipped", note="no store (import %s)" % S["import"].label())
                continue
            self.log(label)
            argv = [self.bin, "--db", db, "--seed", "1", cmd] + [o.replace("{png}", png).replace("{report}", report)
                                                                 for o in opts]
            S[sid] = self.our(cmd, lambda argv=argv: argv, reps)
        if os.path.exists(report):
            res["report_mb"] = (os.path.getsize(report) / 1048576,
                                os.path.getsize(report[:-5] + "-map.html") / 1048576)
        res["png"] = png if os.path.exists(png) else None
        # The phases of the same render, timed inside the library (render_phases.c).
        if self.render_phases and S["render"].ok:
            self.log("render phases")
            S["render_phases"] = peer(reps, [self.render_phases, db, png, "2000", "2000", "1"], self.a.timeout)

        # sqlite3 .import of the same orgs.csv and ties.csv: into the store's schema, and into a bare table.
        scripts = sqlite_scripts(ot, work)
        for name in ("keyed", "bare"):
            sdb = os.path.join(work, "sqlite-%s-%s-%d.db" % (name, gen, chapters))
            self.log("sqlite3 .import (%s)" % name)
            before = fresh_db(sdb) if name == "keyed" else lambda sdb=sdb: remove_db(sdb)
            S["sqlite_" + name] = repeat(reps, lambda sdb=sdb, name=name: ["sh", "-c", "sqlite3 -bail '%s' < '%s'" %
                                                                            (sdb, scripts[name])], before=before)
            if name == "keyed" and S["sqlite_keyed"].ok and S["import_ot"].ok:
                same, got = same_rows(db2 if gen == "synth" else db, sdb)
                if not same:
                    S["sqlite_keyed"].note = "the sqlite3 store differs from ours: %r" % got
            remove_db(sdb)
        if gen == "synth":
            remove_db(db2)

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

    def build_render_phases(self, work):
        """render_phases.c against the libcoalition.a of the benchmarked build, when it is there."""
        self.render_phases = None
        lib = os.path.join(os.path.dirname(self.bin), "libcoalition.a")
        if not os.path.exists(lib):
            self.log("no %s: render phases not measured" % lib)
            return
        out = os.path.join(work, "render_phases")
        flags = subprocess.run(["pkg-config", "--cflags", "--libs"] + LIB_PACKAGES, stdout=subprocess.PIPE,
                               universal_newlines=True, check=True).stdout.split()
        p = subprocess.run(["cc", "-O2", "-std=c11", "-I", os.path.join(REPO, "include"), "-o", out,
                            os.path.join(HERE, "render_phases.c"), lib] + flags + LIB_EXTRA,
                           stderr=subprocess.PIPE, universal_newlines=True)
        if p.returncode != 0:
            self.log("render_phases.c did not build: render phases not measured\n" + p.stderr)
            return
        self.render_phases = out

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


def our_pipeline(S, betweenness, first="import_ot"):
    """import + PageRank + (exact betweenness when asked) + Louvain + render: peer_igraph.py's steps.
    first: "import_ot" (orgs.csv + ties.csv, the files the peer reads), "import" (the whole synth
    directory) or None (the analyses alone, on a store built before)."""
    ids = ([first] if first else []) + ["pagerank"] + (["betw_exact"] if betweenness else []) + ["louvain", "render"]
    if all(S.get(i) and S[i].ok for i in ids):
        return sum(S[i].secs for i in ids), max(S[i].kb for i in ids), sum(S[i].cpu for i in ids)
    return None, None, None


def peer_without_betweenness(step):
    """(wall, CPU) of a peer's whole process less its betweenness lap (the same seconds off both), or the
    whole process when it ran no betweenness."""
    if not step or not step.ok:
        return None, None
    b = step.laps.get("betweenness", 0.0)
    return step.secs - b, step.cpu - b


GENERATORS = {"synth": "`coalition synth --seed 1`",
              "ecosystem": "the peers' `gen_ecosystem.py N DIR 7` (three national mega-hubs, weights 1-10)"}


def report(results, meta):
    L = []
    w = L.append
    w("# Benchmark results (issues 8 and 23)")
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
    w("- warm-up: every timed step, ours and the peers', runs once first; when that run takes under %.0f s it "
      "is left out (the first runs of a benchmark fall in a cold window: page cache, loader) and the "
      "repetitions follow; a slower first run counts as the first repetition." % WARM_UP)
    w("- ratios are ours / peer's: below 1 we are faster.")
    w("- generators: " + "; ".join("`%s` is %s" % kv for kv in GENERATORS.items()))
    w("")
    w("| generator | chapters | ties | pipeline ours s | python-igraph s (less betweenness) | ratio (wall) | "
      "ratio (CPU) | ours peak MB | igraph graph alone MB | peak / graph |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for res in results:
        if "error" in res:
            continue
        S = res["steps"]
        o_t, o_kb, o_cpu = our_pipeline(S, False)
        p_t, p_cpu = peer_without_betweenness(res["peers"].get("igraph"))
        g = S.get("igraph_graph")
        gkb = g.kb if g and g.ok else None
        w("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            res["gen"], res["chapters"], res.get("ties", "?"), fmt_secs(o_t), fmt_secs(p_t), ratio(o_t, p_t),
            ratio(o_cpu, p_cpu), fmt_mb(o_kb), fmt_mb(gkb), ratio(o_kb, gkb)))
    w("")
    w("Pipeline: import of orgs.csv + ties.csv, PageRank, Louvain and the 2000x2000 PNG map, each our whole "
      "process; python-igraph's is its whole script (load, PageRank, Louvain, layout, PNG) less its "
      "betweenness lap. Issue 23 asks for at most 0.5 at every size.")
    w("")
    for res in results:
        S, P = res["steps"], res["peers"]
        w("## %s, %d chapters: %s orgs, %s ties (%d repetitions%s)" % (
            res["gen"], res["chapters"], res.get("orgs", "?"), res.get("ties", "?"), res["reps"],
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
        w("| step | ours s | ours CPU s | ours MB | python-igraph s | NetworkX s | ours/igraph | ours/NetworkX | "
          "MB / igraph graph alone |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")

        def row(label, st, ig_t=None, nx_t=None, nx_text=None):
            o = st.secs if st and st.ok else None
            mem = st.kb if st and st.ok else None
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, st.label() if st else "-", fmt_secs(st.cpu if st and st.ok else None), fmt_mb(mem),
                fmt_secs(ig_t), nx_text or fmt_secs(nx_t),
                ratio(o, ig_t), ratio(o, nx_t), ratio(mem, gmem)))

        nx_dnf = nx.note if nx and not nx.ok else None
        if res["gen"] == "synth":
            row("import (whole synth dir)", S.get("import"), lap(ig, "load"), lap(nx, "load"), nx_dnf)
            row("import (orgs.csv + ties.csv)", S.get("import_ot"), lap(ig, "load"), lap(nx, "load"), nx_dnf)
        else:
            row("import (orgs.csv + ties.csv)", S.get("import_ot"), lap(ig, "load"), lap(nx, "load"), nx_dnf)
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
        mb = res.get("report_mb")
        row("report HTML (with its interactive map%s)" %
            ("; files %.1f MB + map %.1f MB" % tuple(mb) if mb else ""), S.get("report"))
        rp = S.get("render_phases")
        if rp and rp.ok:
            w("| render phases (render_phases.c): build the view | %s | | | | | | | |" % fmt_secs(rp.laps.get("build")))
            w("| render phases: layout (default: multilevel above 2000 orgs, else Fruchterman-Reingold) | %s | | | %s | | %s | | |" % (
                fmt_secs(rp.laps.get("layout")), fmt_secs(lap(ig, "layout")),
                ratio(rp.laps.get("layout"), lap(ig, "layout"))))
            w("| render phases: encodings + draw + write PNG | %s | | | %s | | %s | | |" % (
                fmt_secs(lap(rp, "measures", "draw", "write")), fmt_secs(lap(ig, "render")),
                ratio(lap(rp, "measures", "draw", "write"), lap(ig, "render"))))
        w("")
        # Pipeline, sqlite, render, memory: the targets of issue 8.
        ours_t, ours_kb, ours_cpu = our_pipeline(S, False)
        w("| comparison | ours | peer | ratio (wall) | ratio (CPU) | target |")
        w("|---|---:|---:|---:|---:|---|")

        def cmp_row(label, o_text, p_text, o, p, o_cpu=None, p_cpu=None, target=""):
            w("| %s | %s | %s | %s | %s | %s |" % (label, o_text, p_text, ratio(o, p), ratio(o_cpu, p_cpu), target))

        def sec(st):
            return (st.secs, st.cpu) if st and st.ok else (None, None)

        ig_t, ig_cpu = sec(ig)
        nx_t, nx_cpu = sec(nx)
        pw_t, pw_cpu = peer_without_betweenness(ig)
        cmp_row("**pipeline (import orgs.csv + ties.csv, PageRank, Louvain, render) / peer_igraph.py's whole "
                "process less its betweenness** (issue 23 item 7)", fmt_secs(ours_t), fmt_secs(pw_t),
                ours_t, pw_t, ours_cpu, pw_cpu, "<= 0.5 at every size")
        if not res["large"]:
            b_t, _, b_cpu = our_pipeline(S, True)
            cmp_row("the same pipeline with exact betweenness / peer_igraph.py (its steps, whole process)",
                    fmt_secs(b_t), ig.label() if ig else "-", b_t, ig_t, b_cpu, ig_cpu)
        cmp_row("the same pipeline / peer_networkx.py (K=%d, no layout or render)" % K, fmt_secs(ours_t),
                nx.label() if nx else "-", ours_t, nx_t, ours_cpu, nx_cpu)
        if res["gen"] == "synth":
            wd_t, _, wd_cpu = our_pipeline(S, False, "import")
            cmp_row("the same pipeline importing the whole synth directory (events, sources, observations too) / "
                    "peer_igraph.py less its betweenness", fmt_secs(wd_t), fmt_secs(pw_t), wd_t, pw_t, wd_cpu, pw_cpu)
        an_t, _, an_cpu = our_pipeline(S, False, None)
        cmp_row("the same analyses on a store built before (no import) / peer_igraph.py less its betweenness",
                fmt_secs(an_t), fmt_secs(pw_t), an_t, pw_t, an_cpu, pw_cpu)
        si, sk, sb = S.get("import_ot"), S.get("sqlite_keyed"), S.get("sqlite_bare")
        cmp_row("import orgs.csv + ties.csv / sqlite3 .import into the store's schema (`coalition init`)",
                si.label() if si else "-", sk.label() if sk else "-", *sec(si)[:1], *sec(sk)[:1],
                sec(si)[1], sec(sk)[1], "<= 1.5")
        cmp_row("import orgs.csv + ties.csv / sqlite3 .import of ties.csv into a bare table",
                si.label() if si else "-", sb.label() if sb else "-", sec(si)[0], sec(sb)[0], sec(si)[1], sec(sb)[1])
        bk = S.get("betw_k")
        bk_t = bk.secs if bk and bk.ok else None
        w("| betweenness K=%d: NetworkX / ours (NetworkX's step alone; ours the whole process) | %s | %s | "
          "%s | | >= 50 |" % (K, bk.label() if bk else "-", nx_k_text or fmt_secs(nx_k),
                             ("%s%s" % ("> " if nx_k_text and nx_k_text.startswith(">") else "", ratio(nx_k, bk_t)))
                             if bk_t and nx_k else "-"))
        rd = S.get("render")
        ig_plot, ig_lp = lap(ig, "render"), lap(ig, "layout", "render")
        ours_draw = lap(rp, "measures", "draw", "write")
        cmp_row("render: our encodings + draw + write PNG / python-igraph plot (layouts excluded)",
                fmt_secs(ours_draw), fmt_secs(ig_plot), ours_draw, ig_plot, target="<= 0.5")
        cmp_row("render: our whole command (view, layout, draw) / python-igraph layout + plot", rd.label() if rd else "-",
                fmt_secs(ig_lp), sec(rd)[0], ig_lp)
        # the report runs many analyses and writes two documents: its own row
        # gives its memory against the graph, apart from the analyses' target
        analysis = [i for i in S if i not in ("sqlite_keyed", "sqlite_bare", "igraph_graph", "synth",
                                              "render_phases", "report") and S[i].ok]
        peak_step = max(analysis, key=lambda i: S[i].kb, default=None)
        peak = S[peak_step].kb if peak_step else None
        cmp_row("peak memory of our steps (largest: %s) / igraph's graph alone (igraph_graph_only.c)" %
                (peak_step or "-"), fmt_mb(peak) + " MB", fmt_mb(gmem) + " MB", peak, gmem, target="<= 2 (issue 23)")
        cmp_row("peak memory of our pipeline / peer_igraph.py", fmt_mb(ours_kb) + " MB",
                fmt_mb(ig.kb if ig and ig.ok else None) + " MB", ours_kb, ig.kb if ig and ig.ok else None)
        w("")
        notes = []
        if ig and ig.ok:
            notes.append("peer_igraph.py printed: `%s`" % ig.extra)
        if nx and nx.ok:
            notes.append("peer_networkx.py printed: `%s`" % nx.extra)
        if nxb and nxb.ok:
            notes.append("nx_betweenness.py printed: `%s`" % nxb.extra)
        once = [sid for sid in list(S) + ["peer " + p for p in P]
                if (S.get(sid) or P.get(sid[5:])).ok and
                len((S.get(sid) or P.get(sid[5:])).runs) < (S.get(sid) or P.get(sid[5:])).requested]
        if once:
            notes.append("run once, the first run taking over %.0f s: %s" % (SLOW, ", ".join(once)))
        for sid in S:
            if S[sid].note:
                notes.append("%s: %s" % (sid, S[sid].note.replace("|", "/")))
        if res.get("converter"):
            notes.append("data: %s; the peers read %d ties" % (res["converter"], res["peer_ties"]))
        for n in notes:
            w("- " + n)
        w("")
    # Scaling exponents, one table per generator.
    for gen in GENERATORS:
        done = [r for r in results if r["gen"] == gen and "error" not in r]
        if len(done) < 2:
            continue
        w("## Scaling on %s: exponent b in time ~ ties^b (least squares over the sizes)" % gen)
        w("")
        w("| step | " + " | ".join("%s ties" % r["ties"] for r in done) + " | b |")
        w("|---|" + "---:|" * (len(done) + 1))
        ids = [("import", "import"), ("import_ot", "import orgs+ties"), ("summary", "summary"),
               ("pagerank", "PageRank"), ("betw_exact", "betweenness exact"), ("betw_k", "betweenness K=%d" % K),
               ("louvain", "Louvain"), ("tensions", "tensions"), ("gaps", "gaps missing"), ("duplicates", "duplicates"), ("render", "render"),
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
    global SLOW, WARM_UP
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--coalition", required=True, help="the coalition binary (a release build)")
    ap.add_argument("--build-type", default="Release", help="how the binary was built (for the report)")
    ap.add_argument("--peers", required=True, help="directory holding peer_igraph.py and peer_networkx.py")
    ap.add_argument("--sizes", default="2000,20000,200000", help="chapter counts (default %(default)s)")
    ap.add_argument("--reps", default="5,3,1", help="repetitions per size (default %(default)s)")
    ap.add_argument("--generators", default="synth,ecosystem",
                    help="synth (coalition synth) and/or ecosystem (the peers' gen_ecosystem.py); "
                         "default %(default)s")
    ap.add_argument("--large", type=int, default=100000,
                    help="from this many chapters: sampled betweenness only (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=1200, help="timeout of each of our steps, s")
    ap.add_argument("--peer-timeout", type=int, default=900, help="timeout of each peer run, s")
    ap.add_argument("--peer-reps-large", type=int, default=1, help="peer repetitions at the large sizes")
    ap.add_argument("--nx-timeout-large", type=int, default=120,
                    help="timeout of peer_networkx.py at the large sizes, s (default %(default)s)")
    ap.add_argument("--nx-betw-budget", type=int, default=180,
                    help="budget of NetworkX's betweenness alone when the pipeline did not finish, s")
    ap.add_argument("--warm-up", type=float, default=WARM_UP,
                    help="a step's first run is an untimed warm-up when it takes less than this; a slower one "
                         "counts as the first repetition (default %(default)s s)")
    ap.add_argument("--slow", type=float, default=SLOW,
                    help="a step whose first run takes longer than this is run once (default %(default)s s)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="scratch directory (default tests/bench/work)")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"), help="where to write the tables")
    ap.add_argument("--keep", action="store_true", help="keep the stores and data in the work directory")
    a = ap.parse_args()
    SLOW, WARM_UP = a.slow, a.warm_up

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
    gens = [g for g in re.split(r"[ ,]+", a.generators.strip()) if g]
    for g in gens:
        if g not in GENERATORS:
            sys.exit("bench: unknown generator '%s' (--generators takes %s)" % (g, ", ".join(GENERATORS)))
    if "ecosystem" in gens and not os.path.isfile(os.path.join(peers, "gen_ecosystem.py")):
        sys.exit("bench: gen_ecosystem.py not found in the peers' directory '%s'" % a.peers)

    os.makedirs(a.work, exist_ok=True)
    work = tempfile.mkdtemp(prefix="run-", dir=a.work)   # removed at the end unless --keep
    b = Bench(a)
    b.peers = peers
    b.build_graph_only(work)
    b.build_render_phases(work)
    meta = versions(b.bin)
    meta["build"] = a.build_type
    # What follows ANALYSIS_MARK in an existing RESULTS.md is written by hand (where the time goes, what
    # would fix it): it is kept, below the new tables.
    kept = ""
    if os.path.exists(a.results):
        with open(a.results) as f:
            old = f.read()
        if ANALYSIS_MARK in old:
            kept = old[old.index(ANALYSIS_MARK):]
    t0 = time.time()
    for gen in gens:
        for n, r in zip(sizes, reps):
            b.results.append(b.size(gen, n, r, n >= a.large, work))
            text = report(b.results, meta)
            with open(a.results, "w") as f:      # after each size, so that a long run shows progress
                f.write(text)
    text = report(b.results, meta).rstrip("\n") + "\n\nWhole benchmark: %.0f s.\n" % (time.time() - t0)
    if kept:
        text += "\n" + kept
    with open(a.results, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("bench: data and stores kept in %s" % work, file=sys.stderr)


if __name__ == "__main__":
    main()
