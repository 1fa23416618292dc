# test_federation.sh - federation and roll-up views on tests/fixtures/federation
# (three levels: internationals A and B over councils over locals, national X
# over two chapters and a stray union local, NGO Z alone; see its README).
# Every expected number below is counted by hand from the fixture's
# orgs.csv and ties.csv (tie numbers are ties.csv data lines, 1 to 16).
. "$(dirname "$0")/lib.sh"
DB="$WORK/t.db"
FIX="$TESTS/fixtures/federation"

run --db "$DB" init
run --db "$DB" import "$FIX"
expect_status 0 "import the federation fixture"

# group ties as "a b kind sign count weight", from export --format csv
group_ties() {
	python3 - "$WORK/out/ties.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["source"], r["target"], r["kind"], r["sign"], r["count"], r["weight"])
PY
}
group_orgs() {
	python3 - "$WORK/out/orgs.csv" <<'PY'
import csv, sys
print(" ".join("%s:%s" % (r["key"], r["members"]) for r in csv.DictReader(open(sys.argv[1]))))
PY
}
export_rollup() {
	rm -rf "$WORK/out"
	run --db "$DB" export --format csv --out "$WORK/out" "$@"
	expect_status 0 "export $*"
}

# --rollup parent: an org heading members stays, a member without members goes
# into its parent.  intl-a's members are councils (which head locals), so
# intl-a stands alone; council-a1 = itself + 2 locals; nat-x = itself + 2
# chapters + local-x.  Ties 5-9 fall inside one group and are left out; ties 1
# and 2 (both A1-B1 campaigns, weights 2 and 1) sum to count 2, weight 3, and
# the A1-B1 friction (tie 13) stays apart.
export_rollup --rollup parent
[ "$(group_orgs)" = "council-a1:3 council-a2:2 council-b1:3 intl-a:1 intl-b:1 nat-x:4 ngo-z:1" ] ||
	fail "parent groups: $(group_orgs)"
cat >"$WORK/want" <<'W'
council-a1 council-b1 campaign 1 2 3
council-a1 council-b1 friction -1 1 1
council-a1 intl-a affiliation 1 1 1
council-a1 nat-x partnership 1 1 1
council-a2 council-b1 campaign 1 1 1
council-a2 council-b1 coalition 1 1 1
council-a2 nat-x partnership 1 1 3
council-b1 nat-x friction -1 1 1
council-b1 ngo-z partnership 1 1 2
nat-x ngo-z partnership 1 1 1
W
group_ties >"$WORK/got"
diff "$WORK/want" "$WORK/got" >/dev/null || fail "parent group ties: $(diff "$WORK/want" "$WORK/got")"
python3 -c "
import csv,sys
p={r['key']:r['parent'] for r in csv.DictReader(open(sys.argv[1]))}
sys.exit(0 if p=={'council-a1':'intl-a','council-a2':'intl-a','council-b1':'intl-b','intl-a':'','intl-b':'','nat-x':'','ngo-z':''} else 1)" \
	"$WORK/out/orgs.csv" || fail "parent groups keep their heads' parents"

# --rollup top: intl-a = 6 orgs, intl-b = 4, nat-x = 4, ngo-z = 1.  A-B campaigns
# are ties 1, 2, 15 (weights 2+1+1); A-X partnerships ties 3, 4 (1+3).
export_rollup --rollup top
[ "$(group_orgs)" = "intl-a:6 intl-b:4 nat-x:4 ngo-z:1" ] || fail "top groups: $(group_orgs)"
cat >"$WORK/want" <<'W'
intl-a intl-b campaign 1 3 4
intl-a intl-b coalition 1 1 1
intl-a intl-b friction -1 1 1
intl-a nat-x partnership 1 2 4
intl-b nat-x friction -1 1 1
intl-b ngo-z partnership 1 1 2
nat-x ngo-z partnership 1 1 1
W
group_ties >"$WORK/got"
diff "$WORK/want" "$WORK/got" >/dev/null || fail "top group ties: $(diff "$WORK/want" "$WORK/got")"

# --rollup state: DC 3 (the internationals, nat-x), MI 3, OH 7, PA 2.  The two
# nat-x frictions go to DC-OH (tie 7, weight 2) and DC-MI (tie 8); MI-OH
# campaigns are ties 9 and 15.
export_rollup --rollup state
[ "$(group_orgs)" = "DC:3 MI:3 OH:7 PA:2" ] || fail "state groups: $(group_orgs)"
cat >"$WORK/want" <<'W'
DC MI friction -1 1 1
DC OH affiliation 1 1 1
DC OH friction -1 1 2
MI OH campaign 1 2 2
MI OH coalition 1 1 1
OH PA campaign 1 1 1
OH PA partnership 1 1 2
W
group_ties >"$WORK/got"
diff "$WORK/want" "$WORK/got" >/dev/null || fail "state group ties: $(diff "$WORK/want" "$WORK/got")"

# --rollup kind: 2 chapters, 1 national, 1 NGO, 11 unions.  Chapter-national
# friction: ties 7 and 8 (2+1); chapter-union partnerships: ties 3 and 4 (1+3).
export_rollup --rollup kind
[ "$(group_orgs)" = "chapter:2 national:1 ngo:1 union:11" ] || fail "kind groups: $(group_orgs)"
cat >"$WORK/want" <<'W'
chapter national friction -1 2 3
chapter ngo partnership 1 1 1
chapter union friction -1 1 1
chapter union partnership 1 2 4
ngo union partnership 1 1 2
W
group_ties >"$WORK/got"
diff "$WORK/want" "$WORK/got" >/dev/null || fail "kind group ties: $(diff "$WORK/want" "$WORK/got")"

# Summary on a roll-up: 7 groups, 10 group ties (8 collaboration, 2 friction).
run --db "$DB" summary --rollup parent --format json
expect_status 0 "summary --rollup parent"
json_eq "(d['orgs'], d['ties'], d['positive'], d['negative'])" "(7, 10, 8, 2)"

# --federation: 11 orgs have a parent; council-a1 -> intl-a is already tie 14
# (affiliation), so 10 federation ties are added: 26 ties in all.
run --db "$DB" summary --federation --format json
expect_status 0 "summary --federation"
json_eq "(d['ties'], d['tie_kinds']['federation'], d['components'])" "(26, 10, 1)"
run --db "$DB" summary --format json
json_eq "(d['ties'], d['tie_kinds'].get('federation', 0))" "(16, 0)"
# With --rollup parent, the parent links left between groups are council-a2 ->
# intl-a and council-b1 -> intl-b (the other 8 fall inside a group).
export_rollup --rollup parent --federation
grep -c ",federation," "$WORK/out/ties.csv" | grep -qx 2 || fail "federation ties between parent groups"

# --federation paths equal NetworkX's on the same graph with each parent link
# added as an edge (tests/reference/federation_paths.py wrote the expected
# file): every pair of the 15 orgs, length and every shortest path.
python3 - "$TESTS/fixtures/expected/federation_paths.json" <<'PY' >"$WORK/pairs"
import json, sys
for p in json.load(open(sys.argv[1]))["pairs"]:
    print(p["from"], p["to"])
PY
while read -r a b; do
	"$COALITION" --db "$DB" query path "$a" "$b" --all --federation --format json \
		>>"$WORK/paths.jsonl" 2>/dev/null
	echo "@@" >>"$WORK/paths.jsonl"
done <"$WORK/pairs"
python3 - "$TESTS/fixtures/expected/federation_paths.json" "$WORK/paths.jsonl" <<'PY' ||
import json, sys
want = json.load(open(sys.argv[1]))["pairs"]
got = [json.loads(t) for t in open(sys.argv[2]).read().split("@@\n") if t.strip()]
assert len(got) == len(want) == 105, (len(got), len(want))
for w, g in zip(want, got):
    assert (g["from"], g["to"]) == (w["from"], w["to"]), (g, w)
    assert g["length"] == w["length"], (w["from"], w["to"], g["length"], w["length"])
    assert sorted(g["paths"]) == w["paths"], (w["from"], w["to"], g["paths"], w["paths"])
PY
	fail "query path --federation differs from NetworkX"
# Without --federation parents are no ties: a local and its own international
# are not joined (their only link is the parent link, and friction).
run --db "$DB" query path local-a1-1 intl-a --format json
json_eq "d['length']" "None"
run --db "$DB" query path local-a1-1 intl-a --federation --format json
json_eq "(d['length'], d['paths'])" "(2, [['local-a1-1', 'council-a1', 'intl-a']])"

# tensions --rollup parent: per federation and year, ties between the parent
# and its own members and between members.  council-a1: tie 5 (training
# between its locals, 2019) and tie 6 (its friction with local-a1-1, 2020);
# intl-a: tie 14 (affiliation with council-a1, 2018); nat-x: ties 7 (2020,
# weight 2) and 8 (2021) with its chapters, tie 9 between them (2021).
run --db "$DB" tensions --rollup parent --no-save --section federations --format csv
expect_status 0 "tensions --rollup parent --section federations"
cat >"$WORK/want" <<'W'
parent,members,year,between,positive,negative,positive_weight,negative_weight,negative_share
council-a1,2,2019,member-member,1,0,1,0,0
council-a1,2,2020,parent-member,0,1,0,1,1
intl-a,2,2018,parent-member,1,0,1,0,0
nat-x,3,2020,parent-member,0,1,0,2,1
nat-x,3,2021,parent-member,0,1,0,1,1
nat-x,3,2021,member-member,1,0,1,0,0
W
diff "$WORK/want" "$WORK/stdout" >/dev/null || fail "federation tensions: $(diff "$WORK/want" "$WORK/stdout")"
# --federation adds parent links, which are not counted as collaboration.
run --db "$DB" tensions --rollup parent --federation --no-save --section federations --format csv
diff "$WORK/want" "$WORK/stdout" >/dev/null || fail "federation ties counted as collaboration"
run --db "$DB" tensions --rollup parent --no-save --format json
expect_status 0 "tensions --rollup parent json"
json_eq "[k for k in d if k in ('federations', 'orgs')]" "['federations', 'orgs']"
json_eq "[(f['parent'], f['members'], len(f['years'])) for f in d['federations']]" \
	"[('council-a1', 2, 2), ('council-a2', 1, 0), ('council-b1', 2, 0), ('intl-a', 2, 1), ('intl-b', 1, 0), ('nat-x', 3, 2)]"
run --db "$DB" tensions --no-save --section federations
expect_status 2 "--section federations without --rollup parent"

# gaps: with --federation, chap-x1 and local-x share their parent nat-x, so
# they would top the chapter-union suggestions; they are one federation and
# are suggested only with --within-federation (as is chap-x2 with local-x).
run --db "$DB" gaps --federation --section missing --no-save --format json --top 0
json_eq "sorted((m['a'], m['b']) for m in d['missing_ties'] if 'local-x' in (m['a'], m['b']))" "[]"
json_eq "len(d['missing_ties'])" "8"
run --db "$DB" gaps --federation --within-federation --section missing --no-save --format json --top 0
json_eq "sorted((m['a'], m['b']) for m in d['missing_ties'] if 'local-x' in (m['a'], m['b']))" \
	"[('chap-x1', 'local-x'), ('chap-x2', 'local-x')]"
# union-union: an org and its ancestor (local-a1-1 and intl-a share council-a1)
# and siblings (local-b1-1, local-b1-2 share council-b1; council-a1, council-a2
# share intl-a) are never suggested without --within-federation.
run --db "$DB" gaps --federation --section missing --no-save --format json --top 0 --pairs union-union
json_eq "[p for p in [('intl-a','local-a1-1'),('intl-a','local-a1-2'),('local-b1-1','local-b1-2'),('council-a1','council-a2')] if p in [tuple(sorted((m['a'], m['b']))) for m in d['missing_ties']]]" "[]"
run --db "$DB" gaps --federation --within-federation --section missing --no-save --format json --top 0 --pairs union-union
json_eq "[p for p in [('intl-a','local-a1-1'),('intl-a','local-a1-2'),('local-b1-1','local-b1-2'),('council-a1','council-a2')] if p in [tuple(sorted((m['a'], m['b']))) for m in d['missing_ties']]]" \
	"[('intl-a', 'local-a1-1'), ('intl-a', 'local-a1-2'), ('local-b1-1', 'local-b1-2'), ('council-a1', 'council-a2')]"
# Coverage by parent: nat-x's 2 chapters; only chap-x1 has an NGO partner
# (ngo-z, tie 11); both have a union partner (ties 3 and 4).
run --db "$DB" gaps --section coverage --coverage-by parent --no-save --format json
json_eq "[(r['parent'], r['kind'], r['chapters'], r['without']) for r in d['coverage_by_parent'] if r['kind'] in ('ngo', 'union')]" \
	"[('nat-x', 'ngo', 2, 1), ('nat-x', 'union', 2, 0)]"

# summary: depth 3 (intl-a > council-a1 > local-a1-1), 11 orgs with a parent,
# 6 federations, nat-x largest (3 members), local-x a union under a national.
run --db "$DB" summary --format json
json_eq "(d['hierarchy']['depth'], d['hierarchy']['with_parent'], d['hierarchy']['federations'])" "(3, 11, 6)"
json_eq "[(f['key'], f['members'], f['descendants']) for f in d['hierarchy']['largest'][:2]]" \
	"[('nat-x', 3, 3), ('intl-a', 2, 5)]"
json_eq "[(u['key'], u['parent']) for u in d['hierarchy']['unexpected_parents']]" "[('local-x', 'nat-x')]"
# The table names them beside their keys (orgs.csv: National X has 3
# members; Stray Local X, a union, is under National X, a national).
run --db "$DB" summary --format csv
expect_stdout_has 'largest_federations,nat-x (National X): 3; ' "largest federations named"
expect_stdout_has 'unexpected_parents,"local-x (Stray Local X, union) under nat-x (National X, national)"' \
	"unexpected parent named"
# For people, the two lists are tables of their own, so that their long
# cells do not widen the measures' rows (the longest line is the header of
# the unexpected parents: columns of 7, 13, 5, 6, 11 and 11 characters and
# five gaps of 2, 63 in all).
run --db "$DB" summary --format table
expect_stdout_has '# largest federations' "largest federations table"
expect_stdout_has '# parents of an unexpected kind' "unexpected parents table"
awk 'length > 63 { bad = 1 } END { exit bad }' "$WORK/stdout" || fail "a summary line is longer than 63 characters"

# International B has no tie in ties.csv, only its member council B1
# (orgs.csv): its ego network is empty, with a note that --federation
# follows parent links; with it, council B1 is its one alter.
run --db "$DB" query ego intl-b --format csv
expect_status 0 "ego of an org linked by parent only"
expect_stderr_has "intl-b has no tie in this view, only parent links (1 member): add --federation to follow them" \
	"parent-links-only note"
run --db "$DB" query ego intl-b --federation --format json
json_eq "[a['key'] for a in d['alters']]" "['council-b1']"

# The import notes the one tie (14) that repeats a parent link, once.
run --db "$WORK/n.db" import "$FIX"
expect_status 0 "import notes"
[ "$(grep -c 'repeats a parent link' "$WORK/stderr")" = 1 ] || fail "one note for the repeated parent link"
expect_stderr_has "council-a1 -> intl-a (affiliation)" "the note names the tie"

# The map of the parent roll-up: groups sized by members (the counts above),
# the 2 parent links left between groups drawn as federation links, the 8
# collaboration and 2 friction group ties as theirs (render --dump-layout).
run --db "$DB" render --out "$WORK/parent.png" --rollup parent --federation --dump-layout "$WORK/layout.json"
expect_status 0 "render --rollup parent --federation"
python3 - "$WORK/layout.json" "$WORK/parent.png" <<'PY' || fail "roll-up map: sizes or tie styles"
import json, sys
d = json.load(open(sys.argv[1]))
size = {n["key"]: n["size"] for n in d["nodes"]}
assert size == {"council-a1": 3, "council-a2": 2, "council-b1": 3, "intl-a": 1, "intl-b": 1,
                "nat-x": 4, "ngo-z": 1}, size
r = {n["key"]: n["r"] for n in d["nodes"]}
assert r["nat-x"] > r["council-a1"] > r["council-a2"] > r["ngo-z"], r
ties = {e["label"]: e["count"] for e in d["legend"] if e.get("section") == "ties"}
assert ties == {"collaboration": 8, "friction": 2, "federation": 2}, ties
assert open(sys.argv[2], "rb").read(8) == b"\x89PNG\r\n\x1a\n"
PY

# Bad values are usage errors naming the option.
run --db "$DB" centrality --rollup county
expect_status 2 "bad --rollup value"
expect_stderr_has "--rollup: 'county' is not parent, top, state or kind" "bad --rollup message"

finish
