#!/usr/bin/python3
"""Every command's peak memory against igraph's graph alone (issue 23 item 3: at 1.1M ties, every
command's peak at most 2x igraph's graph alone), measured in one run on two stores.

  commands_bench.py --coalition BUILD/coalition --peers DIR [--chapters 200000] [--work DIR]
                    [--results tests/bench/RESULTS.md] [--timeout S]

The stores (--chapters N; 200000 is the 1.1M-tie size, about 10 minutes on two cores):
  - synth: `coalition --seed 1 synth --chapters N`, then init and import of the whole directory;
  - ecosystem: the peers' `gen_ecosystem.py N DIR 7` (from --peers), imported as bench.py imports it
    (its orgs.csv id column as our key, with its ties.csv).
The bound of each store is 2x the peak resident size of tests/bench/igraph_graph_only.c (built here as
bench.py builds it) on the peers' layout of the same ties (synth converted by to_peer_csv.py).

One `summary` (not measured) makes the store's view snapshot current; then the store file, its write-ahead
log and its -view snapshot are copied, and every command runs once, in the order of COMMANDS, on that copy
(commands that save runs write to it, so later ones, export in particular, see those runs), under
/usr/bin/time (bench.timed(): wall, user + system CPU, peak resident size, exit status), with --quiet, its
stdout to /dev/null and any file it writes in a scratch directory removed after it.  The CLI may start
itself again once for huge pages; /usr/bin/time's peak still covers it.  The query rows use the first two
orgs by key that have a tie (named in the section).  `outcomes` exits 1 on the ecosystem store, which has no
dates: a row's note gives the exit status and the first line of stderr of any command that did not exit 0;
that is recorded, not a failure of this script.

The section goes below RESULTS.md's analysis mark (after the hubs section when there is one), between
BEGIN and END, and replaces the one an earlier run wrote; bench.py keeps it.  Run with Debian's
/usr/bin/python3.
"""
import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

BEGIN = "<!-- commands: written by tests/bench/commands_bench.py; bench.py keeps it -->"
END = "<!-- /commands -->"
HUBS_END = "<!-- /hubs -->"

# (row label, arguments after the command's --db; A and B stand for the query orgs, OUT for a file or
# directory in the scratch directory with the extension given).
COMMANDS = [
    ("summary", ["summary"]),
    ("centrality --measure pagerank --weighted --format csv",
     ["centrality", "--measure", "pagerank", "--weighted", "--format", "csv"]),
    ("centrality --measure betweenness (sampled by default above 50,000 orgs)",
     ["centrality", "--measure", "betweenness"]),
    ("centrality --measure hub", ["centrality", "--measure", "hub"]),
    ("centrality (default measures)", ["centrality"]),
    ("communities --method louvain --weighted --format csv",
     ["communities", "--method", "louvain", "--weighted", "--format", "csv"]),
    ("communities (default: Leiden)", ["communities"]),
    ("gaps (all sections)", ["gaps"]),
    ("gaps --section missing", ["gaps", "--section", "missing"]),
    ("tensions", ["tensions"]),
    ("events", ["events"]),
    ("query find Indivisible", ["query", "find", "Indivisible"]),
    ("diff --from 2019-01-01 --to 2023-01-01", ["diff", "--from", "2019-01-01", "--to", "2023-01-01"]),
    ("export --format json", ["export", "--format", "json"]),
    ("export --format graphml", ["export", "--format", "graphml"]),
    ("export --format csv (--out DIR)", ["export", "--format", "csv", "--out", "OUT"]),
    ("render PNG 2000x2000", ["render", "--out", "OUT.png", "--width", "2000", "--height", "2000"]),
    ("render SVG", ["render", "--out", "OUT.svg"]),
    ("render PDF", ["render", "--out", "OUT.pdf"]),
    ("render HTML (interactive)", ["render", "--out", "OUT.html"]),
    ("render --layout kinds HTML", ["render", "--layout", "kinds", "--out", "OUT.html"]),
    ("outcomes", ["outcomes"]),
    ("duplicates", ["duplicates"]),
    ("report --out X.html (and its map)", ["report", "--out", "OUT.html"]),
    ("query neighbors A --depth 2", ["query", "neighbors", "A", "--depth", "2"]),
    ("query ego A --depth 2", ["query", "ego", "A", "--depth", "2"]),
    ("query path A B", ["query", "path", "A", "B"]),
    ("query connectors A B", ["query", "connectors", "A", "B"]),
    ("panel --from 2025 --to 2026 --measures degree",
     ["panel", "--from", "2025", "--to", "2026", "--measures", "degree"]),
    ("panel --from 2025 --to 2026 (default measures)", ["panel", "--from", "2025", "--to", "2026"]),
]


def log(msg):
    print("commands_bench: " + msg, file=sys.stderr, flush=True)


def must(r, what):
    if r.status != "ok":
        sys.exit("commands_bench: %s: %s (exit %d): %s" % (what, r.status, r.rc, r.err.strip()[-400:]))
    return r


def build_graph_only(work):
    """tests/bench/igraph_graph_only.c, built as bench.py builds it."""
    out = os.path.join(work, "igraph_graph_only")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "igraph"], stdout=subprocess.PIPE,
                           universal_newlines=True, check=True).stdout.split()
    subprocess.run(["cc", "-O2", "-o", out, os.path.join(HERE, "igraph_graph_only.c")] + flags, check=True)
    return out


def make_store(a, gen, work):
    """Writes the import dir and the peers' dir of one generator, imports it; returns (db, peer dir)."""
    imp, peer = os.path.join(work, gen), os.path.join(work, gen + "-peer")
    if gen == "synth":
        log("synth --chapters %d" % a.chapters)
        must(bench.timed([a.coalition, "--seed", "1", "--quiet", "synth", "--chapters", str(a.chapters),
                          "--out", imp]), "synth")
        bench.to_peer_csv(imp, peer)
    else:
        log("gen_ecosystem.py %d" % a.chapters)
        must(bench.timed([bench.PY, os.path.join(a.peers, "gen_ecosystem.py"), str(a.chapters), peer, "7"]),
             "gen_ecosystem.py")
        bench.ecosystem_import_dir(peer, imp)
    db = os.path.join(work, gen + ".db")
    must(bench.timed([a.coalition, "--db", db, "--quiet", "init"]), "init " + gen)
    log("import %s" % gen)
    must(bench.timed([a.coalition, "--db", db, "--quiet", "import", imp]), "import " + gen)
    shutil.rmtree(imp, ignore_errors=True)
    # The view snapshot made current once, so that the first command measured does not rewrite it.
    must(bench.timed([a.coalition, "--db", db, "--quiet", "summary"], stdout_path=os.devnull), "summary " + gen)
    return db, peer


def copy_store(db, dst):
    """The store file, its write-ahead log and its view snapshot, copied to dst (and dst's own)."""
    for suffix in ("", "-wal", "-view"):
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, dst + suffix)
    return dst


def query_orgs(db):
    """The first two org keys (bytewise: SQLite's BINARY collation) of orgs that have a tie."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        rows = con.execute("SELECT key FROM orgs WHERE id IN (SELECT source_id FROM ties UNION "
                           "SELECT target_id FROM ties) ORDER BY key LIMIT 2").fetchall()
    finally:
        con.close()
    if len(rows) < 2:
        sys.exit("commands_bench: fewer than two orgs with ties in %s" % db)
    return rows[0][0], rows[1][0]


def argv_of(args, keys, out):
    """args with A, B and OUT[.ext] replaced."""
    res = []
    for x in args:
        if x in ("A", "B"):
            res.append(keys[0] if x == "A" else keys[1])
        elif x.startswith("OUT"):
            res.append(out + x[3:])
        else:
            res.append(x)
    return res


def graph_alone(a, graph_only, peer):
    n = bench.count_rows(os.path.join(peer, "orgs.csv"))
    ties = bench.count_rows(os.path.join(peer, "ties.csv"))
    r = must(bench.timed([graph_only, str(n), os.path.join(peer, "ties.csv")]), "igraph_graph_only")
    return n, ties, r.kb


def one_store(a, gen, graph_only, work):
    db, peer = make_store(a, gen, work)
    orgs, ties, graph_kb = graph_alone(a, graph_only, peer)
    shutil.rmtree(peer, ignore_errors=True)
    keys = query_orgs(db)
    copy = copy_store(db, os.path.join(work, gen + "-copy.db"))
    R = {"gen": gen, "orgs": orgs, "ties": ties, "graph_kb": graph_kb, "keys": keys, "rows": {}}
    scratch = os.path.join(work, gen + "-out")
    for label, args in COMMANDS:
        os.makedirs(scratch, exist_ok=True)
        argv = [a.coalition, "--db", copy, "--quiet"] + argv_of(args, keys, os.path.join(scratch, "out"))
        log("%s: %s" % (gen, label))
        r = bench.timed(argv, timeout=a.timeout, stdout_path=os.devnull)
        R["rows"][label] = r
        if r.status != "ok":
            log("%s: %s: %s (exit %d) %s" % (gen, label, r.status, r.rc, r.note))
        shutil.rmtree(scratch, ignore_errors=True)
    for suffix in ("", "-wal", "-shm", "-view"):
        for f in (db, copy):
            if os.path.exists(f + suffix):
                os.unlink(f + suffix)
    return R


def mb(kb):
    return kb / 1024.0


def cell(r, bound_kb):
    """(MB, / graph, CPU s) of one run."""
    if r.kb is None:
        return "-", "-", "-"
    return "%.0f" % mb(r.kb), "%.2f" % (r.kb / (bound_kb / 2.0)), "%.1f" % r.cpu if r.cpu is not None else "-"


def note(gen, r):
    if r.status == "ok":
        return ""
    what = r.note if r.status == "dnf" else "exit %d" % r.rc
    if r.status != "dnf" and r.note:
        what += ": " + r.note.replace("|", "/")
    return "%s %s" % (gen, what)


def section(a, meta, results, load, elapsed):
    S, E = results
    L = [BEGIN, "## Every command's peak memory, %d chapters (issue 23 item 3; %s)" % (
        a.chapters, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())), "",
         "Written by `tests/bench/commands_bench.py --chapters %d`; regenerate rather than edit." % a.chapters, "",
         "- machine: %s, %s cores, load average at start %.2f; coalition %s (commit %s); igraph C %s"
         % (meta["cpu"], meta["cores"], load, meta["version"], meta["commit"], meta["igraph_c"]),
         "- stores: synth is `coalition synth --seed 1 --chapters %d` (%s orgs, %s ties); ecosystem is the "
         "peers' `gen_ecosystem.py %d DIR 7` (%s orgs, %s ties)" % (
             a.chapters, "{:,}".format(S["orgs"]), "{:,}".format(S["ties"]), a.chapters,
             "{:,}".format(E["orgs"]), "{:,}".format(E["ties"])),
         "- bound: 2x the peak resident size of igraph's graph alone (tests/bench/igraph_graph_only.c on the "
         "same ties): synth %.0f MB (graph %.0f MB), ecosystem %.0f MB (graph %.0f MB)" % (
             2 * mb(S["graph_kb"]), mb(S["graph_kb"]), 2 * mb(E["graph_kb"]), mb(E["graph_kb"])),
         "- each command once, in this order, with `--quiet` and stdout to /dev/null, on a copy of the store "
         "(its view snapshot made current before): peak resident size (MB, /usr/bin/time), that over the "
         "graph alone, and user + system CPU seconds (rough on a shared machine; peaks do not depend on "
         "the load)",
         "- query orgs (A, B: the first two org keys with a tie): synth %s, %s; ecosystem %s, %s" % (
             S["keys"] + E["keys"]),
         "", "| command | synth MB | synth / graph | synth CPU s | ecosystem MB | ecosystem / graph | "
         "ecosystem CPU s | note |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    over = {"synth": [], "ecosystem": []}
    within = {"synth": 0, "ecosystem": 0}
    for label, _ in COMMANDS:
        cells, notes = [], []
        for R in (S, E):
            r = R["rows"][label]
            cells += cell(r, 2 * R["graph_kb"])
            if r.kb is not None and r.kb <= 2 * R["graph_kb"]:
                within[R["gen"]] += 1
            else:
                over[R["gen"]].append(label)
            if note(R["gen"], r):
                notes.append(note(R["gen"], r))
        L.append("| %s | %s | %s |" % (label, " | ".join(cells), "; ".join(notes)))
    n = len(COMMANDS)
    last = []
    for gen in ("synth", "ecosystem"):
        last.append("%s: %d of %d commands within 2x%s" % (
            gen, within[gen], n, " (over: %s)" % ", ".join(over[gen]) if over[gen] else ""))
    L += ["", "Within the bound (peak at most 2x the graph alone, whatever the exit status): %s." % "; ".join(last),
          "", "Whole run: %.0f s." % elapsed, END, ""]
    return "\n".join(L)



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--coalition", required=True, help="the coalition binary (a release build)")
    ap.add_argument("--peers", required=True, help="directory holding gen_ecosystem.py")
    ap.add_argument("--chapters", type=int, default=200000,
                    help="size of both stores (default %(default)s: 1.1M ties)")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds a command may take (default %(default)s)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="scratch directory")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    a = ap.parse_args()
    a.coalition = os.path.abspath(a.coalition)
    if not os.path.exists(os.path.join(a.peers, "gen_ecosystem.py")):
        sys.exit("commands_bench: no gen_ecosystem.py in %s (--peers)" % a.peers)
    os.makedirs(a.work, exist_ok=True)
    work = tempfile.mkdtemp(prefix="commands-", dir=a.work)
    t0, load = time.time(), os.getloadavg()[0]
    meta = bench.versions(a.coalition)
    try:
        graph_only = build_graph_only(work)
        results = [one_store(a, gen, graph_only, work) for gen in ("synth", "ecosystem")]
        text = section(a, meta, results, load, time.time() - t0)
        bench.write_section(a.results, text, BEGIN, END, after=HUBS_END)
        sys.stdout.write(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
