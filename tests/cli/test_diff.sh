# test_diff.sh - `coalition diff` on tests/fixtures/diff, whose changes were
# counted by hand from ties.csv (dates: --from 2019 = 2019-01-01, --to 2021-06
# = 2021-06-01; a tie is active when start <= date <= end, open ends open):
#   active on 2019:    a-b b-c c-d d-e(-) e-f g-h i-j j-k n-o          = 9
#   active on 2021-06: a-b c-d e-f g-h f-g i-j j-k l-m a-k(-)          = 9
#   added f-g, l-m, a-k; ended b-c (2020), d-e (2020), n-o (2019-12);
#   i-j has no dates and is in both.  Friction: a-k appeared, d-e resolved.
# Degrees (friction ties count, DESIGN/centrality.h) on 2019: b c d e j = 2,
# a f g h i k n o = 1, l m = 0, so ranks 1, 6, 14; on 2021-06: a f g j k = 2,
# b c d e h i l m = 1, n o = 0.  Moves: l m +8, n o -8, a f g k +5,
# b c d e -5: 12 orgs; h, i, j keep their rank.
# Every snapshot here can be split with no error (friction only between
# positive components), so tension clusters are the positive components:
#   2019: {a b c d} {i j k} {e f} {g h} {n o}     (l, m alone)
#   2021: {a b} {c d} {e f g h} {i j k} {l m}     (n, o alone)
# so {a b c d} split, {e f}+{g h} merged, {i j k} continued, {l m} formed,
# {n o} dissolved: one of each.
. "$(dirname "$0")/lib.sh"

DB="$WORK/d.db"
run --db "$DB" init
run --db "$DB" import "$TESTS/fixtures/diff"
expect_status 0 "import"

run --db "$DB" diff --from 2019 --to 2021-06 --measure degree --top 0 --format json
expect_status 0 "diff json"
json_eq "(d['counts']['ties_from'], d['counts']['ties_to'])" "(9, 9)"
json_eq "sorted((t['source'], t['target']) for t in d['ties_added'])" \
	"[('a', 'k'), ('f', 'g'), ('l', 'm')]"
json_eq "sorted((t['source'], t['target']) for t in d['ties_ended'])" \
	"[('b', 'c'), ('d', 'e'), ('n', 'o')]"
json_eq "[(p['a'], p['b']) for p in d['friction_appeared']]" "[('a', 'k')]"
json_eq "[(p['a'], p['b']) for p in d['friction_resolved']]" "[('d', 'e')]"
json_eq "len(d['rank_moves'])" "12"
json_eq "sorted((m['key'], m['from_rank'], m['to_rank'], m['change']) for m in d['rank_moves'])" \
	"[('a', 6, 1, 5), ('b', 1, 6, -5), ('c', 1, 6, -5), ('d', 1, 6, -5), ('e', 1, 6, -5), ('f', 6, 1, 5), ('g', 6, 1, 5), ('k', 6, 1, 5), ('l', 14, 6, 8), ('m', 14, 6, 8), ('n', 6, 14, -8), ('o', 6, 14, -8)]"
json_eq "[abs(m['change']) for m in d['rank_moves']][:4]" "[8, 8, 8, 8]"
json_eq "[d['counts'][k] for k in ('formed', 'dissolved', 'split', 'merged', 'continued')]" \
	"[1, 1, 1, 1, 1]"
json_eq "sorted((c['change'], sorted(c['members'])) for c in d['cluster_changes'])" \
	"[('continued', ['i', 'j', 'k']), ('dissolved', ['n', 'o']), ('formed', ['l', 'm']), ('merged', ['e', 'f', 'g', 'h']), ('split', ['a', 'b', 'c', 'd'])]"
json_eq "[len(c['to']) for c in d['cluster_changes'] if c['change'] == 'split']" "[2]"
json_eq "[len(c['from']) for c in d['cluster_changes'] if c['change'] == 'merged']" "[2]"
json_eq "sorted(sorted(c['members']) for c in d['clusters_from'])" \
	"[['a', 'b', 'c', 'd'], ['e', 'f'], ['g', 'h'], ['i', 'j', 'k'], ['n', 'o']]"
json_eq "[t['note'] for t in d['ties_ended'] if t['source'] == 'd'][0]" "dispute over <i>endorsements</i>"

# --top keeps the largest moves: the four 8s, then the 5s by key
run --db "$DB" diff --from 2019 --to 2021-06 --measure degree --top 6 --format json
json_eq "[m['key'] for m in d['rank_moves']]" "['l', 'm', 'n', 'o', 'a', 'b']"

# No change between two dates with the same ties active
run --db "$DB" diff --from 2021-02 --to 2021-06 --format json
expect_status 0 "diff, nothing changed"
json_eq "[d['counts'][k] for k in ('ties_added', 'ties_ended', 'friction_appeared', 'friction_resolved', 'rank_moves', 'formed', 'dissolved', 'split', 'merged', 'continued')]" \
	"[0, 0, 0, 0, 0, 0, 0, 0, 0, 5]"

# Table and CSV carry the same rows
run --db "$DB" diff --from 2019 --to 2021-06 --format csv
expect_status 0 "diff csv"
# Names beside the keys, as tests/fixtures/diff/orgs.csv gives them.
expect_stdout_has "added,f,NGO F & Sons,g,Union G,coalition,1,1,2020,,new coalition joins the NGOs and unions" "csv added tie"
expect_stdout_has "resolved,d,National D,e,<script>alert(1)</script>,1" "csv resolved friction"
run --db "$DB" diff --from 2019 --to 2021-06 --format table
expect_stdout_has "# tension clusters" "table section"

# A view option narrows both snapshots: chapters only
run --db "$DB" diff --from 2019 --to 2021-06 --kinds chapter --format json
json_eq "sorted((t['source'], t['target']) for t in d['ties_ended'])" "[('b', 'c')]"
json_eq "d['ties_added']" "[]"

# Errors: usage and bad dates exit 2 (DESIGN.md section 6); the store is not written
before=$(sqlite3 "$DB" "SELECT count(*) FROM runs")
run --db "$DB" diff --from 2019
expect_status 2 "missing --to"
expect_stderr_has "--from DATE and --to DATE are required" "missing --to message"
run --db "$DB" diff --from 2019 --to 2021 --as-of 2020
expect_status 2 "--as-of refused"
run --db "$DB" diff --from 2021 --to 2019
expect_status 2 "dates out of order"
expect_stderr_has "--from 2021 is not before --to 2019" "order message"
run --db "$DB" diff --from 2019-13 --to 2021
expect_status 2 "bad date"
expect_stderr_has "coalition: diff: --from: '2019-13' is not a date" "bad date message"
run --db "$DB" diff --from 2019 --to 2021 --measure nope
expect_status 2 "bad measure"
run --db "$DB" diff --help
expect_status 0 "help"
expect_stdout_has "Examples:" "help examples"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM runs")" = "$before" ] || fail "diff wrote runs"

finish
