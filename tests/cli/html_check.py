"""html_check.py - drives coalition's interactive map (render --out X.html) in
headless Chromium through the DevTools protocol (over a pipe, standard library only).

usage: html_check.py page HTML ORGS_CSV TIES_CSV SHOT_DIR
           the page loads with no console message, no exception and no request; the title,
           legend and status are filled; a search by name selects the org and a click on an
           org lists its ties (counted from the CSV files, not from our output); hovering
           shows the org; unticking a kind hides its orgs (status count and no pixel of its
           color left on the map); the year slider changes the count of ties to the count
           of ties active that year (from ties.csv); the wheel zooms; screenshots are not
           blank where orgs are; the PNG button downloads a PNG
       html_check.py load HTML
           prints the milliseconds from navigation to the page being ready (every control
           working: the driver's clock) and to the map's first frame (the page's clock, whose
           origin is the navigation), for tests/bench, after checking that there was no
           console message or request
Exits 1 with a message on the first failed check.
"""
import base64, csv, json, os, shutil, subprocess, sys, tempfile, time

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1400,900"]


def fail(msg):
    sys.exit("html_check: " + msg)


class Browser:
    """One headless Chromium with one page, driven over the DevTools protocol
    through a pipe (--remote-debugging-pipe: no port, so the browser can run
    in a network namespace of its own, where nothing can leave the machine)."""

    def __init__(self, timeout=600):
        self.profile = tempfile.mkdtemp(prefix="co-chromium-")
        self.timeout = timeout
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        net = "unshare -n " if subprocess.run(["unshare", "-n", "true"],
                                              stderr=subprocess.DEVNULL).returncode == 0 else ""
        cmd = "exec %schromium %s --user-data-dir=%s --remote-debugging-pipe about:blank 3<&%d 4>&%d" % (
            net, " ".join(CHROMIUM_FLAGS), self.profile, to_chrome_r, from_chrome_w)
        self.proc = subprocess.Popen(["sh", "-c", cmd], pass_fds=(to_chrome_r, from_chrome_w),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(domain + ".enable")

    def _recv(self):
        end = time.time() + self.timeout
        while b"\0" not in self.buf:
            if time.time() > end:
                fail("no answer from Chromium in %d s" % self.timeout)
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                fail("Chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, browser=False, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session and not browser:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            msg = self._recv()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    fail("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def eval(self, expr):
        r = self.send("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            fail("evaluating %s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def wait_for(self, expr, what, seconds=300):
        end = time.time() + seconds
        while time.time() < end:
            if self.eval(expr):
                return
            time.sleep(0.05)
        fail("timed out waiting for " + what)

    def mouse(self, kind, x, y, **extra):
        self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def click(self, x, y):
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, button="left", clickCount=1)
        self.mouse("mouseReleased", x, y, button="left", clickCount=1)

    def click_element(self, selector):
        x, y = self.eval("(function(){var e=document.querySelector(%s);e.scrollIntoView({block:'center'});"
                         "var r=e.getBoundingClientRect();"
                         "return [r.left+r.width/2, r.top+r.height/2];})()" % json.dumps(selector))
        self.click(x, y)

    def key(self, key, code, vk):
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=code,
                      windowsVirtualKeyCode=vk, nativeVirtualKeyCode=vk)

    def screenshot(self):
        return Image(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))

    def settle(self):
        """Lets pending timers (a full frame after a move) run."""
        self.eval("new Promise(function(r){setTimeout(r, 400);})")
        self.eval("new Promise(function(r){requestAnimationFrame(function(){r(1);});})")

    def problems(self, page_url):
        """Console messages, exceptions, log entries and requests other than the page itself."""
        out = []
        for e in self.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.consoleAPICalled":
                out.append("console.%s: %s" % (p["type"], [a.get("value") for a in p["args"]]))
            elif m == "Runtime.exceptionThrown":
                out.append("exception: %s" % p["exceptionDetails"])
            elif m == "Log.entryAdded":
                out.append("log: %s %s" % (p["entry"]["level"], p["entry"]["text"]))
            elif m == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if url != page_url and not url.startswith("blob:"):
                    out.append("request: " + url)
        return out

    def close(self):
        try:
            os.close(self.to_chrome)
            os.close(self.from_chrome)
            self.proc.kill()
            self.proc.wait(timeout=30)
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


class Image:
    """A PNG's pixels, read by Cairo (python3-cairo): px(x, y) is (r, g, b)."""

    def __init__(self, data):
        import io, cairo
        surface = cairo.ImageSurface.create_from_png(io.BytesIO(data))
        self.w, self.h = surface.get_width(), surface.get_height()
        self.stride, self.data = surface.get_stride(), bytes(surface.get_data())

    def px(self, x, y):  # ARGB32, little-endian: B G R A
        i = int(y) * self.stride + 4 * int(x)
        return self.data[i + 2], self.data[i + 1], self.data[i]

    def count(self, ref, tol, x1):
        """Pixels within tol of ref, left of x1."""
        return sum(near(self.px(x, y), ref, tol) for y in range(self.h) for x in range(min(x1, self.w)))

    def inked(self):
        return sum(self.px(x, y) != (255, 255, 255) for y in range(0, self.h, 2) for x in range(0, self.w, 2))


def near(c, ref, tol=10):
    return all(abs(a - b) <= tol for a, b in zip(c, ref))


def load(browser, path):
    url = "file://" + os.path.abspath(path)
    t0 = time.time()
    browser.send("Page.navigate", url=url)
    end = time.time() + 1200
    while not browser.eval("!!(document.body && document.body.dataset.ready === '1')"):
        problems = browser.problems(url)
        if problems:   # an exception while loading: no need to wait for a page that will not be ready
            fail("the page reported:\n  " + "\n  ".join(problems[:8]))
        if time.time() > end:
            fail("timed out waiting for the map to draw")
        time.sleep(0.05)
    ms = (time.time() - t0) * 1000
    problems = browser.problems(url)
    if problems:
        fail("the page reported:\n  " + "\n  ".join(problems[:8]))
    return url, ms


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def page(html, orgs_csv, ties_csv, shot_dir):
    orgs = read_csv(orgs_csv)
    ties = read_csv(ties_csv)
    b = Browser()
    try:
        url, _ = load(b, html)
        # titles, legend, status
        if not b.eval("document.getElementById('title').textContent"):
            fail("no title")
        if b.eval("document.querySelectorAll('#legend svg').length") < 3:
            fail("the legend has fewer than 3 swatches")
        n_orgs = int(b.eval("document.getElementById('status').dataset.orgs"))
        if n_orgs != len(orgs):
            fail("status shows %d orgs, orgs.csv has %d" % (n_orgs, len(orgs)))
        n_ties = int(b.eval("document.getElementById('status').dataset.ties"))
        if n_ties != len(ties):
            fail("status shows %d ties, ties.csv has %d" % (n_ties, len(ties)))

        # screenshot: every org's center is not blank
        img = b.screenshot()
        pos = b.eval("coalitionMap.positions()")
        blank = [k for k, (x, y) in pos.items()
                 if 0 <= x < img.w and 0 <= y < img.h and img.px(x, y) == (255, 255, 255)]
        if len(pos) != len(orgs) or blank:
            fail("%d orgs placed, %d blank at their centers: %s" % (len(pos), len(blank), blank[:5]))

        # search by name: the org with the most ties, typed and entered
        # the lines of an org: its ties and its federation links (parent,
        # members), a link only where no tie joins the pair (drawn once)
        degree = {}
        for t in ties:
            for end in (t["source"], t["target"]):
                degree[end] = degree.get(end, 0) + 1
        keys = {o["key"] for o in orgs}
        pairs = {frozenset((t["source"], t["target"])) for t in ties}
        for o in orgs:
            if o.get("parent") in keys and frozenset((o["key"], o["parent"])) not in pairs:
                for end in (o["key"], o["parent"]):
                    degree[end] = degree.get(end, 0) + 1
        hub = max(orgs, key=lambda o: (degree.get(o["key"], 0), o["key"]))
        b.click_element("#search")
        b.send("Input.insertText", text=hub["name"])
        b.key("Enter", "Enter", 13)
        b.settle()
        if b.eval("document.getElementById('map').dataset.selected") != hub["key"]:
            fail("searching '%s' did not select %s" % (hub["name"], hub["key"]))
        if b.eval("document.getElementById('dname').textContent") != hub["name"]:
            fail("the details do not name %s" % hub["name"])
        listed = b.eval("document.querySelectorAll('#dties li').length")
        if listed != degree[hub["key"]]:
            fail("%s: %d ties listed, ties.csv has %d" % (hub["key"], listed, degree[hub["key"]]))
        zoom_after_search = float(b.eval("document.getElementById('map').dataset.zoom"))
        if zoom_after_search <= 1:
            fail("the search did not zoom to the org")
        x, y = b.eval("coalitionMap.positions()")[hub["key"]]
        if not (abs(x - b.eval("innerWidth") / 2) < 400):
            fail("the found org is not near the middle")

        # click empty space clears, click an org lists its ties
        b.click_element("#zfit")
        b.settle()
        pos = b.eval("coalitionMap.positions()")
        other = sorted((o for o in orgs if degree.get(o["key"], 0) > 0 and o["key"] != hub["key"]),
                       key=lambda o: (-degree[o["key"]], o["key"]))[0]
        b.click(*pos[other["key"]])
        b.settle()
        if b.eval("document.getElementById('map').dataset.selected") != other["key"]:
            fail("a click on %s did not select it" % other["key"])
        listed = b.eval("document.querySelectorAll('#dties li').length")
        if listed != degree[other["key"]]:
            fail("%s: a click listed %d ties, ties.csv has %d" % (other["key"], listed, degree[other["key"]]))
        text = b.eval("document.getElementById('dties').textContent")
        mine = [t for t in ties if other["key"] in (t["source"], t["target"])]
        for t in mine:
            if t["kind"] not in text:
                fail("the ties of %s lack the kind %s" % (other["key"], t["kind"]))
            if t["start"] and t["start"] not in text:
                fail("the ties of %s lack the date %s" % (other["key"], t["start"]))
        rect = b.eval("(function(){var r=document.getElementById('map').getBoundingClientRect();"
                      "return [r.left, r.top, r.right, r.bottom];})()")
        empty = max(((x, y) for x in range(int(rect[0]) + 50, int(rect[2]) - 10, 20)
                     for y in range(int(rect[1]) + 10, int(rect[3]) - 10, 20)),
                    key=lambda p: min((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 for q in pos.values()))
        b.click(*empty)
        b.settle()
        if b.eval("document.getElementById('map').dataset.selected"):
            fail("a click on empty space did not clear the selection")

        # hover names the org
        x, y = pos[hub["key"]]
        b.mouse("mouseMoved", x, y)
        if b.eval("document.getElementById('tip').hidden") or \
                hub["name"] not in b.eval("document.getElementById('tip').textContent"):
            fail("hovering %s shows no tooltip with its name" % hub["key"])
        b.mouse("mouseMoved", 3, 3)

        # the kind filter hides a kind: chapters (orange on the static map)
        chapter = (0xF2, 0x8E, 0x2B)
        n_chapters = sum(o["kind"] == "chapter" for o in orgs)
        right = int(b.eval("document.getElementById('map').getBoundingClientRect().right"))
        before = b.screenshot().count(chapter, 6, right)
        b.click_element("#kinds input[value=chapter]")
        b.settle()
        shown = int(b.eval("document.getElementById('status').dataset.orgs"))
        if shown != len(orgs) - n_chapters:
            fail("without chapters %d orgs shown, expected %d" % (shown, len(orgs) - n_chapters))
        after = b.screenshot().count(chapter, 6, right)
        if before < 50 or after > 0:
            fail("chapter-colored pixels on the map: %d before unticking, %d after" % (before, after))
        b.click_element("#kinds input[value=chapter]")
        b.settle()

        # the state filter: the orgs of the state with the most orgs (orgs.csv)
        states = {}
        for o in orgs:
            if o.get("state"):
                states[o["state"]] = states.get(o["state"], 0) + 1
        if states:
            st = max(sorted(states), key=lambda k: states[k])
            b.eval("(function(){var s=document.getElementById('state');"
                   "for (var i=0;i<s.options.length;i++) if (s.options[i].textContent.indexOf(%s)===0)"
                   " s.selectedIndex=i; s.dispatchEvent(new Event('change'));})()" % json.dumps(st + " ("))
            b.settle()
            shown = int(b.eval("document.getElementById('status').dataset.orgs"))
            if shown != states[st]:
                fail("state %s: %d orgs shown, orgs.csv has %d" % (st, shown, states[st]))
            b.eval("(function(){var s=document.getElementById('state');s.selectedIndex=0;"
                   "s.dispatchEvent(new Event('change'));})()")
            b.settle()

        # the year slider: ties active in a year, counted from ties.csv
        years = sorted({int(t[c][:4]) for t in ties for c in ("start", "end") if t[c]})
        b.eval("document.getElementById('year').focus()")
        b.key("ArrowRight", "ArrowRight", 39)
        b.settle()
        year = years[0]
        active = sum((not t["start"] or int(t["start"][:4]) <= year) and
                     (not t["end"] or int(t["end"][:4]) >= year) for t in ties)
        got = int(b.eval("document.getElementById('status').dataset.ties"))
        if got != active or got == len(ties):
            fail("year %d: %d ties counted, ties.csv has %d active (of %d)" % (year, got, active, len(ties)))
        drawn = int(b.eval("document.getElementById('map').dataset.drawnTies"))
        if drawn != active:
            fail("year %d: %d ties drawn, %d active" % (year, drawn, active))
        b.eval("document.getElementById('year').value = document.getElementById('year').min;"
               "document.getElementById('year').dispatchEvent(new Event('input'))")
        b.settle()

        # the wheel zooms
        b.click_element("#zfit")
        b.settle()
        cx = b.eval("(function(){var r=document.getElementById('map').getBoundingClientRect();"
                    "return [r.left+r.width/2, r.top+r.height/2];})()")
        b.send("Input.dispatchMouseEvent", type="mouseWheel", x=cx[0], y=cx[1], deltaX=0, deltaY=-500)
        b.settle()
        k = float(b.eval("document.getElementById('map').dataset.zoom"))
        if not k > 1.5:
            fail("the wheel did not zoom in (scale %g)" % k)
        shot = b.send("Page.captureScreenshot", format="png")["data"]
        open(os.path.join(shot_dir, "zoomed.png"), "wb").write(base64.b64decode(shot))
        img = Image(base64.b64decode(shot))
        pos = b.eval("coalitionMap.positions()")
        right = int(b.eval("document.getElementById('map').getBoundingClientRect().right"))
        inside = [(k2, xy) for k2, xy in pos.items() if 10 < xy[0] < right - 10 and 80 < xy[1] < img.h - 40]
        blank = [k2 for k2, (x, y) in inside if img.px(x, y) == (255, 255, 255)]
        if not inside or blank:
            fail("zoomed in: %d orgs in view, blank at %s" % (len(inside), blank[:5]))

        # download PNG
        dl = tempfile.mkdtemp(prefix="co-dl-")
        b.send("Browser.setDownloadBehavior", browser=True, behavior="allow", downloadPath=dl,
               eventsEnabled=True)
        b.click_element("#png")
        path = os.path.join(dl, "coalition-map.png")
        for _ in range(200):
            if os.path.exists(path) and os.path.getsize(path) > 0:
                break
            time.sleep(0.1)
        else:
            fail("the PNG button downloaded nothing: %s %s" % (os.listdir(dl), [e["method"] for e in b.events if "ownload" in e["method"]]))
        img = Image(open(path, "rb").read())
        if img.w < 400 or img.inked() < 250:
            fail("the downloaded PNG is blank or small")
        shutil.rmtree(dl, ignore_errors=True)

        problems = b.problems(url)
        if problems:
            fail("the page reported:\n  " + "\n  ".join(problems[:8]))
    finally:
        b.close()


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "page":
        page(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "load":
        b = Browser(timeout=1800)
        try:
            _, ms = load(b, sys.argv[2])
            # a page without phases (before the data was split) drew its first frame when ready
            first = b.eval("coalitionMap.phases && coalitionMap.phases.firstPaint") or ms
            print("%.0f %.0f" % (ms, first))
            print("phases (ms from navigation): %s" % b.eval("JSON.stringify(coalitionMap.phases)"),
                  file=sys.stderr)
        finally:
            b.close()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
