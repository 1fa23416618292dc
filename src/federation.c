/*
 * federation.c - reads the hierarchy of parent links of a view (federation.h):
 * depth, largest federations and parents of an unexpected kind for
 * `summary`, the "same federation" test `gaps` uses to keep missing-tie
 * suggestions off an org's own parent, children and siblings, friction and
 * collaboration inside each federation by year for `tensions --rollup
 * parent`, and the count of stored ties that repeat a parent link for the
 * import's note.
 *
 * Parent chains are walked with a bound of n steps: the import refuses
 * cycles, the bound only keeps a damaged store from looping.
 */
#include "coalition/federation.h"

#include <stdlib.h>
#include <string.h>

/* Expected parent kinds per org kind (DESIGN.md section 3's kinds).  A
 * chapter heads nobody; a union local sits under a union; "other" may sit
 * anywhere.  An unknown kind expects nothing in particular. */
static const struct {
	const char *kind;
	const char *parents[5];
} expected_parents[] = {
	{"chapter", {"national", "union", "ngo", "coalition", NULL}},
	{"union", {"union", "coalition", NULL}},
	{"national", {"national", "coalition", NULL}},
	{"ngo", {"ngo", "national", "coalition", NULL}},
	{"community", {"community", "ngo", "national", "coalition", NULL}},
	{"coalition", {"coalition", NULL}},
	{"funder", {"funder", NULL}},
};

int co_federation_parent_expected(const char *kind, const char *parent_kind)
{
	for (size_t i = 0; i < sizeof(expected_parents) / sizeof(expected_parents[0]); i++) {
		if (strcmp(expected_parents[i].kind, kind) != 0)
			continue;
		for (size_t k = 0; expected_parents[i].parents[k]; k++)
			if (strcmp(expected_parents[i].parents[k], parent_kind) == 0)
				return 1;
		return 0;
	}
	return 1;
}

static int is_ancestor(const co_network *net, igraph_integer_t ancestor, igraph_integer_t v)
{
	igraph_integer_t p = net->orgs[v].parent;

	for (igraph_integer_t steps = 0; p >= 0 && steps < net->n_orgs; steps++) {
		if (p == ancestor)
			return 1;
		p = net->orgs[p].parent;
	}
	return 0;
}

int co_federation_related(const co_network *net, igraph_integer_t a, igraph_integer_t b)
{
	igraph_integer_t pa = net->orgs[a].parent, pb = net->orgs[b].parent;

	return (pa >= 0 && pa == pb) || is_ancestor(net, a, b) || is_ancestor(net, b, a);
}

/* ---- hierarchy ---------------------------------------------------------- */

typedef struct {
	igraph_integer_t v;
	int64_t members, descendants;
} federation_size;

static const co_network *sort_net; /* for qsort, which has no context argument */

static int compare_sizes(const void *x, const void *y)
{
	const federation_size *p = x, *q = y;

	if (p->members != q->members)
		return p->members > q->members ? -1 : 1;
	if (p->descendants != q->descendants)
		return p->descendants > q->descendants ? -1 : 1;
	return strcmp(sort_net->orgs[p->v].key, sort_net->orgs[q->v].key);
}

static co_status nomem(void)
{
	return co_error_set(CO_ENOMEM, "out of memory reading the hierarchy");
}

/* Levels (1 for an org without a parent in the view), direct members and
 * all descendants of every org. */
static co_status measure_tree(int64_t *level, int64_t *members, int64_t *descendants,
                              const co_network *net)
{
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		igraph_integer_t p = net->orgs[v].parent;
		int64_t depth = 1;

		if (p >= 0)
			members[p]++;
		for (igraph_integer_t steps = 0; p >= 0 && steps < net->n_orgs; steps++) {
			descendants[p]++;
			depth++;
			p = net->orgs[p].parent;
		}
		level[v] = depth;
	}
	return CO_OK;
}

static json_t *largest_json(const co_network *net, const int64_t *members,
                            const int64_t *descendants, size_t top, int64_t *n_federations)
{
	federation_size *sizes = malloc(((size_t)net->n_orgs + 1) * sizeof(*sizes));
	json_t *list = json_array();
	size_t n = 0;

	if (!sizes || !list) {
		free(sizes);
		json_decref(list);
		return NULL;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (members[v] > 0)
			sizes[n++] = (federation_size){v, members[v], descendants[v]};
	sort_net = net;
	qsort(sizes, n, sizeof(*sizes), compare_sizes);
	sort_net = NULL;
	*n_federations = (int64_t)n;
	for (size_t i = 0; i < n && (top == 0 || i < top); i++) {
		const co_org *org = &net->orgs[sizes[i].v];
		json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:I}", "key", org->key, "name", org->name,
		                      "kind", org->kind, "members", (json_int_t)sizes[i].members,
		                      "descendants", (json_int_t)sizes[i].descendants);
		if (!o || json_array_append_new(list, o) != 0) {
			json_decref(list);
			list = NULL;
			break;
		}
	}
	free(sizes);
	return list;
}

static json_t *unexpected_json(const co_network *net)
{
	json_t *list = json_array();

	for (igraph_integer_t v = 0; list && v < net->n_orgs; v++) {
		const co_org *org = &net->orgs[v], *parent;
		json_t *o;

		if (org->parent < 0)
			continue;
		parent = &net->orgs[org->parent];
		if (co_federation_parent_expected(org->kind, parent->kind))
			continue;
		o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "key", org->key, "name", org->name,
		              "kind", org->kind, "parent", parent->key, "parent_name", parent->name,
		              "parent_kind", parent->kind);
		if (!o || json_array_append_new(list, o) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	return list;
}

co_status co_federation_hierarchy(json_t **out, const co_network *net, size_t top)
{
	size_t n = (size_t)net->n_orgs + 1;
	int64_t *level = calloc(n, sizeof(int64_t)), *members = calloc(n, sizeof(int64_t));
	int64_t *descendants = calloc(n, sizeof(int64_t));
	int64_t depth = 0, with_parent = 0, n_federations = 0;
	json_t *largest = NULL, *unexpected = NULL;
	co_status status = CO_OK;

	*out = NULL;
	if (!level || !members || !descendants) {
		status = nomem();
		goto done;
	}
	if ((status = co_network_load_names(net)) != CO_OK)
		goto done;
	measure_tree(level, members, descendants, net);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		if (level[v] > depth)
			depth = level[v];
		with_parent += net->orgs[v].parent >= 0;
	}
	largest = largest_json(net, members, descendants, top, &n_federations);
	unexpected = unexpected_json(net);
	if (!largest || !unexpected ||
	    !(*out = json_pack("{s:I,s:I,s:I,s:O,s:O}", "depth", (json_int_t)depth,
	                       "with_parent", (json_int_t)with_parent,
	                       "federations", (json_int_t)n_federations,
	                       "largest", largest, "unexpected_parents", unexpected)))
		status = nomem();
done:
	json_decref(largest);
	json_decref(unexpected);
	free(level);
	free(members);
	free(descendants);
	return status;
}

/* ---- tensions inside federations ---------------------------------------- */

enum { PARENT_MEMBER, MEMBER_MEMBER };

typedef struct {
	igraph_integer_t federation;
	char year[5];            /* "" when undated */
	int relation;            /* PARENT_MEMBER or MEMBER_MEMBER */
	int sign;
	double weight;
} inside_tie;

static int compare_years(const char *a, const char *b)
{
	if (!a[0] || !b[0])
		return !a[0] - !b[0]; /* undated last */
	return strcmp(a, b);
}

static int compare_inside(const void *x, const void *y)
{
	const inside_tie *p = x, *q = y;
	int c;

	if (p->federation != q->federation)
		return strcmp(sort_net->orgs[p->federation].key, sort_net->orgs[q->federation].key);
	if ((c = compare_years(p->year, q->year)) != 0)
		return c;
	return p->relation - q->relation;
}

/* The federation and relation of one tie, or -1 when it joins no parent and
 * member nor two members of one parent. */
static igraph_integer_t federation_of(const co_network *net, const co_tie *t, int *relation)
{
	igraph_integer_t ps = net->orgs[t->source].parent, pt = net->orgs[t->target].parent;

	*relation = PARENT_MEMBER;
	if (ps == t->target)
		return t->target;
	if (pt == t->source)
		return t->source;
	*relation = MEMBER_MEMBER;
	return ps >= 0 && ps == pt ? ps : -1;
}

static json_t *counts_json(const double c[4])
{
	return json_pack("{s:I,s:I,s:f,s:f}", "positive", (json_int_t)c[0],
	                 "negative", (json_int_t)c[1], "positive_weight", c[2],
	                 "negative_weight", c[3]);
}

/* Appends the year objects of federation `f` from list[*i...]. */
static co_status years_json(json_t *years, const inside_tie *list, size_t n, size_t *i,
                            igraph_integer_t f)
{
	while (*i < n && list[*i].federation == f) {
		const char *year = list[*i].year;
		double counts[2][4] = {{0}};
		json_t *o;

		for (; *i < n && list[*i].federation == f &&
		       compare_years(list[*i].year, year) == 0; (*i)++) {
			double *c = counts[list[*i].relation];
			c[list[*i].sign > 0 ? 0 : 1] += 1;
			c[list[*i].sign > 0 ? 2 : 3] += list[*i].weight;
		}
		o = json_pack("{s:s,s:o,s:o}", "year", year, "parent_member", counts_json(counts[0]),
		              "member_member", counts_json(counts[1]));
		if (!o || json_array_append_new(years, o) != 0)
			return co_error_set(CO_ENOMEM, "out of memory");
	}
	return CO_OK;
}

co_status co_federation_tensions(json_t **out, const co_network *net)
{
	inside_tie *list = malloc(((size_t)net->n_ties + 1) * sizeof(*list));
	int64_t *members = calloc((size_t)net->n_orgs + 1, sizeof(int64_t));
	json_t *doc = json_array();
	size_t n = 0, i = 0;
	co_status status = CO_OK;

	*out = NULL;
	if (!list || !members || !doc) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = co_network_load_names(net)) != CO_OK)
		goto done;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (net->orgs[v].parent >= 0)
			members[net->orgs[v].parent]++;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		co_tie t_row;
		const co_tie *t = co_network_tie_get(net, j, &t_row);
		int relation;
		igraph_integer_t f;

		if (t->id == 0 && strcmp(t->kind, "federation") == 0)
			continue; /* a parent link --federation made */
		if ((f = federation_of(net, t, &relation)) < 0)
			continue;
		list[n].federation = f;
		memcpy(list[n].year, t->start, 4);
		list[n].year[t->start[0] ? 4 : 0] = '\0';
		list[n].relation = relation;
		list[n].sign = t->sign;
		list[n].weight = t->weight;
		n++;
	}
	sort_net = net;
	qsort(list, n, sizeof(*list), compare_inside);
	sort_net = NULL;
	/* Orgs are in key order, and so are the federations' ties. */
	for (igraph_integer_t v = 0; v < net->n_orgs && status == CO_OK; v++) {
		const co_org *org = &net->orgs[v];
		json_t *years = json_array(), *o;

		if (members[v] == 0) {
			json_decref(years);
			continue;
		}
		o = json_pack("{s:s,s:s,s:s,s:I,s:o}", "parent", org->key, "name", org->name,
		              "kind", org->kind, "members", (json_int_t)members[v], "years", years);
		if (!o || json_array_append_new(doc, o) != 0) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			break;
		}
		status = years_json(years, list, n, &i, v);
	}
	if (status == CO_OK) {
		*out = doc;
		doc = NULL;
	}
done:
	json_decref(doc);
	free(list);
	free(members);
	return status;
}

const char *const co_federation_tensions_columns[] = {
	"parent", "members", "year", "between", "positive", "negative", "positive_weight",
	"negative_weight", "negative_share",
};
const size_t co_federation_tensions_n_columns =
	sizeof(co_federation_tensions_columns) / sizeof(co_federation_tensions_columns[0]);

json_t *co_federation_tensions_rows(const json_t *federations)
{
	static const char *const relations[2] = {"parent_member", "member_member"};
	json_t *rows = json_array(), *fed, *year;
	size_t i, k;

	json_array_foreach(federations, i, fed) {
		json_array_foreach(json_object_get(fed, "years"), k, year) {
			for (int r = 0; r < 2; r++) {
				json_t *c = json_object_get(year, relations[r]), *row;
				json_int_t pos = json_integer_value(json_object_get(c, "positive"));
				json_int_t neg = json_integer_value(json_object_get(c, "negative"));

				if (pos + neg == 0)
					continue;
				row = json_pack("{s:O,s:O,s:s,s:s,s:I,s:I,s:O,s:O,s:f}",
				                "parent", json_object_get(fed, "parent"),
				                "members", json_object_get(fed, "members"),
				                "year", json_string_value(json_object_get(year, "year"))[0]
				                        ? json_string_value(json_object_get(year, "year"))
				                        : "undated",
				                "between", r == 0 ? "parent-member" : "member-member",
				                "positive", pos, "negative", neg,
				                "positive_weight", json_object_get(c, "positive_weight"),
				                "negative_weight", json_object_get(c, "negative_weight"),
				                "negative_share", (double)neg / (double)(pos + neg));
				if (!row || json_array_append_new(rows, row) != 0) {
					json_decref(rows);
					return NULL;
				}
			}
		}
	}
	return rows;
}

/* ---- parent links recorded again as ties --------------------------------- */

co_status co_federation_stated_links(int64_t *count, char *example, size_t size,
                                     co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	int rc;

	*count = 0;
	example[0] = '\0';
	if (sqlite3_prepare_v2(co_store_db(store),
	        "SELECT a.key, b.key, t.kind FROM ties t"
	        " JOIN orgs a ON a.id = t.source_id JOIN orgs b ON b.id = t.target_id"
	        " WHERE t.kind IN ('federation', 'affiliation')"
	        " AND (a.parent_id = b.id OR b.parent_id = a.id) ORDER BY t.id",
	        -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read parent links");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((*count)++ == 0)
			snprintf(example, size, "%s -> %s (%s)", sqlite3_column_text(stmt, 0),
			         sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2));
	}
	if (rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read parent links");
	sqlite3_finalize(stmt);
	return status;
}
