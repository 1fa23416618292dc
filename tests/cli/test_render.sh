# test_render.sh - `coalition render` on tests/fixtures/render (9 orgs of four kinds, one
# friction tie, federation links, orgs in Chicago, Anchorage, Honolulu, one with a state only,
# one with no location) and on karate/lesmis for crowded labels.  Checks are done by
# tests/cli/render_check.py, written independently of the C code: file formats (PNG IHDR size,
# PDF MediaBox, SVG parsed by xml.etree), node positions of the circle and kinds layouts against
# tests/fixtures/render/expected_*.json (computed by tests/reference/render_layouts.py from the
# documented rules), label boxes that never overlap each other or an org, the legend listing
# exactly the kinds present, and Albers USA positions inside the right state outline.
. "$(dirname "$0")/lib.sh"
DB="$WORK/r.db"
CHECK="python3 $TESTS/cli/render_check.py"
GEO="$TESTS/../datasets/geo"
FIX="$TESTS/fixtures/render"

run --db "$DB" init
expect_status 0 "init"
run --db "$DB" import "$FIX"
expect_status 0 "import render fixture"

# Formats: each a valid file of the asked size.
run --db "$DB" render --out "$WORK/m.png" --width 640 --height 480
expect_status 0 "png"
expect_stdout_empty "png"
expect_stderr_has "wrote $WORK/m.png: 9 orgs, 11 ties" "png note"
$CHECK png "$WORK/m.png" 640 480 || fail "png file"
run --db "$DB" render --out "$WORK/m.svg" --width 500 --height 400 --layout kinds
expect_status 0 "svg"
$CHECK svg "$WORK/m.svg" 500 400 || fail "svg file"
run --db "$DB" render --out "$WORK/m.pdf" --width 612 --height 792 --layout circle
expect_status 0 "pdf"
$CHECK pdf "$WORK/m.pdf" 612 792 || fail "pdf file"
run --db "$DB" render --out "$WORK/m2.png" --width 800 --height 600 --dpi 192
expect_status 0 "png at 192 dpi"
$CHECK png "$WORK/m2.png" 800 600 || fail "png at 192 dpi"

# Positions computed by reasoning (render_layouts.py), for two seeds: neither layout is random.
for layout in circle kinds; do
	for seed in 1 99; do
		run --db "$DB" --seed $seed render --out "$WORK/$layout.svg" --layout $layout \
			--width 800 --height 600 --dump-layout "$WORK/$layout.json"
		expect_status 0 "$layout layout"
		$CHECK compare "$WORK/$layout.json" "$FIX/expected_$layout.json" || fail "$layout positions"
	done
done

# The kinds layout orders each ring by parents and tie partners: fewer crossing lines on the seed
# than the earlier (parent, state, key) order, counted by tests/reference/kinds_crossings.py.
run --db "$WORK/ks.db" init
run --db "$WORK/ks.db" import "$TESTS/../datasets/seed"
run --db "$WORK/ks.db" render --out "$WORK/ks.png" --layout kinds --dump-layout "$WORK/ks.json"
expect_status 0 "kinds on the seed"
python3 "$TESTS/reference/kinds_crossings.py" "$TESTS/../datasets/seed" "$WORK/ks.json" check >/dev/null ||
	fail "kinds layout: no fewer crossings than the old order"

# Same seed, same force-directed layout; labels never overlap.
for layout in fr kk drl lgl multilevel; do
	run --db "$DB" --seed 5 render --out "$WORK/a.png" --layout $layout --dump-layout "$WORK/a.json"
	expect_status 0 "$layout a"
	run --db "$DB" --seed 5 render --out "$WORK/b.png" --layout $layout --dump-layout "$WORK/b.json"
	expect_status 0 "$layout b"
	cmp -s "$WORK/a.json" "$WORK/b.json" || fail "$layout is not deterministic for one seed"
	$CHECK labels "$WORK/a.json" >/dev/null || fail "$layout labels"
done

# The legend lists exactly the kinds present, and only the tie styles present.
run --db "$DB" render --out "$WORK/k.png" --layout kinds --dump-layout "$WORK/k.json"
$CHECK legend "$WORK/k.json" chapter,national,ngo,union || fail "legend kinds"
run --db "$DB" render --out "$WORK/k.png" --kinds chapter,ngo --dump-layout "$WORK/k2.json"
$CHECK legend "$WORK/k2.json" chapter,ngo || fail "legend kinds of a filtered view"
# Every chapter's parent link joins a pair an affiliation tie already joins: drawn once, as the tie.
ties=$(python3 -c "import json,sys; print(','.join(e['label'] for e in json.load(open(sys.argv[1]))['legend'] if e['section']=='ties'))" "$WORK/k.json")
[ "$ties" = "collaboration,friction" ] || fail "tie legend '$ties'"
n=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ties'])" "$WORK/k.json")
[ "$n" = 11 ] || fail "11 ties and no parent link drawn, not $n lines"
run --db "$DB" render --out "$WORK/k.png" --positive-only --dump-layout "$WORK/k3.json"
ties=$(python3 -c "import json,sys; print(','.join(e['label'] for e in json.load(open(sys.argv[1]))['legend'] if e['section']=='ties'))" "$WORK/k3.json")
[ "$ties" = "collaboration" ] || fail "tie legend without friction '$ties'"
# Without the affiliation ties the parent links are drawn, as federation links.
run --db "$DB" render --out "$WORK/k.png" --tie-kinds campaign,training,partnership,day_of_action,friction,resource_sharing --dump-layout "$WORK/k4.json"
ties=$(python3 -c "import json,sys; print(','.join(e['label'] for e in json.load(open(sys.argv[1]))['legend'] if e['section']=='ties'))" "$WORK/k4.json")
[ "$ties" = "collaboration,federation,friction" ] || fail "tie legend with parent links '$ties'"

# Geo: Chicago inside Illinois, Anchorage inside the Alaska inset, both where an independent
# Albers USA puts them; Honolulu where the Hawaii inset puts it.
run --db "$DB" render --out "$WORK/g.png" --layout geo --geo-dir "$GEO" --width 1200 --height 800 \
	--dump-layout "$WORK/g.json"
expect_status 0 "geo"
expect_stderr_has "some orgs have no location" "geo note on the unplaced org"
$CHECK geo "$WORK/g.json" "$GEO/us-states.geojson" ind-chicago -87.6298 41.8781 IL 17 >/dev/null ||
	fail "Chicago in Illinois"
$CHECK geo "$WORK/g.json" "$GEO/us-states.geojson" ind-anchorage -149.9003 61.2181 AK 02 >/dev/null ||
	fail "Anchorage in Alaska"
$CHECK labels "$WORK/g.json" >/dev/null || fail "geo labels"

# Geographic maps of tests/fixtures/render_geo (README there): every node on the canvas and on
# land (within 4 px of an outline projected independently from the GeoJSON), orgs known only by
# state inside their state, a Puerto Rico org inside Puerto Rico's outline, the two orgs with no
# place left off and counted (or in the strip with --unplaced strip).
GFIX="$TESTS/fixtures/render_geo"
run --db "$WORK/g.db" init
run --db "$WORK/g.db" import "$GFIX"
expect_status 0 "import render_geo"
run --db "$WORK/g.db" render --out "$WORK/geo.png" --layout geo --geo-dir "$GEO" --dump-layout "$WORK/geo.json"
expect_status 0 "geo map"
$CHECK geo-land "$WORK/geo.json" "$GEO/us-states.geojson" "$GEO/us_state_centroids.csv" 4 >/dev/null ||
	fail "geo: a node off the canvas or in the sea"
$CHECK geo "$WORK/geo.json" "$GEO/us-states.geojson" pr-caguas -66.0485 18.2341 PR 72 >/dev/null ||
	fail "Caguas inside Puerto Rico"
$CHECK geo "$WORK/geo.json" "$GEO/us-states.geojson" ak-juneau -134.4197 58.3019 AK 02 >/dev/null ||
	fail "Juneau inside Alaska"
n=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['nodes']), d['unplaced'], sum(n['placed']=='state' for n in d['nodes']))" "$WORK/geo.json")
[ "$n" = "51 2 31" ] || fail "geo: nodes, unplaced, by state = $n, expected 51 2 31 (53 orgs, 2 without a place)"
grep -q "2 with no location left off" <(python3 -c "import json,sys; print('\n'.join(t['text'] for t in json.load(open(sys.argv[1]))['texts']))" "$WORK/geo.json") ||
	fail "geo: the legend does not count the orgs left off"
$CHECK labels "$WORK/geo.json" >/dev/null || fail "geo labels"
run --db "$WORK/g.db" render --out "$WORK/geo.svg" --layout geo --geo-dir "$GEO" --unplaced strip --dump-layout "$WORK/geos.json"
expect_status 0 "geo strip"
n=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['nodes']), sum(n['placed']=='none' for n in d['nodes']))" "$WORK/geos.json")
[ "$n" = "53 2" ] || fail "geo strip: nodes, in the strip = $n"
grep -q ">no location known:</text>" "$WORK/geo.svg" || fail "geo strip: no label on the strip"
$CHECK geo-land "$WORK/geos.json" "$GEO/us-states.geojson" "$GEO/us_state_centroids.csv" 4 >/dev/null ||
	fail "geo strip: a node off the canvas or in the sea"
# A one-state view: the page shows Iowa (FIPS 19), filling the plot, and its neighbours' outlines.
run --db "$WORK/g.db" render --out "$WORK/ia.png" --layout geo --geo-dir "$GEO" --states IA --dump-layout "$WORK/ia.json"
expect_status 0 "one-state view"
$CHECK extent "$WORK/ia.json" "$GEO/us-states.geojson" 19 >/dev/null || fail "Iowa view extent"
$CHECK geo-land "$WORK/ia.json" "$GEO/us-states.geojson" "$GEO/us_state_centroids.csv" 4 >/dev/null ||
	fail "Iowa view: a node in the sea"
n=$(python3 -c "import json,sys; s={o['state'] for o in json.load(open(sys.argv[1]))['outlines']}; print({'IA','IL','MN','MO','NE','SD','WI'} <= s and not s & {'CA','NY','TX','FL','WA'})" "$WORK/ia.json")
[ "$n" = True ] || fail "Iowa view outlines: not Iowa and its neighbours only"
# A US-only view draws no Canadian outline, and names only the US source.
n=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); s={o['state'] for o in d['outlines']}; print(sorted(s & {'AB','BC','MB','NB','NL','NS','NT','NU','ON','PE','QC','SK','YT'}), any('Natural Earth' in t['text'] for t in d['texts']))" "$WORK/geo.json")
[ "$n" = "[] False" ] || fail "US-only geo map: Canadian outlines or source $n"

# Canada (tests/fixtures/render_canada, README there): its provinces are drawn (Natural Earth
# outlines, datasets/geo/canada-provinces.geojson) when the view has Canadian orgs; Montréal,
# Toronto, Whitehorse and Calgary are where the contiguous states' Albers conic puts them, inside
# Québec, Ontario, Yukon and Alberta as projected here from the GeoJSON; the Québec org known only
# by its province is inside Québec; every node is on the canvas and on land.
CAN="$GEO/canada-provinces.geojson"
run --db "$WORK/ca.db" init
run --db "$WORK/ca.db" import "$TESTS/fixtures/render_canada"
expect_status 0 "import render_canada"
for f in png svg; do
	run --db "$WORK/ca.db" render --out "$WORK/ca.$f" --layout geo --geo-dir "$GEO" --dump-layout "$WORK/ca-$f.json"
	expect_status 0 "geo map with Canada ($f)"
done
$CHECK geo-land "$WORK/ca-png.json" "$GEO/us-states.geojson,$CAN" "$GEO/us_state_centroids.csv" 4 >/dev/null ||
	fail "Canada: a node off the canvas or in the sea"
$CHECK geo "$WORK/ca-png.json" "$CAN" mtl-centre -73.5673 45.5017 QC QC >/dev/null || fail "Montréal inside Québec"
$CHECK geo "$WORK/ca-png.json" "$CAN" tor-council -79.3832 43.6532 ON ON >/dev/null || fail "Toronto inside Ontario"
$CHECK geo "$WORK/ca-png.json" "$CAN" yt-whitehorse -135.0568 60.7212 YT YT >/dev/null || fail "Whitehorse inside Yukon"
$CHECK geo "$WORK/ca-png.json" "$CAN" ab-calgary -114.0719 51.0447 AB AB >/dev/null || fail "Calgary inside Alberta"
$CHECK geo "$WORK/ca-png.json" "$GEO/us-states.geojson" chi-local -87.6298 41.8781 IL 17 >/dev/null || fail "Chicago inside Illinois"
n=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); s={o['state'] for o in d['outlines']}; print(len(s & {'AB','BC','MB','NB','NL','NS','NT','NU','ON','PE','QC','SK','YT'}), d['unplaced'], [n['key'] for n in d['nodes'] if n['placed']=='state'], any('Canada Natural Earth' in t['text'] for t in d['texts']))" "$WORK/ca-png.json")
[ "$n" = "13 0 ['qc-reseau'] True" ] || fail "Canada: 13 provinces drawn, none unplaced, qc-reseau by province, source named: $n"
$CHECK labels "$WORK/ca-png.json" >/dev/null || fail "Canada labels"
$CHECK same-labels "$WORK/ca-png.json" "$WORK/ca-svg.json" >/dev/null || fail "Canada: PNG and SVG labels differ"
# Zoomed to the orgs: Montréal, Toronto and Boston fill the page (the three are a small part of the
# 960 x 500 frame), with Québec and Ontario drawn around them.
run --db "$WORK/ca.db" render --out "$WORK/ca3.png" --layout geo --geo-dir "$GEO" --states QC,ON,MA \
	--dump-layout "$WORK/ca3.json"
expect_status 0 "geo map of Québec, Ontario and Massachusetts"
$CHECK geo-land "$WORK/ca3.json" "$GEO/us-states.geojson,$CAN" "$GEO/us_state_centroids.csv" 4 >/dev/null ||
	fail "QC,ON,MA: a node off the canvas or in the sea"
$CHECK geo "$WORK/ca3.json" "$CAN" mtl-centre -73.5673 45.5017 QC QC >/dev/null || fail "QC,ON,MA: Montréal inside Québec"

# --ties: only the kinds named are drawn; federation names the parent links.
run --db "$WORK/g.db" render --out "$WORK/t.png" --layout geo --geo-dir "$GEO" --ties campaign --dump-layout "$WORK/t.json"
n=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ties'])" "$WORK/t.json")
[ "$n" = 3 ] || fail "--ties campaign drew $n lines, expected the 3 campaign ties"
# --tie-color kind: one legend entry per kind drawn, friction apart.
run --db "$WORK/g.db" render --out "$WORK/k.png" --tie-color kind --ties campaign,training,friction --dump-layout "$WORK/k.json"
n=$(python3 -c "import json,sys; print(','.join(e['label'] for e in json.load(open(sys.argv[1]))['legend'] if e['section']=='ties'))" "$WORK/k.json")
[ "$n" = "campaign,training,friction" ] || fail "--tie-color kind legend: $n"
# --hide-isolates: the orgs without a drawn tie or link are left off (without federation in --ties
# no parent link is drawn: the 8 ends of the 3 campaign and 2 training ties stay).
run --db "$WORK/g.db" render --out "$WORK/i.png" --hide-isolates --ties campaign,training --dump-layout "$WORK/i.json"
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['nodes']))" "$WORK/i.json")
[ "$n" = 8 ] || fail "--hide-isolates with campaign and training ties: $n orgs, expected 8"
# Ego maps: the ego is ringed and its label bold; depth 2 does not walk through the national
# (a federation hub with 15 members) unless --through-parents: then ia-00, natl, ia-dsm-0, ia-dsm-1,
# natl's other tie partners (pr-sanjuan, sea-00, nowhere) and other members (pr-caguas, ak-juneau,
# hi-hilo, ca-00..04, ia-01..05): 20 orgs.
run --db "$WORK/g.db" render --out "$WORK/e.png" --ego ia-00 --depth 2 --dump-layout "$WORK/e.json"
expect_status 0 "ego depth 2"
n=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join(sorted(n['key'] for n in d['nodes'])), [l['key'] for l in d['labels'] if l['bold']], [n['key'] for n in d['nodes'] if n.get('ego')])" "$WORK/e.json")
[ "$n" = "ia-00 ia-dsm-0 ia-dsm-1 natl ['ia-00'] ['ia-00']" ] || fail "ego depth 2: $n"
run --db "$WORK/g.db" render --out "$WORK/e.png" --ego ia-00 --depth 2 --through-parents --dump-layout "$WORK/e2.json"
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['nodes']))" "$WORK/e2.json")
[ "$n" = 20 ] || fail "ego depth 2 through parents: $n orgs, expected 20"

# Crowded labels: all 77 Les Miserables characters asked, some dropped, none overlapping.
run --db "$WORK/l.db" init
run --db "$WORK/l.db" import "$TESTS/fixtures/lesmis"
expect_status 0 "import lesmis"
run --db "$WORK/l.db" render --out "$WORK/l.png" --labels all --width 600 --height 450 \
	--dump-layout "$WORK/l.json"
expect_status 0 "lesmis all labels"
$CHECK labels "$WORK/l.json" >/dev/null || fail "lesmis labels"
dropped=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['labels_dropped'])" "$WORK/l.json")
[ "$dropped" -gt 0 ] || fail "a 600x450 map of 77 labels should drop some"
expect_stderr_has "($dropped left out to avoid overlaps)" "dropped count reported"
$CHECK priority "$WORK/l.json" >/dev/null || fail "lesmis --labels all: a hub unlabelled"
# Asked-for keys first, then the 10 hubs of the size measure (degree, from the NetworkX graph:
# Valjean 36, Gavroche 22, Marius 19, Javert 17, Thenardier 16, Fantine 15, Enjolras 15,
# Courfeyrac 13, Bossuet 13, Bahorel 12, Joly 12: ties at 12 broken by key).
run --db "$WORK/l.db" render --out "$WORK/l.png" --labels Napoleon,Javert --dump-layout "$WORK/l2.json"
expect_status 0 "labels by key"
n=$(python3 -c "import json,sys; print(sorted(l['key'] for l in json.load(open(sys.argv[1]))['labels']))" "$WORK/l2.json")
[ "$n" = "['Bahorel', 'Bossuet', 'Courfeyrac', 'Enjolras', 'Fantine', 'Gavroche', 'Javert', 'Marius', 'Napoleon', 'Thenardier', 'Valjean']" ] ||
	fail "labels by key: $n"
$CHECK priority "$WORK/l2.json" Napoleon,Javert >/dev/null || fail "asked-for keys and hubs labelled"
$CHECK labels "$WORK/l2.json" >/dev/null || fail "labels by key overlap"
# A small page: the 10 hubs are labelled all the same (over leaf dots, or moved with a leader).
run --db "$WORK/l.db" render --out "$WORK/s.png" --labels top:25 --width 400 --height 300 \
	--dump-layout "$WORK/s.json"
expect_status 0 "small page"
$CHECK priority "$WORK/s.json" >/dev/null || fail "small page: a hub unlabelled"
$CHECK labels "$WORK/s.json" >/dev/null || fail "small page labels overlap"
# PNG, SVG and PDF of one command place the same labels; the SVG keeps them as text.
for f in png svg pdf; do
	run --db "$WORK/l.db" render --out "$WORK/same.$f" --labels top:30 --dump-layout "$WORK/same-$f.json"
	expect_status 0 "same labels $f"
done
$CHECK same-labels "$WORK/same-png.json" "$WORK/same-svg.json" >/dev/null || fail "PNG and SVG labels differ"
$CHECK same-labels "$WORK/same-png.json" "$WORK/same-pdf.json" >/dev/null || fail "PNG and PDF labels differ"
$CHECK svg-text "$WORK/same.svg" "$WORK/same-svg.json" >/dev/null || fail "SVG text"
pdftotext "$WORK/same.pdf" - | grep -q "Valjean" || fail "PDF text has no Valjean"

# The shipped real dataset (datasets/real, imported as its README says: 328 orgs, most of them union
# offices with no tie): on the default map and the geographic one, the 10 largest orgs by the size
# measure are labelled, no two labels overlap, PNG and SVG place the same labels, and the SVG keeps
# them as text.
run --db "$WORK/real.db" init
run --db "$WORK/real.db" import --date-order mdy "$TESTS/../datasets/real"
expect_status 0 "import the real dataset"
for layout in fr geo; do
	for f in png svg; do
		run --db "$WORK/real.db" render --out "$WORK/real-$layout.$f" --layout $layout --dump-layout "$WORK/real-$layout-$f.json"
		expect_status 0 "real dataset, $layout $f"
	done
	$CHECK priority "$WORK/real-$layout-png.json" >/dev/null || fail "real dataset $layout: one of the 10 largest unlabelled"
	$CHECK labels "$WORK/real-$layout-png.json" >/dev/null || fail "real dataset $layout: labels overlap"
	$CHECK same-labels "$WORK/real-$layout-png.json" "$WORK/real-$layout-svg.json" >/dev/null ||
		fail "real dataset $layout: PNG and SVG labels differ"
	$CHECK svg-text "$WORK/real-$layout.svg" "$WORK/real-$layout-svg.json" >/dev/null || fail "real dataset $layout: SVG text"
done

# Ego network: Valjean and his neighbors (36 ties in the NetworkX graph: degree 36).
run --db "$WORK/l.db" render --out "$WORK/e.png" --ego Valjean --depth 1 --dump-layout "$WORK/e.json"
expect_status 0 "ego"
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['nodes']))" "$WORK/e.json")
[ "$n" = 37 ] || fail "ego Valjean depth 1 has $n orgs, expected 37"

# Encodings: community, cluster, state, pagerank, betweenness.
for c in community cluster state; do
	run --db "$DB" render --out "$WORK/c.png" --color-by $c --size-by pagerank
	expect_status 0 "color by $c"
done
run --db "$DB" render --out "$WORK/c.svg" --size-by betweenness --color-by degree
expect_status 0 "color by a measure"

# A map colored by tension cluster shows the clusters `coalition tensions` finds on the same view
# (the seed: one bloc and the chapters split off by friction alone).
run --db "$WORK/s.db" import "$TESTS/../datasets/seed"
expect_status 0 "import seed"
run --db "$WORK/s.db" render --out "$WORK/t.png" --color-by cluster --dump-layout "$WORK/t.json"
expect_status 0 "color by cluster"
map=$(python3 -c "import json,sys; print(sorted(e['count'] for e in json.load(open(sys.argv[1]))['legend'] if e.get('section') == 'color'))" "$WORK/t.json")
run --db "$WORK/s.db" tensions --no-save --format json
expect_status 0 "tensions on the seed"
cmd=$(python3 -c "import json,sys; print(sorted(len(c['members']) for c in json.load(open(sys.argv[1]))['clusters']))" "$WORK/stdout")
[ "$map" = "$cmd" ] || fail "map clusters $map differ from tensions clusters $cmd"

# A PDF of more than 100000 ties and orgs carries them as one image (render.c, RASTER_MIN),
# its labels and legend as text; a smaller one draws them as paths, with no image at all.
[ "$(pdfimages -list "$WORK/m.pdf" | tail -n +3 | wc -l)" = 0 ] || fail "small PDF has an image"
run --seed 1 synth --chapters 20000 --out "$WORK/big"
expect_status 0 "synth 20000"
run --db "$WORK/big.db" init
run --db "$WORK/big.db" import "$WORK/big"
expect_status 0 "import synth 20000"
run --db "$WORK/big.db" render --out "$WORK/big.pdf"
expect_status 0 "big pdf"
[ "$(pdfimages -list "$WORK/big.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)" = 1 ] || fail "big PDF: not one image"
pdftotext "$WORK/big.pdf" - | grep -q "collaboration" || fail "big PDF legend not text"

# Bad input: usage errors exit 2, data errors exit 1, the store is unchanged.
before=$(sqlite3 "$DB" "select count(*) from runs; select count(*) from metrics;" 2>/dev/null)
run --db "$DB" render --out "$WORK/x.png" --layout spiral
expect_status 2 "bad layout"
expect_stderr_has "'spiral' is not a layout" "bad layout message"
run --db "$DB" render --out "$WORK/x.gif"
expect_status 2 "bad extension"
expect_stderr_has "does not end in .png, .svg, .pdf or .html" "bad extension message"
run --db "$DB" render
expect_status 2 "no --out"
run --db "$DB" render --out "$WORK/x.png" --ego nobody
expect_status 1 "unknown ego"
expect_stderr_has "nobody" "unknown ego named"
run --db "$DB" render --out "$WORK/x.png" --size-by no_such_metric
expect_status 1 "unknown metric"
expect_stderr_has "no metric 'no_such_metric'" "unknown metric message"
run --db "$DB" render --out "$WORK/x.png" --labels top:x
expect_status 2 "bad labels"
expect_stderr_has "coalition: render: --labels: 'top:x' is not top:N" "bad labels message"
run --db "$DB" render --out "$WORK/no/such/dir/x.png"
expect_status 1 "unwritable output"
expect_stderr_has "cannot write" "unwritable output message"
[ ! -e "$WORK/x.png" ] || fail "a failed render left a file"
after=$(sqlite3 "$DB" "select count(*) from runs; select count(*) from metrics;" 2>/dev/null)
[ "$before" = "$after" ] || fail "render changed the store"

finish
