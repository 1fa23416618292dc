/*
 * events.h - days of action: who leads events together, which chapters join
 * a national campaign, and what goes with a big turnout (DESIGN.md sections
 * 3 and 6, `coalition events`).
 *
 * Two steps, as for every analysis: co_event_list_load() reads the events of
 * a view and their participants (only orgs of the view's network) from the
 * store; co_events_compute() fills a co_events from that list and the
 * network, and never reads the store or prints.
 *
 * Ownership: co_event_list_load() hands back a list freed with
 * co_event_list_free(); co_events_compute() fills a co_events freed with
 * co_events_free(), which borrows the network and the event list (both must
 * outlive it).  co_events_to_json() and co_events_table() return new JSON the
 * caller owns (json_decref()).
 */
#ifndef COALITION_EVENTS_H
#define COALITION_EVENTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The roles of participation.role, in this order (DESIGN.md section 3). */
typedef enum {
	CO_EVENT_ROLE_LEAD, CO_EVENT_ROLE_COLEAD, CO_EVENT_ROLE_PARTNER, CO_EVENT_ROLE_PARTICIPANT, CO_EVENT_ROLE_ENDORSER,
	CO_EVENT_N_ROLES
} co_event_role;

/* "lead", "co-lead", "partner", "participant", "endorser". */
extern const char *const co_event_role_names[CO_EVENT_N_ROLES];

/* The role named `text` (exact, lowercase), or -1. */
int co_event_role_parse(const char *text);

typedef struct {
	igraph_integer_t org;     /* vertex of the network */
	co_event_role role;
} co_participant;

typedef struct {
	int64_t id;               /* row id in events */
	char *key, *name, *kind;
	char date[11];            /* ISO date or "" */
	char *campaign;           /* "" when the event belongs to none */
	char *country, *state, *city;
	double lat, lon;          /* NAN when unknown */
	double turnout_low, turnout_high; /* NAN when unknown */
	int n_sources;            /* sources backing the event (public ones under --public) */
	size_t first, n_parts;    /* its participants: parts[first .. first + n_parts) */
} co_event;

/* The events of a view: sorted by key; each event's participants sorted by
 * vertex (so by org key). */
typedef struct {
	co_event *events;
	size_t n_events;
	co_participant *parts;
	size_t n_parts;
} co_event_list;

/*
 * Reads the events of `net`'s view from `store`: events dated on or before
 * --as-of (undated ones too), in the --states kept (when given), with the
 * participation of orgs in the network (others are left out).  On success
 * *out owns the list; free it with co_event_list_free().
 */
co_status co_event_list_load(co_event_list **out, co_store *store, const co_network *net);

/* Frees an event list; accepts NULL. */
void co_event_list_free(co_event_list *list);

/* A crowd figure for an event: the midpoint of its low and high estimates,
 * the one estimate it has, or NAN. */
double co_event_turnout(const co_event *event);

/* ---- the analysis ------------------------------------------------------ */

/* Sections of `coalition events`, as bits of co_events_options.sections. */
enum {
	CO_EVENTS_CAMPAIGNS = 1, CO_EVENTS_COLEADS = 2, CO_EVENTS_JOINED = 4,
	CO_EVENTS_TURNOUT = 8, CO_EVENTS_ALL = 15
};

/* The turnout regression's terms when none are asked for. */
#define CO_EVENTS_DEFAULT_PREDICTORS "leads,union,ngo,degree"

/* One predictor the turnout regression can use. */
typedef struct {
	const char *name;
	const char *help;         /* one line, for `coalition events --help` */
} co_events_predictor;

/* Every predictor, NULL-terminated (name NULL). */
extern const co_events_predictor co_events_predictors[];

typedef struct {
	unsigned sections;        /* CO_EVENTS_* bits; 0 means all */
	const char *campaign;     /* campaigns and joined: only this one (NULL = all) */
	const char *predictors;   /* comma-separated names (NULL = the default) */
	size_t top;               /* central co-leads and co-lead pairs listed (0 = all) */
} co_events_options;

typedef struct {
	const char *name;         /* points into the network */
	int64_t orgs;
} co_kind_count;

typedef struct {
	const char *name;         /* points into the event list */
	size_t events, places, states;  /* places: distinct country/state/city */
	size_t estimated;         /* events with a crowd estimate */
	double turnout_low, turnout_high; /* sums over those events */
	size_t orgs;              /* distinct orgs taking part */
	co_kind_count *kinds;     /* of them, per kind (most first, then by name) */
	size_t n_kinds;
} co_campaign;

typedef struct {
	igraph_integer_t a, b;    /* vertices, a before b */
	int64_t events;           /* events both led (role lead or co-lead) */
} co_colead_pair;

typedef struct {
	igraph_integer_t org;
	int64_t partners;         /* distinct co-leads: degree in the co-lead network */
	int64_t events;           /* events it led with at least one other lead */
	double betweenness;       /* in the co-lead network, unweighted */
} co_colead_org;

typedef struct {
	const char *a, *b;        /* org kinds, a <= b by name; point into the network */
	int64_t pairs;            /* co-lead pairs between the two kinds */
	double expected;          /* pairs if co-leads paired at random among themselves */
	double ratio;             /* pairs / expected */
} co_colead_kinds;

typedef struct {
	const char *campaign;     /* points into the event list */
	igraph_integer_t national;
	const char *state;        /* the chapters' state, "" when unknown; points into the network */
	igraph_integer_t *joined; /* chapters tied to the national that took part */
	size_t n_joined;
	igraph_integer_t *missing; /* chapters tied to the national that did not */
	size_t n_missing;
} co_joined;

typedef struct {
	const char *name;         /* a predictor's name (static) */
	double coef, se, t, p, ci_low, ci_high; /* ci: 95% */
} co_events_term;

typedef struct {
	size_t n;                 /* events used */
	size_t excluded;          /* events left out: no crowd estimate above 0, or no lead */
	int df;                   /* residual degrees of freedom, n - terms - 1 */
	co_events_term *terms;    /* the predictors as asked (the intercept is fitted, not listed) */
	size_t n_terms;
	double r2, adj_r2;
	char *error;              /* why there is no fit (all sections asked), or NULL */
} co_turnout_fit;

typedef struct {
	unsigned sections;        /* those computed */
	co_campaign *campaigns;
	size_t n_campaigns;
	co_colead_pair *pairs;    /* most shared events first (the first `top`) */
	size_t n_pairs;
	co_colead_org *central;   /* every co-lead (colead_orgs of them): most partners first,
	                             then betweenness, then key; the first n_central are listed */
	size_t n_central;
	size_t colead_orgs;       /* orgs in the co-lead network */
	co_colead_kinds *kind_pairs; /* most pairs first */
	size_t n_kind_pairs;
	co_joined *joined;        /* by campaign, national, state */
	size_t n_joined;
	co_turnout_fit turnout;
	const co_network *net;    /* borrowed: the network and list computed from */
	const co_event_list *list;
} co_events;

/*
 * Checks a comma-separated predictor list.  Returns CO_EINVAL with a message
 * naming the unknown or repeated name and listing the known ones.
 */
co_status co_events_predictors_check(const char *predictors);

/*
 * Computes the sections asked for into *out (zeroed by the function); free it
 * with co_events_free().  `net` and `list` are borrowed and must outlive
 * *out.  Returns CO_ENOTFOUND when options->campaign names no campaign of the
 * view (the message lists those there are), CO_EINVAL for a bad predictor
 * list, and with only the turnout section asked, CO_EINVAL when it cannot be
 * fitted (too few events, a predictor that never varies); with other
 * sections too, that reason is left in out->turnout.error instead.
 */
co_status co_events_compute(co_events *out, const co_network *net, const co_event_list *list,
                            const co_events_options *options);

/*
 * What the sections read of the network's ties (which chapters each
 * national is tied to, the start dates of each org's ties), taken so that
 * the command can load the events after the ties are gone:
 * co_events_take_ties() takes them from `net` and then releases its ties
 * (co_network_release_ties(), whatever the status), and
 * co_events_compute_taken() is co_events_compute() reading them instead of
 * the ties (`net` then needs only its orgs).  *out is freed with
 * co_events_ties_free(), which accepts NULL.  At 1.1M ties: 10 MB taken,
 * 64 MB released.
 */
typedef struct co_events_ties co_events_ties;

co_status co_events_take_ties(co_events_ties **out, co_network *net);
co_status co_events_compute_taken(co_events *out, const co_network *net,
                                  const co_event_list *list, const co_events_ties *ties,
                                  const co_events_options *options);
void co_events_ties_free(co_events_ties *ties);

/* Frees what a co_events owns; accepts NULL. */
void co_events_free(co_events *events);

/*
 * The DESIGN.md section 6 document of the sections computed: {"campaigns",
 * "coleads":{"orgs","pairs","central","kind_pairs"},"joined","turnout":{"n",
 * "excluded","df","terms","r2","adj_r2","note"} or {"error"}}; orgs by key.
 * A new reference, NULL when out of memory.
 */
json_t *co_events_to_json(const co_events *events);

/* How many tables the printed (table and CSV) form has, computed or not. */
size_t co_events_n_tables(void);

/*
 * Table `table` (< co_events_n_tables()) of the printed form: its title, its
 * columns, and its rows as a new JSON array of flat objects; NULL when its
 * section was not computed, json_null() when out of memory.
 */
json_t *co_events_table(const char **title, const char *const **columns, size_t *n_columns,
                        const co_events *events, size_t table);

/*
 * Table `table` a row at a time, for the command that prints it (the
 * joined table of a 1.1M-tie view held whole as JSON took 260 MB): its
 * number of rows (0 when its section was not computed), and row `row` as a
 * new flat object (NULL when out of memory), the same as
 * co_events_table()'s.  co_events_joined_item() is element `i` of the
 * document's "joined" array (co_events_to_json()).
 */
size_t co_events_table_rows(const co_events *events, size_t table);
json_t *co_events_table_row(const co_events *events, size_t table, size_t row);
json_t *co_events_joined_item(const co_events *events, size_t i);

/* The plain statement printed with every turnout fit. */
extern const char co_events_turnout_note[];

#ifdef __cplusplus
}
#endif
#endif
