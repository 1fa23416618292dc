/*
 * map.js - the interactive coalition map.  src/render_html.c writes the drawing
 * (positions, radii and colors in the static map's page units, the tie
 * styles, the legend, the heaviest lines) as JSON in #coalition-data
 * before this script, and the details (names, kinds, the other lines,
 * dates, sources) in #coalition-details after it; big columns are base64
 * typed arrays.  The script draws the first frame from the drawing as soon
 * as it runs, and reads the details once the browser has the whole file
 * (at 1.1M ties the details are five sixths of it): only then do search,
 * filters, hover and click work.
 *
 * Pan and zoom are d3-zoom's (mouse, wheel and trackpad, touch); hover and
 * click find orgs through a grid index of the orgs shown.  Level of detail:
 * a full frame draws the ties in view, the heaviest first, at most FIRST
 * of them on the whole map and more as one zooms in, up to FULL_BUDGET
 * (the status line says how many); while the view moves, big maps show
 * the last full frame moved and scaled, and draw a full frame once it
 * rests.  Labels are placed at each full frame, largest org first, where
 * they overlap no placed label; more fit as one zooms in.
 * Nothing here asks the network for anything (the page's CSP forbids it).
 */
(function () {
  'use strict';
  var t0 = performance.now();
  // phases: milliseconds since navigation began (performance's time origin)
  var phases = {script: t0};
  function mark(name) { phases[name] = performance.now(); }
  var D = JSON.parse(document.getElementById('coalition-data').textContent);
  mark('parse');
  var FULL_BUDGET = 250000;     // ties drawn in one full frame at most
  var FIRST = 100000;           // on the whole map (render_html.c's FIRST_LINES: the first frame's)
  var LIVE_LIMIT = 30000;       // above this many ties in view, moves reuse the last frame
  var LABEL_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

  // base64 to bytes: the browser's own decoder where it has one (several
  // times faster than atob and a loop at 1.1M ties)
  function bytes(text) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
    var bin = atob(text), n = bin.length, out = new Uint8Array(n);
    for (var i = 0; i < n; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function b64(text, Type) {
    var b = bytes(text);
    return new Type(b.buffer, b.byteOffset, b.length / Type.BYTES_PER_ELEMENT);
  }
  var TYPES = {u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f32: Float32Array};
  // a column render_html.c wrote: {t, b} (u24: three bytes, little-endian), and
  // with `dict` the indices of its values (null for NaN), turned into `as`
  function col(c) {
    var b = bytes(c.b), a, i;
    if (c.t === 'u24') {
      a = new Uint32Array(b.length / 3);
      for (i = 0; i < a.length; i++) a[i] = b[3 * i] | b[3 * i + 1] << 8 | b[3 * i + 2] << 16;
    } else {
      a = new TYPES[c.t](b.buffer, b.byteOffset, b.length / TYPES[c.t].BYTES_PER_ELEMENT);
    }
    if (!c.dict) return a;
    var dict = c.dict.map(function (v) { return v === null ? NaN : v; }), out = new TYPES[c.as](a.length);
    for (i = 0; i < a.length; i++) out[i] = dict[a[i]];
    return out;
  }
  // counts to offsets (n + 1)
  function offsets(count) {
    var off = new Uint32Array(count.length + 1);
    for (var i = 0; i < count.length; i++) off[i + 1] = off[i] + count[i];
    return off;
  }
  function join(a, b, Type) {
    var out = new Type(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }

  // The drawing (this block, read now): positions, radii, colors, the
  // labels' order and first names, and the heaviest lines (render_html.c writes
  // lines heaviest first, so a budget is a prefix).  The details (names,
  // kinds, dates, the other lines...) follow the script in the file and
  // are read by finish() once the browser has them all.
  var N = D.nodes.n, M = D.lines.first, MALL = D.lines.m;
  var ready = false;
  var X = col(D.nodes.x), Y = col(D.nodes.y), R = col(D.nodes.r);
  var COLOR = col(D.nodes.color), FLAGS = col(D.nodes.flags);   // flags: 1 the ego, 2 a forced label
  var labelOrder = col(D.nodes.labelOrder), firstNames = new Map();
  D.nodes.labelName.forEach(function (s, j) { firstNames.set(labelOrder[j], s); });
  var FROM = col(D.lines.from), TO = col(D.lines.to), STYLE = col(D.lines.style);
  var BEND = D.lines.bend ? col(D.lines.bend) : null;
  D.regions.forEach(function (g) { g.pts = g.rings.map(function (r) { return b64(r, Float32Array); }); });
  var styles = D.styles, nStyles = styles.length;
  var SIZE, DEG, KIND, STATE, GROUP, CITY, AOFF, ALIAS, TKIND = null, SIGN, WEIGHT, START, END, SOFF, SRC;
  var AD, ADJ, sizeKey;
  function nameOf(i) { return ready ? D.nodes.name[i] : firstNames.get(i); }
  mark('decode');

  var $ = function (id) { return document.getElementById(id); };
  var canvas = $('map'), ctx = canvas.getContext('2d');
  var cache = document.createElement('canvas'), layer = document.createElement('canvas');

  // ---- derived arrays ----
  function byDesc(key, tie) {
    return function (a, b) { return key[b] - key[a] || (tie ? tie[b] - tie[a] : 0) || a - b; };
  }
  // indices by key, largest first.  A million-element sort with a
  // comparator took seconds; the keys quantized to 2^20 levels and packed
  // with the index into one float sort natively (ties in index order).
  function heaviestFirst(key, n) {
    if (n >= 2097152) return iota(n).sort(byDesc(key));
    var max = 0, i, packed = new Float64Array(n), out = new Uint32Array(n);
    for (i = 0; i < n; i++) if (key[i] > max) max = key[i];
    for (i = 0; i < n; i++) {
      var q = max > 0 ? Math.floor(key[i] / max * 1048575) : 0;
      packed[i] = (1048575 - q) * 2097152 + i;
    }
    packed.sort();
    for (i = 0; i < n; i++) out[i] = packed[i] % 2097152;
    return out;
  }
  function iota(n) { var a = new Uint32Array(n); for (var i = 0; i < n; i++) a[i] = i; return a; }
  // nodes: by color, largest first within a color (small maps draw largest first overall)
  var nodeOrder;
  if (N <= 50000) {
    nodeOrder = iota(N).sort(function (a, b) {
      return (N > 5000 ? COLOR[a] - COLOR[b] : 0) || R[b] - R[a] || a - b;
    });
  } else {
    var nk = new Float64Array(N), rmax = 0, j;
    for (j = 0; j < N; j++) rmax = Math.max(rmax, R[j]);
    for (j = 0; j < N; j++) nk[j] = (D.palette.length - COLOR[j]) + 0.99 * R[j] / (rmax || 1);
    nodeOrder = heaviestFirst(nk, N);
  }
  mark('nodeOrder');
  var textWidth = new Float32Array(N).fill(NaN);

  // the details: names, keys, kinds, places, the other lines, every
  // line's kind, sign, weight, dates and sources
  function readDetails() {
    var E = JSON.parse($('coalition-details').textContent), i;
    mark('detailsParse');
    ['kinds', 'states', 'groups', 'tieKinds', 'cities', 'sources', 'years'].forEach(function (k) { D[k] = E[k]; });
    D.nodes.key = E.nodes.key;
    D.nodes.name = E.nodes.name;
    D.nodes.aliases = E.nodes.aliases;
    SIZE = col(E.nodes.size); KIND = col(E.nodes.kind); STATE = col(E.nodes.state);
    GROUP = col(E.nodes.group); CITY = col(E.nodes.city);
    AOFF = offsets(col(E.nodes.aliasN)); ALIAS = col(E.nodes.alias);
    M = MALL;
    FROM = join(FROM, col(E.lines.from), Uint32Array);
    TO = join(TO, col(E.lines.to), Uint32Array);
    STYLE = join(STYLE, col(E.lines.style), Uint32Array);
    if (BEND) BEND = join(BEND, col(E.lines.bend), Float32Array);
    TKIND = col(E.lines.kind); WEIGHT = col(E.lines.weight);
    START = col(E.lines.start); END = col(E.lines.end);
    SIGN = new Int8Array(M).fill(1);
    var neg = col(E.lines.neg);
    for (i = 0; i < neg.length; i++) SIGN[neg[i]] = -1;
    SOFF = offsets(col(E.lines.srcN)); SRC = col(E.lines.src);
    mark('detailsDecode');
    // adjacency (lines of each node), for the ties of a clicked org, and
    // each org's degree (its ties; parent links, kind 0, not counted)
    AD = new Uint32Array(N + 1); ADJ = new Uint32Array(2 * M); DEG = new Float32Array(N);
    for (i = 0; i < M; i++) {
      AD[FROM[i] + 1]++; AD[TO[i] + 1]++;
      if (TKIND[i] !== 0) { DEG[FROM[i]]++; DEG[TO[i]]++; }
    }
    for (i = 0; i < N; i++) AD[i + 1] += AD[i];
    var fill = AD.slice(0, N);
    for (i = 0; i < M; i++) { ADJ[fill[FROM[i]]++] = i; ADJ[fill[TO[i]]++] = i; }
    sizeKey = new Float32Array(N);
    for (i = 0; i < N; i++) sizeKey[i] = isNaN(SIZE[i]) ? -Infinity : SIZE[i];
    minYear = D.years[0]; maxYear = D.years[1];
    lineOn = new Uint8Array(M);
    kindOn = D.kinds.map(function () { return true; });
    tieKindOn = D.tieKinds.map(function () { return true; });
    mark('derived');
  }

  // ---- filters ----
  var kindOn = [], tieKindOn = [];
  var stateSel = -1, year = 0;
  var nodeOn = new Uint8Array(N).fill(1), lineOn = new Uint8Array(M).fill(1);
  var shown = {orgs: N, ties: MALL, links: 0};
  var minYear = 0, maxYear = 0;
  function activeIn(l, y) {
    var s = Math.floor(START[l] / 10000), e = Math.floor(END[l] / 10000);
    return (!s || s <= y) && (!e || e >= y);
  }
  // ---- the spatial index of the orgs shown (hover, click, labels clear of
  // dots): a uniform grid of about four orgs a cell, counting-sorted into
  // typed arrays.  d3-quadtree, used before, took 0.5 to 0.8 s to index
  // 240k orgs on the shared 2-core machine, before the first frame and
  // again at every filter change; this grid takes a few tens of ms.
  var index = null, indexOf = -1, maxR = 0;
  function buildIndex() {
    var i, n = 0, x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    maxR = 0;
    for (i = 0; i < N; i++) {
      if (!nodeOn[i]) continue;
      n++;
      if (X[i] < x0) x0 = X[i];
      if (X[i] > x1) x1 = X[i];
      if (Y[i] < y0) y0 = Y[i];
      if (Y[i] > y1) y1 = Y[i];
      if (R[i] > maxR) maxR = R[i];
    }
    var g = Math.max(1, Math.min(2048, Math.ceil(Math.sqrt(n / 4))));
    var q = {g: g, x0: x0, y0: y0, cw: Math.max((x1 - x0) / g, 1e-9), ch: Math.max((y1 - y0) / g, 1e-9),
      start: new Uint32Array(g * g + 1), items: new Uint32Array(n)};
    var cellOf = new Uint32Array(N);
    for (i = 0; i < N; i++) {
      if (!nodeOn[i]) continue;
      cellOf[i] = cellAt(q, Math.floor((X[i] - x0) / q.cw), Math.floor((Y[i] - y0) / q.ch));
      q.start[cellOf[i] + 1]++;
    }
    for (i = 0; i < g * g; i++) q.start[i + 1] += q.start[i];
    var fill = q.start.slice(0, g * g);
    for (i = 0; i < N; i++) if (nodeOn[i]) q.items[fill[cellOf[i]]++] = i;
    index = q;
    indexOf = n;
  }
  function clampCell(q, c) { return Math.max(0, Math.min(q.g - 1, c)); }
  function cellAt(q, cx, cy) { return clampCell(q, cy) * q.g + clampCell(q, cx); }
  // fn(i) for each org shown in the cells over the box (page units), until it returns true
  function visitBox(x0, y0, x1, y1, fn) {
    var q = index;
    if (!q || !indexOf) return false;
    var cx0 = clampCell(q, Math.floor((x0 - q.x0) / q.cw)), cx1 = clampCell(q, Math.floor((x1 - q.x0) / q.cw));
    var cy0 = clampCell(q, Math.floor((y0 - q.y0) / q.ch)), cy1 = clampCell(q, Math.floor((y1 - q.y0) / q.ch));
    for (var cy = cy0; cy <= cy1; cy++)
      for (var cx = cx0; cx <= cx1; cx++) {
        var c = cy * q.g + cx;
        for (var k = q.start[c]; k < q.start[c + 1]; k++) if (fn(q.items[k])) return true;
      }
    return false;
  }
  function applyFilters() {
    var i, n = 0, t = 0, f = 0;
    for (i = 0; i < N; i++) {
      nodeOn[i] = kindOn[KIND[i]] && (stateSel < 0 || STATE[i] === stateSel) ? 1 : 0;
      n += nodeOn[i];
    }
    for (i = 0; i < M; i++) {
      var on = nodeOn[FROM[i]] && nodeOn[TO[i]] && tieKindOn[TKIND[i]] &&
        (!year || TKIND[i] === 0 || activeIn(i, year));
      lineOn[i] = on ? 1 : 0;
      if (on) { if (TKIND[i] === 0) f++; else t++; }
    }
    shown.orgs = n; shown.ties = t; shown.links = f;
    if (n !== N || indexOf !== N) buildIndex();
    if (selected >= 0 && !nodeOn[selected]) select(-1);
    else if (selected >= 0) showDetails(selected);
  }

  // ---- geometry: page units -> screen ----
  var W = 1, H = 1, dpr = 1, base = {s: 1, x: 0, y: 0}, T = d3.zoomIdentity;
  var view = {s: 1, x: 0, y: 0, k: 1};
  function fitBase() {
    var p = D.plot, pw = p[2] - p[0], ph = p[3] - p[1];
    var s = Math.min(W / pw, H / ph);
    base = {s: s, x: (W - s * pw) / 2 - s * p[0], y: (H - s * ph) / 2 - s * p[1]};
  }
  function setView() {
    view = {s: T.k * base.s, x: T.k * base.x + T.x, y: T.k * base.y + T.y, k: T.k};
    canvas.dataset.zoom = T.k.toFixed(4);
  }
  function radius(i) { return Math.max(0.7, R[i] * base.s * Math.sqrt(view.k)); }

  function resize() {
    var rect = $('stage').getBoundingClientRect();
    W = Math.max(50, rect.width); H = Math.max(50, rect.height);
    dpr = window.devicePixelRatio || 1;
    [canvas, cache, layer].forEach(function (c) {
      c.width = Math.round(W * dpr); c.height = Math.round(H * dpr);
    });
    fitBase(); setView();
  }

  // ---- drawing ----
  var selected = -1, hovered = -1, cacheT = null, drawnTies = 0, timer = 0;
  function styleOf(ctx2, st, highlight) {
    ctx2.strokeStyle = st.color;
    var w = st.width * base.s * Math.sqrt(view.k);
    ctx2.lineWidth = Math.max(highlight ? 1.5 : 0.35, highlight ? 2 * w : w);
    ctx2.setLineDash(st.dash[0] > 0 ? [st.dash[0] * base.s, st.dash[1] * base.s] : []);
  }
  // the lines in view, at most `budget`, grouped by style
  function linesInView(budget) {
    var x0 = -view.x / view.s, y0 = -view.y / view.s;
    var x1 = (W - view.x) / view.s, y1 = (H - view.y) / view.s;
    var pick = [], i, l, n = 0, nt = 0;
    truncated = false;
    function inView(l) {
      var a = FROM[l], b = TO[l];
      return !(Math.max(X[a], X[b]) < x0 || Math.min(X[a], X[b]) > x1 ||
        Math.max(Y[a], Y[b]) < y0 || Math.min(Y[a], Y[b]) > y1);
    }
    for (i = 0; i < nStyles; i++) pick.push([]);
    // lines come heaviest first: the budget takes the heaviest in view
    for (l = 0; l < M && n < budget; l++)
      if (lineOn[l] && inView(l)) { pick[STYLE[l]].push(l); n++; nt += TKIND ? TKIND[l] !== 0 : 1; }
    truncated = l < M || M < MALL;
    return {pick: pick, n: n, ties: nt};
  }
  // a tie: straight, or the scene's quadratic curve (control point: the
  // chord's midpoint moved bend x chord to the left of from -> to)
  function linePath(c, l) {
    var a = FROM[l], b = TO[l];
    c.moveTo(view.x + view.s * X[a], view.y + view.s * Y[a]);
    if (BEND && BEND[l]) {
      var cx = (X[a] + X[b]) / 2 + BEND[l] * (Y[b] - Y[a]), cy = (Y[a] + Y[b]) / 2 - BEND[l] * (X[b] - X[a]);
      c.quadraticCurveTo(view.x + view.s * cx, view.y + view.s * cy, view.x + view.s * X[b], view.y + view.s * Y[b]);
    } else {
      c.lineTo(view.x + view.s * X[b], view.y + view.s * Y[b]);
    }
  }
  function strokeLines(c, list, st) {
    c.beginPath();
    for (var j = 0; j < list.length; j++) linePath(c, list[j]);
    styleOf(c, st, false);
    c.stroke();
  }
  // outlines of states and countries, inset frames, rings
  function drawBackground(c) {
    var w = base.s * Math.sqrt(view.k);
    D.regions.forEach(function (g) {
      c.beginPath();
      g.pts.forEach(function (p) {
        for (var k = 0; k < p.length; k += 2) {
          var x = view.x + view.s * p[k], y = view.y + view.s * p[k + 1];
          if (k) c.lineTo(x, y); else c.moveTo(x, y);
        }
        c.closePath();
      });
      if (g.fillAlpha > 0) { c.globalAlpha = g.fillAlpha; c.fillStyle = g.fill; c.fill('evenodd'); }
      if (g.width > 0) {
        c.globalAlpha = g.strokeAlpha; c.strokeStyle = g.stroke;
        c.lineWidth = Math.max(0.5, g.width * w); c.stroke();
      }
    });
    D.frames.forEach(function (m) {
      c.beginPath();
      var x0 = view.x + view.s * m.x0, y0 = view.y + view.s * m.y0;
      var x1 = view.x + view.s * m.x1, y1 = view.y + view.s * m.y1;
      if (m.kind === 'circle') c.arc(x0, y0, m.r * view.s, 0, 2 * Math.PI);
      else if (m.kind === 'line') { c.moveTo(x0, y0); c.lineTo(x1, y1); }
      else c.rect(x0, y0, x1 - x0, y1 - y0);
      if (m.fillAlpha > 0) { c.globalAlpha = m.fillAlpha; c.fillStyle = m.fill; c.fill(); }
      if (m.width > 0) {
        c.globalAlpha = m.strokeAlpha; c.strokeStyle = m.stroke;
        c.lineWidth = Math.max(0.5, m.width * base.s);
        c.setLineDash(m.dash[0] > 0 ? [m.dash[0] * base.s, m.dash[1] * base.s] : []);
        c.stroke();
        c.setLineDash([]);
      }
    });
    c.globalAlpha = 1;
  }
  // level of detail: the heaviest FIRST lines in view (those of the first
  // frame) on the whole map, more as one zooms in, up to FULL_BUDGET
  function lineBudget() { return Math.min(FULL_BUDGET, Math.round(FIRST * Math.max(1, view.k))); }
  function drawLines(c) {
    var got = linesInView(lineBudget()), groupAlpha = -1, lc = null;
    drawnTies = got.ties;
    for (var s = 0; s < nStyles; s++) {
      var st = styles[s], list = got.pick[s];
      if (!list.length) continue;
      if (st.group) {
        if (!lc) {
          lc = layer.getContext('2d');
          lc.setTransform(dpr, 0, 0, dpr, 0, 0);
          lc.clearRect(0, 0, W, H);
          groupAlpha = st.alpha;
        }
        strokeLines(lc, list, st);
        continue;
      }
      if (lc) { flushLayer(c, groupAlpha); lc = null; }
      c.globalAlpha = st.alpha;
      strokeLines(c, list, st);
      c.globalAlpha = 1;
    }
    if (lc) flushLayer(c, groupAlpha);
    c.setLineDash([]);
  }
  function flushLayer(c, alpha) {
    c.save();
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.globalAlpha = alpha;
    c.drawImage(layer, 0, 0);
    c.restore();
  }
  function drawNodes(c) {
    var x0 = -maxR * base.s * 4, y0 = x0, x1 = W - x0, y1 = H - y0;
    var outline = N <= 5000, last = -1;
    c.lineWidth = 0.6 * base.s;
    c.strokeStyle = 'rgba(255,255,255,0.9)';
    if (!outline) c.beginPath();
    for (var j = 0; j < N; j++) {
      var i = nodeOrder[j];
      if (!nodeOn[i]) continue;
      var sx = view.x + view.s * X[i], sy = view.y + view.s * Y[i];
      if (sx < x0 || sx > x1 || sy < y0 || sy > y1) continue;
      var r = radius(i);
      if (outline) {
        c.beginPath();
        c.arc(sx, sy, r, 0, 2 * Math.PI);
        c.fillStyle = D.palette[COLOR[i]];
        c.fill();
        c.stroke();
        continue;
      }
      if (COLOR[i] !== last) {
        if (last >= 0) { c.fill(); c.beginPath(); }
        c.fillStyle = D.palette[COLOR[i]];
        last = COLOR[i];
      }
      if (r < 1.2) c.rect(sx - r, sy - r, 2 * r, 2 * r);
      else { c.moveTo(sx + r, sy); c.arc(sx, sy, r, 0, 2 * Math.PI); }
    }
    if (!outline && last >= 0) c.fill();
  }
  // labels: largest first, each where it overlaps no placed label
  function drawLabels(c) {
    var limit = Math.min(400, Math.round(20 * Math.pow(view.k, 1.2)));
    var placed = [], cell = 64, grid = new Map(), tried = 0;
    c.font = LABEL_FONT;
    c.textBaseline = 'middle';
    function key(cx, cy) { return cx * 100003 + cy; }
    function free(b) {
      for (var cx = Math.floor(b[0] / cell); cx <= Math.floor(b[2] / cell); cx++)
        for (var cy = Math.floor(b[1] / cell); cy <= Math.floor(b[3] / cell); cy++) {
          var list = grid.get(key(cx, cy));
          if (!list) continue;
          for (var q = 0; q < list.length; q++) {
            var o = list[q];
            if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
          }
        }
      return true;
    }
    function add(b) {
      for (var cx = Math.floor(b[0] / cell); cx <= Math.floor(b[2] / cell); cx++)
        for (var cy = Math.floor(b[1] / cell); cy <= Math.floor(b[3] / cell); cy++) {
          var k = key(cx, cy), list = grid.get(k);
          if (!list) grid.set(k, list = []);
          list.push(b);
        }
    }
    // does box b (screen) cover the disc of an org shown other than i?
    function coversNode(b, i) {
      var x0 = (b[0] - view.x) / view.s, x1 = (b[2] - view.x) / view.s;
      var y0 = (b[1] - view.y) / view.s, y1 = (b[3] - view.y) / view.s;
      var pad = maxR * 2;
      return visitBox(x0 - pad, y0 - pad, x1 + pad, y1 + pad, function (v) {
        if (v === i) return false;
        var sx = view.x + view.s * X[v], sy = view.y + view.s * Y[v], r = radius(v);
        var cx = Math.max(b[0], Math.min(sx, b[2])), cy = Math.max(b[1], Math.min(sy, b[3]));
        return (cx - sx) * (cx - sx) + (cy - sy) * (cy - sy) < r * r;
      });
    }
    function tryLabel(i, bold) {
      var sx = view.x + view.s * X[i], sy = view.y + view.s * Y[i];
      if (sx < -50 || sx > W + 50 || sy < -20 || sy > H + 20) return false;
      if (isNaN(textWidth[i])) textWidth[i] = c.measureText(nameOf(i)).width;
      var w = textWidth[i] * (bold ? 1.1 : 1), h = 14, r = radius(i) + 3;
      var spots = [[sx + r, sy - h / 2], [sx - r - w, sy - h / 2], [sx - w / 2, sy - r - h],
        [sx - w / 2, sy + r]];
      // a spot clear of other orgs' dots; labels the static map forced (asked
      // for, hubs) and the selected org's take a spot over dots if they must
      var mayCover = bold || (FLAGS[i] & 2);
      for (var pass = 0; pass < (mayCover ? 2 : 1); pass++)
        for (var q = 0; q < spots.length; q++) {
          var b = [spots[q][0], spots[q][1], spots[q][0] + w, spots[q][1] + h];
          if (b[0] < 0 || b[2] > W || b[1] < 0 || b[3] > H || !free(b)) continue;
          if (pass === 0 && coversNode(b, i)) continue;
          add(b);
          placed.push([i, b, bold]);
          return true;
        }
      return false;
    }
    if (selected >= 0) tryLabel(selected, true);
    var tryN = ready ? N : D.nodes.labelName.length;   // before the details: the names at hand
    for (var j = 0; j < tryN && placed.length < limit && tried < 40 * limit; j++) {
      var i = labelOrder[j];
      if (!nodeOn[i] || i === selected) continue;
      tried++;
      tryLabel(i, false);
    }
    c.lineJoin = 'round';
    for (var p = 0; p < placed.length; p++) {
      var it = placed[p], b = it[1];
      c.font = (it[2] ? 'bold ' : '') + LABEL_FONT;
      c.lineWidth = 3;
      c.strokeStyle = 'rgba(255,255,255,0.9)';
      c.strokeText(nameOf(it[0]), b[0], (b[1] + b[3]) / 2);
      c.fillStyle = '#222226';
      c.fillText(nameOf(it[0]), b[0], (b[1] + b[3]) / 2);
    }
    canvas.dataset.labels = String(placed.length);
  }
  function drawSelection(c) {
    if (selected < 0) return;
    c.fillStyle = 'rgba(255,255,255,0.72)';
    c.fillRect(0, 0, W, H);
    var i = selected, list = [];
    for (var j = AD[i]; j < AD[i + 1]; j++) if (lineOn[ADJ[j]]) list.push(ADJ[j]);
    for (var s = 0; s < nStyles; s++) {
      var mine = list.filter(function (l) { return STYLE[l] === s; });
      if (!mine.length) continue;
      c.globalAlpha = 1;
      c.beginPath();
      mine.forEach(function (l) { linePath(c, l); });
      styleOf(c, styles[s], true);
      c.stroke();
    }
    c.setLineDash([]);
    var ends = [i];
    list.forEach(function (l) { ends.push(FROM[l] === i ? TO[l] : FROM[l]); });
    ends.forEach(function (v, k) {
      var sx = view.x + view.s * X[v], sy = view.y + view.s * Y[v], r = radius(v);
      c.beginPath();
      c.arc(sx, sy, k === 0 ? Math.max(r, 4) : r, 0, 2 * Math.PI);
      c.fillStyle = D.palette[COLOR[v]];
      c.fill();
      c.lineWidth = k === 0 ? 3 : 1;
      c.strokeStyle = k === 0 ? '#111' : '#fff';
      c.stroke();
    });
  }
  function drawFull() {
    timer = 0;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    drawBackground(ctx);
    drawLines(ctx);
    if (!phases.lines) mark('lines');
    drawNodes(ctx);
    if (!phases.nodes) mark('nodes');
    for (var e = 0; e < N; e++) if ((FLAGS[e] & 1) && nodeOn[e]) ring(ctx, e);
    drawSelection(ctx);
    drawLabels(ctx);
    if (!phases.labels) mark('labels');
    if (hovered >= 0) ring(ctx, hovered);
    var cc = cache.getContext('2d');
    cc.setTransform(1, 0, 0, 1, 0, 0);
    cc.clearRect(0, 0, cache.width, cache.height);
    cc.drawImage(canvas, 0, 0);
    cacheT = {k: view.k, x: T.x, y: T.y};
    canvas.dataset.drawnTies = String(drawnTies);
    updateStatus();
  }
  function ring(c, i) {
    c.beginPath();
    c.arc(view.x + view.s * X[i], view.y + view.s * Y[i], radius(i) + 2, 0, 2 * Math.PI);
    c.lineWidth = 2;
    c.strokeStyle = '#111';
    c.stroke();
  }
  // a moving view of a big map: the last full frame, moved and scaled
  function drawMoved() {
    var kr = T.k / cacheT.k;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * kr, 0, 0, dpr * kr, dpr * (T.x - cacheT.x * kr), dpr * (T.y - cacheT.y * kr));
    ctx.drawImage(cache, 0, 0, W, H);
  }
  var live = true;
  function redraw() {
    if (live || !cacheT) { drawFull(); return; }
    drawMoved();
    if (timer) clearTimeout(timer);
    timer = setTimeout(drawFull, 160);
  }
  function numberText(v) {
    if (!isFinite(v)) return '\u2013';
    if (Math.abs(v) >= 100 || v === Math.floor(v)) return Math.round(v).toLocaleString('en-US');
    return Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
  }
  function updateStatus() {
    var st = $('status');
    if (!ready) {
      st.textContent = 'Reading the details of ' + N.toLocaleString('en-US') + ' organizations and ' +
        MALL.toLocaleString('en-US') + ' ties and links\u2026 (the ' + M.toLocaleString('en-US') +
        ' heaviest are drawn)';
      return;
    }
    var text = 'Showing ' + shown.orgs.toLocaleString('en-US') + ' of ' + N.toLocaleString('en-US') +
      ' organizations and ' + shown.ties.toLocaleString('en-US') + ' ties';
    if (shown.links) text += ' (and ' + shown.links.toLocaleString('en-US') + ' federation links)';
    if (truncated) text += '; the ' + drawnTies.toLocaleString('en-US') +
      ' heaviest ties in view are drawn: zoom in for the rest';
    st.textContent = text + '.';
    st.dataset.orgs = String(shown.orgs);
    st.dataset.ties = String(shown.ties);
  }
  var truncated = false;

  // ---- zoom ----
  var zoom = d3.zoom().scaleExtent([0.5, 400]).on('zoom', function (ev) {
    T = ev.transform;
    setView();
    hideTip();
    redraw();
  });
  var sel = d3.select(canvas).call(zoom).on('dblclick.zoom', null);
  function zoomBy(f) { sel.call(zoom.scaleBy, f); }
  $('zin').addEventListener('click', function () { zoomBy(2); });
  $('zout').addEventListener('click', function () { zoomBy(0.5); });
  $('zfit').addEventListener('click', function () { sel.call(zoom.transform, d3.zoomIdentity); });
  function centerOn(i) {
    var k = Math.max(T.k, 4);
    var px = base.x + base.s * X[i], py = base.y + base.s * Y[i];
    sel.call(zoom.transform, d3.zoomIdentity.translate(W / 2 - k * px, H / 2 - k * py).scale(k));
  }

  // ---- hover and click ----
  var tip = $('tip');
  function hideTip() { tip.hidden = true; if (hovered >= 0) { hovered = -1; } }
  function nodeAt(mx, my) {
    if (!ready) return -1;
    var px = (mx - view.x) / view.s, py = (my - view.y) / view.s;
    var reach = (maxR * base.s * Math.sqrt(view.k) + 4) / view.s, best = reach * reach, i = -1;
    visitBox(px - reach, py - reach, px + reach, py + reach, function (v) {
      var d2 = (X[v] - px) * (X[v] - px) + (Y[v] - py) * (Y[v] - py);
      if (d2 < best || (i < 0 && d2 <= best)) { best = d2; i = v; }
      return false;
    });
    if (i < 0) return -1;
    var dx = view.x + view.s * X[i] - mx, dy = view.y + view.s * Y[i] - my;
    return dx * dx + dy * dy <= Math.pow(radius(i) + 3, 2) ? i : -1;
  }
  function place(i) {
    var parts = [D.cities[CITY[i]], D.states[STATE[i]]].filter(Boolean);
    return parts.join(', ');
  }
  function infoLine(i) {
    var bits = [D.kinds[KIND[i]]];
    if (place(i)) bits.push(place(i));
    return bits.join(' \u00b7 ');
  }
  function measuresLine(i) {
    var bits = ['degree ' + numberText(DEG[i])];
    if (D.sizeName && D.sizeName !== 'degree') bits.push(D.sizeName + ' ' + numberText(SIZE[i]));
    var g = D.groups[GROUP[i]];
    if (g && g !== D.kinds[KIND[i]]) bits.push(g);
    return bits.join(' \u00b7 ');
  }
  canvas.addEventListener('mousemove', function (ev) {
    if (ev.buttons) return;
    var r = canvas.getBoundingClientRect(), i = nodeAt(ev.clientX - r.left, ev.clientY - r.top);
    if (i < 0) { tip.hidden = true; hovered = -1; return; }
    hovered = i;
    tip.textContent = '';
    var b = document.createElement('b');
    b.textContent = D.nodes.name[i];
    tip.appendChild(b);
    [infoLine(i), measuresLine(i)].forEach(function (t) {
      var d = document.createElement('div');
      d.textContent = t;
      tip.appendChild(d);
    });
    tip.hidden = false;
    var x = ev.clientX - r.left + 14, y = ev.clientY - r.top + 14;
    if (x + 330 > W) x = Math.max(0, x - 350);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; hovered = -1; });
  canvas.addEventListener('click', function (ev) {
    var r = canvas.getBoundingClientRect();
    select(nodeAt(ev.clientX - r.left, ev.clientY - r.top));
  });
  canvas.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') select(-1);
  });

  // ---- the details of an org ----
  function dateText(v) {
    if (!v) return '';
    var y = Math.floor(v / 10000), m = Math.floor(v / 100) % 100, d = v % 100;
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return String(y) + (m ? '-' + pad(m) : '') + (d ? '-' + pad(d) : '');
  }
  function span(cls, text) {
    var s = document.createElement('span');
    if (cls) s.className = cls;
    s.textContent = text;
    return s;
  }
  function showDetails(i) {
    var box = $('details'), list = $('dties');
    if (i < 0) { box.hidden = true; return; }
    box.hidden = false;
    $('dname').textContent = D.nodes.name[i];
    var info = infoLine(i) + ' \u00b7 key ' + D.nodes.key[i];
    var al = [];
    for (var a = AOFF[i]; a < AOFF[i + 1]; a++) al.push(D.nodes.aliases[ALIAS[a]]);
    if (al.length) info += ' \u00b7 also ' + al.join(', ');
    $('dinfo').textContent = info + ' \u00b7 ' + measuresLine(i);
    var ties = [];
    for (var j = AD[i]; j < AD[i + 1]; j++) if (lineOn[ADJ[j]]) ties.push(ADJ[j]);
    ties.sort(function (p, q) { return (WEIGHT[q] || 0) - (WEIGHT[p] || 0) || p - q; });
    $('dcount').textContent = ties.length + (ties.length === 1 ? ' tie' : ' ties') +
      ' shown' + (ties.length > 300 ? ' (the 300 heaviest listed)' : '') + ':';
    list.textContent = '';
    ties.slice(0, 300).forEach(function (l) {
      var other = FROM[l] === i ? TO[l] : FROM[l], li = document.createElement('li');
      var btn = document.createElement('button');
      btn.className = 'org';
      btn.textContent = D.nodes.name[other];
      btn.addEventListener('click', function () { select(other); centerOn(other); });
      li.appendChild(btn);
      li.dataset.line = String(l);
      var meta = [' ' + D.tieKinds[TKIND[l]]];
      if (TKIND[l] !== 0) {
        var s = dateText(START[l]), e = dateText(END[l]);
        if (s || e) meta.push(s && e ? s + ' to ' + e : s ? 'since ' + s : 'until ' + e);
        meta.push('weight ' + numberText(WEIGHT[l]));
      }
      li.appendChild(span('meta', meta.join(' \u00b7 ')));
      if (SIGN[l] < 0) li.appendChild(span('friction', ' friction'));
      for (var k = SOFF[l]; k < SOFF[l + 1]; k++) {
        var src = D.sources[SRC[k]], line = span('src', 'source: ' + src[1] +
          (src[3] ? ' (' + src[3] + ')' : ''));
        if (/^https?:\/\//i.test(src[2])) {
          var link = document.createElement('a');
          link.href = src[2];
          link.rel = 'noopener noreferrer';
          link.target = '_blank';
          link.textContent = ' link';
          line.appendChild(link);
        }
        li.appendChild(line);
      }
      if (SOFF[l] === SOFF[l + 1] && TKIND[l] !== 0) li.appendChild(span('src', 'no source cited'));
      list.appendChild(li);
    });
  }
  function select(i) {
    selected = i;
    canvas.dataset.selected = i >= 0 ? D.nodes.key[i] : '';
    showDetails(i);
    drawFull();
  }

  // ---- search ----
  var lower = null;
  function search(q) {
    q = q.trim().toLowerCase();
    var hits = $('hits');
    hits.textContent = '';
    if (!q) return [];
    if (!lower) {
      lower = {name: D.nodes.name.map(function (s) { return s.toLowerCase(); }),
        key: D.nodes.key.map(function (s) { return s.toLowerCase(); })};
    }
    var found = [], rank = new Map();
    function hit(i, r) { if (!rank.has(i) || rank.get(i) > r) rank.set(i, r); }
    for (var i = 0; i < N; i++) {
      var nm = lower.name[i], k = lower.key[i];
      if (k === q || nm === q) hit(i, 0);
      else if (nm.indexOf(q) === 0 || k.indexOf(q) === 0) hit(i, 1);
      else if (nm.indexOf(q) >= 0 || k.indexOf(q) >= 0) hit(i, 2);
      for (var a = AOFF[i]; a < AOFF[i + 1]; a++) {
        var al = D.nodes.aliases[ALIAS[a]].toLowerCase();
        if (al === q) hit(i, 0); else if (al.indexOf(q) >= 0) hit(i, 2);
      }
    }
    rank.forEach(function (r, i) { found.push(i); });
    found.sort(function (a, b) { return rank.get(a) - rank.get(b) || sizeKey[b] - sizeKey[a] || a - b; });
    found.slice(0, 12).forEach(function (i) {
      var li = document.createElement('li'), b = document.createElement('button');
      b.textContent = D.nodes.name[i];
      b.addEventListener('click', function () { choose(i); });
      li.appendChild(b);
      var small = document.createElement('small');
      small.textContent = D.kinds[KIND[i]] + (nodeOn[i] ? '' : ', hidden by the filters');
      li.appendChild(small);
      hits.appendChild(li);
    });
    if (found.length > 12) {
      var more = document.createElement('li');
      more.textContent = (found.length - 12) + ' more';
      hits.appendChild(more);
    }
    return found;
  }
  function choose(i) {
    if (!nodeOn[i]) {   // a match hidden by the filters: show its kind and state again
      kindOn[KIND[i]] = true;
      stateSel = -1;
      syncControls();
      applyFilters();
    }
    select(i);
    centerOn(i);
  }
  var searchTimer = 0;
  function setupSearch() {
    $('search').addEventListener('input', function () {
      clearTimeout(searchTimer);
      var v = this.value;
      searchTimer = setTimeout(function () { search(v); }, N > 50000 ? 200 : 0);
    });
    $('search').addEventListener('keydown', function (ev) {
      if (ev.key !== 'Enter') return;
      var found = search(this.value);
      if (found.length) choose(found[0]);
    });
  }

  // ---- filter controls ----
  function countBy(arr, n, len) {
    var c = new Array(len).fill(0);
    for (var i = 0; i < n; i++) c[arr[i]]++;
    return c;
  }
  // in the legend's order where the legend names them, then by name
  function legendRank(name) {
    for (var i = 0; i < D.legend.length; i++) if (D.legend[i].label === name) return i;
    return D.legend.length;
  }
  function checkboxes(box, names, counts, on, onChange) {
    var order = names.map(function (n, k) { return k; });
    order.sort(function (a, b) {
      return legendRank(names[a]) - legendRank(names[b]) || (names[a] < names[b] ? -1 : 1);
    });
    order.forEach(function (k) {
      var name = names[k];
      if (!counts[k]) return;
      var label = document.createElement('label'), cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.checked = on[k];
      cb.value = name;
      cb.addEventListener('change', function () { on[k] = cb.checked; onChange(); });
      label.appendChild(cb);
      label.appendChild(document.createTextNode(' ' + name + ' (' + counts[k].toLocaleString('en-US') + ')'));
      box.appendChild(label);
    });
  }
  function refilter() { applyFilters(); drawFull(); }
  function syncControls() {
    $('kinds').querySelectorAll('input').forEach(function (cb) {
      cb.checked = kindOn[D.kinds.indexOf(cb.value)];
    });
    $('state').value = String(stateSel);
  }
  function setupFilters() {
    checkboxes($('kinds'), D.kinds, countBy(KIND, N, D.kinds.length), kindOn, refilter);
    checkboxes($('tiekinds'), D.tieKinds, countBy(TKIND, M, D.tieKinds.length), tieKindOn, refilter);
    var s = $('state'), opt = document.createElement('option');
    opt.value = '-1';
    opt.textContent = 'all states';
    s.appendChild(opt);
    var order = D.states.map(function (n, k) { return k; }).filter(function (k) { return D.states[k]; });
    order.sort(function (a, b) { return D.states[a] < D.states[b] ? -1 : 1; });
    var sc = countBy(STATE, N, D.states.length);
    order.forEach(function (k) {
      var o = document.createElement('option');
      o.value = String(k);
      o.textContent = D.states[k] + ' (' + sc[k] + ')';
      s.appendChild(o);
    });
    s.addEventListener('change', function () { stateSel = +s.value; refilter(); });
    var y = $('year');
    if (!minYear) { y.disabled = true; $('yearout').textContent = 'no dates'; return; }
    y.min = String(minYear - 1);
    y.max = String(maxYear);
    y.value = String(minYear - 1);
    y.addEventListener('input', function () {
      var v = +y.value;
      year = v < minYear ? 0 : v;
      $('yearout').textContent = year ? 'ties active in ' + year : 'all';
      refilter();
    });
  }

  // ---- legend, titles ----
  (function () {
    $('title').textContent = D.title;
    $('subtitle').textContent = D.subtitle;
    $('caption').textContent = D.caption;
    var box = $('legend'), section = null, NS = 'http://www.w3.org/2000/svg';
    D.legend.forEach(function (e) {
      if (e.section !== section) {
        var h = document.createElement('h3');
        h.textContent = e.section;
        box.appendChild(h);
        section = e.section;
      }
      if (e.swatch === 'text') {   // a note; `more`: the next line of the last one
        var last = box.lastElementChild;
        if (e.more && last && last.tagName === 'P') { last.textContent += ' ' + e.label; return; }
        var p = document.createElement('p');
        p.textContent = e.label;
        box.appendChild(p);
        return;
      }
      var row = document.createElement('div'), svg = document.createElementNS(NS, 'svg');
      var size = Math.max(16, Math.ceil(2 * (e.r || 0) + 2));
      svg.setAttribute('width', String(e.swatch === 'line' ? 24 : size));
      svg.setAttribute('height', String(e.swatch === 'line' ? 12 : size));
      if (e.swatch === 'line') {
        var st = D.styles[e.style] || {color: e.color, width: 1, dash: [0, 0], alpha: 1};
        var ln = document.createElementNS(NS, 'line');
        ln.setAttribute('x1', '1'); ln.setAttribute('x2', '23');
        ln.setAttribute('y1', '6'); ln.setAttribute('y2', '6');
        ln.setAttribute('stroke', st.color);
        ln.setAttribute('stroke-width', String(Math.max(1, st.width * 1.5)));
        ln.setAttribute('stroke-opacity', String(Math.max(0.5, st.alpha)));
        if (st.dash[0] > 0) ln.setAttribute('stroke-dasharray', st.dash[0] + ' ' + st.dash[1]);
        svg.appendChild(ln);
      } else {
        var c = document.createElementNS(NS, 'circle');
        c.setAttribute('cx', String(size / 2)); c.setAttribute('cy', String(size / 2));
        c.setAttribute('r', String(Math.max(1, Math.min(e.r, size / 2 - 1))));
        c.setAttribute('fill', e.color);
        if (e.alpha >= 0 && e.alpha < 1) c.setAttribute('fill-opacity', String(e.alpha));
        svg.appendChild(c);
      }
      row.appendChild(svg);
      row.appendChild(span('', e.label + (e.count >= 0 ? ' (' + e.count.toLocaleString('en-US') + ')' : '')));
      box.appendChild(row);
    });
  })();

  // ---- PNG of the current view: title, map, caption ----
  $('png').addEventListener('click', function () {
    var out = document.createElement('canvas'), top = 56, bottom = 26;
    out.width = canvas.width;
    out.height = canvas.height + Math.round((top + bottom) * dpr);
    var c = out.getContext('2d');
    c.fillStyle = '#fff';
    c.fillRect(0, 0, out.width, out.height);
    c.drawImage(canvas, 0, Math.round(top * dpr));
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.fillStyle = '#222226';
    c.font = 'bold 18px ' + LABEL_FONT.replace(/^12px /, '');
    c.textBaseline = 'top';
    c.fillText(D.title, 12, 8);
    c.font = LABEL_FONT;
    c.fillStyle = '#59595f';
    c.fillText(D.subtitle, 12, 32);
    c.font = LABEL_FONT.replace(/^12px/, '10px');
    c.fillText(D.caption, 12, H + top + 8);
    out.toBlob(function (blob) {
      var a = document.createElement('a');
      a.download = 'coalition-map.png';
      a.href = URL.createObjectURL(blob);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 5000);
    }, 'image/png');
  });

  // ---- start: the first frame now, the rest once the file is in ----
  mark('prepare');
  resize();
  live = N <= 20000 && MALL <= LIVE_LIMIT;
  buildIndex();
  mark('index');
  drawFull();
  mark('firstFrame');
  window.addEventListener('resize', function () { resize(); drawFull(); });
  function finish() {
    mark('detailsStart');
    readDetails();
    setupFilters();
    setupSearch();
    ready = true;
    applyFilters();
    mark('filters');
    // the frame on screen is the one a full frame would draw now (every
    // filter on, the same lines, labels and view) unless the view moved
    // meanwhile: then only the counts change
    if (cacheT && cacheT.k === T.k && cacheT.x === T.x && cacheT.y === T.y && selected < 0 && hovered < 0) {
      drawnTies = linesInView(lineBudget()).ties;
      canvas.dataset.drawnTies = String(drawnTies);
      updateStatus();
    } else {
      drawFull();
    }
    mark('ready');
    document.body.dataset.ready = '1';
  }
  // a frame shown before the details are read: after the next animation
  // frame, and not before the parser has the rest of the file
  function whenParsed() {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', finish);
    else finish();
  }
  requestAnimationFrame(function () { mark('firstPaint'); setTimeout(whenParsed, 0); });
  // for scripts and tests: where each org shown is, in the page's CSS pixels
  function positions() {
    var r = canvas.getBoundingClientRect(), out = {};
    for (var i = 0; i < N; i++)
      if (nodeOn[i]) out[D.nodes.key[i]] = [r.left + view.x + view.s * X[i], r.top + view.y + view.s * Y[i]];
    return out;
  }
  // firstFrameMs: from navigation to the first frame drawn
  window.coalitionMap = {firstFrameMs: phases.firstFrame, positions: positions, phases: phases};
})();
