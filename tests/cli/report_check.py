#!/usr/bin/python3
"""Checks of `coalition report` output for tests/cli/test_report.sh, written apart from the C code.

usage: report_check.py chromelog LOG       no console message from the page and no request from it
                                            (only Chromium's own pages and service hosts may appear)
       report_check.py screenshot PNG       the map is drawn: below the first pixel of the chapter
                                            color (the first thing of that color on the page is the
                                            map), chapter, national and friction colors and ink
       report_check.py seedfacts SEED_DIR   prints facts counted from the CSV files:
                                            orgs ties negative unsourced sources
Exits 1 with a message on the first failed check.
"""
import csv, os, re, sys


def fail(msg):
    sys.exit("report_check: " + msg)


# Chromium's own background services (time, updates, sign-in): not the page's doing.
BROWSER_HOSTS = re.compile(r"^https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)(/|$)")


def chromelog(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    # Chromium's own pages (chrome://, e.g. its compose box warning of a slow
    # network) log to the same console: not the report's doing either.
    console = [l for l in text.splitlines()
               if ":CONSOLE" in l and not re.search(r", source: chrome://\S+ \(\d+\)$", l)]
    if console:
        fail("console messages:\n" + "\n".join(console[:5]))
    urls = re.findall(r"NotifyBeforeURLRequest: (\S+)", text)
    page = [u for u in urls if not BROWSER_HOSTS.match(u)]
    if page:
        fail("requests from the page: " + ", ".join(page[:5]))
    if "NotifyBeforeURLRequest" not in text and "VERBOSE1" not in text:
        fail("the log has no network logging at all (--v=1 missing?)")


def screenshot(path):
    import cairo
    s = cairo.ImageSurface.create_from_png(path)
    w, h, stride, data = s.get_width(), s.get_height(), s.get_stride(), s.get_data()

    def px(x, y):  # ARGB32, little-endian: B G R A
        i = y * stride + 4 * x
        return data[i + 2], data[i + 1], data[i]

    def near(c, ref, tol=6):
        return all(abs(a - b) <= tol for a, b in zip(c, ref))

    chapter, national, friction = (0xF2, 0x8E, 0x2B), (0x1F, 0x3A, 0x68), (0xD6, 0x27, 0x28)
    top = None
    for y in range(0, h, 2):
        if any(near(px(x, y), chapter) for x in range(0, w, 2)):
            top = y
            break
    if top is None:
        fail("no pixel of the chapter color: the map is not drawn")
    counts = {"chapter": 0, "national": 0, "friction": 0, "ink": 0, "all": 0}
    xs = []
    for y in range(top, min(h, top + 450)):
        for x in range(w):
            c = px(x, y)
            counts["all"] += 1
            if near(c, chapter):
                counts["chapter"] += 1
                xs.append(x)
            elif near(c, national):
                counts["national"] += 1
            elif near(c, friction, 30):
                counts["friction"] += 1
            if max(c) < 200:
                counts["ink"] += 1
    if counts["chapter"] < 300 or counts["national"] < 300 or counts["friction"] < 10:
        fail("map colors missing under y=%d: %r" % (top, counts))
    if max(xs) - min(xs) < 300:
        fail("chapters span only %d pixels across" % (max(xs) - min(xs)))
    if counts["ink"] < 0.01 * counts["all"]:
        fail("the map area is nearly blank: %r" % counts)
    print("map from y=%d: %r, chapters across %d px" % (top, counts, max(xs) - min(xs)))


def seedfacts(d):
    ties = list(csv.DictReader(open(os.path.join(d, "ties.csv"), encoding="utf-8")))
    orgs = list(csv.DictReader(open(os.path.join(d, "orgs.csv"), encoding="utf-8")))
    sources = list(csv.DictReader(open(os.path.join(d, "sources.csv"), encoding="utf-8")))
    negative = sum(1 for t in ties if t["sign"].strip() in ("-1", "-", "negative"))
    unsourced = sum(1 for t in ties if not t["sources"].strip())
    print(len(orgs), len(ties), negative, unsourced, len(sources))


def brokers(report, gaps_csv):
    """The report's brokers table (report.c counts their brokerage itself, for the listed orgs only)
    against `coalition gaps --section brokers --format csv`, which counts it for every org on its
    directed graph: the same orgs in the same order, with the same partners, constraint, effective
    size and brokerage, rounded as the report prints them."""
    import html
    text = open(report, encoding="utf-8").read()
    at = text.index("<h3>Brokers</h3>")
    table = text[text.index("<table>", at):text.index("</table>", at)]
    rows = [[html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)]
            for r in re.findall(r"<tr>(.*?)</tr>", table)][1:]
    want = [[g["name"] or g["key"], g["kind"], g["partners"], "%.3f" % float(g["constraint"]),
             "%.1f" % float(g["effective_size"]), g["brokerage"]]
            for g in csv.DictReader(open(gaps_csv, encoding="utf-8"))]
    if not rows or rows != want:
        fail("brokers: the report lists %r, gaps %r" % (rows, want))
    print("brokers: %d rows as gaps lists them" % len(rows))


if __name__ == "__main__":
    {"chromelog": chromelog, "screenshot": screenshot, "seedfacts": seedfacts,
     "brokers": brokers}[sys.argv[1]](*sys.argv[2:])
