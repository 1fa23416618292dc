/*
 * duplicates.c - finds orgs that are probably the same organization entered
 * twice: a council listed once per office, a multi-state council under two
 * names, "NUHHCE 1199J" and "NUHHCE District 1199J".
 *
 * Names are normalized to words: ASCII (GLib's transliteration folds
 * accents), lower case, punctuation dropped, `&` read as `and`, `St.` as
 * `saint`, plural endings cut, stop words (the, of, and, Inc., ...) and the
 * `No.` of `Local No. 12` dropped, and the long names of known unions
 * replaced by their abbreviations.  The part of a name that names the
 * organization (its core) is the text up to the first ':' segment holding a
 * unit number ("Council 57: Eureka Office" -> "council 57"), or the first
 * segment when it is not only office words ("UNAC/UHCP: San Diego Office"),
 * else the whole name ("Area Office: Boston").
 *
 * Blocking: every org is filed under each core word that at most
 * CO_DUPLICATES_MAX_BLOCK orgs share, under its two rarest words together,
 * and under its whole normalized name; only orgs filed together are
 * compared.  The candidate pairs are sorted and made unique, then scored.
 *
 * Memory: the shared partners are listed first (4 bytes a partner), so
 * that co_duplicates_find_releasing() can free the network's ties before
 * the names, blocks and pairs are built (at 1.1M ties the pairs alone are
 * 13 MB, and the command's peak went from 195 to 134 MB).
 *
 * The score starts from the names: 1 for equal normalized names; for two
 * names of the same unit (council 57 and council 57) 0.3 + 0.7 x how alike
 * the rest is (unit_similarity); else the weighted Jaccard index of the
 * core words (inverse document frequency; office, state and postal-code
 * words a tenth; words one edit apart at 0.8), cut to 0.3 x when their unit
 * numbers differ and to at most 0.6 when only one has a number.  Places and
 * the network then move it: the same city (+0.05) or state (+0.03), shared
 * partners (+0.05 x the Jaccard index of the partner sets) for; one the
 * parent of the other (x 0.2), names naming different states or directions
 * or unions (-0.3, -0.5), a retirees' group against a unit (-0.3),
 * different kinds or states (-0.1), each name holding its own town, a town
 * of the same name in another state (-0.5), against.  The rules were
 * written from the AFSCME rows and adjusted against two checks: the labelled
 * pairs of tests/fixtures/duplicates (precision and recall printed by
 * tests/cli/test_duplicates.sh) and `synth` at 240k orgs, whose names
 * repeat by construction ("Immigrant Rights Council 6" and "Disability
 * Rights Council 6" led to unit_similarity's two cases).
 */
#include "coalition/duplicates.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- words -------------------------------------------------------------- */

/* Unit types: the word before a unit number. */
enum { UNIT_NONE, UNIT_LOCAL, UNIT_COUNCIL, UNIT_CHAPTER, UNIT_SUBCHAPTER, UNIT_DISTRICT,
       UNIT_LODGE, UNIT_UNIT, UNIT_COMMITTEE, UNIT_POST, N_UNIT_TYPES };

static const char *const unit_words[N_UNIT_TYPES] = {
	"", "local", "council", "chapter", "subchapter", "district", "lodge", "unit",
	"committee", "post",
};

/* Word flags. */
enum {
	W_NUMBER = 1,      /* starts with a digit: a unit number */
	W_OFFICE = 2,      /* says which office, not which organization */
	W_RETIREE = 4,
	W_UNION = 8,       /* a known union's abbreviation */
	W_PLACE = 16,      /* part of a state's name, or a state's postal code */
	W_DIRECTION = 32,  /* north, southwestern, central, ... */
	W_UNION_START = 64, /* the first word of a union's long name (fold_unions) */
	W_STATE_START = 128 /* the first word of a state's name (places_of) */
};

static const char *const direction_words[] = {
	"north", "south", "east", "west", "northern", "southern", "eastern", "western",
	"northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
	"southeastern", "southwestern", "central", "midwest", "upstate", "downstate", NULL,
};

static const char *const stop_words[] = {
	"the", "of", "and", "for", "a", "an", "at", "in", "on", "to", "inc", "incorporated",
	"llc", "ltd", "corp", "corporation", "de", "del", "la", "el", NULL,
};

static const char *const office_words[] = {
	"office", "headquarter", "hq", "field", "area", "region", "regional", "main",
	"branch", "satellite", NULL,
};

/* Abbreviations written out, normalized to their short form. */
static const struct { const char *abbr, *long_form; } unions[] = {
	{"afscme", "american federation of state county and municipal employees"},
	{"seiu", "service employees international union"},
	{"ibt", "international brotherhood of teamsters"},
	{"aft", "american federation of teachers"},
	{"nea", "national education association"},
	{"ufcw", "united food and commercial workers"},
	{"cwa", "communications workers of america"},
	{"uaw", "united automobile aerospace and agricultural implement workers"},
	{"uaw", "united auto workers"},
	{"uaw", "united automobile workers"},
	{"aflcio", "american federation of labor and congress of industrial organizations"},
	{"aflcio", "afl cio"},
	{"ibew", "international brotherhood of electrical workers"},
	{"usw", "united steelworkers"},
	{"usw", "united steel workers"},
	{"liuna", "laborers international union of north america"},
	{"iuoe", "international union of operating engineers"},
	{"atu", "amalgamated transit union"},
	{"afge", "american federation of government employees"},
	{"nnu", "national nurses united"},
	{"nuhhce", "national union of hospital and health care employees"},
	{"ufw", "united farm workers"},
	{"apwu", "american postal workers union"},
	{"nalc", "national association of letter carriers"},
	{"csea", "civil service employees association"},
	{"uft", "united federation of teachers"},
	{"iam", "international association of machinists and aerospace workers"},
	{"opeiu", "office and professional employees international union"},
	{"unitehere", "unite here"},
};
#define N_UNIONS (sizeof(unions) / sizeof(unions[0]))

static const struct { const char *from, *to; } synonyms[] = {
	{"st", "saint"}, {"ste", "sainte"}, {"mt", "mount"}, {"ft", "fort"},
	{"assn", "association"}, {"assoc", "association"}, {"intl", "international"},
	{"natl", "national"}, {"dept", "department"}, {"univ", "university"},
	{"ctr", "center"}, {"centre", "center"}, {"cmte", "committee"}, {"dist", "district"},
	{"hdqtrs", "headquarters"}, {"govt", "government"}, {"retired", "retiree"},
};

static const char *const state_names[] = {
	"alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
	"delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa",
	"kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan",
	"minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada",
	"new hampshire", "new jersey", "new mexico", "new york", "north carolina",
	"north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
	"south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia",
	"washington", "west virginia", "wisconsin", "wyoming", "district of columbia",
	"puerto rico",
};
#define N_STATES (sizeof(state_names) / sizeof(state_names[0]))

/* Postal codes, weighted as places in names ("IN/KY Chapter 962"); "in",
 * "de" and "la" are stop words first. */
static const char *const state_codes[] = {
	"al", "ak", "az", "ar", "ca", "co", "ct", "dc", "fl", "ga", "hi", "id", "il", "ia",
	"ks", "ky", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj",
	"nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "pr", "ri", "sc", "sd", "tn", "tx",
	"ut", "vt", "va", "wa", "wv", "wi", "wy", NULL,
};

/* A normalized name: word ids with the ':' segment each came from. */
typedef struct {
	int32_t *ids;
	int *segs;
	size_t n, cap;
} word_seq;

/* What a raw word becomes (words_of): its text after synonyms and plural
 * endings, whether that is a stop word or the "No." of "Local No. 12", and
 * its id, given when it is first kept (ids follow the order words are first
 * kept: blocking breaks ties between equally rare words by id). */
typedef struct {
	int32_t id;             /* -1 until the word is first kept */
	uint8_t stop, number_word;
	char text[48];
} raw_entry;

/* The vocabulary of one search: word text <-> id, flags and unit types. */
typedef struct {
	GHashTable *index;      /* text -> id + 1 (GINT_TO_POINTER) */
	GHashTable *special;    /* word of a list above -> its W_* flags | UNIT_* << 8 | 1 << 16
	                           (static texts): one look-up for a new word, not ~120 strcmp() */
	GHashTable *raw;        /* raw word -> raw_entry, both owned: each distinct raw
	                           word is looked at once, not against every list per org
	                           (normalizing a 10k-tie import's names: 25.4M -> 8.7M
	                           instructions with both tables, callgrind) */
	GPtrArray *texts;       /* id -> text, owned */
	GArray *flags;          /* id -> W_* (uint8_t) */
	GArray *unit;           /* id -> UNIT_* (uint8_t) */
	GArray *len;            /* id -> strlen(text) (uint8_t, texts are under 48 bytes) */
	word_seq union_forms[N_UNIONS];
	int32_t union_ids[N_UNIONS];
	word_seq state_forms[N_STATES];
} vocab;

static int in_list(const char *const *list, const char *word)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], word) == 0)
			return 1;
	return 0;
}

static int32_t vocab_id(vocab *v, const char *text)
{
	gpointer found = g_hash_table_lookup(v->index, text);
	int32_t id;
	uint8_t flags = 0, unit = UNIT_NONE;
	char *copy;

	if (found)
		return GPOINTER_TO_INT(found) - 1;
	id = (int32_t)v->texts->len;
	copy = g_strdup(text);
	g_ptr_array_add(v->texts, copy);
	g_hash_table_insert(v->index, copy, GINT_TO_POINTER(id + 1));
	if (text[0] >= '0' && text[0] <= '9')
		flags |= W_NUMBER;
	if ((found = g_hash_table_lookup(v->special, text)) != NULL) {
		flags |= (uint8_t)(GPOINTER_TO_UINT(found) & 0xff);
		unit = (uint8_t)(GPOINTER_TO_UINT(found) >> 8);
	}
	uint8_t len = (uint8_t)(strlen(text) < 255 ? strlen(text) : 255);
	g_array_append_val(v->len, len);
	g_array_append_val(v->flags, flags);
	g_array_append_val(v->unit, unit);
	return id;
}

static uint8_t word_flags(const vocab *v, int32_t id)
{
	return g_array_index(v->flags, uint8_t, id);
}

static uint8_t word_unit(const vocab *v, int32_t id)
{
	return g_array_index(v->unit, uint8_t, id);
}

static const char *word_text(const vocab *v, int32_t id)
{
	return g_ptr_array_index(v->texts, id);
}

static size_t word_len(const vocab *v, int32_t id)
{
	return g_array_index(v->len, uint8_t, id);
}

static int seq_push(word_seq *s, int32_t id, int seg)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		int32_t *ids = realloc(s->ids, cap * sizeof(*ids));
		int *segs;
		if (!ids)
			return -1;
		s->ids = ids;
		if (!(segs = realloc(s->segs, cap * sizeof(*segs))))
			return -1;
		s->segs = segs;
		s->cap = cap;
	}
	s->ids[s->n] = id;
	s->segs[s->n++] = seg;
	return 0;
}

static void seq_free(word_seq *s)
{
	free(s->ids);
	free(s->segs);
	s->ids = NULL;
	s->segs = NULL;
	s->n = s->cap = 0;
}

/* Lower-case ASCII of a UTF-8 name; accents folded by GLib (é -> e). */
static char *fold_ascii(const char *name)
{
	char *out = NULL;
	int ascii = 1;

	for (const char *p = name; *p; p++)
		if ((unsigned char)*p >= 0x80)
			ascii = 0;
	if (ascii)
		out = g_strdup(name);
	else if (g_utf8_validate(name, -1, NULL))
		out = g_str_to_ascii(name, "C");
	else {
		char *valid = g_utf8_make_valid(name, -1);
		out = g_str_to_ascii(valid, "C");
		g_free(valid);
	}
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

/* Cuts a plural ending: "employees" -> "employee", "communities" -> "community". */
static void stem(char *w)
{
	size_t n = strlen(w);

	if (w[0] >= '0' && w[0] <= '9')
		return;
	if (n > 4 && strcmp(w + n - 3, "ies") == 0) {
		strcpy(w + n - 3, "y");
		return;
	}
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
		w[n - 1] = '\0';
}

/* A raw word before the vocabulary: text in a fixed buffer and its segment. */
typedef struct {
	char text[48];
	int seg;
} raw_word;

/* Splits folded text into raw words; '&' is "and", '#' is "no", ':' starts
 * a segment, apostrophes join ("doctor's" -> "doctors"). */
static size_t split_words(raw_word *out, size_t max, const char *s)
{
	size_t n = 0, len = 0;
	int seg = 0, in_word = 0;

	for (const char *p = s;; p++) {
		char c = *p;
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (alnum) {
			if (!in_word) {
				if (n == max)
					break;
				in_word = 1;
				len = 0;
				out[n].seg = seg;
			}
			if (len < sizeof(out[n].text) - 1)
				out[n].text[len++] = c;
			continue;
		}
		if (c == '\'' && in_word)
			continue;
		if (in_word) {
			out[n].text[len] = '\0';
			n++;
			in_word = 0;
		}
		if (!c)
			break;
		if ((c == '&' || c == '#') && n < max) {
			strcpy(out[n].text, c == '&' ? "and" : "no");
			out[n++].seg = seg;
		} else if (c == ':') {
			seg++;
		}
	}
	return n;
}

#define MAX_WORDS 96

/* The entry of raw word `text`, made on first sight: synonyms, plural
 * endings, then the stop-word and "No." tests on the result. */
static raw_entry *raw_word_entry(vocab *v, const char *text)
{
	raw_entry *e = g_hash_table_lookup(v->raw, text);
	char *w;

	if (e)
		return e;
	e = g_new(raw_entry, 1);
	e->id = -1;
	w = e->text;
	g_strlcpy(w, text, sizeof(e->text)); /* raw words are under 48 bytes */
	for (size_t k = 0; k < sizeof(synonyms) / sizeof(synonyms[0]); k++)
		if (strcmp(w, synonyms[k].from) == 0) {
			snprintf(w, sizeof(e->text), "%s", synonyms[k].to);
			break;
		}
	stem(w);
	e->stop = (uint8_t)in_list(stop_words, w);
	e->number_word = strcmp(w, "no") == 0 || strcmp(w, "number") == 0 ||
	                 strcmp(w, "num") == 0 || strcmp(w, "nos") == 0;
	g_hash_table_insert(v->raw, g_strdup(text), e);
	return e;
}

/* Words of a name up to the union abbreviations: single letters joined
 * ("d c" -> "dc"), synonyms, plurals, stop words and "No." dropped. */
static int words_of(vocab *v, word_seq *out, const char *name)
{
	raw_word raw[MAX_WORDS];
	char *folded = fold_ascii(name);
	size_t n, m = 0;

	out->n = 0;
	if (!folded)
		return -1;
	n = split_words(raw, MAX_WORDS, folded);
	g_free(folded);
	/* join runs of single letters within a segment */
	for (size_t i = 0; i < n; i++) {
		if (strlen(raw[i].text) == 1 && raw[i].text[0] >= 'a' && m > 0 &&
		    raw[m - 1].seg == raw[i].seg && i > 0 && strlen(raw[i - 1].text) == 1 &&
		    raw[i - 1].text[0] >= 'a') {
			size_t len = strlen(raw[m - 1].text);
			if (len < sizeof(raw[m - 1].text) - 1) {
				raw[m - 1].text[len] = raw[i].text[0];
				raw[m - 1].text[len + 1] = '\0';
			}
			continue;
		}
		raw[m++] = raw[i];
	}
	n = m;
	/* synonyms and plural endings keep a word's first character, so the
	 * number test reads the raw words */
	for (size_t i = 0; i < n; i++) {
		raw_entry *e = raw_word_entry(v, raw[i].text);
		int next_number = i + 1 < n && raw[i + 1].text[0] >= '0' && raw[i + 1].text[0] <= '9';
		if (e->stop || (next_number && e->number_word))
			continue;
		if (e->id < 0)
			e->id = vocab_id(v, e->text);
		if (seq_push(out, e->id, raw[i].seg) < 0)
			return -1;
	}
	return 0;
}

/* Replaces written-out union names by their abbreviations, in place. */
static void fold_unions(const vocab *v, word_seq *s)
{
	size_t m = 0;

	for (size_t i = 0; i < s->n;) {
		size_t best = 0, best_len = 0;
		for (size_t k = 0; k < N_UNIONS && (word_flags(v, s->ids[i]) & W_UNION_START); k++) {
			const word_seq *f = &v->union_forms[k];
			if (f->n > best_len && i + f->n <= s->n &&
			    memcmp(s->ids + i, f->ids, f->n * sizeof(int32_t)) == 0) {
				best = k;
				best_len = f->n;
			}
		}
		if (best_len > 1) {
			s->ids[m] = v->union_ids[best];
			s->segs[m++] = s->segs[i];
			i += best_len;
		} else {
			s->ids[m] = s->ids[i];
			s->segs[m++] = s->segs[i];
			i++;
		}
	}
	s->n = m;
}

static int normalize(vocab *v, word_seq *out, const char *name)
{
	if (words_of(v, out, name) < 0)
		return -1;
	fold_unions(v, out);
	return 0;
}

/* Adds `flags` to word `text` of the special words; `unit` replaces its
 * unit type when not 0 (the last unit word that matches wins, as it did). */
static void special_mark(GHashTable *special, const char *text, unsigned flags, int unit)
{
	unsigned value = GPOINTER_TO_UINT(g_hash_table_lookup(special, text));

	value |= flags | 1u << 16; /* never 0: a word of no list is not found */
	if (unit)
		value = (value & ~0xff00u) | (unsigned)unit << 8;
	g_hash_table_insert(special, (gpointer)text, GUINT_TO_POINTER(value));
}

static void special_add(GHashTable *special, const char *const *list, unsigned flags, int unit)
{
	for (size_t i = 0; list[i]; i++)
		special_mark(special, list[i], flags, unit);
}

static void vocab_free(vocab *v)
{
	for (size_t k = 0; k < N_UNIONS; k++)
		seq_free(&v->union_forms[k]);
	for (size_t k = 0; k < N_STATES; k++)
		seq_free(&v->state_forms[k]);
	if (v->index)
		g_hash_table_destroy(v->index);
	if (v->raw)
		g_hash_table_destroy(v->raw);
	if (v->special)
		g_hash_table_destroy(v->special);
	if (v->texts)
		g_ptr_array_free(v->texts, TRUE);
	if (v->flags)
		g_array_free(v->flags, TRUE);
	if (v->unit)
		g_array_free(v->unit, TRUE);
	if (v->len)
		g_array_free(v->len, TRUE);
	memset(v, 0, sizeof(*v));
}

static int vocab_init(vocab *v)
{
	memset(v, 0, sizeof(*v));
	v->index = g_hash_table_new(g_str_hash, g_str_equal);
	v->raw = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	v->special = g_hash_table_new(g_str_hash, g_str_equal);
	special_add(v->special, office_words, W_OFFICE, 0);
	special_add(v->special, state_codes, W_PLACE, 0);
	special_add(v->special, direction_words, W_DIRECTION, 0);
	special_mark(v->special, "retiree", W_RETIREE, 0);
	for (size_t k = 0; k < N_UNIONS; k++)
		special_mark(v->special, unions[k].abbr, W_UNION, 0);
	for (int k = 1; k < N_UNIT_TYPES; k++)
		special_mark(v->special, unit_words[k], 0, k);
	v->texts = g_ptr_array_new_with_free_func(g_free);
	v->flags = g_array_new(FALSE, FALSE, sizeof(uint8_t));
	v->unit = g_array_new(FALSE, FALSE, sizeof(uint8_t));
	v->len = g_array_new(FALSE, FALSE, sizeof(uint8_t));
	for (size_t k = 0; k < N_UNIONS; k++) {
		if (words_of(v, &v->union_forms[k], unions[k].long_form) < 0)
			return -1;
		v->union_ids[k] = vocab_id(v, unions[k].abbr);
	}
	for (size_t k = 0; k < N_UNIONS; k++)
		if (v->union_forms[k].n)
			g_array_index(v->flags, uint8_t, v->union_forms[k].ids[0]) |= W_UNION_START;
	for (size_t k = 0; k < N_STATES; k++) {
		if (normalize(v, &v->state_forms[k], state_names[k]) < 0)
			return -1;
		for (size_t i = 0; i < v->state_forms[k].n; i++)
			g_array_index(v->flags, uint8_t, v->state_forms[k].ids[i]) |= W_PLACE;
		if (v->state_forms[k].n)
			g_array_index(v->flags, uint8_t, v->state_forms[k].ids[0]) |= W_STATE_START;
	}
	return 0;
}

char *co_duplicates_normalize(const char *name)
{
	vocab v;
	word_seq s = {0};
	GString *out = NULL;
	char *result = NULL;

	if (vocab_init(&v) < 0 || normalize(&v, &s, name) < 0)
		goto done;
	out = g_string_new(NULL);
	for (size_t i = 0; i < s.n; i++) {
		if (i)
			g_string_append_c(out, ' ');
		g_string_append(out, word_text(&v, s.ids[i]));
	}
	result = strdup(out->str);
done:
	if (out)
		g_string_free(out, TRUE);
	seq_free(&s);
	vocab_free(&v);
	return result;
}

/* ---- what each org's name says ------------------------------------------ */

/* A unit number of a name's core and the type word before it. */
typedef struct {
	int32_t number;   /* word id */
	uint8_t type;     /* UNIT_* */
} unit_ref;

typedef struct {
	uint32_t words, n_words;     /* core words without numbers: offset, count (sorted, unique) */
	uint32_t units, n_units;     /* unit_ref offset, count */
	uint64_t full_hash;          /* of the whole normalized name */
	uint32_t full, n_full;       /* whole normalized name: offset, count */
	uint64_t places;             /* bit k: the name names state_names[k] */
	uint32_t unions[2];          /* union abbreviation ids + 1 (0: none) */
	int retiree;
	int names_city;              /* the name holds the org's own city */
	int core_is_first;           /* the core is a first segment followed by others */
	uint32_t directions;         /* bit k: the core holds direction_words[k] */
} org_name;

typedef struct {
	vocab v;
	org_name *names;
	size_t n;
	GArray *words;     /* int32_t pool */
	GArray *units;     /* unit_ref pool */
	double *weight;    /* per word id */
	double *unit_weight; /* the same, directions a tenth: within one unit they name offices */
	int32_t *df;       /* per word id: orgs whose core has it */
} name_table;

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static uint64_t hash_ids(const int32_t *ids, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (uint64_t)(uint32_t)ids[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Which words name the organization: see the file comment. */
static void core_range(const vocab *v, const word_seq *s, size_t *end)
{
	int first_unit_seg = -1, last_seg = s->n ? s->segs[s->n - 1] : 0;
	int first_plain = 0;

	for (size_t i = 0; i < s->n; i++)
		if (word_flags(v, s->ids[i]) & W_NUMBER) {
			first_unit_seg = s->segs[i];
			break;
		}
	for (size_t i = 0; i < s->n && s->segs[i] == s->segs[0]; i++)
		if (!(word_flags(v, s->ids[i]) & W_OFFICE))
			first_plain = 1;
	*end = s->n;
	if (first_unit_seg < 0 && (!first_plain || last_seg == s->segs[0] || s->n == 0))
		return;
	int last = first_unit_seg >= 0 ? first_unit_seg : s->segs[0];
	for (size_t i = 0; i < s->n; i++)
		if (s->segs[i] > last) {
			*end = i;
			return;
		}
}

static uint64_t places_of(const vocab *v, const word_seq *s)
{
	uint64_t places = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (!(word_flags(v, s->ids[i]) & W_STATE_START))
			continue;
		for (size_t k = 0; k < N_STATES; k++) {
			const word_seq *f = &v->state_forms[k];
			if (f->n && i + f->n <= s->n && f->ids[0] == s->ids[i] &&
			    memcmp(s->ids + i, f->ids, f->n * sizeof(int32_t)) == 0)
				places |= 1ULL << k;
		}
	}
	/* "new york" also matches inside "new york city": fine, it is in New York. */
	return places;
}

/* Whether the words of `city` occur in the name's words. */
static int holds_city(vocab *v, const word_seq *name, const char *city, word_seq *tmp)
{
	if (!city || !city[0] || normalize(v, tmp, city) < 0 || tmp->n == 0)
		return 0;
	for (size_t i = 0; i + tmp->n <= name->n; i++)
		if (memcmp(name->ids + i, tmp->ids, tmp->n * sizeof(int32_t)) == 0)
			return 1;
	return 0;
}

static int analyse_name(name_table *t, org_name *o, const co_org *org, word_seq *s,
                        word_seq *tmp)
{
	const char *name = org->name;
	vocab *v = &t->v;
	size_t end, before;
	uint8_t last_type = UNIT_NONE;

	memset(o, 0, sizeof(*o));
	if (normalize(v, s, name) < 0)
		return -1;
	o->full = t->words->len;
	o->n_full = (uint32_t)s->n;
	g_array_append_vals(t->words, s->ids, (guint)s->n);
	o->full_hash = hash_ids(s->ids, s->n);
	o->places = places_of(v, s);
	o->names_city = holds_city(v, s, org->city, tmp);
	core_range(v, s, &end);
	for (size_t i = 0; i < end; i++)
		if (word_flags(v, s->ids[i]) & W_DIRECTION)
			for (size_t k = 0; direction_words[k]; k++)
				if (strcmp(direction_words[k], word_text(v, s->ids[i])) == 0)
					o->directions |= 1u << k;
	for (size_t i = 0; i < s->n; i++) {
		uint8_t f = word_flags(v, s->ids[i]);
		if (f & W_RETIREE)
			o->retiree = 1;
		if ((f & W_UNION) && !o->unions[0])
			o->unions[0] = (uint32_t)s->ids[i] + 1;
		else if ((f & W_UNION) && o->unions[0] != (uint32_t)s->ids[i] + 1 && !o->unions[1])
			o->unions[1] = (uint32_t)s->ids[i] + 1;
	}
	o->core_is_first = end < s->n;
	o->units = t->units->len;
	o->words = t->words->len;
	before = t->words->len;
	for (size_t i = 0; i < end; i++) {
		int32_t id = s->ids[i];
		if (word_flags(v, id) & W_NUMBER) {
			unit_ref u = {id, UNIT_NONE};
			int32_t prev = i > 0 ? s->ids[i - 1] : -1;
			if (prev >= 0 && word_unit(v, prev))
				u.type = word_unit(v, prev);
			else if (prev >= 0 && (word_flags(v, prev) & W_NUMBER))
				u.type = last_type;
			last_type = u.type;
			g_array_append_val(t->units, u);
			o->n_units++;
		} else {
			g_array_append_val(t->words, id);
		}
	}
	/* sort and unique the core words */
	int32_t *w = &g_array_index(t->words, int32_t, before);
	size_t n = t->words->len - before, m = 0;
	if (n > 1)
		qsort(w, n, sizeof(int32_t), cmp_i32);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || w[m - 1] != w[i])
			w[m++] = w[i];
	g_array_set_size(t->words, (guint)(before + m));
	o->n_words = (uint32_t)m;
	return 0;
}

/* Word weights: inverse document frequency over the orgs' cores; office
 * words a tenth. */
static int compute_weights(name_table *t)
{
	size_t n_ids = t->v.texts->len;

	if (!(t->df = calloc(n_ids + 1, sizeof(int32_t))) ||
	    !(t->weight = calloc(n_ids + 1, sizeof(double))) ||
	    !(t->unit_weight = calloc(n_ids + 1, sizeof(double))))
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		const org_name *o = &t->names[i];
		for (uint32_t k = 0; k < o->n_words; k++)
			t->df[g_array_index(t->words, int32_t, o->words + k)]++;
		for (uint32_t k = 0; k < o->n_units; k++) {
			int32_t id = g_array_index(t->units, unit_ref, o->units + k).number;
			/* count a number once per org */
			int seen = 0;
			for (uint32_t j = 0; j < k; j++)
				if (g_array_index(t->units, unit_ref, o->units + j).number == id)
					seen = 1;
			if (!seen)
				t->df[id]++;
		}
	}
	for (size_t id = 0; id < n_ids; id++) {
		double w = log(1.0 + (double)t->n / (t->df[id] ? t->df[id] : 1));
		uint8_t f = word_flags(&t->v, (int32_t)id);
		if (f & (W_OFFICE | W_PLACE))
			w *= 0.1;
		t->weight[id] = w;
		t->unit_weight[id] = f & W_DIRECTION ? w * 0.1 : w;
	}
	return 0;
}

static void name_table_free(name_table *t)
{
	vocab_free(&t->v);
	free(t->names);
	if (t->words)
		g_array_free(t->words, TRUE);
	if (t->units)
		g_array_free(t->units, TRUE);
	free(t->weight);
	free(t->unit_weight);
	free(t->df);
	memset(t, 0, sizeof(*t));
}

static co_status name_table_build(name_table *t, const co_network *net)
{
	word_seq s = {0}, tmp = {0};
	co_status status = CO_OK;

	memset(t, 0, sizeof(*t));
	t->n = (size_t)net->n_orgs;
	t->words = g_array_new(FALSE, FALSE, sizeof(int32_t));
	t->units = g_array_new(FALSE, FALSE, sizeof(unit_ref));
	if (vocab_init(&t->v) < 0 || !(t->names = calloc(t->n + 1, sizeof(org_name)))) {
		status = co_error_set(CO_ENOMEM, "out of memory normalizing names");
		goto done;
	}
	for (size_t i = 0; i < t->n; i++)
		if (analyse_name(t, &t->names[i], &net->orgs[i], &s, &tmp) < 0) {
			status = co_error_set(CO_ENOMEM, "out of memory normalizing names");
			goto done;
		}
	if (compute_weights(t) < 0)
		status = co_error_set(CO_ENOMEM, "out of memory weighting names");
done:
	seq_free(&s);
	seq_free(&tmp);
	return status;
}

/* ---- blocking ----------------------------------------------------------- */

typedef struct {
	uint64_t key;
	uint32_t org;
} block_entry;

#define KEY_PAIR (1ULL << 62)
#define KEY_FULL (2ULL << 62)

/* The most blocking keys one org can have: its whole name, each core word
 * and unit number, its two rarest words. */
#define MAX_ORG_KEYS (2 + 2 * MAX_WORDS)

/* The blocking keys of org i into keys[] (at most MAX_ORG_KEYS); returns
 * how many.  See the file comment. */
static size_t org_keys(uint64_t *keys, const name_table *t, uint32_t i)
{
	const org_name *o = &t->names[i];
	int32_t rare[2] = {-1, -1};
	size_t n = 0;

	if (o->n_full)
		keys[n++] = KEY_FULL | (o->full_hash >> 2);
	for (uint32_t k = 0; k < o->n_words + o->n_units; k++) {
		int32_t id = k < o->n_words ? g_array_index(t->words, int32_t, o->words + k)
		             : g_array_index(t->units, unit_ref, o->units + k - o->n_words).number;
		if (word_flags(&t->v, id) & W_OFFICE)
			continue;
		if (t->df[id] <= CO_DUPLICATES_MAX_BLOCK && n < MAX_ORG_KEYS - 1)
			keys[n++] = (uint64_t)(uint32_t)id;
		if (rare[0] < 0 || t->df[id] < t->df[rare[0]] ||
		    (t->df[id] == t->df[rare[0]] && id < rare[0])) {
			rare[1] = rare[0];
			rare[0] = id;
		} else if (id != rare[0] && (rare[1] < 0 || t->df[id] < t->df[rare[1]] ||
		                             (t->df[id] == t->df[rare[1]] && id < rare[1]))) {
			rare[1] = id;
		}
	}
	if (rare[1] >= 0 && rare[1] != rare[0]) {
		uint32_t x = (uint32_t)(rare[0] < rare[1] ? rare[0] : rare[1]);
		uint32_t y = (uint32_t)(rare[0] < rare[1] ? rare[1] : rare[0]);
		keys[n++] = KEY_PAIR | ((uint64_t)x << 31) | y;
	}
	return n;
}

/*
 * Sorts n items of `size` bytes, each starting with a uint64_t key, by that
 * key, stably: least significant digit first (16 bits, 8 under 65,536
 * items, where clearing 65,536 counts would cost more than the items),
 * skipping the digits all keys share.
 * Replaced glibc's qsort (a merge sort calling a comparison per step),
 * which took a third of the duplicate search when an import ran it.
 * Returns -1 when out of memory.
 */
static int radix_sort(void *items, size_t n, size_t size)
{
	unsigned char *src = items, *dst;
	uint64_t any = 0, all = ~0ULL;
	int bits = n < 65536 ? 8 : 16;
	size_t *count, buckets = (size_t)1 << bits, mask = buckets - 1;
	int status = 0;

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t key;
		memcpy(&key, src + i * size, sizeof(key));
		any |= key;
		all &= key;
	}
	dst = malloc(n * size);
	count = malloc(buckets * sizeof(*count));
	if (!dst || !count) {
		status = -1;
		goto done;
	}
	for (int shift = 0; shift < 64; shift += bits) {
		size_t sum = 0;
		if ((((any ^ all) >> shift) & mask) == 0)
			continue;
		memset(count, 0, buckets * sizeof(*count));
		for (size_t i = 0; i < n; i++) {
			uint64_t key;
			memcpy(&key, src + i * size, sizeof(key));
			count[(key >> shift) & mask]++;
		}
		for (size_t d = 0; d < buckets; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t key;
			memcpy(&key, src + i * size, sizeof(key));
			memcpy(dst + count[(key >> shift) & mask]++ * size, src + i * size, size);
		}
		unsigned char *swap = src;
		src = dst;
		dst = swap;
	}
	if (src != (unsigned char *)items) { /* an odd number of passes */
		memcpy(items, src, n * size);
		dst = src;
	}
done:
	free(dst);
	free(count);
	return status;
}

/* Every org's blocking keys, sorted by key and then org: the blocks are the
 * runs of one key.  Keys are made in org order, so a stable sort by key
 * alone is enough. */
static co_status block_entries(block_entry **out, size_t *n_out, const name_table *t)
{
	uint64_t keys[MAX_ORG_KEYS];
	block_entry *e = NULL;
	size_t n = 0, m = 0;

	*out = NULL;
	*n_out = 0;
	for (uint32_t k = 0; k < t->n; k++)
		n += org_keys(keys, t, k);
	if (n == 0)
		return CO_OK;
	if (!(e = malloc(n * sizeof(*e))))
		return co_error_set(CO_ENOMEM, "out of memory blocking names");
	for (uint32_t k = 0; k < t->n; k++) {
		size_t c = org_keys(keys, t, k);
		for (size_t i = 0; i < c; i++) {
			e[m].key = keys[i];
			e[m++].org = k;
		}
	}
	if (radix_sort(e, n, sizeof(*e)) < 0) {
		free(e);
		return co_error_set(CO_ENOMEM, "out of memory blocking names");
	}
	*out = e;
	*n_out = n;
	return CO_OK;
}

/* Candidate pairs (i << 32 | j, i < j), sorted and unique, in *out (n_out
 * of them; free()). */
static co_status candidate_pairs(uint64_t **out, size_t *n_out, int64_t *skipped,
                                 const name_table *t, const co_network *net,
                                 int64_t new_after)
{
	block_entry *e = NULL;
	uint64_t *pairs = NULL;
	size_t n_entries = 0, n = 0, m = 0;
	co_status status;

	*out = NULL;
	*n_out = 0;
	if ((status = block_entries(&e, &n_entries, t)) != CO_OK)
		return status;
	/* count first: the pairs are the largest array of the search */
	for (size_t i = 0, j; i < n_entries; i = j) {
		size_t old = 0;
		for (j = i; j < n_entries && e[j].key == e[i].key; j++)
			old += new_after > 0 && net->orgs[e[j].org].id <= new_after;
		if (j - i > CO_DUPLICATES_MAX_BLOCK)
			(*skipped)++;
		else
			n += (j - i) * (j - i - 1) / 2 - (old ? old * (old - 1) / 2 : 0);
	}
	if (n && !(pairs = malloc(n * sizeof(*pairs)))) {
		status = co_error_set(CO_ENOMEM, "out of memory listing candidate pairs");
		goto done;
	}
	for (size_t i = 0, j; i < n_entries; i = j) {
		for (j = i; j < n_entries && e[j].key == e[i].key; j++)
			;
		if (j - i > CO_DUPLICATES_MAX_BLOCK)
			continue;
		for (size_t x = i; x < j; x++)
			for (size_t y = x + 1; y < j; y++) {
				uint32_t a = e[x].org, b = e[y].org;
				if (new_after > 0 && net->orgs[a].id <= new_after &&
				    net->orgs[b].id <= new_after)
					continue;
				pairs[m++] = (uint64_t)a << 32 | b;
			}
	}
	free(e);
	e = NULL;
	if (radix_sort(pairs, n, sizeof(*pairs)) < 0) {
		status = co_error_set(CO_ENOMEM, "out of memory listing candidate pairs");
		goto done;
	}
	m = 0;
	for (size_t k = 0; k < n; k++)
		if (m == 0 || pairs[m - 1] != pairs[k])
			pairs[m++] = pairs[k];
	*out = pairs;
	*n_out = m;
	pairs = NULL;
done:
	free(e);
	free(pairs);
	return status;
}

/* ---- scoring ------------------------------------------------------------ */

/* Damerau-free edit distance of at most one between two words. */
static int one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int edits = 0;

	if (la < 5 || lb < 5 || (la > lb ? la - lb : lb - la) > 1)
		return 0;
	while (*a && *b) {
		if (*a == *b) {
			a++;
			b++;
			continue;
		}
		if (++edits > 1)
			return 0;
		if (la > lb)
			a++;
		else if (lb > la)
			b++;
		else {
			a++;
			b++;
		}
	}
	return edits + (int)strlen(a) + (int)strlen(b) <= 1;
}

/* How two names' core words compare, under given word weights. */
typedef struct {
	double shared;     /* weight of the words both have (one edit apart: 0.8) */
	double only_a, only_b; /* weight of the words only one has */
	int heavy_a, heavy_b;  /* a word only one has is not a place, direction,
	                          office or unit word */
} word_overlap;

static int light_word(const vocab *v, int32_t id)
{
	return (word_flags(v, id) & (W_PLACE | W_DIRECTION | W_OFFICE)) || word_unit(v, id);
}

static word_overlap compare_words(const name_table *t, const double *weight,
                                  const org_name *a, const org_name *b)
{
	const int32_t *wa = &g_array_index(t->words, int32_t, a->words);
	const int32_t *wb = &g_array_index(t->words, int32_t, b->words);
	uint64_t used_a = 0, used_b = 0; /* bit i: word i (of the first 64) matched */
	word_overlap o = {0, 0, 0, 0, 0};
	uint32_t i = 0, j = 0;

	for (i = 0; i < a->n_words; i++)
		o.only_a += weight[wa[i]];
	for (j = 0; j < b->n_words; j++)
		o.only_b += weight[wb[j]];
	i = j = 0;
	while (i < a->n_words && j < b->n_words) {
		if (wa[i] == wb[j]) {
			o.shared += weight[wa[i]];
			o.only_a -= weight[wa[i]];
			o.only_b -= weight[wb[j]];
			if (i < 64)
				used_a |= 1ULL << i;
			if (j < 64)
				used_b |= 1ULL << j;
			i++;
			j++;
		} else if (wa[i] < wb[j]) {
			i++;
		} else {
			j++;
		}
	}
	for (i = 0; i < a->n_words && i < 64; i++) {
		if (used_a >> i & 1)
			continue;
		size_t la = word_len(&t->v, wa[i]);
		if (la < 5)
			continue; /* one_edit() wants five letters: skip its strlen() */
		for (j = 0; j < b->n_words && j < 64; j++)
			if (!(used_b >> j & 1) && word_len(&t->v, wb[j]) + 1 >= la &&
			    word_len(&t->v, wb[j]) <= la + 1 &&
			    one_edit(word_text(&t->v, wa[i]), word_text(&t->v, wb[j]))) {
				double w = (weight[wa[i]] + weight[wb[j]]) / 2;
				o.shared += 0.8 * w;
				o.only_a -= weight[wa[i]];
				o.only_b -= weight[wb[j]];
				used_a |= 1ULL << i;
				used_b |= 1ULL << j;
				break;
			}
	}
	for (i = 0; i < a->n_words && i < 64 && !o.heavy_a; i++)
		if (!(used_a >> i & 1) && !light_word(&t->v, wa[i]))
			o.heavy_a = 1;
	for (j = 0; j < b->n_words && j < 64 && !o.heavy_b; j++)
		if (!(used_b >> j & 1) && !light_word(&t->v, wb[j]))
			o.heavy_b = 1;
	if (o.only_a < 0)
		o.only_a = 0;
	if (o.only_b < 0)
		o.only_b = 0;
	return o;
}

/* Weighted Jaccard similarity of two names' core words: the weight they
 * share over the weight of all their words.  (A cosine let names differing
 * in one word of four, "Reproductive Freedom Coalition" and "... Action",
 * score 0.8.) */
static double name_similarity(const name_table *t, const org_name *a, const org_name *b)
{
	word_overlap o;

	if (a->n_words == 0 && b->n_words == 0)
		return 1.0;
	o = compare_words(t, t->weight, a, b);
	return o.shared > 0 ? o.shared / (o.shared + o.only_a + o.only_b) : 0.0;
}

/* How alike two names of the same unit are, in [0, 1].  When all the
 * words one name has of its own are light (places, directions, offices,
 * unit words), the other name's words hold it: the shared weight over the
 * shared and that name's own ("Council 3: Cumberland Office" and "AFSCME
 * Maryland Council 3": 1; "Southwestern Pennsylvania ... Council 13" and
 * "Dauphin County Pennsylvania ... Council 13": near 1).  Otherwise both
 * have words of their own and the weighted Jaccard index applies ("Nurses
 * Local 872" and "Carpenters Local 872": other unions). */
static double unit_similarity(const name_table *t, const org_name *a, const org_name *b)
{
	word_overlap o;

	if (a->n_words == 0 || b->n_words == 0)
		return 1.0;
	o = compare_words(t, t->unit_weight, a, b);
	if (o.shared <= 0)
		return 0.0;
	if (!o.heavy_a && !o.heavy_b)
		return o.shared / (o.shared + (o.only_a < o.only_b ? o.only_a : o.only_b));
	if (!o.heavy_a || !o.heavy_b)
		return o.shared / (o.shared + (o.heavy_a ? o.only_b : o.only_a));
	return o.shared / (o.shared + o.only_a + o.only_b);
}

static int has_letter(const vocab *v, int32_t id)
{
	for (const char *p = word_text(v, id); *p; p++)
		if (*p >= 'a' && *p <= 'z')
			return 1;
	return 0;
}

static int units_compatible(uint8_t x, uint8_t y)
{
	if (x == y || x == UNIT_NONE || y == UNIT_NONE)
		return 1;
	if (x > y) {
		uint8_t z = x;
		x = y;
		y = z;
	}
	/* a district may call itself a local or a district council */
	return (x == UNIT_LOCAL && y == UNIT_DISTRICT) || (x == UNIT_COUNCIL && y == UNIT_DISTRICT);
}

static void unit_text(char *buf, size_t size, const vocab *v, const unit_ref *u)
{
	snprintf(buf, size, "%s%s%s", unit_words[u->type], u->type ? " " : "",
	         word_text(v, u->number));
}

enum { UNITS_NONE, UNITS_MATCH, UNITS_CONFLICT, UNITS_ONE_SIDED };

/* The units a pair's text names: `x` alone ("council 57") for a match,
 * x and y ("council 5 / council 65") for a conflict, none otherwise.  The
 * text is written only for the pairs kept (unit_text_of): most candidate
 * pairs are dropped, and writing it for each with snprintf() was 30% of the
 * instructions of importing synth --chapters 2000 (callgrind). */
typedef struct {
	const unit_ref *x, *y;
} unit_pick;

/* How the unit numbers of two names relate; `both_chapters` is set when
 * the matched numbers are both called chapters. */
static int compare_units(unit_pick *pick, int *both_chapters, const name_table *t,
                         const org_name *a, const org_name *b)
{
	const unit_ref *ua = &g_array_index(t->units, unit_ref, a->units);
	const unit_ref *ub = &g_array_index(t->units, unit_ref, b->units);

	*both_chapters = 0;
	pick->x = pick->y = NULL;
	if (!a->n_units && !b->n_units)
		return UNITS_NONE;
	if (!a->n_units || !b->n_units)
		return UNITS_ONE_SIDED;
	for (uint32_t i = 0; i < a->n_units; i++)
		for (uint32_t j = 0; j < b->n_units; j++)
			if (ua[i].number == ub[j].number && units_compatible(ua[i].type, ub[j].type)) {
				pick->x = ua[i].type ? &ua[i] : &ub[j];
				*both_chapters = ua[i].type == UNIT_CHAPTER && ub[j].type == UNIT_CHAPTER;
				/* a bare number ("Indivisible Lakeview 658", "Housing
				 * Project 4") names no unit; a code such as 1199J does */
				return (ua[i].type && ub[j].type) || has_letter(&t->v, ua[i].number)
				       ? UNITS_MATCH : UNITS_NONE;
			}
	pick->x = &ua[0];
	pick->y = &ub[0];
	return UNITS_CONFLICT;
}

/* Writes the text of the units `pick` names into pair->unit. */
static void unit_text_of(co_duplicate *pair, const name_table *t, const unit_pick *pick)
{
	char x[30], y[30];

	if (!pick->x)
		return;
	if (!pick->y) {
		unit_text(pair->unit, sizeof(pair->unit), &t->v, pick->x);
		return;
	}
	unit_text(x, sizeof(x), &t->v, pick->x);
	unit_text(y, sizeof(y), &t->v, pick->y);
	snprintf(pair->unit, sizeof(pair->unit), "%s / %s", x, y);
}

/* Scores a pair from the names alone (what the network adds comes later). */
static double name_score(co_duplicate *pair, unit_pick *pick, const name_table *t,
                         const org_name *a, const org_name *b)
{
	int both_chapters, units;
	double score;

	pair->name_similarity = name_similarity(t, a, b);
	units = compare_units(pick, &both_chapters, t, a, b);
	if (a->n_full == b->n_full && a->full_hash == b->full_hash &&
	    memcmp(&g_array_index(t->words, int32_t, a->full),
	           &g_array_index(t->words, int32_t, b->full), a->n_full * sizeof(int32_t)) == 0) {
		pair->reasons |= CO_DUP_SAME_NAME;
		score = 1.0;
	} else if (units == UNITS_MATCH) {
		/* one name's words inside the other's: "Council 3: Cumberland Office"
		 * and "AFSCME Maryland Council 3"; other words on both sides: "Nurses
		 * Local 872" and "Carpenters Local 872" */
		pair->reasons |= CO_DUP_SAME_UNIT;
		score = 0.3 + 0.7 * unit_similarity(t, a, b);
	} else {
		score = pair->name_similarity;
		if (units == UNITS_CONFLICT)
			; /* the words alike are "council", "local": no reason for */
		else if (score >= 0.999 && (a->core_is_first || b->core_is_first))
			pair->reasons |= CO_DUP_SAME_CORE;
		else if (score >= 0.5)
			pair->reasons |= CO_DUP_SIMILAR_NAME;
		if (units == UNITS_CONFLICT) {
			pair->reasons |= CO_DUP_OTHER_UNIT;
			score *= 0.3;
		} else if (units == UNITS_ONE_SIDED) {
			pair->reasons |= CO_DUP_ONE_UNIT;
			score = score < 0.6 ? score : 0.6;
		}
	}
	if (((a->places && b->places && !(a->places & b->places)) ||
	     (a->directions && b->directions && !(a->directions & b->directions))) &&
	    units != UNITS_MATCH && !(pair->reasons & CO_DUP_SAME_NAME)) {
		pair->reasons |= CO_DUP_OTHER_PLACE;
		score -= 0.3;
	}
	if (a->retiree != b->retiree && !both_chapters) {
		pair->reasons |= CO_DUP_RETIREES;
		score -= 0.3;
	}
	if (a->unions[0] && b->unions[0] && a->unions[0] != b->unions[0] &&
	    a->unions[0] != b->unions[1] && (!a->unions[1] || (a->unions[1] != b->unions[0] &&
	                                                         a->unions[1] != b->unions[1]))) {
		pair->reasons |= CO_DUP_OTHER_UNION;
		score -= 0.5;
	}
	return score;
}

/* ---- the network's part ------------------------------------------------- */

/* Each org's distinct partners, sorted (compressed rows). */
typedef struct {
	int64_t *start;      /* n_orgs + 1 */
	uint32_t *partners;  /* 4 bytes a vertex: 9 MB at 1.1M ties, not 18 */
} partner_lists;

static void partners_free(partner_lists *p)
{
	free(p->start);
	free(p->partners);
	p->start = NULL;
	p->partners = NULL;
}

/* Each tie's ends in the rows of both, in tie order: rows[start[v] ..
 * start[v + 1]) are v's partners with repeats, unsorted. */
static co_status partners_unsorted(partner_lists *rows, const co_network *net)
{
	size_t n = (size_t)net->n_orgs, m = (size_t)net->n_ties;
	int64_t *fill = malloc((n + 1) * sizeof(*fill));

	rows->start = calloc(n + 2, sizeof(*rows->start));
	rows->partners = malloc((2 * m + 1) * sizeof(*rows->partners));
	if (!rows->start || !rows->partners || !fill) {
		free(fill);
		return co_error_set(CO_ENOMEM, "out of memory listing partners");
	}
	for (size_t j = 0; j < m; j++) {
		rows->start[co_network_tie_source(net, j) + 1]++;
		rows->start[co_network_tie_target(net, j) + 1]++;
	}
	for (size_t v = 0; v < n; v++)
		rows->start[v + 1] += rows->start[v];
	memcpy(fill, rows->start, n * sizeof(*fill));
	for (size_t j = 0; j < m; j++) {
		igraph_integer_t s = co_network_tie_source(net, j), t = co_network_tie_target(net, j);
		rows->partners[fill[s]++] = (uint32_t)t;
		rows->partners[fill[t]++] = (uint32_t)s;
	}
	free(fill);
	return CO_OK;
}

/* The rows sorted without sorting: row v of the transpose lists each u
 * whose row holds v, in the order the rows u are read (ascending), and the
 * partner relation is symmetric, so the transpose is the same lists in
 * order (a qsort per org was a third of the search at 1.1M ties).  Repeats
 * (several ties, one partner) are dropped. */
static co_status partners_sorted(partner_lists *p, const partner_lists *rows, size_t n)
{
	size_t total = (size_t)rows->start[n];
	int64_t *fill = malloc((n + 1) * sizeof(*fill)), w = 0;

	p->start = malloc((n + 1) * sizeof(*p->start));
	p->partners = malloc((total + 1) * sizeof(*p->partners));
	if (!p->start || !p->partners || !fill) {
		free(fill);
		return co_error_set(CO_ENOMEM, "out of memory listing partners");
	}
	memcpy(fill, rows->start, (n + 1) * sizeof(*fill));
	for (size_t u = 0; u < n; u++)
		for (int64_t k = rows->start[u]; k < rows->start[u + 1]; k++)
			p->partners[fill[rows->partners[k]]++] = (uint32_t)u;
	free(fill);
	for (size_t v = 0; v < n; v++) {
		int64_t begin = rows->start[v], end = rows->start[v + 1];
		p->start[v] = w;
		for (int64_t k = begin; k < end; k++)
			if (k == begin || p->partners[k] != p->partners[k - 1])
				p->partners[w++] = p->partners[k];
	}
	p->start[n] = w;
	return CO_OK;
}

/* The partner lists of `net`'s orgs; with `release`, the network's ties
 * are freed as soon as they have been read. */
static co_status partners_build(partner_lists *p, co_network *net, int release)
{
	partner_lists rows = {NULL, NULL};
	size_t n = (size_t)net->n_orgs;
	co_status status;

	if (n > UINT32_MAX)
		return co_error_set(CO_EINVAL, "too many orgs to compare (%zu)", n);
	if ((status = partners_unsorted(&rows, net)) != CO_OK)
		goto done;
	if (release)
		co_network_release_ties(net);
	status = partners_sorted(p, &rows, n);
done:
	partners_free(&rows);
	return status;
}

static int shared_partners(const partner_lists *p, igraph_integer_t a, igraph_integer_t b)
{
	int64_t i = p->start[a], j = p->start[b];
	int shared = 0;

	while (i < p->start[a + 1] && j < p->start[b + 1]) {
		igraph_integer_t x = p->partners[i], y = p->partners[j];
		if (x < y) {
			i++;
		} else if (y < x) {
			j++;
		} else {
			if (x != a && x != b)
				shared++;
			i++;
			j++;
		}
	}
	return shared;
}

static int same_text(const char *x, const char *y)
{
	return x && y && x[0] && y[0] && g_ascii_strcasecmp(x, y) == 0;
}

/* Adds what places, kinds and the network say to a name score. */
static double network_score(co_duplicate *pair, double score, const co_network *net,
                            const name_table *t, const partner_lists *partners)
{
	const org_name *na = &t->names[pair->a], *nb = &t->names[pair->b];
	const co_org *a = &net->orgs[pair->a], *b = &net->orgs[pair->b];

	if (same_text(a->city, b->city) && same_text(a->state, b->state)) {
		pair->reasons |= CO_DUP_SAME_CITY;
		score += 0.05;
	} else if (same_text(a->state, b->state)) {
		pair->reasons |= CO_DUP_SAME_STATE;
		score += 0.03;
	} else if (a->state && b->state && a->state[0] && b->state[0]) {
		pair->reasons |= CO_DUP_OTHER_STATE;
		if (na->names_city && nb->names_city && same_text(a->city, b->city)) {
			/* "Indivisible Fairport" of Fairport, AR and of Fairport, IN */
			pair->reasons |= CO_DUP_OTHER_TOWN;
			score -= 0.5;
		} else {
			score -= 0.1;
		}
	}
	if (strcmp(a->kind, b->kind) != 0) {
		pair->reasons |= CO_DUP_OTHER_KIND;
		score -= 0.1;
	}
	pair->shared_partners = shared_partners(partners, pair->a, pair->b);
	if (pair->shared_partners > 0) {
		/* 0.05 times the Jaccard index of the two partner sets: orgs in one
		 * place share hubs without being one org */
		igraph_integer_t da = partners->start[pair->a + 1] - partners->start[pair->a];
		igraph_integer_t db = partners->start[pair->b + 1] - partners->start[pair->b];
		pair->reasons |= CO_DUP_SHARED_PARTNERS;
		score += 0.05 * pair->shared_partners / (double)(da + db - pair->shared_partners);
	}
	if (a->parent == pair->b || b->parent == pair->a) {
		pair->reasons |= CO_DUP_PARENT;
		score *= 0.2;
	}
	return score < 0 ? 0 : score > 1 ? 1 : score;
}

/* ---- the search --------------------------------------------------------- */

void co_duplicates_options_init(co_duplicates_options *options)
{
	memset(options, 0, sizeof(*options));
	options->min_score = CO_DUPLICATES_DEFAULT_MIN_SCORE;
}

/* Best first; ties by the orgs' keys (the network's order). */
static int cmp_pair(const void *x, const void *y)
{
	const co_duplicate *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

/* Scores are rounded to 1e-6 so that the order does not hang on the last
 * bit of a floating-point sum. */
static double round6(double x)
{
	return floor(x * 1e6 + 0.5) / 1e6;
}

static co_status score_pairs(co_duplicates *out, const uint64_t *p, size_t n_pairs,
                             const name_table *t, const co_network *net,
                             const partner_lists *partners, double min_score)
{
	size_t cap = 0;

	for (size_t k = 0; k < n_pairs; k++) {
		uint32_t i = (uint32_t)(p[k] >> 32), j = (uint32_t)p[k];
		co_duplicate pair;
		unit_pick pick;
		double score;

		/* the network orders orgs by key, and candidates have i < j */
		memset(&pair, 0, sizeof(pair));
		pair.a = i;
		pair.b = j;
		score = name_score(&pair, &pick, t, &t->names[pair.a], &t->names[pair.b]);
		/* places and partners add at most 0.1: skip what cannot reach min_score */
		if (score + 0.1 < min_score)
			continue;
		score = round6(network_score(&pair, score, net, t, partners));
		if (score < min_score)
			continue;
		pair.score = score;
		unit_text_of(&pair, t, &pick);
		if (out->n == cap) {
			size_t new_cap = cap ? 2 * cap : 64;
			co_duplicate *grown = realloc(out->pairs, new_cap * sizeof(*grown));
			if (!grown)
				return co_error_set(CO_ENOMEM, "out of memory collecting duplicates");
			out->pairs = grown;
			cap = new_cap;
		}
		out->pairs[out->n++] = pair;
	}
	return CO_OK;
}

/* The search; with `release` the network's ties are freed once the
 * partners are listed (what is built after them then fits in their room). */
static co_status find(co_duplicates *out, co_network *net, const co_duplicates_options *options,
                      int release)
{
	co_duplicates_options defaults;
	name_table table;
	partner_lists partners = {NULL, NULL};
	uint64_t *pairs = NULL;
	size_t n_pairs = 0;
	co_status status;

	memset(out, 0, sizeof(*out));
	memset(&table, 0, sizeof(table));
	if ((status = co_network_load_names(net)) != CO_OK) /* the names are compared */
		return status;
	if (!options) {
		co_duplicates_options_init(&defaults);
		options = &defaults;
	}
	if (!(options->min_score >= 0 && options->min_score <= 1))
		return co_error_set(CO_EINVAL, "--min-score must be between 0 and 1, not %g",
		                    options->min_score);
	if ((status = partners_build(&partners, net, release)) != CO_OK ||
	    (status = name_table_build(&table, net)) != CO_OK ||
	    (status = candidate_pairs(&pairs, &n_pairs, &out->skipped_blocks, &table, net,
	                              options->new_after)) != CO_OK)
		goto done;
	out->candidates = (int64_t)n_pairs;
	if ((status = score_pairs(out, pairs, n_pairs, &table, net, &partners,
	                          options->min_score)) != CO_OK)
		goto done;
	if (out->n > 1) /* qsort of no pairs: out->pairs may be NULL */
		qsort(out->pairs, out->n, sizeof(co_duplicate), cmp_pair);
	if (options->limit && out->n > options->limit)
		out->n = options->limit;
done:
	free(pairs);
	partners_free(&partners);
	name_table_free(&table);
	return status;
}

co_status co_duplicates_find(co_duplicates *out, const co_network *net,
                             const co_duplicates_options *options)
{
	/* not released: the cast only lets find() share its code */
	return find(out, (co_network *)net, options, 0);
}

co_status co_duplicates_find_releasing(co_duplicates *out, co_network *net,
                                       const co_duplicates_options *options)
{
	return find(out, net, options, 1);
}

static co_status query_count(int64_t *out, co_store *store, const char *sql, int64_t arg)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;

	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot count orgs");
	sqlite3_bind_int64(stmt, 1, arg);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else
		status = co_store_error(store, "cannot count orgs");
	sqlite3_finalize(stmt);
	return status;
}

co_status co_duplicates_mark(int64_t *mark, co_store *store)
{
	*mark = 0;
	return query_count(mark, store, "SELECT ifnull(max(id), 0) FROM orgs WHERE ?1 = ?1", 0);
}

co_status co_duplicates_added(co_duplicates *out, co_network **net, int64_t *added,
                              co_store *store, int64_t mark, size_t limit)
{
	co_duplicates_options options;
	co_view view;
	co_status status;

	memset(out, 0, sizeof(*out));
	*net = NULL;
	*added = 0;
	if ((status = query_count(added, store, "SELECT count(*) FROM orgs WHERE id > ?1", mark))
	    != CO_OK || *added == 0 || *added > CO_DUPLICATES_NOTE_MAX_NEW)
		return status;
	co_view_init(&view);
	status = co_network_build(net, store, &view);
	co_view_free(&view);
	if (status != CO_OK)
		return status;
	co_duplicates_options_init(&options);
	options.new_after = mark;
	options.limit = limit;
	/* the note prints the orgs only */
	return co_duplicates_find_releasing(out, *net, &options);
}

void co_duplicates_free(co_duplicates *dups)
{
	if (!dups)
		return;
	free(dups->pairs);
	memset(dups, 0, sizeof(*dups));
}

/* ---- output ------------------------------------------------------------- */

json_t *co_duplicate_reasons(const co_duplicate *pair, const co_network *net)
{
	const co_org *a = &net->orgs[pair->a], *b = &net->orgs[pair->b];
	json_t *r = json_array();
	char text[256];

	if (!r)
		return NULL;
	if (pair->reasons & CO_DUP_SAME_NAME)
		json_array_append_new(r, json_string("same name after normalization"));
	if (pair->reasons & CO_DUP_SAME_UNIT) {
		snprintf(text, sizeof(text), "same unit (%s)", pair->unit);
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_SAME_CORE)
		json_array_append_new(r, json_string("same name before the office (after ':')"));
	if (pair->reasons & CO_DUP_SIMILAR_NAME) {
		snprintf(text, sizeof(text), "similar names (%.2f)", pair->name_similarity);
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_SAME_CITY) {
		snprintf(text, sizeof(text), "same city (%s, %s)", a->city, a->state);
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_SAME_STATE) {
		snprintf(text, sizeof(text), "same state (%s)", a->state);
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_SHARED_PARTNERS) {
		snprintf(text, sizeof(text), "%d shared partner%s", pair->shared_partners,
		         pair->shared_partners == 1 ? "" : "s");
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_OTHER_UNIT) {
		snprintf(text, sizeof(text), "against: different unit numbers (%s)", pair->unit);
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_ONE_UNIT)
		json_array_append_new(r, json_string("against: only one name has a unit number"));
	if (pair->reasons & CO_DUP_PARENT) {
		const co_org *parent = a->parent == pair->b ? b : a, *child = parent == a ? b : a;
		snprintf(text, sizeof(text), "against: %s is the parent of %s", parent->key, child->key);
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_OTHER_PLACE)
		json_array_append_new(r, json_string("against: the names name different states"));
	if (pair->reasons & CO_DUP_OTHER_UNION)
		json_array_append_new(r, json_string("against: the names name different unions"));
	if (pair->reasons & CO_DUP_RETIREES)
		json_array_append_new(r, json_string("against: only one is a retirees' group"));
	if (pair->reasons & CO_DUP_OTHER_KIND) {
		snprintf(text, sizeof(text), "against: different kinds (%s, %s)", a->kind, b->kind);
		json_array_append_new(r, json_string(text));
	}
	if (pair->reasons & CO_DUP_OTHER_TOWN)
		json_array_append_new(r, json_string("against: towns of the same name in different "
		                                     "states"));
	if (pair->reasons & CO_DUP_OTHER_STATE) {
		snprintf(text, sizeof(text), "against: different states (%s, %s)", a->state, b->state);
		json_array_append_new(r, json_string(text));
	}
	return r;
}

json_t *co_duplicates_to_json(const co_duplicates *dups, const co_network *net)
{
	json_t *pairs = json_array();

	for (size_t k = 0; pairs && k < dups->n; k++) {
		const co_duplicate *p = &dups->pairs[k];
		json_t *reasons = co_duplicate_reasons(p, net);
		json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:f, s:o*}",
			"a", net->orgs[p->a].key, "a_name", net->orgs[p->a].name,
			"b", net->orgs[p->b].key, "b_name", net->orgs[p->b].name,
			"score", p->score, "reasons", reasons);
		if (!row || json_array_append_new(pairs, row) != 0) {
			json_decref(pairs);
			return NULL;
		}
	}
	return pairs ? json_pack("{s:o}", "pairs", pairs) : NULL;
}

json_t *co_duplicates_to_rows(const co_duplicates *dups, const co_network *net)
{
	json_t *rows = json_array();

	for (size_t k = 0; rows && k < dups->n; k++) {
		const co_duplicate *p = &dups->pairs[k];
		json_t *reasons = co_duplicate_reasons(p, net), *row;
		GString *joined = g_string_new(NULL);
		size_t i;
		json_t *r;

		json_array_foreach(reasons, i, r) {
			if (i)
				g_string_append(joined, "; ");
			g_string_append(joined, json_string_value(r));
		}
		row = json_pack("{s:s, s:s, s:s, s:s, s:f, s:s}",
			"a", net->orgs[p->a].key, "a_name", net->orgs[p->a].name,
			"b", net->orgs[p->b].key, "b_name", net->orgs[p->b].name,
			"score", p->score, "reasons", joined->str);
		g_string_free(joined, TRUE);
		json_decref(reasons);
		if (!row || json_array_append_new(rows, row) != 0) {
			json_decref(rows);
			return NULL;
		}
	}
	return rows;
}
