# test_usage.sh - every usage error of every command exits 2 (DESIGN.md
# section 6), in one style, before touching the store; a failed write to
# stdout exits 1; global options are accepted after the command.
#
# The commands and their options are read from `coalition help` and each
# command's help (made from its option table), so a new command or option is
# covered without editing this file.  Every option with a value is given
# none, and 'bogus', which only the options taking free text or words checked
# against the data (FREE_TEXT below) accept; the rest (numbers, dates,
# formats, measures, methods, sections, choices, codes) must refuse it by
# name.  Expected: exit 2, nothing on stdout, stderr
#   coalition: CMD: <message naming the option>
#   coalition: see 'coalition help CMD'
# and no store created.
. "$(dirname "$0")/lib.sh"

DB="$WORK/never.db"

# Options whose value is free text (files, titles, keys, metric names) or
# words looked up in the store (kinds, a campaign, observation names): a
# well-formed word the data lacks is an error of the data (exit 1), found
# once the store is open.
FREE_TEXT=" --out --dump-layout --geo-dir --title --subtitle --ego --labels --color-by "
FREE_TEXT="$FREE_TEXT --size-by --ties --kinds --tie-kinds --show-kinds --from-kind "
FREE_TEXT="$FREE_TEXT --to-kind --partner-kinds --subjects --campaign --observation --observations "

# expect_usage CMD WHAT ARGS...: runs `coalition --db DB CMD ARGS...`.
expect_usage() {
	cmd=$1 what=$2
	shift 2
	run --db "$DB" $cmd "$@"
	expect_status 2 "$cmd $what"
	expect_stdout_empty "$cmd $what"
	first=$(head -n 1 "$WORK/stderr")
	case "$first" in
	"coalition: ${cmd%% *}: "*) ;;
	*) fail "$cmd $what: first stderr line '$first' is not 'coalition: ${cmd%% *}: ...'" ;;
	esac
	expect_stderr_has "coalition: see 'coalition help ${cmd%% *}'" "$cmd $what: help hint"
	[ "$(wc -l <"$WORK/stderr")" -eq 2 ] || fail "$cmd $what: stderr has more than two lines"
	[ ! -e "$DB" ] || fail "$cmd $what: a usage error created the store"
}

run help
commands=$(sed -n '/^Commands:/,$p' "$WORK/stdout" | awk 'NR > 1 && $1 != "help" { print $1 }')
[ "$(echo "$commands" | wc -w)" -ge 14 ] || fail "coalition help lists $(echo "$commands" | wc -w) commands"

tried=0
for cmd in $commands; do
	# query's options belong to its questions: ask one.
	[ "$cmd" = query ] && cmd="query find"
	run help ${cmd%% *}
	expect_status 0 "help $cmd"
	cp "$WORK/stdout" "$WORK/help"
	run ${cmd%% *} --help
	cmp -s "$WORK/stdout" "$WORK/help" || fail "'help $cmd' and '$cmd --help' differ"
	grep -q "^Global options" "$WORK/help" || fail "help $cmd lacks the global options line"

	expect_usage "$cmd" "unknown option" --no-such-option
	expect_usage "$cmd" "flag with a value" --help=yes
	expect_usage "$cmd" "--seed abc after the command" --seed abc
	expect_usage "$cmd" "--db without a value" --db
	# Each option with a value, from the table's Options block.
	grep -E '^  --[a-z-]+ [A-Z]' "$WORK/help" | awk '{ print $1, $2 }' >"$WORK/options"
	while read -r option arg; do
		expect_usage "$cmd" "$option without a value" "$option"
		case "$FREE_TEXT" in
		*" $option "*) continue ;;
		esac
		expect_usage "$cmd" "$option bogus" "$option" bogus
		expect_stderr_has "coalition: ${cmd%% *}: $option" "$cmd $option bogus: the option named"
		tried=$((tried + 1))
	done <"$WORK/options"
done
# Enough options were tried to mean something (view options alone give 10+).
[ "$tried" -ge 100 ] || fail "only $tried bad option values tried"
echo "tried $tried bad values over $(echo "$commands" | wc -w) commands"

# Bad values of view options: each names the option.
expect_usage summary "--kinds Martian!" --kinds 'Martian!'
expect_stderr_has "--kinds: 'Martian!' is not an org kind" "view value named"
for cmd in summary tensions centrality communities gaps render export; do
	expect_usage $cmd "--rollup bogus" --rollup bogus
	expect_stderr_has "coalition: $cmd: --rollup: 'bogus' is not parent, top, state or kind" \
		"$cmd --rollup bogus"
done
expect_usage centrality "--top -1" --top -1
expect_stderr_has "coalition: centrality: --top: -1 is out of range (at least 0)" "range named"
expect_usage centrality "--top 1e3" --top 1e3
expect_stderr_has "--top: '1e3' is not a whole number" "whole number"

# A failed write to stdout is an error (exit 1) with a message.
"$COALITION" --db "$DB" init 2>/dev/null
"$COALITION" --db "$DB" import "$TESTS/fixtures/karate" 2>/dev/null
for args in "summary" "summary --format json" "centrality --no-save --format csv" "help" \
	"sql 'SELECT 1'" "help centrality"; do
	eval "\"\$COALITION\" --db \"\$DB\" $args" >/dev/full 2>"$WORK/stderr"
	status=$?
	[ "$status" -eq 1 ] || fail "'$args >/dev/full' exited $status, not 1"
	grep -q "^coalition: .*No space left on device" "$WORK/stderr" ||
		fail "'$args >/dev/full' said: $(cat "$WORK/stderr")"
done

# Global options after the command: the same files as before it.
run synth --chapters 30 --out "$WORK/before" --seed 3
expect_status 0 "synth --seed after"
run --seed 3 synth --chapters 30 --out "$WORK/after"
expect_status 0 "synth --seed before"
diff -r "$WORK/before" "$WORK/after" >/dev/null || fail "--seed after synth is not --seed before it"
run --seed 4 synth --chapters 30 --out "$WORK/other"
diff -r "$WORK/before" "$WORK/other" >/dev/null && fail "--seed 3 after synth was ignored"
run summary --format json --db "$DB" --quiet
expect_status 0 "--db and --quiet after the command"
json_eq "d['orgs']" "34"

# A well-formed kind that no org of the store has is an error of the data:
# exit 1, the option and the kinds in use named.
run --db "$DB" summary --kinds martian
expect_status 1 "--kinds martian on a store without it"
expect_stderr_has "--kinds: no org in the store has 'martian'; in use: " "kinds in use named"

finish
