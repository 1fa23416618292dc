/*
 * events.c - days of action: reads the events of a view and their
 * participants, and computes the four sections of `coalition events`:
 * campaigns (events sharing a campaign, their places, crowd totals and the
 * kinds of orgs taking part), the co-lead network (orgs with role lead or
 * co-lead on the same event), which chapters tied to a national joined its
 * campaign, and an ordinary least-squares regression of log turnout on the
 * make-up of an event's leads.
 *
 * The regression is panel_stats.c's least squares (GSL underneath) with an
 * intercept and classical standard errors: intervals and p-values from
 * Student's t on n - terms - 1 degrees of freedom.  A predictor that never
 * varies over the events used is refused by name before fitting.  What the
 * fit shows is association across events, not the effect of who leads:
 * co_events_turnout_note says so wherever it is printed.
 *
 * Memory at 1.1M ties (121,543 events, 421,322 participations): the list's
 * texts are kept in blocks, the repeated ones once; the participants are
 * read twice (counted, then written in place) rather than held twice; the
 * sections read the ties through co_events_ties (taken before the command
 * releases the network's ties); the co-lead network's graph has only the
 * co-leads; and the command prints the joined table a row at a time.
 */
#include "coalition/events.h"
#include "panel_stats.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const co_event_role_names[CO_EVENT_N_ROLES] = {
	"lead", "co-lead", "partner", "participant", "endorser",
};

const char co_events_turnout_note[] =
	"association across events, not effect: events led by other coalitions may differ "
	"in ways the terms do not measure (place, date, cause, who counted the crowd)";

const co_events_predictor co_events_predictors[] = {
	{"leads", "number of orgs leading the event (role lead or co-lead)"},
	{"union", "1 if a union is among the leads, else 0"},
	{"ngo", "1 if an NGO is among the leads, else 0"},
	{"chapter", "1 if a chapter is among the leads, else 0"},
	{"national", "1 if a national organization is among the leads, else 0"},
	{"kinds", "number of distinct org kinds among the leads"},
	{"degree", "the leads' mean number of ties in the view begun before the event's date "
	           "(ties with no start date count)"},
	{"partners", "number of other orgs taking part (partner, participant, endorser)"},
	{NULL, NULL},
};

enum { P_LEADS, P_UNION, P_NGO, P_CHAPTER, P_NATIONAL, P_KINDS, P_DEGREE, P_PARTNERS };

int co_event_role_parse(const char *text)
{
	for (int r = 0; r < CO_EVENT_N_ROLES; r++)
		if (strcmp(text, co_event_role_names[r]) == 0)
			return r;
	return -1;
}

static int is_lead(co_event_role role)
{
	return role == CO_EVENT_ROLE_LEAD || role == CO_EVENT_ROLE_COLEAD;
}

double co_event_turnout(const co_event *event)
{
	int has_low = !isnan(event->turnout_low), has_high = !isnan(event->turnout_high);

	if (has_low && has_high)
		return (event->turnout_low + event->turnout_high) / 2;
	return has_low ? event->turnout_low : has_high ? event->turnout_high : NAN;
}

static co_status no_memory(void)
{
	return co_error_set(CO_ENOMEM, "out of memory");
}

/* ---- loading ------------------------------------------------------------ */

typedef struct {
	int64_t id;
	igraph_integer_t index;
} id_index;

static int compare_id_index(const void *a, const void *b)
{
	int64_t x = ((const id_index *)a)->id, y = ((const id_index *)b)->id;

	return (x > y) - (x < y);
}

static igraph_integer_t find_index(const id_index *map, size_t n, int64_t id)
{
	id_index key = {id, 0};
	const id_index *hit = bsearch(&key, map, n, sizeof(*map), compare_id_index);

	return hit ? hit->index : -1;
}

/*
 * The texts of a list's events are kept in blocks rather than one malloc
 * each (121,543 events of a 1.1M-tie view had 850,000 strings: 27 MB), and
 * the texts that repeat (kind, campaign, country, state, city) once each,
 * found again through a small open-addressing table.  The list handed out
 * is the first member of a list_owner, which co_event_list_free() frees.
 */
typedef struct text_block {
	struct text_block *next;
	size_t used, size;
	char text[];
} text_block;

typedef struct {
	co_event_list list;     /* first: what co_event_list_load() hands out */
	text_block *blocks;
	const char **interned;  /* open addressing, cap_interned a power of 2 */
	size_t n_interned, cap_interned;
} list_owner;

#define TEXT_BLOCK (256 * 1024)

/* A copy of text in the list's blocks; NULL when out of memory. */
static char *pool_copy(list_owner *o, const char *text)
{
	size_t n = strlen(text) + 1;
	text_block *b = o->blocks;

	if (!b || b->size - b->used < n) {
		size_t size = n > TEXT_BLOCK ? n : TEXT_BLOCK;
		if (!(b = malloc(sizeof(*b) + size)))
			return NULL;
		b->next = o->blocks;
		b->used = 0;
		b->size = size;
		o->blocks = b;
	}
	memcpy(b->text + b->used, text, n);
	b->used += n;
	return b->text + b->used - n;
}

static size_t text_hash(const char *text)
{
	size_t h = 14695981039346656037u;

	for (; *text; text++)
		h = (h ^ (unsigned char)*text) * 1099511628211u;
	return h;
}

static int intern_grow(list_owner *o)
{
	size_t cap = o->cap_interned ? 2 * o->cap_interned : 256;
	const char **grown = calloc(cap, sizeof(*grown));

	if (!grown)
		return -1;
	for (size_t i = 0; i < o->cap_interned; i++) {
		size_t h;
		if (!o->interned[i])
			continue;
		for (h = text_hash(o->interned[i]) & (cap - 1); grown[h]; h = (h + 1) & (cap - 1))
			;
		grown[h] = o->interned[i];
	}
	free(o->interned);
	o->interned = grown;
	o->cap_interned = cap;
	return 0;
}

/* The one copy of a text that repeats; NULL when out of memory. */
static char *pool_intern(list_owner *o, const char *text)
{
	size_t h;

	if (2 * (o->n_interned + 1) > o->cap_interned && intern_grow(o) < 0)
		return NULL;
	for (h = text_hash(text) & (o->cap_interned - 1); o->interned[h];
	     h = (h + 1) & (o->cap_interned - 1))
		if (strcmp(o->interned[h], text) == 0)
			return (char *)o->interned[h];
	if (!(o->interned[h] = pool_copy(o, text)))
		return NULL;
	o->n_interned++;
	return (char *)o->interned[h];
}

static const char *column_text(sqlite3_stmt *stmt, int column)
{
	const char *text = (const char *)sqlite3_column_text(stmt, column);

	return text ? text : "";
}

static double column_real(sqlite3_stmt *stmt, int column)
{
	return sqlite3_column_type(stmt, column) == SQLITE_NULL ? NAN
	       : sqlite3_column_double(stmt, column);
}

/* The WHERE clause and its bindings for the view's events. */
static void events_where(char *sql, size_t size, const co_view *view)
{
	if (view->as_of[0])
		strncat(sql, " AND (e.date IS NULL OR e.date <= ?)", size - strlen(sql) - 1);
	if (view->states.count) {
		strncat(sql, " AND e.state IN (", size - strlen(sql) - 1);
		for (size_t i = 0; i < view->states.count; i++)
			strncat(sql, i ? ",?" : "?", size - strlen(sql) - 1);
		strncat(sql, ")", size - strlen(sql) - 1);
	}
}

static void events_bind(sqlite3_stmt *stmt, int *index, const co_view *view, char *as_of_day)
{
	/* A date written YYYY or YYYY-MM means its first day, as for ties. */
	if (view->as_of[0]) {
		size_t n = strlen(view->as_of);
		snprintf(as_of_day, 24, "%s%s", view->as_of,
		         n == 4 ? "-01-01" : n == 7 ? "-01" : "");
		sqlite3_bind_text(stmt, (*index)++, as_of_day, -1, SQLITE_STATIC);
	}
	for (size_t i = 0; i < view->states.count; i++)
		sqlite3_bind_text(stmt, (*index)++, view->states.items[i], -1, SQLITE_STATIC);
}

static co_status read_event(co_event *e, list_owner *o, sqlite3_stmt *stmt)
{
	const char *date = (const char *)sqlite3_column_text(stmt, 4);

	e->id = sqlite3_column_int64(stmt, 0);
	e->key = pool_copy(o, column_text(stmt, 1));
	e->name = pool_copy(o, column_text(stmt, 2));
	e->kind = pool_intern(o, column_text(stmt, 3));
	snprintf(e->date, sizeof(e->date), "%s", date ? date : "");
	e->campaign = pool_intern(o, column_text(stmt, 5));
	e->country = pool_intern(o, column_text(stmt, 6));
	e->state = pool_intern(o, column_text(stmt, 7));
	e->city = pool_intern(o, column_text(stmt, 8));
	e->lat = column_real(stmt, 9);
	e->lon = column_real(stmt, 10);
	e->turnout_low = column_real(stmt, 11);
	e->turnout_high = column_real(stmt, 12);
	e->n_sources = sqlite3_column_int(stmt, 13);
	if (!e->key || !e->name || !e->kind || !e->campaign || !e->country || !e->state ||
	    !e->city)
		return no_memory();
	return CO_OK;
}

/* How many events the view has, so that the array is made once. */
static co_status count_events(size_t *n, co_store *store, const co_view *view)
{
	char sql[2048] = "SELECT count(*) FROM events e WHERE 1", as_of_day[24];
	sqlite3_stmt *stmt = NULL;
	int index = 1;
	co_status status = CO_OK;

	events_where(sql, sizeof(sql), view);
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read events");
	events_bind(stmt, &index, view, as_of_day);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(stmt, 0);
	else
		status = co_store_error(store, "cannot read events");
	sqlite3_finalize(stmt);
	return status;
}

static co_status load_events(list_owner *o, id_index **event_map, co_store *store,
                             const co_view *view)
{
	co_event_list *list = &o->list;
	char sql[2048] =
		"SELECT e.id, e.key, e.name, e.kind, e.date, e.campaign, e.country, e.state,"
		" e.city, e.lat, e.lon, e.turnout_low, e.turnout_high,"
		" (SELECT count(*) FROM event_sources es JOIN sources s ON s.id = es.source_id"
		"  WHERE es.event_id = e.id AND (s.private = 0 OR ? = 0))"
		" FROM events e WHERE 1";
	char as_of_day[24];
	sqlite3_stmt *stmt = NULL;
	size_t cap = 0;
	int index = 1, rc;
	co_status status;

	if ((status = count_events(&cap, store, view)) != CO_OK)
		return status;
	if (!(list->events = calloc(cap + 1, sizeof(co_event))))
		return no_memory();
	events_where(sql, sizeof(sql), view);
	strncat(sql, " ORDER BY e.key", sizeof(sql) - strlen(sql) - 1);
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read events");
	sqlite3_bind_int(stmt, index++, view->public_only);
	events_bind(stmt, &index, view, as_of_day);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && list->n_events < cap)
		if ((status = read_event(&list->events[list->n_events++], o, stmt)) != CO_OK)
			goto done;
	if (rc != SQLITE_DONE) {
		status = co_store_error(store, "cannot read events");
		goto done;
	}
	if (!(*event_map = malloc((list->n_events + 1) * sizeof(id_index)))) {
		status = no_memory();
		goto done;
	}
	for (size_t i = 0; i < list->n_events; i++)
		(*event_map)[i] = (id_index){list->events[i].id, (igraph_integer_t)i};
	qsort(*event_map, list->n_events, sizeof(id_index), compare_id_index);
done:
	sqlite3_finalize(stmt);
	return status;
}

static int compare_part_org(const void *a, const void *b)
{
	const co_participant *x = a, *y = b;

	return (x->org > y->org) - (x->org < y->org);
}

/* One pass over participation: with fill 0 it counts each event's
 * participants in n_parts, with fill 1 it writes them at first + n_parts. */
static co_status read_parts(co_event_list *list, const id_index *event_map,
                            const id_index *org_map, co_store *store, const co_network *net,
                            int fill)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(co_store_db(store),
	        "SELECT event_id, org_id, role FROM participation", -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read participation");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		igraph_integer_t e = find_index(event_map, list->n_events,
		                                sqlite3_column_int64(stmt, 0));
		igraph_integer_t v = find_index(org_map, (size_t)net->n_orgs,
		                                sqlite3_column_int64(stmt, 1));
		co_event *event;
		int role;

		if (e < 0 || v < 0)
			continue; /* the event or the org is outside the view */
		event = &list->events[e];
		if (fill) {
			role = co_event_role_parse(column_text(stmt, 2));
			list->parts[event->first + event->n_parts] = (co_participant){
				v, role < 0 ? CO_EVENT_ROLE_PARTICIPANT : (co_event_role)role};
		}
		event->n_parts++;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? CO_OK : co_store_error(store, "cannot read participation");
}

/* Each event's participants, sorted by vertex, in parts[] by event: read
 * twice (counted, then written in place) rather than held twice. */
static co_status load_parts(co_event_list *list, const id_index *event_map,
                            co_store *store, const co_network *net)
{
	id_index *org_map = malloc(((size_t)net->n_orgs + 1) * sizeof(id_index));
	size_t n = 0;
	co_status status;

	if (!org_map)
		return no_memory();
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		org_map[v] = (id_index){net->orgs[v].id, v};
	qsort(org_map, (size_t)net->n_orgs, sizeof(id_index), compare_id_index);
	if ((status = read_parts(list, event_map, org_map, store, net, 0)) != CO_OK)
		goto done;
	for (size_t i = 0; i < list->n_events; i++) {
		co_event *e = &list->events[i];
		e->first = e->n_parts ? n : 0;
		n += e->n_parts;
		e->n_parts = 0;
	}
	if (!(list->parts = malloc((n + 1) * sizeof(co_participant)))) {
		status = no_memory();
		goto done;
	}
	if ((status = read_parts(list, event_map, org_map, store, net, 1)) != CO_OK)
		goto done;
	for (size_t i = 0; i < list->n_events; i++)
		if (list->events[i].n_parts > 1)
			qsort(list->parts + list->events[i].first, list->events[i].n_parts,
			      sizeof(co_participant), compare_part_org);
	list->n_parts = n;
done:
	free(org_map);
	return status;
}

co_status co_event_list_load(co_event_list **out, co_store *store, const co_network *net)
{
	list_owner *o = calloc(1, sizeof(*o));
	id_index *event_map = NULL;
	co_status status;

	*out = NULL;
	if (!o)
		return no_memory();
	if ((status = load_events(o, &event_map, store, &net->view)) != CO_OK ||
	    (status = load_parts(&o->list, event_map, store, net)) != CO_OK)
		goto done;
	*out = &o->list;
done:
	free(event_map);
	if (status != CO_OK)
		co_event_list_free(&o->list);
	return status;
}

void co_event_list_free(co_event_list *list)
{
	list_owner *o = (list_owner *)list;

	if (!list)
		return;
	while (o->blocks) {
		text_block *next = o->blocks->next;
		free(o->blocks);
		o->blocks = next;
	}
	free(o->interned);
	free(list->events);
	free(list->parts);
	free(o);
}

/* ---- what the sections read of the ties ------------------------------- */

/*
 * Of the network's ties the sections read only which chapters are tied to
 * each national (joined) and the start dates of each org's ties (turnout's
 * degree): taken as two per-vertex lists, 10 MB at 1.1M ties, so that the
 * command can release the ties (64 MB) before loading the events.
 */
struct co_events_ties {
	size_t *chapters_first;       /* per vertex v: chapters[chapters_first[v] .. [v + 1]) */
	igraph_integer_t *chapters;   /* the chapters a national is tied to, by tie */
	size_t *starts_first;         /* per vertex: starts[starts_first[v] .. [v + 1]) */
	int32_t *starts;              /* date codes of the ties of the vertex, a loop once */
	co_tie_columns dates;         /* odd_dates only: the texts of codes < 0 */
};

/* The other end of tie j when one end is a national and the other a
 * chapter: *national set; -1 otherwise. */
static igraph_integer_t national_chapter(const co_network *net, igraph_integer_t j,
                                         igraph_integer_t *national)
{
	igraph_integer_t a = co_network_tie_source(net, j), b = co_network_tie_target(net, j);

	if (strcmp(net->orgs[a].kind, "national") == 0 && strcmp(net->orgs[b].kind, "chapter") == 0) {
		*national = a;
		return b;
	}
	if (strcmp(net->orgs[b].kind, "national") == 0 && strcmp(net->orgs[a].kind, "chapter") == 0) {
		*national = b;
		return a;
	}
	return -1;
}

/* Counts (fill 0) or writes (fill 1, first[] advanced) the two lists. */
static void ties_pass(co_events_ties *t, const co_network *net, int fill)
{
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t a = IGRAPH_FROM(&net->graph, j), b = IGRAPH_TO(&net->graph, j);
		igraph_integer_t national, chapter = national_chapter(net, j, &national);
		if (fill) {
			t->starts[t->starts_first[a]++] = net->ties.start[j];
			if (b != a)
				t->starts[t->starts_first[b]++] = net->ties.start[j];
			if (chapter >= 0)
				t->chapters[t->chapters_first[national]++] = chapter;
			continue;
		}
		t->starts_first[a]++;
		t->starts_first[b] += b != a;
		if (chapter >= 0)
			t->chapters_first[national]++;
	}
}

/* Counts into starts; shifted back after the fill pass advanced them. */
static size_t counts_to_starts(size_t *first, size_t n)
{
	size_t total = 0;

	for (size_t v = 0; v < n; v++) {
		size_t count = first[v];
		first[v] = total;
		total += count;
	}
	first[n] = total;
	return total;
}

static void starts_back(size_t *first, size_t n)
{
	for (size_t v = n; v > 0; v--)
		first[v] = first[v - 1];
	first[0] = 0;
}

static co_status take_ties(co_events_ties **out, const co_network *net)
{
	co_events_ties *t = calloc(1, sizeof(*t));
	size_t n = (size_t)net->n_orgs, n_starts, n_chapters;

	*out = NULL;
	if (!t || !(t->chapters_first = calloc(n + 1, sizeof(size_t))) ||
	    !(t->starts_first = calloc(n + 1, sizeof(size_t))))
		goto oom;
	ties_pass(t, net, 0);
	n_starts = counts_to_starts(t->starts_first, n);
	n_chapters = counts_to_starts(t->chapters_first, n);
	if (!(t->starts = malloc((n_starts + 1) * sizeof(int32_t))) ||
	    !(t->chapters = malloc((n_chapters + 1) * sizeof(igraph_integer_t))))
		goto oom;
	ties_pass(t, net, 1);
	starts_back(t->starts_first, n);
	starts_back(t->chapters_first, n);
	if (net->ties.n_odd_dates &&
	    !(t->dates.odd_dates = calloc(net->ties.n_odd_dates, sizeof(char *))))
		goto oom;
	for (size_t i = 0; i < net->ties.n_odd_dates; i++, t->dates.n_odd_dates++)
		if (!(t->dates.odd_dates[i] = strdup(net->ties.odd_dates[i])))
			goto oom;
	*out = t;
	return CO_OK;
oom:
	co_events_ties_free(t);
	return no_memory();
}

co_status co_events_take_ties(co_events_ties **out, co_network *net)
{
	co_status status = take_ties(out, net);

	co_network_release_ties(net);
	return status;
}

void co_events_ties_free(co_events_ties *ties)
{
	if (!ties)
		return;
	for (size_t i = 0; i < ties->dates.n_odd_dates; i++)
		free(ties->dates.odd_dates[i]);
	free(ties->dates.odd_dates);
	free(ties->chapters_first);
	free(ties->chapters);
	free(ties->starts_first);
	free(ties->starts);
	free(ties);
}

/* ---- campaigns ---------------------------------------------------------- */

/* Event indexes ordered by campaign name, then key (events are by key). */
static int compare_by_campaign(const void *a, const void *b, const co_event_list *list)
{
	const co_event *x = &list->events[*(const size_t *)a], *y = &list->events[*(const size_t *)b];
	int c = strcmp(x->campaign, y->campaign);

	return c ? c : strcmp(x->key, y->key);
}

/* qsort has no context argument: a file-local pointer for the comparison,
 * set just before each sort (the analysis runs on one thread at a time). */
static _Thread_local const co_event_list *sort_list;

static int compare_by_campaign_qsort(const void *a, const void *b)
{
	return compare_by_campaign(a, b, sort_list);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_kind_count(const void *a, const void *b)
{
	const co_kind_count *x = a, *y = b;

	if (x->orgs != y->orgs)
		return x->orgs < y->orgs ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Distinct strings among n (sorted in place). */
static size_t count_distinct(char **texts, size_t n)
{
	size_t distinct = 0;

	qsort(texts, n, sizeof(char *), compare_strings);
	for (size_t i = 0; i < n; i++)
		if (texts[i][0] && (i == 0 || strcmp(texts[i], texts[i - 1]) != 0))
			distinct++;
	return distinct;
}

typedef struct {
	const co_network *net;
	const co_event_list *list;
	const co_events_options *options;
	co_events *out;
	const co_events_ties *ties;
	int *mark;        /* per vertex: the stamp of the campaign that saw it */
	char **texts;     /* scratch, one per event */
} ctx;

static co_status campaign_kinds(co_campaign *c, ctx *x, const size_t *events, size_t n,
                                int stamp)
{
	const co_network *net = x->net;
	co_kind_count *kinds = NULL;
	size_t n_kinds = 0;

	for (size_t i = 0; i < n; i++) {
		const co_event *e = &x->list->events[events[i]];
		for (size_t p = e->first; p < e->first + e->n_parts; p++) {
			igraph_integer_t v = x->list->parts[p].org;
			size_t k;
			if (x->mark[v] == stamp)
				continue;
			x->mark[v] = stamp;
			c->orgs++;
			for (k = 0; k < n_kinds && strcmp(kinds[k].name, net->orgs[v].kind) != 0; k++)
				;
			if (k == n_kinds) {
				co_kind_count *grown = realloc(kinds, (n_kinds + 1) * sizeof(*kinds));
				if (!grown) {
					free(kinds);
					return no_memory();
				}
				kinds = grown;
				kinds[n_kinds++] = (co_kind_count){net->orgs[v].kind, 0};
			}
			kinds[k].orgs++;
		}
	}
	if (n_kinds)
		qsort(kinds, n_kinds, sizeof(*kinds), compare_kind_count);
	c->kinds = kinds;
	c->n_kinds = n_kinds;
	return CO_OK;
}

/* One campaign from its events (indexes into the list). */
static co_status one_campaign(co_campaign *c, ctx *x, const size_t *events, size_t n, int stamp)
{
	size_t places = 0;
	co_status status = CO_OK;

	c->name = x->list->events[events[0]].campaign;
	c->events = n;
	for (size_t i = 0; i < n; i++) {
		const co_event *e = &x->list->events[events[i]];
		double t = co_event_turnout(e);
		int need = snprintf(NULL, 0, "%s|%s|%s", e->country, e->state, e->city);
		if (!isnan(t)) {
			c->estimated++;
			c->turnout_low += isnan(e->turnout_low) ? t : e->turnout_low;
			c->turnout_high += isnan(e->turnout_high) ? t : e->turnout_high;
		}
		if (!e->state[0] && !e->city[0])
			continue;
		if (!(x->texts[places] = malloc((size_t)need + 1))) {
			status = no_memory();
			goto done;
		}
		snprintf(x->texts[places++], (size_t)need + 1, "%s|%s|%s", e->country, e->state,
		         e->city);
	}
	c->places = count_distinct(x->texts, places);
	for (size_t i = 0; i < places; i++)
		*strrchr(x->texts[i], '|') = '\0'; /* country|state */
	for (size_t i = 0; i < places; i++)
		if (!strchr(x->texts[i], '|')[1])
			x->texts[i][0] = '\0'; /* a place without a state */
	c->states = count_distinct(x->texts, places);
	status = campaign_kinds(c, x, events, n, stamp);
done:
	for (size_t i = 0; i < places; i++)
		free(x->texts[i]);
	return status;
}

/* Event indexes grouped by campaign (only events with one, and only
 * options->campaign when given); *n_out events, starts of groups in *groups. */
static co_status group_campaigns(size_t **order, size_t *n_out, ctx *x)
{
	const co_event_list *list = x->list;
	const char *only = x->options->campaign;
	size_t n = 0;

	if (!(*order = malloc((list->n_events + 1) * sizeof(size_t))))
		return no_memory();
	for (size_t i = 0; i < list->n_events; i++)
		if (list->events[i].campaign[0] && (!only || strcmp(only, list->events[i].campaign) == 0))
			(*order)[n++] = i;
	sort_list = list;
	qsort(*order, n, sizeof(size_t), compare_by_campaign_qsort);
	*n_out = n;
	return CO_OK;
}

static co_status compute_campaigns(ctx *x, const size_t *order, size_t n)
{
	co_events *out = x->out;
	size_t cap = 0;
	co_status status;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		const char *name = x->list->events[order[i]].campaign;
		while (j < n && strcmp(x->list->events[order[j]].campaign, name) == 0)
			j++;
		if (out->n_campaigns == cap) {
			size_t grow = cap ? 2 * cap : 8;
			co_campaign *grown = realloc(out->campaigns, grow * sizeof(co_campaign));
			if (!grown)
				return no_memory();
			out->campaigns = grown;
			cap = grow;
		}
		memset(&out->campaigns[out->n_campaigns], 0, sizeof(co_campaign));
		out->n_campaigns++;
		if ((status = one_campaign(&out->campaigns[out->n_campaigns - 1], x, order + i, j - i,
		                           (int)out->n_campaigns)) != CO_OK)
			return status;
		i = j;
	}
	return CO_OK;
}

/* ---- the co-lead network ------------------------------------------------ */

static int compare_pair_vertices(const void *a, const void *b)
{
	const co_colead_pair *x = a, *y = b;

	if (x->a != y->a)
		return (x->a > y->a) - (x->a < y->a);
	return (x->b > y->b) - (x->b < y->b);
}

static int compare_pair_events(const void *a, const void *b)
{
	const co_colead_pair *x = a, *y = b;

	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	return compare_pair_vertices(a, b);
}

static int compare_central(const void *a, const void *b)
{
	const co_colead_org *x = a, *y = b;

	if (x->partners != y->partners)
		return x->partners < y->partners ? 1 : -1;
	if (x->betweenness != y->betweenness)
		return x->betweenness < y->betweenness ? 1 : -1;
	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	return (x->org > y->org) - (x->org < y->org);
}

static int compare_colead_kinds(const void *a, const void *b)
{
	const co_colead_kinds *x = a, *y = b;
	int c;

	if (x->pairs != y->pairs)
		return x->pairs < y->pairs ? 1 : -1;
	if (x->ratio != y->ratio)
		return x->ratio < y->ratio ? 1 : -1;
	return (c = strcmp(x->a, y->a)) ? c : strcmp(x->b, y->b);
}

/* Every pair of leads of every event, counted: the co-lead network's edges. */
static co_status colead_pairs(ctx *x, int64_t *led)
{
	const co_event_list *list = x->list;
	co_colead_pair *all = NULL;
	size_t n = 0, cap = 0, distinct = 0;

	for (size_t i = 0; i < list->n_events; i++) {
		const co_event *e = &list->events[i];
		size_t leads = 0;
		for (size_t p = e->first; p < e->first + e->n_parts; p++)
			leads += is_lead(list->parts[p].role);
		if (leads < 2)
			continue;
		for (size_t p = e->first; p < e->first + e->n_parts; p++) {
			if (!is_lead(list->parts[p].role))
				continue;
			led[list->parts[p].org]++;
			for (size_t q = p + 1; q < e->first + e->n_parts; q++) {
				if (!is_lead(list->parts[q].role))
					continue;
				if (n == cap) {
					size_t grow = cap ? 2 * cap : 64;
					co_colead_pair *grown = realloc(all, grow * sizeof(*all));
					if (!grown) {
						free(all);
						return no_memory();
					}
					all = grown;
					cap = grow;
				}
				/* parts are sorted by vertex: p's org comes first */
				all[n++] = (co_colead_pair){list->parts[p].org, list->parts[q].org, 1};
			}
		}
	}
	if (n)
		qsort(all, n, sizeof(*all), compare_pair_vertices);
	for (size_t i = 0; i < n; i++) {
		if (distinct && all[distinct - 1].a == all[i].a && all[distinct - 1].b == all[i].b)
			all[distinct - 1].events++;
		else
			all[distinct++] = all[i];
	}
	x->out->pairs = all;
	x->out->n_pairs = distinct;
	return CO_OK;
}

/* Degree and betweenness in the co-lead network, for orgs in it.  Its graph
 * has only those orgs, numbered in vertex order (an org without a co-lead
 * adds nothing to another's betweenness): at 1.1M ties, a fraction of the
 * view's 240,063 vertices, each with its lists in igraph. */
static co_status colead_central(ctx *x, const int64_t *led)
{
	co_events *out = x->out;
	igraph_integer_t n_orgs = x->net->n_orgs, n = 0;
	igraph_vector_int_t edges;
	igraph_vector_t between;
	igraph_t graph;
	int has_edges = 0, has_between = 0, has_graph = 0;
	int64_t *degree = calloc((size_t)n_orgs + 1, sizeof(int64_t));
	igraph_integer_t *index = NULL, *org = NULL;
	co_status status = CO_OK;

	if (!degree)
		return no_memory();
	for (size_t i = 0; i < out->n_pairs; i++) {
		degree[out->pairs[i].a]++;
		degree[out->pairs[i].b]++;
	}
	for (igraph_integer_t v = 0; v < n_orgs; v++)
		n += degree[v] > 0;
	out->colead_orgs = (size_t)n;
	if (!(index = malloc(((size_t)n_orgs + 1) * sizeof(igraph_integer_t))) ||
	    !(org = malloc(((size_t)n + 1) * sizeof(igraph_integer_t))) ||
	    !(out->central = malloc((out->colead_orgs + 1) * sizeof(co_colead_org)))) {
		status = no_memory();
		goto done;
	}
	n = 0;
	for (igraph_integer_t v = 0; v < n_orgs; v++)
		if (degree[v] > 0) {
			index[v] = n;
			org[n++] = v;
		}
	if (igraph_vector_int_init(&edges, 2 * (igraph_integer_t)out->n_pairs) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	has_edges = 1;
	for (size_t i = 0; i < out->n_pairs; i++) {
		VECTOR(edges)[2 * i] = index[out->pairs[i].a];
		VECTOR(edges)[2 * i + 1] = index[out->pairs[i].b];
	}
	if (igraph_create(&graph, &edges, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	has_graph = 1;
	igraph_vector_int_destroy(&edges);
	has_edges = 0;
	if (igraph_vector_init(&between, 0) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	has_between = 1;
	if (igraph_betweenness(&graph, &between, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL)
	    != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++)
		out->central[out->n_central++] =
			(co_colead_org){org[i], degree[org[i]], led[org[i]], VECTOR(between)[i]};
	qsort(out->central, out->n_central, sizeof(co_colead_org), compare_central);
	if (x->options->top && out->n_central > x->options->top)
		out->n_central = x->options->top;
done:
	if (status == CO_EGRAPH && !co_error_last()[0])
		co_error_set(CO_EGRAPH, "cannot build the co-lead network");
	if (has_between)
		igraph_vector_destroy(&between);
	if (has_graph)
		igraph_destroy(&graph);
	if (has_edges)
		igraph_vector_int_destroy(&edges);
	free(degree);
	free(index);
	free(org);
	return status;
}

/* Index of kind `name` in kinds[0..n), or n. */
static size_t kind_index(const char *const *kinds, size_t n, const char *name)
{
	size_t k;

	for (k = 0; k < n && strcmp(kinds[k], name) != 0; k++)
		;
	return k;
}

/*
 * Co-lead pairs per pair of kinds, against random pairing: with N orgs in
 * the co-lead network, n_k of kind k and P pairs, a pair of kinds k != l is
 * expected P n_k n_l / C(N, 2) times and k with itself P C(n_k, 2) / C(N, 2).
 */
static co_status colead_kind_pairs(ctx *x)
{
	co_events *out = x->out;
	const co_network *net = x->net;
	const char **kinds = NULL;
	int64_t *count = NULL, *pairs = NULL;
	size_t n_kinds = 0, total = 0;
	char *seen = calloc((size_t)net->n_orgs + 1, 1);
	co_status status = CO_OK;

	if (!seen || !(kinds = malloc(((size_t)net->n_orgs + 1) * sizeof(char *))))
		goto oom;
	for (size_t i = 0; i < out->n_pairs; i++) {
		igraph_integer_t ends[2] = {out->pairs[i].a, out->pairs[i].b};
		for (int s = 0; s < 2; s++) {
			if (seen[ends[s]])
				continue;
			seen[ends[s]] = 1;
			total++;
			if (kind_index(kinds, n_kinds, net->orgs[ends[s]].kind) == n_kinds)
				kinds[n_kinds++] = net->orgs[ends[s]].kind;
		}
	}
	qsort(kinds, n_kinds, sizeof(char *), compare_strings);
	if (!(count = calloc(n_kinds + 1, sizeof(int64_t))) ||
	    !(pairs = calloc(n_kinds * n_kinds + 1, sizeof(int64_t))))
		goto oom;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (seen[v])
			count[kind_index(kinds, n_kinds, net->orgs[v].kind)]++;
	for (size_t i = 0; i < out->n_pairs; i++) {
		size_t a = kind_index(kinds, n_kinds, net->orgs[out->pairs[i].a].kind);
		size_t b = kind_index(kinds, n_kinds, net->orgs[out->pairs[i].b].kind);
		pairs[a < b ? a * n_kinds + b : b * n_kinds + a]++;
	}
	if (!(out->kind_pairs = malloc((n_kinds * (n_kinds + 1) / 2 + 1) * sizeof(co_colead_kinds))))
		goto oom;
	for (size_t a = 0; a < n_kinds; a++)
		for (size_t b = a; b < n_kinds; b++) {
			double all = (double)total * (double)(total - 1) / 2;
			double share = a == b ? (double)count[a] * (double)(count[a] - 1) / 2 / all
			                      : (double)count[a] * (double)count[b] / all;
			co_colead_kinds *k = &out->kind_pairs[out->n_kind_pairs];
			if (share <= 0)
				continue; /* a lone org of its kind cannot pair with itself */
			k->a = kinds[a];
			k->b = kinds[b];
			k->pairs = pairs[a * n_kinds + b];
			k->expected = (double)out->n_pairs * share;
			k->ratio = (double)k->pairs / k->expected;
			out->n_kind_pairs++;
		}
	qsort(out->kind_pairs, out->n_kind_pairs, sizeof(co_colead_kinds), compare_colead_kinds);
	goto done;
oom:
	status = no_memory();
done:
	free(seen);
	free(kinds);
	free(count);
	free(pairs);
	return status;
}

static co_status compute_coleads(ctx *x)
{
	int64_t *led = calloc((size_t)x->net->n_orgs + 1, sizeof(int64_t));
	co_status status;

	if (!led)
		return no_memory();
	if ((status = colead_pairs(x, led)) == CO_OK &&
	    (status = colead_central(x, led)) == CO_OK &&
	    (status = colead_kind_pairs(x)) == CO_OK) {
		if (x->out->n_pairs)
			qsort(x->out->pairs, x->out->n_pairs, sizeof(co_colead_pair), compare_pair_events);
		if (x->options->top && x->out->n_pairs > x->options->top)
			x->out->n_pairs = x->options->top;
	}
	free(led);
	return status;
}

/* ---- which chapters joined ---------------------------------------------- */

typedef struct {
	igraph_integer_t chapter;
	const char *state;
	int joined;
} chapter_row;

static int compare_chapter_row(const void *a, const void *b)
{
	const chapter_row *x = a, *y = b;
	int c = strcmp(x->state, y->state);

	return c ? c : (x->chapter > y->chapter) - (x->chapter < y->chapter);
}

static co_joined *new_joined(co_events *out, size_t *cap)
{
	if (out->n_joined == *cap) {
		size_t grow = *cap ? 2 * *cap : 16;
		co_joined *grown = realloc(out->joined, grow * sizeof(co_joined));
		if (!grown)
			return NULL;
		out->joined = grown;
		*cap = grow;
	}
	memset(&out->joined[out->n_joined], 0, sizeof(co_joined));
	return &out->joined[out->n_joined++];
}

/* Rows by state for one national in one campaign; rows[] sorted by state. */
static co_status joined_rows(ctx *x, const char *campaign, igraph_integer_t national,
                             const chapter_row *rows, size_t n, size_t *cap)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		co_joined *r;
		while (j < n && strcmp(rows[j].state, rows[i].state) == 0)
			j++;
		if (!(r = new_joined(x->out, cap)) ||
		    !(r->joined = malloc((j - i) * sizeof(igraph_integer_t))) ||
		    !(r->missing = malloc((j - i) * sizeof(igraph_integer_t))))
			return no_memory();
		r->campaign = campaign;
		r->national = national;
		r->state = rows[i].state;
		for (size_t k = i; k < j; k++) {
			if (rows[k].joined)
				r->joined[r->n_joined++] = rows[k].chapter;
			else
				r->missing[r->n_missing++] = rows[k].chapter;
		}
		i = j;
	}
	return CO_OK;
}

/* The chapters tied to `national` (its children, or a tie with it in the
 * view), each marked with whether it took part (mark == stamp). */
static co_status chapters_of(chapter_row *rows, size_t *n, ctx *x, igraph_integer_t national,
                             int stamp, char *listed)
{
	const co_network *net = x->net;

	const co_events_ties *ties = x->ties;

	*n = 0;
	memset(listed, 0, (size_t)net->n_orgs);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (strcmp(net->orgs[v].kind, "chapter") == 0 && net->orgs[v].parent == national)
			listed[v] = 1;
	for (size_t k = ties->chapters_first[national]; k < ties->chapters_first[national + 1]; k++)
		listed[ties->chapters[k]] = 1;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (listed[v])
			rows[(*n)++] = (chapter_row){v, net->orgs[v].state, x->mark[v] == stamp};
	qsort(rows, *n, sizeof(chapter_row), compare_chapter_row);
	return CO_OK;
}

static co_status compute_joined(ctx *x, const size_t *order, size_t n)
{
	const co_network *net = x->net;
	const co_event_list *list = x->list;
	chapter_row *rows = malloc(((size_t)net->n_orgs + 1) * sizeof(chapter_row));
	char *listed = malloc((size_t)net->n_orgs + 1);
	size_t cap = 0;
	int stamp = -1;
	co_status status = CO_OK;

	if (!rows || !listed) {
		status = no_memory();
		goto done;
	}
	for (size_t i = 0; i < n; stamp--) {
		size_t j = i, n_rows;
		const char *name = list->events[order[i]].campaign;
		while (j < n && strcmp(list->events[order[j]].campaign, name) == 0)
			j++;
		/* mark everyone taking part in this campaign */
		for (size_t k = i; k < j; k++) {
			const co_event *e = &list->events[order[k]];
			for (size_t p = e->first; p < e->first + e->n_parts; p++)
				x->mark[list->parts[p].org] = stamp;
		}
		for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
			if (x->mark[v] != stamp || strcmp(net->orgs[v].kind, "national") != 0)
				continue;
			if ((status = chapters_of(rows, &n_rows, x, v, stamp, listed)) != CO_OK ||
			    (status = joined_rows(x, name, v, rows, n_rows, &cap)) != CO_OK)
				goto done;
		}
		i = j;
	}
done:
	free(rows);
	free(listed);
	return status;
}

/* ---- turnout ------------------------------------------------------------ */

static int predictor_index(const char *name, size_t len)
{
	for (int i = 0; co_events_predictors[i].name; i++)
		if (strlen(co_events_predictors[i].name) == len &&
		    strncmp(co_events_predictors[i].name, name, len) == 0)
			return i;
	return -1;
}

static co_status known_list(char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; co_events_predictors[i].name; i++) {
		strncat(buf, i ? ", " : "", size - strlen(buf) - 1);
		strncat(buf, co_events_predictors[i].name, size - strlen(buf) - 1);
	}
	return CO_OK;
}

/* Parses the list into indexes (at most 16 terms). */
static co_status parse_predictors(int *terms, size_t *n_terms, const char *text)
{
	char known[256];
	const char *p = text;

	*n_terms = 0;
	known_list(known, sizeof(known));
	for (;;) {
		size_t len = strcspn(p, ",");
		int i = predictor_index(p, len);
		if (len == 0)
			return co_error_set(CO_EINVAL, "--predictors: empty name in '%s' (known: %s)",
			                    text, known);
		if (i < 0)
			return co_error_set(CO_EINVAL, "--predictors: unknown predictor '%.*s' "
			                    "(known: %s)", (int)len, p, known);
		for (size_t k = 0; k < *n_terms; k++)
			if (terms[k] == i)
				return co_error_set(CO_EINVAL, "--predictors: '%.*s' is given twice",
				                    (int)len, p);
		if (*n_terms == 16)
			return co_error_set(CO_EINVAL, "--predictors: more than 16 terms");
		terms[(*n_terms)++] = i;
		if (!p[len])
			break;
		p += len + 1;
	}
	return CO_OK;
}

co_status co_events_predictors_check(const char *predictors)
{
	int terms[16];
	size_t n;

	return parse_predictors(terms, &n, predictors);
}

/* The predictors of one event; returns 0 when it has no lead. */
static int event_terms(double *row, const int *terms, size_t n_terms, ctx *x,
                       const co_event *e)
{
	const co_network *net = x->net;
	const co_events_ties *ties = x->ties;
	double v[8] = {0};
	const char *kinds[64];
	size_t n_kinds = 0, leads = 0, degree = 0;

	for (size_t p = e->first; p < e->first + e->n_parts; p++) {
		const co_participant *part = &x->list->parts[p];
		const char *kind = net->orgs[part->org].kind;
		if (!is_lead(part->role)) {
			v[P_PARTNERS]++;
			continue;
		}
		leads++;
		v[P_UNION] = v[P_UNION] || strcmp(kind, "union") == 0;
		v[P_NGO] = v[P_NGO] || strcmp(kind, "ngo") == 0;
		v[P_CHAPTER] = v[P_CHAPTER] || strcmp(kind, "chapter") == 0;
		v[P_NATIONAL] = v[P_NATIONAL] || strcmp(kind, "national") == 0;
		if (n_kinds < 64 && kind_index(kinds, n_kinds, kind) == n_kinds)
			kinds[n_kinds++] = kind;
		for (size_t k = ties->starts_first[part->org]; k < ties->starts_first[part->org + 1];
		     k++) {
			char start[11];
			/* before the event: begun earlier, or undated (an undated event sees all) */
			degree += !e->date[0] || ties->starts[k] == 0 ||
			          strcmp(co_tie_date_text(&ties->dates, ties->starts[k], start),
			                 e->date) < 0;
		}
	}
	if (!leads)
		return 0;
	v[P_LEADS] = (double)leads;
	v[P_KINDS] = (double)n_kinds;
	v[P_DEGREE] = (double)degree / (double)leads;
	row[0] = 1;
	for (size_t k = 0; k < n_terms; k++)
		row[k + 1] = v[terms[k]];
	return 1;
}

static co_status fit_failed(co_turnout_fit *fit, int soft, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if (!soft)
		return co_error_set(CO_EINVAL, "turnout: %s", message);
	if (!(fit->error = strdup(message)))
		return no_memory();
	return CO_OK;
}

/* 1 when column `column` of the n x k row-major x is the same in every row. */
static int constant_column(const double *x, size_t n, size_t k, size_t column, double *value)
{
	*value = x[column];
	for (size_t i = 1; i < n; i++)
		if (x[i * k + column] != *value)
			return 0;
	return 1;
}

/* Least squares through panel_stats.c (GSL), with an intercept that it absorbs. */
static co_status ols(co_turnout_fit *fit, int soft, const int *terms, const double *x,
                     const double *y, size_t n, size_t k)
{
	co_stats_ols_input in = {y, x, n, k, NULL, 0, NULL, 0, NULL, 0};
	co_stats_ols result = {0};
	co_status status;

	if ((status = co_stats_ols_fit(&result, &in)) != CO_OK) {
		if (status != CO_EINVAL)
			return status;
		return fit_failed(fit, soft, "%s", co_error_last());
	}
	if (!(fit->terms = calloc(k + 1, sizeof(co_events_term)))) {
		co_stats_ols_free(&result);
		return no_memory();
	}
	for (size_t t = 0; t < k; t++) {
		const co_stats_term *r = &result.terms[t];
		fit->terms[t] = (co_events_term){co_events_predictors[terms[t]].name, r->coef, r->se,
		                                 r->t, r->p, r->ci_low, r->ci_high};
	}
	fit->n_terms = k;
	fit->df = (int)result.df;
	fit->r2 = result.r2;
	fit->adj_r2 = 1 - (1 - result.r2) * (double)(n - 1) / (double)(n - result.params);
	co_stats_ols_free(&result);
	return CO_OK;
}

static co_status compute_turnout(ctx *x, int soft)
{
	const co_event_list *list = x->list;
	co_turnout_fit *fit = &x->out->turnout;
	int terms[16];
	size_t k, n = 0;
	double *X = NULL, *y = NULL, row[17];
	co_status status;

	if ((status = parse_predictors(terms, &k, x->options->predictors
	                               ? x->options->predictors
	                               : CO_EVENTS_DEFAULT_PREDICTORS)) != CO_OK)
		return status;
	if (!(X = malloc((list->n_events * k + 1) * sizeof(double))) ||
	    !(y = malloc((list->n_events + 1) * sizeof(double)))) {
		status = no_memory();
		goto done;
	}
	for (size_t i = 0; i < list->n_events; i++) {
		double t = co_event_turnout(&list->events[i]);
		if (isnan(t) || t <= 0 ||
		    !event_terms(row, terms, k, x, &list->events[i]))
			continue;
		memcpy(X + n * k, row + 1, k * sizeof(double));
		y[n++] = log(t);
	}
	fit->n = n;
	fit->excluded = list->n_events - n;
	if (n <= k + 1) {
		status = fit_failed(fit, soft, "%zu events have a crowd estimate above 0 and a lead "
		                    "in the view, too few for %zu terms and the intercept (at least "
		                    "%zu needed)", n, k, k + 2);
		goto done;
	}
	for (size_t c = 0; c < k; c++) {
		double value;
		if (constant_column(X, n, k, c, &value)) {
			status = fit_failed(fit, soft, "predictor '%s' is %g for every one of the %zu "
			                    "events used: leave it out of --predictors",
			                    co_events_predictors[terms[c]].name, value, n);
			goto done;
		}
	}
	status = ols(fit, soft, terms, X, y, n, k);
done:
	free(X);
	free(y);
	return status;
}

/* ---- the whole ---------------------------------------------------------- */

/* CO_ENOTFOUND listing the campaigns of the view. */
static co_status unknown_campaign(const co_event_list *list, const char *name)
{
	char known[512] = "";
	const char **names = malloc((list->n_events + 1) * sizeof(char *));
	size_t n = 0, shown = 0;

	if (!names)
		return no_memory();
	for (size_t i = 0; i < list->n_events; i++)
		if (list->events[i].campaign[0])
			names[n++] = list->events[i].campaign;
	qsort(names, n, sizeof(char *), compare_strings);
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(names[i], names[i - 1]) == 0)
			continue;
		if (++shown > 10) {
			strncat(known, ", ...", sizeof(known) - strlen(known) - 1);
			break;
		}
		strncat(known, shown > 1 ? ", " : "", sizeof(known) - strlen(known) - 1);
		strncat(known, names[i], sizeof(known) - strlen(known) - 1);
	}
	free(names);
	return co_error_set(CO_ENOTFOUND, "--campaign: no campaign '%s' in the view (%s%s)", name,
	                    n ? "campaigns: " : "no event of the view has a campaign", known);
}

co_status co_events_compute_taken(co_events *out, const co_network *net,
                                  const co_event_list *list, const co_events_ties *ties,
                                  const co_events_options *options)
{
	unsigned sections = options->sections ? options->sections : CO_EVENTS_ALL;
	ctx x = {net, list, options, out, ties, NULL, NULL};
	size_t *order = NULL, n_order = 0;
	co_status status;

	memset(out, 0, sizeof(*out));
	out->net = net;
	out->list = list;
	out->sections = sections;
	if (!(x.mark = calloc((size_t)net->n_orgs + 1, sizeof(int))) ||
	    !(x.texts = calloc(list->n_events + 1, sizeof(char *)))) {
		status = no_memory();
		goto done;
	}
	if ((status = group_campaigns(&order, &n_order, &x)) != CO_OK)
		goto done;
	if (options->campaign && !n_order) {
		status = unknown_campaign(list, options->campaign);
		goto done;
	}
	if ((sections & CO_EVENTS_CAMPAIGNS) && (status = compute_campaigns(&x, order, n_order)) != CO_OK)
		goto done;
	if ((sections & CO_EVENTS_COLEADS) && (status = compute_coleads(&x)) != CO_OK)
		goto done;
	if ((sections & CO_EVENTS_JOINED) && (status = compute_joined(&x, order, n_order)) != CO_OK)
		goto done;
	if (sections & CO_EVENTS_TURNOUT)
		status = compute_turnout(&x, sections != CO_EVENTS_TURNOUT);
	if (status == CO_OK) /* co_events_to_json() names the orgs */
		status = co_network_load_names(net);
done:
	free(order);
	free(x.mark);
	free(x.texts);
	if (status != CO_OK)
		co_events_free(out);
	return status;
}

co_status co_events_compute(co_events *out, const co_network *net, const co_event_list *list,
                            const co_events_options *options)
{
	co_events_ties *ties = NULL;
	co_status status;

	memset(out, 0, sizeof(*out));
	if ((status = take_ties(&ties, net)) != CO_OK)
		return status;
	status = co_events_compute_taken(out, net, list, ties, options);
	co_events_ties_free(ties);
	return status;
}

void co_events_free(co_events *events)
{
	if (!events)
		return;
	for (size_t i = 0; i < events->n_campaigns; i++)
		free(events->campaigns[i].kinds);
	free(events->campaigns);
	free(events->pairs);
	free(events->central);
	free(events->kind_pairs);
	for (size_t i = 0; i < events->n_joined; i++) {
		free(events->joined[i].joined);
		free(events->joined[i].missing);
	}
	free(events->joined);
	free(events->turnout.terms);
	free(events->turnout.error);
	memset(events, 0, sizeof(*events));
}

/* ---- the DESIGN.md section 6 document and the printed rows -------------- */

/* json_object_set_new that remembers a failure in *ok. */
static void put(json_t *o, const char *key, json_t *value, int *ok)
{
	if (!o || !value || json_object_set_new(o, key, value) != 0)
		*ok = 0;
}

static void append(json_t *array, json_t *value, int *ok)
{
	if (!array || !value || json_array_append_new(array, value) != 0)
		*ok = 0;
}

/* A real number, or null for NaN (JSON has no NaN). */
static json_t *real_or_null(double x)
{
	return isnan(x) || isinf(x) ? json_null() : json_real(x);
}

/* A number of people: an integer when whole (estimates usually are), so
 * that tables print 3527886 rather than 3.52789e+06. */
static json_t *people(double x)
{
	if (x == floor(x) && fabs(x) < 9007199254740992.0)
		return json_integer((json_int_t)x);
	return json_real(x);
}

static json_t *org_keys(const co_network *net, const igraph_integer_t *v, size_t n, int *ok)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		append(a, json_string(net->orgs[v[i]].key), ok);
	return a;
}

static json_t *kinds_text(const co_campaign *c)
{
	char buf[512] = "";

	for (size_t k = 0; k < c->n_kinds; k++) {
		size_t used = strlen(buf);
		snprintf(buf + used, sizeof(buf) - used, "%s%s %lld", k ? "; " : "", c->kinds[k].name,
		         (long long)c->kinds[k].orgs);
	}
	return json_string(buf);
}

static json_t *campaign_object(const co_campaign *c, int flat, int *ok)
{
	json_t *o = json_object(), *kinds = flat ? kinds_text(c) : json_object();

	put(o, "campaign", json_string(c->name), ok);
	put(o, "events", json_integer((json_int_t)c->events), ok);
	put(o, "places", json_integer((json_int_t)c->places), ok);
	put(o, "states", json_integer((json_int_t)c->states), ok);
	put(o, "estimated", json_integer((json_int_t)c->estimated), ok);
	put(o, "turnout_low", people(c->turnout_low), ok);
	put(o, "turnout_high", people(c->turnout_high), ok);
	put(o, "orgs", json_integer((json_int_t)c->orgs), ok);
	for (size_t k = 0; !flat && k < c->n_kinds; k++)
		put(kinds, c->kinds[k].name, json_integer((json_int_t)c->kinds[k].orgs), ok);
	put(o, "kinds", kinds, ok);
	return o;
}

static json_t *pair_object(const co_events *ev, const co_colead_pair *p, int *ok)
{
	const co_org *a = &ev->net->orgs[p->a], *b = &ev->net->orgs[p->b];
	json_t *o = json_object();

	put(o, "a", json_string(a->key), ok);
	put(o, "a_name", json_string(a->name), ok);
	put(o, "b", json_string(b->key), ok);
	put(o, "b_name", json_string(b->name), ok);
	put(o, "events", json_integer((json_int_t)p->events), ok);
	return o;
}

static json_t *central_object(const co_events *ev, const co_colead_org *c, int *ok)
{
	const co_org *org = &ev->net->orgs[c->org];
	json_t *o = json_object();

	put(o, "key", json_string(org->key), ok);
	put(o, "name", json_string(org->name), ok);
	put(o, "kind", json_string(org->kind), ok);
	put(o, "partners", json_integer((json_int_t)c->partners), ok);
	put(o, "events", json_integer((json_int_t)c->events), ok);
	put(o, "betweenness", json_real(c->betweenness), ok);
	return o;
}

static json_t *kind_pair_object(const co_colead_kinds *k, int *ok)
{
	json_t *o = json_object();

	put(o, "a", json_string(k->a), ok);
	put(o, "b", json_string(k->b), ok);
	put(o, "pairs", json_integer((json_int_t)k->pairs), ok);
	put(o, "expected", json_real(k->expected), ok);
	put(o, "ratio", json_real(k->ratio), ok);
	return o;
}

static json_t *joined_object(const co_events *ev, const co_joined *j, int flat, int *ok)
{
	json_t *o = json_object();

	put(o, "campaign", json_string(j->campaign), ok);
	put(o, "national", json_string(ev->net->orgs[j->national].key), ok);
	put(o, "state", json_string(j->state), ok);
	if (flat) {
		put(o, "n_joined", json_integer((json_int_t)j->n_joined), ok);
		put(o, "n_missing", json_integer((json_int_t)j->n_missing), ok);
	}
	put(o, "joined", org_keys(ev->net, j->joined, j->n_joined, ok), ok);
	put(o, "missing", org_keys(ev->net, j->missing, j->n_missing, ok), ok);
	return o;
}

static json_t *term_object(const co_events_term *t, int *ok)
{
	json_t *o = json_object();

	put(o, "name", json_string(t->name), ok);
	put(o, "coef", real_or_null(t->coef), ok);
	put(o, "se", real_or_null(t->se), ok);
	put(o, "t", real_or_null(t->t), ok);
	put(o, "p", real_or_null(t->p), ok);
	put(o, "ci_low", real_or_null(t->ci_low), ok);
	put(o, "ci_high", real_or_null(t->ci_high), ok);
	return o;
}

static json_t *turnout_object(const co_turnout_fit *fit, int *ok)
{
	json_t *o = json_object(), *terms = json_array();

	put(o, "outcome", json_string("log of turnout (midpoint of turnout_low and turnout_high)"),
	    ok);
	put(o, "n", json_integer((json_int_t)fit->n), ok);
	put(o, "excluded", json_integer((json_int_t)fit->excluded), ok);
	if (fit->error) {
		put(o, "error", json_string(fit->error), ok);
		json_decref(terms);
		return o;
	}
	put(o, "df", json_integer(fit->df), ok);
	for (size_t k = 0; k < fit->n_terms; k++)
		append(terms, term_object(&fit->terms[k], ok), ok);
	put(o, "terms", terms, ok);
	put(o, "r2", real_or_null(fit->r2), ok);
	put(o, "adj_r2", real_or_null(fit->adj_r2), ok);
	put(o, "note", json_string(co_events_turnout_note), ok);
	return o;
}

json_t *co_events_to_json(const co_events *ev)
{
	json_t *doc = json_object();
	int ok = 1;

	if (ev->sections & CO_EVENTS_CAMPAIGNS) {
		json_t *a = json_array();
		for (size_t i = 0; i < ev->n_campaigns; i++)
			append(a, campaign_object(&ev->campaigns[i], 0, &ok), &ok);
		put(doc, "campaigns", a, &ok);
	}
	if (ev->sections & CO_EVENTS_COLEADS) {
		json_t *o = json_object(), *pairs = json_array(), *central = json_array(),
		       *kinds = json_array();
		for (size_t i = 0; i < ev->n_pairs; i++)
			append(pairs, pair_object(ev, &ev->pairs[i], &ok), &ok);
		for (size_t i = 0; i < ev->n_central; i++)
			append(central, central_object(ev, &ev->central[i], &ok), &ok);
		for (size_t i = 0; i < ev->n_kind_pairs; i++)
			append(kinds, kind_pair_object(&ev->kind_pairs[i], &ok), &ok);
		put(o, "orgs", json_integer((json_int_t)ev->colead_orgs), &ok);
		put(o, "pairs", pairs, &ok);
		put(o, "central", central, &ok);
		put(o, "kind_pairs", kinds, &ok);
		put(doc, "coleads", o, &ok);
	}
	if (ev->sections & CO_EVENTS_JOINED) {
		json_t *a = json_array();
		for (size_t i = 0; i < ev->n_joined; i++)
			append(a, joined_object(ev, &ev->joined[i], 0, &ok), &ok);
		put(doc, "joined", a, &ok);
	}
	if (ev->sections & CO_EVENTS_TURNOUT)
		put(doc, "turnout", turnout_object(&ev->turnout, &ok), &ok);
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* The tables of the printed form, in order. */
static const struct {
	unsigned section;
	const char *title;
	const char *columns[10];
} tables[] = {
	{CO_EVENTS_CAMPAIGNS, "campaigns", {"campaign", "events", "places", "states", "estimated",
	  "turnout_low", "turnout_high", "orgs", "kinds", NULL}},
	{CO_EVENTS_COLEADS, "co-lead pairs (events led together)",
	 {"a", "a_name", "b", "b_name", "events", NULL}},
	{CO_EVENTS_COLEADS, "most central co-leads", {"key", "name", "kind", "partners", "events",
	  "betweenness", NULL}},
	{CO_EVENTS_COLEADS, "co-lead pairs by kind, against random pairing",
	 {"a", "b", "pairs", "expected", "ratio", NULL}},
	{CO_EVENTS_JOINED, "chapters tied to the national that joined its campaign, by state",
	 {"campaign", "national", "state", "n_joined", "n_missing", "joined", "missing", NULL}},
	{CO_EVENTS_TURNOUT, "turnout", {"name", "coef", "se", "t", "p", "ci_low", "ci_high", NULL}},
};

size_t co_events_n_tables(void)
{
	return sizeof(tables) / sizeof(tables[0]);
}

size_t co_events_table_rows(const co_events *ev, size_t table)
{
	if (!(ev->sections & tables[table].section))
		return 0;
	switch (table) {
	case 0: return ev->n_campaigns;
	case 1: return ev->n_pairs;
	case 2: return ev->n_central;
	case 3: return ev->n_kind_pairs;
	case 4: return ev->n_joined;
	default: return ev->turnout.n_terms;
	}
}

json_t *co_events_table_row(const co_events *ev, size_t table, size_t row)
{
	json_t *o;
	int ok = 1;

	switch (table) {
	case 0: o = campaign_object(&ev->campaigns[row], 1, &ok); break;
	case 1: o = pair_object(ev, &ev->pairs[row], &ok); break;
	case 2: o = central_object(ev, &ev->central[row], &ok); break;
	case 3: o = kind_pair_object(&ev->kind_pairs[row], &ok); break;
	case 4: o = joined_object(ev, &ev->joined[row], 1, &ok); break;
	default: o = term_object(&ev->turnout.terms[row], &ok); break;
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *co_events_joined_item(const co_events *ev, size_t i)
{
	int ok = 1;
	json_t *o = joined_object(ev, &ev->joined[i], 0, &ok);

	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *co_events_table(const char **title, const char *const **columns, size_t *n_columns,
                        const co_events *ev, size_t table)
{
	json_t *rows;
	int ok = 1;

	*title = tables[table].title;
	*columns = tables[table].columns;
	for (*n_columns = 0; tables[table].columns[*n_columns]; (*n_columns)++)
		;
	if (!(ev->sections & tables[table].section))
		return NULL;
	rows = json_array();
	for (size_t i = 0; i < co_events_table_rows(ev, table); i++)
		append(rows, co_events_table_row(ev, table, i), &ok);
	if (!ok) {
		json_decref(rows);
		return json_null(); /* out of memory: the caller checks for an array */
	}
	return rows;
}
