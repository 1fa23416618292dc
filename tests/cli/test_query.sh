# test_query.sh - `coalition query` on the hand-written fixture
# tests/fixtures/interchange (see its README).  Every expected answer is
# worked out by hand from the fixture in the comment above it.  (Paths and
# connectors on the classic networks are checked against NetworkX in
# tests/unit/test_query.c.)
#
# The collaboration graph (positive ties; two ties between nat and seiu make
# one link of weight max(3, 1) = 3):
#   oh-col - nat, oh-cle - nat, pa-pit - nat   (affiliation, weight 1)
#   nat - seiu (3), oh-col - uaw (2), oh-cle - cesar (0.5), cesar - seiu (1),
#   lone - o'hare (0.1); solo alone.  Friction: uaw - seiu.
. "$(dirname "$0")/lib.sh"
DB="$WORK/q.db"

# jeq EXPR VALUE: like json_eq, with EXPR's value printed as Python's repr
# of the tuple when it lists several expressions.
jeq() {
	json_eq "($1)" "$2"
}

run --db "$DB" import "$TESTS/fixtures/interchange"
expect_status 0 "import the fixture"

# find: "cesar chavez" folds "César Chávez Fund & Co <x>"; "1199seiu" is an alias of seiu.
run --db "$DB" query find "CESAR chávez" --format csv
expect_status 0 "find accents"
expect_stdout_has 'cesar,César Chávez Fund & Co <x>,ngo,CA,Los Ángeles,César Chávez Fund & Co <x>' "find folds accents"
run --db "$DB" query find 1199seiu --format json
jeq 'len(d), d[0]["key"], d[0]["matched"]' "(1, 'seiu', '1199SEIU')"
# --kinds applies: cesar is an ngo.
run --db "$DB" query find cesar --kinds union --format json
jeq 'len(d)' "0"
expect_stderr_has "no org in this view matches 'cesar'" "empty find noted"

# path oh-col -> seiu: oh-col - nat - seiu, 2 ties, the only path of length 2.
run --db "$DB" query path oh-col seiu --format json
expect_status 0 "path"
jeq 'd["from"], d["to"], d["length"], d["paths"]' "('oh-col', 'seiu', 2, [['oh-col', 'nat', 'seiu']])"
# The same path by the orgs' names (orgs.csv), and both ends named.
jeq 'd["from_name"], d["to_name"], d["path_names"]' \
	"('Indivisible Columbus', 'SEIU 1199 \"United\"', [['Indivisible Columbus', 'Indivisible National, Inc.', 'SEIU 1199 \"United\"']])"
# uaw -> seiu: the friction tie is no path; uaw - oh-col - nat - seiu.
run --db "$DB" query path uaw seiu --all --format json
jeq 'd["length"], d["paths"]' "(3, [['uaw', 'oh-col', 'nat', 'seiu']])"
# oh-cle -> seiu: two paths of 2 ties (via nat, via cesar), sorted by key.
run --db "$DB" query path oh-cle seiu --all --format json
jeq 'd["length"], d["paths"]' "(2, [['oh-cle', 'cesar', 'seiu'], ['oh-cle', 'nat', 'seiu']])"
# Weighted: via nat 1/1 + 1/3 = 4/3; via cesar 1/0.5 + 1/1 = 3.
run --db "$DB" query path oh-cle seiu --weighted --all --format json
jeq 'd["paths"], round(d["distance"], 12)' "([['oh-cle', 'nat', 'seiu']], 1.333333333333)"
# By alias, and table output.
run --db "$DB" query path oh-col SEIU-1199 --format csv
expect_stdout_has "1,2,oh-col;nat;seiu" "path by alias, csv"
# solo has no ties: no path, a note, exit 0.
run --db "$DB" query path solo seiu --format json
expect_status 0 "no path"
jeq 'd["length"], d["paths"]' "(None, [])"
expect_stderr_has "no path of collaboration ties joins solo and seiu" "no path noted"
run --db "$DB" query path oh-col nobody
expect_status 1 "unknown org"
expect_stderr_has "no org 'nobody' in this view" "unknown org named"

# connectors, Ohio chapters (oh-cle, oh-col) to unions (seiu, uaw, o'hare):
#   oh-col-seiu: oh-col nat seiu            -> nat 1
#   oh-col-uaw:  direct                     -> nobody
#   oh-cle-seiu: via nat, via cesar         -> nat 1, cesar 1 (share 1/2 each)
#   oh-cle-uaw:  oh-cle nat oh-col uaw      -> nat 1, oh-col 1
#   o'hare: unreachable.  4 pairs, 1+1+2+1 = 5 paths.
#   nat 3 paths (share 1 + 1/2 + 1 = 2.5), oh-col 1 (1), cesar 1 (0.5).
run --db "$DB" query connectors --from-kind chapter --from-state OH --to-kind union --format json
expect_status 0 "connectors by group"
jeq 'd["pairs"], d["paths"], [(c["key"], c["paths"], c["share"]) for c in d["connectors"]]' \
	"(4, 5, [('nat', 3, 2.5), ('oh-col', 1, 1.0), ('cesar', 1, 0.5)])"
jeq 'd["from"], d["to"]' "(['oh-cle', 'oh-col'], [\"o'hare\", 'seiu', 'uaw'])"
# With --max-length 2 the 3-tie pair oh-cle-uaw drops: nat 2, cesar 1, 3 pairs, 4 paths.
run --db "$DB" query connectors --from-kind chapter --from-state OH --to-kind union --max-length 2 --format json
jeq 'd["pairs"], d["paths"], [(c["key"], c["paths"]) for c in d["connectors"]]' \
	"(3, 4, [('nat', 2), ('cesar', 1)])"
# One org to a group: oh-cle to unions keeps the oh-cle pairs above: nat 2 paths
# (share 1.5), then oh-col and cesar with 1 path each, oh-col first by share (1 > 0.5).
run --db "$DB" query connectors oh-cle --to-kind union --format csv
expect_stdout_has 'nat,"Indivisible National, Inc.",national,DC,2,1.5' "connectors org to group, csv"
run --db "$DB" query connectors oh-cle --to-kind union --format json
jeq '[(c["key"], c["paths"]) for c in d["connectors"]]' "[('nat', 2), ('oh-col', 1), ('cesar', 1)]"
run --db "$DB" query connectors oh-cle
expect_status 2 "connectors needs two sides"
# A well-formed kind no org has is an error of the data (exit 1); a
# malformed one a usage error (exit 2).
run --db "$DB" query connectors --from-kind martian --to-kind union
expect_status 1 "kind not in the store"
expect_stderr_has "martian" "missing kind named"
run --db "$DB" query connectors --from-kind 'Martian!' --to-kind union
expect_status 2 "malformed kind"
expect_stderr_has "coalition: query: --from-kind: 'Martian!' is not an org kind" "bad kind named"

# neighbors of seiu at depth 1: cesar (partnership), nat (campaign, partnership),
# uaw (friction) -> 4 rows in key order, the friction one signed -1.
run --db "$DB" query neighbors seiu --format json
jeq '[(r["key"], r["tie_kind"], r["sign"]) for r in d]' \
	"[('cesar', 'partnership', 1), ('nat', 'campaign', 1), ('nat', 'partnership', 1), ('uaw', 'friction', -1)]"
# depth 2 adds oh-cle (via cesar and via nat), oh-col (via nat, via uaw), pa-pit (via nat).
run --db "$DB" query neighbors seiu --depth 2 --format json
jeq 'sorted({r["key"] for r in d if r["depth"] == 2})' "['oh-cle', 'oh-col', 'pa-pit']"
run --db "$DB" query neighbors seiu --depth 0
expect_status 2 "depth 0"
run --db "$DB" query find x --all
expect_status 2 "option of another question"
expect_stderr_has "option '--all' does not apply to find" "inapplicable option named"

# ego of nat: alters oh-col, oh-cle, pa-pit, seiu; 5 ties (two with seiu), 4 linked
# pairs among 5 orgs: density 4/10; no ties among the alters: alter density 0/6.
run --db "$DB" query ego nat --format json
jeq 'd["size"], d["ties"], d["density"], d["alter_density"], d["alter_ties"]' "(4, 5, 0.4, 0.0, [])"
# ego of oh-col, depth 1: nat, uaw; no nat-uaw tie -> density 2/3, alter density 0.
run --db "$DB" query ego oh-col --format json
jeq '[a["key"] for a in d["alters"]], round(d["density"], 12)' "(['nat', 'uaw'], 0.666666666667)"
# ego of seiu: alters cesar, nat, uaw, and alter ties none (cesar-nat? no; nat-uaw? no).
run --db "$DB" query ego seiu --ties --format csv
expect_status 0 "ego --ties"
[ "$(wc -l <"$WORK/stdout")" -eq 1 ] || fail "ego --ties: only the header expected"

run query
expect_status 2 "no question"
run query frob
expect_status 2 "unknown question"
expect_stderr_has "unknown question 'frob'" "unknown question named"
finish
