/*
 * view.c - parses and describes the view options shared by every analysis
 * (DESIGN.md section 5).  Values are checked here, once, so that a bad
 * --as-of or --kinds is reported the same way by every command.
 */
#include "coalition/view.h"
#include "coalition/store.h"
#include "import_places.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *const co_view_option_names[] = {
	"as-of", "kinds", "tie-kinds", "states", "min-sources",
	"positive-only", "signed", "events", "events-max", "public", "federation", "rollup", NULL,
};

void co_view_init(co_view *view)
{
	memset(view, 0, sizeof(*view));
}

void co_word_list_free(co_word_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

void co_view_free(co_view *view)
{
	co_word_list_free(&view->kinds);
	co_word_list_free(&view->tie_kinds);
	co_word_list_free(&view->states);
}

static co_status word_list_copy(co_word_list *dst, const co_word_list *src)
{
	dst->items = NULL;
	dst->count = 0;
	if (src->count == 0)
		return CO_OK;
	if (!(dst->items = calloc(src->count, sizeof(*dst->items))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (; dst->count < src->count; dst->count++)
		if (!(dst->items[dst->count] = strdup(src->items[dst->count])))
			return co_error_set(CO_ENOMEM, "out of memory");
	return CO_OK;
}

co_status co_view_copy(co_view *dst, const co_view *src)
{
	co_status status;

	*dst = *src;
	dst->kinds.items = dst->tie_kinds.items = dst->states.items = NULL;
	dst->kinds.count = dst->tie_kinds.count = dst->states.count = 0;
	if ((status = word_list_copy(&dst->kinds, &src->kinds)) != CO_OK ||
	    (status = word_list_copy(&dst->tie_kinds, &src->tie_kinds)) != CO_OK ||
	    (status = word_list_copy(&dst->states, &src->states)) != CO_OK)
		co_view_free(dst);
	return status;
}

int co_word_list_allows(const co_word_list *list, const char *word)
{
	if (list->count == 0)
		return 1;
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i], word) == 0)
			return 1;
	return 0;
}

int co_date_valid(const char *text)
{
	static const int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t n = strlen(text);
	int year, month, day;

	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int dash = i == 4 || i == 7;
		if (dash ? text[i] != '-' : !isdigit((unsigned char)text[i]))
			return 0;
	}
	year = atoi(text);
	if (n == 4)
		return 1;
	month = atoi(text + 5);
	if (month < 1 || month > 12)
		return 0;
	if (n == 7)
		return 1;
	day = atoi(text + 8);
	if (day < 1 || day > days_in_month[month - 1])
		return 0;
	if (month == 2 && day == 29)
		return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return 1;
}

/* Splits "a,b,c" into a list of words, checking each with `valid`. */
static co_status parse_words(co_word_list *list, const char *option, const char *value,
                             int (*valid)(const char *word), const char *expected,
                             int upper)
{
	const char *p = value;

	co_word_list_free(list);
	while (1) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *word, **grown;

		if (n == 0)
			return co_error_set(CO_EINVAL, "--%s: empty item in '%s'", option, value);
		if (!(word = strndup(p, n)))
			return co_error_set(CO_ENOMEM, "out of memory");
		for (size_t i = 0; upper && i < n; i++)
			word[i] = (char)toupper((unsigned char)word[i]);
		if (valid && !valid(word)) {
			co_status status = co_error_set(CO_EINVAL, "--%s: '%s' is not %s",
			                                option, word, expected);
			free(word);
			return status;
		}
		if (!(grown = realloc(list->items, (list->count + 1) * sizeof(*grown)))) {
			free(word);
			return co_error_set(CO_ENOMEM, "out of memory");
		}
		list->items = grown;
		list->items[list->count++] = word;
		if (!comma)
			return CO_OK;
		p = comma + 1;
	}
}

static int is_tie_kind(const char *word)
{
	for (const char *p = word; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			return 0;
	return 1;
}

/* --states: codes or names of US states, DC, PR, the territories and Canada's
 * provinces, in any case; kept as codes. */
static co_status parse_states(co_word_list *list, const char *value)
{
	co_status status = parse_words(list, "states", value, NULL, NULL, 0);

	for (size_t i = 0; status == CO_OK && i < list->count; i++) {
		const co_state_info *s = co_places_state(list->items[i]);
		char hint[120], *code;
		if (!s) {
			co_places_state_suggest(hint, sizeof(hint), list->items[i]);
			return co_error_set(CO_EINVAL, "--states: '%s' is not a US state, DC, PR, a US "
			                    "territory or a Canadian province%s%s%s", list->items[i],
			                    *hint ? " (did you mean " : "", hint, *hint ? "?)" : "");
		}
		if (!(code = strdup(s->code)))
			return co_error_set(CO_ENOMEM, "out of memory");
		free(list->items[i]);
		list->items[i] = code;
	}
	return status;
}

static co_status parse_count(int *out, const char *option, const char *value)
{
	char *end;
	long n = strtol(value, &end, 10);

	if (!isdigit((unsigned char)value[0]) || *end || n < 0 || n > 1000000)
		return co_error_set(CO_EINVAL, "--%s needs a whole number >= 0, not '%s'",
		                    option, value);
	*out = (int)n;
	return CO_OK;
}

/* --events-max: a whole number of pairs, at least 1. */
static co_status parse_pairs(long long *out, const char *option, const char *value)
{
	char *end;
	long long n = strtoll(value, &end, 10);

	if (!isdigit((unsigned char)value[0]) || *end || n < 1 || n == LLONG_MAX)
		return co_error_set(CO_EINVAL, "--%s needs a whole number of pairs >= 1, not '%s'",
		                    option, value);
	*out = n;
	return CO_OK;
}

static const char *const rollup_names[] = {NULL, "parent", "top", "state", "kind"};

const char *co_rollup_name(co_rollup rollup)
{
	return (unsigned)rollup < sizeof(rollup_names) / sizeof(*rollup_names)
	       ? rollup_names[rollup] : NULL;
}

static co_status parse_rollup(co_rollup *out, const char *value)
{
	for (int r = CO_ROLLUP_PARENT; r <= CO_ROLLUP_KIND; r++)
		if (strcmp(rollup_names[r], value) == 0) {
			*out = (co_rollup)r;
			return CO_OK;
		}
	return co_error_set(CO_EINVAL, "--rollup: '%s' is not parent, top, state or kind", value);
}

co_status co_view_set(co_view *view, const char *name, const char *value)
{
	if (strcmp(name, "positive-only") == 0)
		view->positive_only = 1;
	else if (strcmp(name, "signed") == 0)
		view->signed_ties = 1;
	else if (strcmp(name, "events") == 0)
		view->events = 1;
	else if (strcmp(name, "public") == 0)
		view->public_only = 1;
	else if (strcmp(name, "federation") == 0)
		view->federation = 1;
	else if (!value)
		return co_error_set(CO_EINVAL, "--%s needs a value", name);
	else if (strcmp(name, "as-of") == 0) {
		if (!co_date_valid(value))
			return co_error_set(CO_EINVAL,
				"--as-of: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", value);
		snprintf(view->as_of, sizeof(view->as_of), "%s", value);
	} else if (strcmp(name, "kinds") == 0)
		return parse_words(&view->kinds, name, value, is_tie_kind,
			"an org kind (a lowercase word such as chapter)", 0);
	else if (strcmp(name, "tie-kinds") == 0)
		return parse_words(&view->tie_kinds, name, value, is_tie_kind,
			"a tie kind (a lowercase word such as partnership)", 0);
	else if (strcmp(name, "states") == 0)
		return parse_states(&view->states, value);
	else if (strcmp(name, "min-sources") == 0)
		return parse_count(&view->min_sources, name, value);
	else if (strcmp(name, "rollup") == 0)
		return parse_rollup(&view->rollup, value);
	else if (strcmp(name, "events-max") == 0)
		return parse_pairs(&view->events_max, name, value);
	else
		return co_error_set(CO_ENOTFOUND, "unknown view option --%s", name);
	return CO_OK;
}

static void append(char *buf, size_t size, size_t *used, const char *fmt, const char *text)
{
	if (*used >= size)
		return;
	int n = snprintf(buf + *used, size - *used, fmt, text);
	if (n > 0)
		*used += (size_t)n;
}

static void append_list(char *buf, size_t size, size_t *used, const char *label,
                        const co_word_list *list)
{
	if (list->count == 0)
		return;
	append(buf, size, used, *used ? "; %s " : "%s ", label);
	for (size_t i = 0; i < list->count; i++)
		append(buf, size, used, i ? ",%s" : "%s", list->items[i]);
}

void co_view_describe(const co_view *view, char *buf, size_t size)
{
	size_t used = 0;
	char number[32];

	buf[0] = '\0';
	if (view->as_of[0])
		append(buf, size, &used, "ties active on %s", view->as_of);
	append_list(buf, size, &used, "org kinds", &view->kinds);
	append_list(buf, size, &used, "tie kinds", &view->tie_kinds);
	append_list(buf, size, &used, "states", &view->states);
	if (view->min_sources > 0) {
		snprintf(number, sizeof(number), "%d", view->min_sources);
		append(buf, size, &used, used ? "; at least %s sources per tie" :
		       "at least %s sources per tie", number);
	}
	if (view->positive_only)
		append(buf, size, &used, used ? "; %s" : "%s", "collaboration ties only");
	if (view->events)
		append(buf, size, &used, used ? "; %s" : "%s", "with co-participation ties");
	if (view->public_only)
		append(buf, size, &used, used ? "; %s" : "%s",
		       "public ties only (private and friction ties left out)");
	if (view->federation)
		append(buf, size, &used, used ? "; %s" : "%s", "parent links as federation ties");
	if (view->rollup)
		append(buf, size, &used, used ? "; rolled up by %s" : "rolled up by %s",
		       co_rollup_name(view->rollup));
	if (used == 0)
		snprintf(buf, size, "all orgs and ties");
}

static json_t *word_list_json(const co_word_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++)
		json_array_append_new(array, json_string(list->items[i]));
	return array;
}

char *co_view_to_json(const co_view *view)
{
	json_t *doc = json_pack("{s:s?, s:o, s:o, s:o, s:i, s:b, s:b, s:b, s:b, s:b, s:s?}",
		"as_of", view->as_of[0] ? view->as_of : NULL,
		"kinds", word_list_json(&view->kinds),
		"tie_kinds", word_list_json(&view->tie_kinds),
		"states", word_list_json(&view->states),
		"min_sources", view->min_sources,
		"positive_only", view->positive_only,
		"signed", view->signed_ties,
		"events", view->events,
		"public", view->public_only,
		"federation", view->federation,
		"rollup", co_rollup_name(view->rollup));
	char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(doc);
	return text;
}

/* The distinct values of one column in the store, sorted; caller frees. */
static co_status values_in_use(co_word_list *out, co_store *store, const char *sql)
{
	sqlite3_stmt *st = NULL;
	co_status status = CO_OK;
	int rc;

	out->items = NULL;
	out->count = 0;
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &st, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read the store");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **grown = realloc(out->items, (out->count + 1) * sizeof(*grown));
		const char *text = (const char *)sqlite3_column_text(st, 0);
		if (!grown || !(grown[out->count] = strdup(text ? text : ""))) {
			if (grown)
				out->items = grown;
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		out->items = grown;
		out->count++;
	}
	if (rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read the store");
done:
	sqlite3_finalize(st);
	return status;
}

/* Each value of `asked` must be among those in use; else an error listing them. */
static co_status check_in_use(const co_word_list *asked, co_store *store, const char *option,
                              const char *what, const char *sql)
{
	co_word_list used;
	co_status status;

	if (asked->count == 0)
		return CO_OK;
	if ((status = values_in_use(&used, store, sql)) != CO_OK)
		goto done;
	for (size_t i = 0; i < asked->count; i++) {
		char list[600], hint[160];
		size_t n = 0;
		if (co_word_list_allows(&used, asked->items[i]) && used.count)
			continue;
		list[0] = '\0';
		for (size_t k = 0; k < used.count && n < sizeof(list); k++)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", k ? ", " : "",
			                      used.items[k]);
		co_suggest(hint, sizeof(hint), asked->items[i], (const char *const *)used.items,
		           used.count);
		status = co_error_set(CO_EINVAL, "--%s: no %s in the store has '%s'%s%s%s; in use: %s",
		                      option, what, asked->items[i], *hint ? " (did you mean " : "",
		                      hint, *hint ? "?)" : "", used.count ? list : "none");
		break;
	}
done:
	co_word_list_free(&used);
	return status;
}

co_status co_view_check_kinds(const co_word_list *kinds, co_store *store, const char *option)
{
	return check_in_use(kinds, store, option, "org",
	                    "SELECT DISTINCT kind FROM orgs ORDER BY kind");
}

co_status co_view_check(const co_view *view, co_store *store)
{
	co_status status;

	if ((status = check_in_use(&view->kinds, store, "kinds", "org",
	                           "SELECT DISTINCT kind FROM orgs ORDER BY kind")) != CO_OK ||
	    (status = check_in_use(&view->tie_kinds, store, "tie-kinds", "tie",
	                           "SELECT DISTINCT kind FROM ties ORDER BY kind")) != CO_OK ||
	    (status = check_in_use(&view->states, store, "states", "org",
	                           "SELECT DISTINCT state FROM orgs WHERE state <> ''"
	                           " ORDER BY state")) != CO_OK)
		return status;
	return CO_OK;
}
