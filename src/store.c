/*
 * store.c - opens, creates and migrates the SQLite store.
 *
 * The schema is a list of migrations: migration i takes a store from
 * user_version i to i+1.  A new store runs them all; an older store runs the
 * ones it lacks, in one transaction, so a failed migration leaves it as it
 * was.  A store whose user_version is newer than CO_STORE_SCHEMA_VERSION was
 * written by a newer coalition and is refused rather than misread.
 *
 * Every connection turns foreign keys on (SQLite leaves them off by default),
 * uses WAL so that readers see a consistent snapshot while a writer works,
 * and waits CO_STORE_BUSY_TIMEOUT_MS for another writer's lock.
 */
#include "coalition/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'COAL' in ASCII: marks the file as a coalition store (PRAGMA application_id). */
#define CO_STORE_APPLICATION_ID 0x434f414c

struct co_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *metric_insert; /* cached by co_store_metric_put() */
	sqlite3_stmt *metric_batch;  /* cached by co_store_metric_put_many() */
	int checks_suspended;        /* co_store_begin_bulk() turned foreign keys off */
	int revision_suspended;      /* ... and took the revision triggers away */
};

/* Version 0 -> 1: the tables of DESIGN.md section 3. */
static const char migration_1[] =
	"CREATE TABLE orgs("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE CHECK(length(key) > 0),"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK(kind IN ('chapter','national','ngo','union',"
	"    'community','coalition','funder','other')),"
	"  parent_id INTEGER REFERENCES orgs(id) ON DELETE SET NULL,"
	"  state TEXT NOT NULL DEFAULT '',"
	"  city TEXT NOT NULL DEFAULT '',"
	"  lat REAL CHECK(lat IS NULL OR (lat BETWEEN -90 AND 90)),"
	"  lon REAL CHECK(lon IS NULL OR (lon BETWEEN -180 AND 180)),"
	"  founded TEXT,"
	"  issues TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX orgs_parent ON orgs(parent_id);"
	"CREATE TABLE aliases("
	"  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  alias TEXT NOT NULL UNIQUE);"
	"CREATE INDEX aliases_org ON aliases(org_id);"
	"CREATE TABLE ties("
	"  id INTEGER PRIMARY KEY,"
	"  source_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  target_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  sign INTEGER NOT NULL DEFAULT 1 CHECK(sign IN (1, -1)),"
	"  weight REAL NOT NULL DEFAULT 1 CHECK(weight > 0),"
	"  start TEXT,"
	"  end TEXT,"
	"  directed INTEGER NOT NULL DEFAULT 0 CHECK(directed IN (0, 1)),"
	"  note TEXT NOT NULL DEFAULT '',"
	"  CHECK(source_id <> target_id));"
	"CREATE UNIQUE INDEX ties_identity ON ties(source_id, target_id, kind, ifnull(start, ''));"
	"CREATE INDEX ties_target ON ties(target_id);"
	"CREATE TABLE events("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE CHECK(length(key) > 0),"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  date TEXT,"
	"  state TEXT NOT NULL DEFAULT '',"
	"  city TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE participation("
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY(event_id, org_id));"
	"CREATE INDEX participation_org ON participation(org_id);"
	"CREATE TABLE sources("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE CHECK(length(key) > 0),"
	"  citation TEXT NOT NULL,"
	"  url TEXT NOT NULL DEFAULT '',"
	"  published TEXT);"
	"CREATE TABLE tie_sources("
	"  tie_id INTEGER NOT NULL REFERENCES ties(id) ON DELETE CASCADE,"
	"  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
	"  PRIMARY KEY(tie_id, source_id));"
	"CREATE INDEX tie_sources_source ON tie_sources(source_id);"
	"CREATE TABLE runs("
	"  id INTEGER PRIMARY KEY,"
	"  command TEXT NOT NULL,"
	"  params TEXT NOT NULL DEFAULT '{}',"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
	"CREATE TABLE metrics("
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  value REAL,"
	"  PRIMARY KEY(run_id, org_id, name));"
	"CREATE INDEX metrics_org ON metrics(org_id, name);";

/* Version 1 -> 2: private ties and sources, and the SQL views analysts
 * query (v_ties: ties with both orgs named; v_metrics: each org's latest
 * value of each metric). */
static const char migration_2[] =
	"ALTER TABLE ties ADD COLUMN private INTEGER NOT NULL DEFAULT 0"
	"  CHECK(private IN (0, 1));"
	"ALTER TABLE sources ADD COLUMN private INTEGER NOT NULL DEFAULT 0"
	"  CHECK(private IN (0, 1));"
	"CREATE VIEW v_ties AS"
	"  SELECT t.id AS id, s.key AS source, s.name AS source_name, s.kind AS source_kind,"
	"         d.key AS target, d.name AS target_name, d.kind AS target_kind,"
	"         t.kind AS kind, t.sign AS sign, t.weight AS weight, t.start AS start,"
	"         t.end AS end, t.directed AS directed, t.note AS note, t.private AS private,"
	"         (SELECT count(*) FROM tie_sources ts WHERE ts.tie_id = t.id) AS n_sources"
	"  FROM ties t JOIN orgs s ON s.id = t.source_id JOIN orgs d ON d.id = t.target_id;"
	"CREATE VIEW v_metrics AS"
	"  SELECT o.key AS key, o.name AS org_name, o.kind AS kind, m.name AS name,"
	"         m.value AS value, r.id AS run_id, r.command AS command, r.created AS created"
	"  FROM metrics m JOIN runs r ON r.id = m.run_id JOIN orgs o ON o.id = m.org_id"
	"  WHERE m.run_id = (SELECT max(m2.run_id) FROM metrics m2"
	"                    WHERE m2.org_id = m.org_id AND m2.name = m.name);";

/* Version 2 -> 3: a run knows its view (runs.view, the view's options as
 * JSON; copied from params.view for older runs), and v_metrics shows it: the
 * latest value of each metric of each org per view, so that a run on another
 * view (say --tie-kinds grant) does not replace the values of the whole one. */
static const char migration_3[] =
	"ALTER TABLE runs ADD COLUMN view TEXT NOT NULL DEFAULT '{}';"
	"UPDATE runs SET view = json_extract(params, '$.view')"
	"  WHERE json_valid(params) AND json_type(params, '$.view') = 'object';"
	"DROP VIEW v_metrics;"
	"CREATE VIEW v_metrics AS"
	"  SELECT o.key AS key, o.name AS org_name, o.kind AS kind, m.name AS name,"
	"         m.value AS value, r.id AS run_id, r.command AS command, r.created AS created,"
	"         r.view AS view"
	"  FROM metrics m JOIN runs r ON r.id = m.run_id JOIN orgs o ON o.id = m.org_id"
	"  WHERE m.run_id = (SELECT max(m2.run_id) FROM metrics m2 JOIN runs r2 ON r2.id = m2.run_id"
	"                    WHERE m2.org_id = m.org_id AND m2.name = m.name"
	"                      AND r2.view = r.view);";

/* Version 3 -> 4: outcomes over time for `panel` and `outcomes`: an org's
 * ending (`ended`, beside `founded`), and observations, one value of a
 * metric (members, volunteers, events hosted...) of an org on a date, with
 * an optional source.  An org's observations go with it. */
static const char migration_4[] =
	"ALTER TABLE orgs ADD COLUMN ended TEXT;"
	"CREATE TABLE observations("
	"  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  date TEXT NOT NULL,"
	"  metric TEXT NOT NULL CHECK(length(metric) > 0),"
	"  value REAL NOT NULL,"
	"  source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY(org_id, metric, date));"
	"CREATE INDEX observations_metric ON observations(metric, date);";

/* Version 4 -> 5 (issue 14): vocabularies, places and attributes.
 * org_kinds and tie_kinds are tables (pre-filled per DESIGN.md section 3;
 * an import adds the kinds its files use); orgs is rebuilt, since SQLite
 * cannot drop a CHECK or add a foreign key to a table: kind now refers to
 * org_kinds, and country and placed are new.  This is SQLite's
 * twelve-step procedure (lang_altertable.html, "Making Other Kinds Of Table
 * Schema Changes"): migrate() runs it with foreign keys off, and checks
 * them before committing; the views that name orgs are dropped first
 * (RENAME re-parses them) and made again.  Attributes keep the columns of
 * the import files that the schema does not name; triggers forget them with
 * their owner. */
static const char migration_5_kinds[] =
	"CREATE TABLE org_kinds("
	"  name TEXT PRIMARY KEY CHECK(length(name) > 0),"
	"  description TEXT NOT NULL DEFAULT '');"
	"INSERT INTO org_kinds(name, description) VALUES"
	"  ('chapter', 'a local chapter or group of a national organization'),"
	"  ('national', 'a national organization or its national staff'),"
	"  ('ngo', 'a non-governmental organization'),"
	"  ('union', 'a labor union: an international, a council or a local'),"
	"  ('community', 'a community group'),"
	"  ('coalition', 'a coalition of organizations'),"
	"  ('funder', 'a foundation or other funder'),"
	"  ('other', 'anything else');"
	"CREATE TABLE tie_kinds("
	"  name TEXT PRIMARY KEY CHECK(length(name) > 0),"
	"  description TEXT NOT NULL DEFAULT '',"
	"  sign INTEGER NOT NULL DEFAULT 1 CHECK(sign IN (1, -1)),"
	"  directed INTEGER NOT NULL DEFAULT 0 CHECK(directed IN (0, 1)));"
	"INSERT INTO tie_kinds(name, description, sign, directed) VALUES"
	"  ('partnership', 'working together', 1, 0),"
	"  ('campaign', 'a shared campaign', 1, 0),"
	"  ('training', 'one trains the other (source trains target)', 1, 1),"
	"  ('resource_sharing', 'sharing lists, tools, space or staff', 1, 0),"
	"  ('day_of_action', 'a shared day of action', 1, 0),"
	"  ('electoral', 'electoral work together', 1, 0),"
	"  ('endorsement', 'the source endorses the target', 1, 1),"
	"  ('coalition', 'members of the same coalition', 1, 0),"
	"  ('funding', 'the source funds the target', 1, 1),"
	"  ('affiliation', 'formally affiliated organizations', 1, 0),"
	"  ('federation', 'the source is a part of the target (local to national)', 1, 1),"
	"  ('friction', 'conflict or tension: always negative', -1, 0);"
	"INSERT OR IGNORE INTO tie_kinds(name) SELECT DISTINCT kind FROM ties;";
static const char migration_5_orgs[] =
	"CREATE TABLE orgs_new("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE CHECK(length(key) > 0),"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL REFERENCES org_kinds(name) ON UPDATE CASCADE,"
	"  parent_id INTEGER REFERENCES orgs(id) ON DELETE SET NULL,"
	"  country TEXT NOT NULL DEFAULT 'US' CHECK(length(country) = 2),"
	"  state TEXT NOT NULL DEFAULT '',"
	"  city TEXT NOT NULL DEFAULT '',"
	"  lat REAL CHECK(lat IS NULL OR (lat BETWEEN -90 AND 90)),"
	"  lon REAL CHECK(lon IS NULL OR (lon BETWEEN -180 AND 180)),"
	"  placed TEXT NOT NULL DEFAULT 'none' CHECK(placed IN ('file', 'city', 'state', 'none')),"
	"  founded TEXT,"
	"  ended TEXT,"
	"  issues TEXT NOT NULL DEFAULT '');"
	"INSERT INTO orgs_new(id, key, name, kind, parent_id, country, state, city, lat, lon,"
	"                     placed, founded, ended, issues)"
	"  SELECT id, key, name, kind, parent_id, 'US', state, city, lat, lon,"
	"         CASE WHEN lat IS NOT NULL AND lon IS NOT NULL THEN 'file' ELSE 'none' END,"
	"         founded, ended, issues FROM orgs;"
	"DROP VIEW v_ties;"
	"DROP VIEW v_metrics;"
	"DROP TABLE orgs;"
	"ALTER TABLE orgs_new RENAME TO orgs;"
	"CREATE INDEX orgs_parent ON orgs(parent_id);"
	"CREATE VIEW v_ties AS"
	"  SELECT t.id AS id, s.key AS source, s.name AS source_name, s.kind AS source_kind,"
	"         d.key AS target, d.name AS target_name, d.kind AS target_kind,"
	"         t.kind AS kind, t.sign AS sign, t.weight AS weight, t.start AS start,"
	"         t.end AS end, t.directed AS directed, t.note AS note, t.private AS private,"
	"         (SELECT count(*) FROM tie_sources ts WHERE ts.tie_id = t.id) AS n_sources"
	"  FROM ties t JOIN orgs s ON s.id = t.source_id JOIN orgs d ON d.id = t.target_id;"
	"CREATE VIEW v_metrics AS"
	"  SELECT o.key AS key, o.name AS org_name, o.kind AS kind, m.name AS name,"
	"         m.value AS value, r.id AS run_id, r.command AS command, r.created AS created,"
	"         r.view AS view"
	"  FROM metrics m JOIN runs r ON r.id = m.run_id JOIN orgs o ON o.id = m.org_id"
	"  WHERE m.run_id = (SELECT max(m2.run_id) FROM metrics m2 JOIN runs r2 ON r2.id = m2.run_id"
	"                    WHERE m2.org_id = m.org_id AND m2.name = m.name"
	"                      AND r2.view = r.view);";
static const char migration_5_attributes[] =
	"ALTER TABLE events ADD COLUMN country TEXT NOT NULL DEFAULT 'US'"
	"  CHECK(length(country) = 2);"
	"CREATE TABLE attributes("
	"  owner TEXT NOT NULL CHECK(owner IN ('org', 'tie', 'event', 'source')),"
	"  owner_id INTEGER NOT NULL,"
	"  name TEXT NOT NULL CHECK(length(name) > 0),"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY(owner, owner_id, name));"
	"CREATE TRIGGER orgs_attributes AFTER DELETE ON orgs BEGIN"
	"  DELETE FROM attributes WHERE owner = 'org' AND owner_id = old.id; END;"
	"CREATE TRIGGER ties_attributes AFTER DELETE ON ties BEGIN"
	"  DELETE FROM attributes WHERE owner = 'tie' AND owner_id = old.id; END;"
	"CREATE TRIGGER events_attributes AFTER DELETE ON events BEGIN"
	"  DELETE FROM attributes WHERE owner = 'event' AND owner_id = old.id; END;"
	"CREATE TRIGGER sources_attributes AFTER DELETE ON sources BEGIN"
	"  DELETE FROM attributes WHERE owner = 'source' AND owner_id = old.id; END;";

/* Each migration is a NULL-terminated list of SQL texts (C99 compilers need
 * to accept string literals of only 4095 bytes). */
/* Version 5 -> 6 (issue 15): the change log (DESIGN.md section 3), which
 * makes merges, deletes and import --replace undoable: one `changes` row per
 * change, and every row it touched, value by value, in change_rows and
 * change_values (a value column without type affinity keeps each value's
 * type and bytes).  `merges` shows the merge rows. */
static const char migration_6[] =
	"CREATE TABLE changes("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK(kind IN ('merge', 'delete', 'replace')),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  summary TEXT NOT NULL DEFAULT '',"
	"  detail TEXT NOT NULL DEFAULT '{}');"
	"CREATE TABLE change_rows("
	"  change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  tbl TEXT NOT NULL,"
	"  row_id INTEGER NOT NULL,"
	"  op TEXT NOT NULL CHECK(op IN ('delete', 'update', 'insert')),"
	"  PRIMARY KEY(change_id, seq));"
	"CREATE INDEX change_rows_row ON change_rows(tbl, row_id);"
	"CREATE TABLE change_values("
	"  change_id INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  after INTEGER NOT NULL CHECK(after IN (0, 1)),"
	"  col TEXT NOT NULL,"
	"  value,"
	"  PRIMARY KEY(change_id, seq, after, col),"
	"  FOREIGN KEY(change_id, seq) REFERENCES change_rows(change_id, seq) ON DELETE CASCADE);"
	"CREATE VIEW merges AS"
	"  SELECT id AS change, created, summary, detail FROM changes WHERE kind = 'merge';";

/* Version 6 -> 7: days of action (DESIGN.md section 3).  Events gain the
 * campaign they belong to (events sharing one are a national day), where
 * they were (lat/lon and how they were placed, as orgs; country came with
 * version 5), their crowd estimates and their sources.  participation.role becomes a checked
 * vocabulary; roles were free text before and no command read them, so the
 * old values are mapped: organizer/organiser/host/leader -> lead, co-organizer
 * and co-host spellings -> co-lead, sponsor -> partner, supporter and
 * endorsement -> endorser, anything else (mostly '') -> participant. */
static const char migration_7[] =
	"ALTER TABLE events ADD COLUMN campaign TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE events ADD COLUMN lat REAL CHECK(lat IS NULL OR (lat BETWEEN -90 AND 90));"
	"ALTER TABLE events ADD COLUMN lon REAL CHECK(lon IS NULL OR (lon BETWEEN -180 AND 180));"
	"ALTER TABLE events ADD COLUMN placed TEXT NOT NULL DEFAULT 'none'"
	"  CHECK(placed IN ('file', 'city', 'state', 'none'));"
	"ALTER TABLE events ADD COLUMN turnout_low REAL"
	"  CHECK(turnout_low IS NULL OR turnout_low >= 0);"
	"ALTER TABLE events ADD COLUMN turnout_high REAL"
	"  CHECK(turnout_high IS NULL OR (turnout_high >= 0 AND"
	"        (turnout_low IS NULL OR turnout_high >= turnout_low)));"
	"CREATE INDEX events_campaign ON events(campaign);"
	"CREATE TABLE event_sources("
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
	"  PRIMARY KEY(event_id, source_id));"
	"CREATE INDEX event_sources_source ON event_sources(source_id);"
	"CREATE TABLE participation_roles("
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL DEFAULT 'participant'"
	"    CHECK(role IN ('lead', 'co-lead', 'partner', 'participant', 'endorser')),"
	"  PRIMARY KEY(event_id, org_id));"
	"INSERT INTO participation_roles(event_id, org_id, role)"
	"  SELECT event_id, org_id, CASE"
	"    WHEN lower(trim(role)) IN ('lead', 'leader', 'organizer', 'organiser', 'host')"
	"      THEN 'lead'"
	"    WHEN lower(trim(role)) IN ('co-lead', 'colead', 'co_lead', 'co-organizer',"
	"      'co-organiser', 'coorganizer', 'co-host', 'cohost') THEN 'co-lead'"
	"    WHEN lower(trim(role)) IN ('partner', 'sponsor') THEN 'partner'"
	"    WHEN lower(trim(role)) IN ('endorser', 'endorsement', 'supporter') THEN 'endorser'"
	"    ELSE 'participant' END"
	"  FROM participation;"
	"DROP TABLE participation;"
	"ALTER TABLE participation_roles RENAME TO participation;"
	"CREATE INDEX participation_org ON participation(org_id);";

/* Version 7 -> 8 (issue 15): a tie's stable key, the `id` column of
 * ties.csv (DESIGN.md sections 3 and 4).  A row with an id is matched by it,
 * so a corrected start or kind changes the tie instead of adding one; ties
 * without one stay identified by source, target, kind and start.  Unique
 * when present; the index is partial, so that the ties without one (most)
 * cost no index entry (a lookup `key = ?` implies `key IS NOT NULL` and uses
 * it).  v_ties shows it. */
static const char migration_8[] =
	"ALTER TABLE ties ADD COLUMN key TEXT CHECK(key IS NULL OR length(key) > 0);"
	"CREATE UNIQUE INDEX ties_key ON ties(key) WHERE key IS NOT NULL;"
	"DROP VIEW v_ties;"
	"CREATE VIEW v_ties AS"
	"  SELECT t.id AS id, t.key AS key, s.key AS source, s.name AS source_name,"
	"         s.kind AS source_kind, d.key AS target, d.name AS target_name,"
	"         d.kind AS target_kind, t.kind AS kind, t.sign AS sign, t.weight AS weight,"
	"         t.start AS start, t.end AS end, t.directed AS directed, t.note AS note,"
	"         t.private AS private,"
	"         (SELECT count(*) FROM tie_sources ts WHERE ts.tie_id = t.id) AS n_sources"
	"  FROM ties t JOIN orgs s ON s.id = t.source_id JOIN orgs d ON d.id = t.target_id;";

/* Version 8 -> 9 (issue 23): what a snapshot of the whole store's view is
 * checked against (view_snapshot.c, co_store_view_revision()).  Every row
 * changed or deleted in a table that view reads (orgs, ties, tie_sources),
 * by coalition or by any other program, counts `n` up and draws a new
 * `nonce`; a row inserted changes the table's count(*).  The nonce tells
 * apart two histories that reach the same count (a store put back from a
 * backup and changed again).  Inserts are not counted by triggers: a trigger
 * makes SQLite keep a statement journal for every INSERT, which made an
 * import of 105k ties 28% more instructions (6.46G -> 8.25G); counting the
 * rows costs a command 0.13 s at 1.1M ties instead.  SQLite's own counters
 * do not do this: PRAGMA data_version is per connection, and the file
 * change counter is not bumped in WAL mode. */
#define REVISION_TRIGGERS(t) \
	"CREATE TRIGGER IF NOT EXISTS " t "_revision_update AFTER UPDATE ON " t " BEGIN" \
	"  UPDATE view_revision SET n = n + 1, nonce = random() WHERE id = 1; END;" \
	"CREATE TRIGGER IF NOT EXISTS " t "_revision_delete AFTER DELETE ON " t " BEGIN" \
	"  UPDATE view_revision SET n = n + 1, nonce = random() WHERE id = 1; END;"
#define ALL_REVISION_TRIGGERS \
	REVISION_TRIGGERS("orgs") REVISION_TRIGGERS("ties") REVISION_TRIGGERS("tie_sources")

/* co_store_begin_bulk() takes the row triggers away for its transaction and
 * counts the revision up once instead; co_store_commit() puts them back
 * (ALL_REVISION_TRIGGERS: IF NOT EXISTS, which SQLite leaves out of the
 * schema text it keeps, so a migrated store's text is the same) before
 * COMMIT, so that no other connection ever sees the store without them (a
 * rollback restores them too).  Measured on the import of 105k ties (synth
 * --chapters 20000, orgs.csv + ties.csv): the update trigger on ties made
 * every tie's upsert keep a statement journal, 4.83G instructions against
 * 4.40G without the triggers (callgrind). */
#define REVISION_TRIGGERS_DROP(t) \
	"DROP TRIGGER IF EXISTS " t "_revision_update;" \
	"DROP TRIGGER IF EXISTS " t "_revision_delete;"

static const char revision_suspend[] =
	"UPDATE view_revision SET n = n + 1, nonce = random() WHERE id = 1;"
	REVISION_TRIGGERS_DROP("orgs") REVISION_TRIGGERS_DROP("ties")
	REVISION_TRIGGERS_DROP("tie_sources");
static const char revision_restore[] = ALL_REVISION_TRIGGERS;

static const char migration_9[] =
	"CREATE TABLE view_revision("
	"  id INTEGER PRIMARY KEY CHECK(id = 1),"
	"  n INTEGER NOT NULL,"
	"  nonce INTEGER NOT NULL);"
	"INSERT INTO view_revision(id, n, nonce) VALUES(1, 0, random());"
	ALL_REVISION_TRIGGERS;

/* Version 9 -> 10 (issue 23): a CHECK(x IN (three or more values)) makes
 * SQLite build a temporary index of the values each time a statement that
 * writes the column runs, that is once per org, attribute, event,
 * participation or change row written (two values or fewer are compared one
 * by one).  The same checks written as x = 'a' OR x = 'b' ... build nothing:
 * the import of 105k ties (synth --chapters 20000, orgs.csv + ties.csv) went
 * from 4.09G to 3.33G instructions, and that of the ecosystem's 111k ties,
 * whose year column is kept as an attribute of every tie, from 8.56G to
 * 4.36G (callgrind).  SQLite cannot alter a CHECK; for a change that every
 * stored row still satisfies its documented way is to rewrite the schema
 * text (sqlite.org/lang_altertable.html, "making other kinds of table schema
 * changes"), then count the schema version up (schema_version_up()) so that
 * every connection, this one too, reads the new text.  The replaced texts are
 * those migrations 5 to 7 wrote, as every store at version 9 has them. */
#define CHECK_AS_OR(table, from, to) \
	"UPDATE sqlite_master SET sql = replace(sql, '" from "', '" to "')" \
	"  WHERE type = 'table' AND name = '" table "';"
#define PLACED_IN "placed IN (''file'', ''city'', ''state'', ''none'')"
#define PLACED_OR \
	"placed = ''file'' OR placed = ''city'' OR placed = ''state'' OR placed = ''none''"

static const char migration_10[] =
	"PRAGMA writable_schema = ON;"
	CHECK_AS_OR("orgs", PLACED_IN, PLACED_OR)
	CHECK_AS_OR("events", PLACED_IN, PLACED_OR)
	CHECK_AS_OR("attributes",
		"owner IN (''org'', ''tie'', ''event'', ''source'')",
		"owner = ''org'' OR owner = ''tie'' OR owner = ''event'' OR owner = ''source''")
	CHECK_AS_OR("participation",
		"role IN (''lead'', ''co-lead'', ''partner'', ''participant'', ''endorser'')",
		"role = ''lead'' OR role = ''co-lead'' OR role = ''partner''"
		" OR role = ''participant'' OR role = ''endorser''")
	CHECK_AS_OR("changes",
		"kind IN (''merge'', ''delete'', ''replace'')",
		"kind = ''merge'' OR kind = ''delete'' OR kind = ''replace''")
	CHECK_AS_OR("change_rows",
		"op IN (''delete'', ''update'', ''insert'')",
		"op = ''delete'' OR op = ''update'' OR op = ''insert''")
	"PRAGMA writable_schema = OFF;";

static const char *const migration_1_parts[] = {migration_1, NULL};
static const char *const migration_2_parts[] = {migration_2, NULL};
static const char *const migration_3_parts[] = {migration_3, NULL};
static const char *const migration_4_parts[] = {migration_4, NULL};
static const char *const migration_5_parts[] = {
	migration_5_kinds, migration_5_orgs, migration_5_attributes, NULL,
};
static const char *const migration_6_parts[] = {migration_6, NULL};
static const char *const migration_7_parts[] = {migration_7, NULL};
static const char *const migration_8_parts[] = {migration_8, NULL};
static const char *const migration_9_parts[] = {migration_9, NULL};
static const char *const migration_10_parts[] = {migration_10, NULL};

static const char *const *const migrations[CO_STORE_SCHEMA_VERSION] = {
	migration_1_parts,
	migration_2_parts,
	migration_3_parts,
	migration_4_parts,
	migration_5_parts,
	migration_6_parts,
	migration_7_parts,
	migration_8_parts,
	migration_9_parts,
	migration_10_parts,
};

/* For a failed read or write, what the system said, which SQLite's "disk
 * I/O error" leaves out; "" otherwise.  SQLite often no longer knows errno
 * after a failed write (a full disk, a file size limit): then say what a
 * failed write usually means. */
static void system_detail(char *buf, size_t size, sqlite3 *db)
{
	int ext = sqlite3_extended_errcode(db), code = ext & 0xff;
	int err = sqlite3_system_errno(db);

	buf[0] = '\0';
	if ((code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) && err)
		snprintf(buf, size, " (%s)", strerror(err));
	else if (ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC || code == SQLITE_FULL)
		snprintf(buf, size, " (writing failed: is the disk full, or the file over a size "
		         "limit?)");
}

co_status co_store_error(co_store *store, const char *what)
{
	char detail[160];

	system_detail(detail, sizeof(detail), store->db);
	return co_error_set(CO_EDB, "%s: %s%s", what, sqlite3_errmsg(store->db), detail);
}

co_status co_store_exec(co_store *store, const char *sql)
{
	char *message = NULL;
	co_status status = CO_OK;

	if (sqlite3_exec(store->db, sql, NULL, NULL, &message) != SQLITE_OK) {
		char detail[160];
		system_detail(detail, sizeof(detail), store->db);
		status = co_error_set(CO_EDB, "%s: %s%s", store->path,
		                      message ? message : sqlite3_errmsg(store->db), detail);
		sqlite3_free(message);
	}
	return status;
}

static co_status read_pragma_int(int *out, co_store *store, const char *pragma)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;

	if (sqlite3_prepare_v2(store->db, pragma, -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		int code = sqlite3_errcode(store->db) & 0xff;
		char detail[160];
		/* A WAL store must create its -shm file next to it, even to read. */
		if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
			status = co_error_set(CO_EIO, "cannot read the store %s: %s (is its folder "
			                      "read-only? SQLite needs to create %s-shm next to it)",
			                      store->path, sqlite3_errmsg(store->db), store->path);
		else if (code != SQLITE_NOTADB && code != SQLITE_CORRUPT) {
			system_detail(detail, sizeof(detail), store->db);
			status = co_error_set(CO_EDB, "cannot read the store %s: %s%s", store->path,
			                      sqlite3_errmsg(store->db), detail);
		} else
			status = co_error_set(CO_EDB, "%s is not a coalition store: %s",
			                      store->path, sqlite3_errmsg(store->db));
		goto done;
	}
	*out = sqlite3_column_int(stmt, 0);
done:
	sqlite3_finalize(stmt);
	return status;
}

static co_status count_tables(int *out, co_store *store)
{
	return read_pragma_int(out, store,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table'");
}

/* After a migration: every reference still points at a row. */
static co_status check_foreign_keys(co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	int rc;

	if (sqlite3_prepare_v2(store->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot check the migrated store");
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		status = co_error_set(CO_EDB, "cannot migrate %s: table %s row %lld refers to a "
		                      "missing row of %s", store->path,
		                      (const char *)sqlite3_column_text(stmt, 0),
		                      (long long)sqlite3_column_int64(stmt, 1),
		                      (const char *)sqlite3_column_text(stmt, 2));
	else if (rc != SQLITE_DONE)
		status = co_store_error(store, "cannot check the migrated store");
	sqlite3_finalize(stmt);
	return status;
}

/* Counts the schema version (SQLite's schema cookie, not user_version) one
 * up: every connection, this one included, then reads the schema text again,
 * which migration 10 rewrote. */
static co_status schema_version_up(co_store *store)
{
	char pragma[64];
	int version = 0;
	co_status status;

	if ((status = read_pragma_int(&version, store, "PRAGMA schema_version")) != CO_OK)
		return status;
	snprintf(pragma, sizeof(pragma), "PRAGMA schema_version = %d", version + 1);
	return co_store_exec(store, pragma);
}

/* Runs the migrations from `from` to the current version in one transaction. */
static co_status migrate(co_store *store, int from)
{
	char pragma[64];
	co_status status;

	/* Foreign keys off (outside the transaction, where the pragma works):
	 * a migration may rebuild a table that others refer to. */
	if ((status = co_store_begin_bulk(store)) != CO_OK)
		return status;
	for (int v = from; v < CO_STORE_SCHEMA_VERSION; v++)
		for (const char *const *part = migrations[v]; *part; part++)
			if ((status = co_store_exec(store, *part)) != CO_OK)
				goto done;
	if ((status = schema_version_up(store)) != CO_OK ||
	    (status = check_foreign_keys(store)) != CO_OK)
		goto done;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", CO_STORE_SCHEMA_VERSION);
	if ((status = co_store_exec(store, pragma)) != CO_OK)
		goto done;
	snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", CO_STORE_APPLICATION_ID);
	if ((status = co_store_exec(store, pragma)) != CO_OK)
		goto done;
	status = co_store_commit(store);
done:
	if (status != CO_OK)
		co_store_rollback(store);
	return status;
}

/* The oldest schema a read-only connection reads as it is: the migrations
 * since then added only what writers keep up (9: the view's revision, without
 * which a reader builds its view from the rows and keeps no snapshot; 10:
 * the same checks, written to cost less). */
#define STORE_READABLE_VERSION 8

/* Checks the schema version and brings an older store up to date. */
static co_status check_schema(co_store *store, co_store_mode mode)
{
	int version = 0, application_id = 0, tables = 0;
	co_status status;

	if ((status = read_pragma_int(&version, store, "PRAGMA user_version")) != CO_OK ||
	    (status = read_pragma_int(&application_id, store, "PRAGMA application_id")) != CO_OK ||
	    (status = count_tables(&tables, store)) != CO_OK)
		return status;
	if (version > CO_STORE_SCHEMA_VERSION)
		return co_error_set(CO_EDB,
			"%s has schema version %d, newer than this coalition understands (%d); "
			"use a newer coalition", store->path, version, CO_STORE_SCHEMA_VERSION);
	if (version == 0 && tables > 0)
		return co_error_set(CO_EDB, "%s is an SQLite file but not a coalition store",
		                    store->path);
	if (version > 0 && application_id != CO_STORE_APPLICATION_ID)
		return co_error_set(CO_EDB, "%s is not a coalition store", store->path);
	if (version == CO_STORE_SCHEMA_VERSION)
		return CO_OK;
	if (mode == CO_STORE_READONLY && version >= STORE_READABLE_VERSION)
		return CO_OK;
	if (mode == CO_STORE_READONLY)
		return co_error_set(CO_EDB,
			"%s has schema version %d and must be migrated; open it read-write once",
			store->path, version);
	return migrate(store, version);
}

/* Creates an empty file readable and writable by its owner only, so that
 * coalition data (who works with whom, who fights whom) is not shared by
 * accident.  SQLite gives the -wal and -shm files the same permissions. */
static co_status create_private_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return CO_OK;
		return co_error_set(CO_EIO, "cannot create %s: %s", path, strerror(errno));
	}
	close(fd);
	return CO_OK;
}

/* Opens a store whose name starts with "file:" as "./file:...". */
static co_status open_as_file_name(co_store *store, int flags)
{
	size_t n = strlen(store->path) + 3;
	char *name = malloc(n);
	int rc;

	if (!name)
		return co_error_set(CO_ENOMEM, "out of memory opening %s", store->path);
	snprintf(name, n, "./%s", store->path);
	rc = sqlite3_open_v2(name, &store->db, flags, NULL);
	free(name);
	if (rc != SQLITE_OK)
		return co_error_set(CO_EDB, "cannot open store %s: %s", store->path,
		                    store->db ? sqlite3_errmsg(store->db) : "out of memory");
	return CO_OK;
}

static co_status connect(co_store *store, co_store_mode mode)
{
	struct stat st;
	/* NOMUTEX: a store belongs to one thread at a time (store.h), so
	 * SQLite need not lock the connection at every call: 7% of building a
	 * view at a million ties went to those locks. */
	int flags = (mode == CO_STORE_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	            SQLITE_OPEN_NOMUTEX;
	co_status status;

	if (strcmp(store->path, ":memory:") == 0) {
		/* An in-memory store, for tests: nothing to create on disk. */
	} else if (stat(store->path, &st) != 0) {
		if (mode != CO_STORE_CREATE)
			return co_error_set(CO_ENOTFOUND,
				"no store at %s (create one with 'coalition init')", store->path);
		if ((status = create_private_file(store->path)) != CO_OK)
			return status;
	} else if (S_ISDIR(st.st_mode)) {
		return co_error_set(CO_EIO, "cannot open store %s: it is a directory", store->path);
	}
	/* Debian's SQLite reads a name starting with "file:" as a URI
	 * (SQLITE_USE_URI), whose parameters (mode=, vfs=, a different file)
	 * would override ours: such a name is a file in the current folder. */
	if (strncmp(store->path, "file:", 5) == 0 &&
	    (status = open_as_file_name(store, flags)) != CO_OK)
		return status;
	if (!store->db && sqlite3_open_v2(store->path, &store->db, flags, NULL) != SQLITE_OK)
		return co_error_set(CO_EDB, "cannot open store %s: %s", store->path,
		                    store->db ? sqlite3_errmsg(store->db) : "out of memory");
	return CO_OK;
}

co_status co_store_open(co_store **out, const char *path, co_store_mode mode)
{
	co_store *store;
	co_status status;

	*out = NULL;
	co_error_install_igraph_handler();
	if (!(store = calloc(1, sizeof(*store))) || !(store->path = strdup(path))) {
		free(store);
		return co_error_set(CO_ENOMEM, "out of memory opening %s", path);
	}
	if ((status = connect(store, mode)) != CO_OK)
		goto done;
	/* SQLite opens a file it may not write read-only, and says so only at the
	 * first write; a command that writes is told at once. */
	if (mode != CO_STORE_READONLY && sqlite3_db_readonly(store->db, "main") == 1) {
		status = co_error_set(CO_EIO, "cannot write to the store %s: it is read-only "
		                      "(check the permissions of the file and its folder)",
		                      store->path);
		goto done;
	}
	sqlite3_busy_timeout(store->db, CO_STORE_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(store->db, 1);
	if ((status = check_schema(store, mode)) != CO_OK)
		goto done;
	if ((status = co_store_exec(store, "PRAGMA foreign_keys = ON")) != CO_OK)
		goto done;
	if (mode != CO_STORE_READONLY &&
	    (status = co_store_exec(store, "PRAGMA journal_mode = WAL")) != CO_OK)
		goto done;
	*out = store;
done:
	if (status != CO_OK)
		co_store_close(store);
	return status;
}

void co_store_close(co_store *store)
{
	if (!store)
		return;
	sqlite3_finalize(store->metric_insert);
	sqlite3_finalize(store->metric_batch);
	sqlite3_close_v2(store->db);
	free(store->path);
	free(store);
}

sqlite3 *co_store_db(co_store *store)
{
	return store->db;
}

const char *co_store_path(const co_store *store)
{
	return store->path;
}

void co_store_set_busy_timeout(co_store *store, int milliseconds)
{
	sqlite3_busy_timeout(store->db, milliseconds);
}

co_status co_store_begin(co_store *store)
{
	if (sqlite3_exec(store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		int code = sqlite3_errcode(store->db);
		if (code == SQLITE_BUSY || (code & 0xff) == SQLITE_BUSY)
			return co_error_set(CO_EDB,
				"%s is locked by another writer (waited %d ms); try again later",
				store->path, CO_STORE_BUSY_TIMEOUT_MS);
		return co_store_error(store, store->path);
	}
	return CO_OK;
}

/* Turns foreign key checks back on once the transaction that suspended
 * them is over (the pragma is a no-op inside a transaction). */
/* Whether the store has a table of that name. */
static int has_table(co_store *store, const char *name)
{
	sqlite3_stmt *stmt = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
	                       " AND name = ?1", -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
		found = sqlite3_step(stmt) == SQLITE_ROW;
	}
	sqlite3_finalize(stmt);
	return found;
}

static void resume_checks(co_store *store)
{
	if (store->checks_suspended && sqlite3_get_autocommit(store->db)) {
		sqlite3_exec(store->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
		store->checks_suspended = 0;
	}
}

/* Foreign-key checks off, then BEGIN; with suspend_revision, the view
 * revision counted up once and its row triggers dropped (see above). */
static co_status begin_unchecked(co_store *store, int suspend_revision)
{
	co_status status;

	if ((status = co_store_exec(store, "PRAGMA foreign_keys = OFF")) != CO_OK)
		return status;
	store->checks_suspended = 1;
	if ((status = co_store_begin(store)) != CO_OK) {
		resume_checks(store);
		return status;
	}
	/* a store before schema 9 (being migrated) has no revision yet */
	if (suspend_revision && has_table(store, "view_revision")) {
		if ((status = co_store_exec(store, revision_suspend)) != CO_OK) {
			co_store_rollback(store);
			return status;
		}
		store->revision_suspended = 1;
	}
	return CO_OK;
}

co_status co_store_begin_bulk(co_store *store)
{
	return begin_unchecked(store, 1);
}

co_status co_store_begin_bulk_runs(co_store *store)
{
	return begin_unchecked(store, 0);
}

co_status co_store_commit(co_store *store)
{
	co_status status;

	if (store->revision_suspended &&
	    (status = co_store_exec(store, revision_restore)) != CO_OK)
		return status;
	if (sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return co_store_error(store, store->path);
	store->revision_suspended = 0;
	resume_checks(store);
	return CO_OK;
}

void co_store_rollback(co_store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	store->revision_suspended = 0;
	resume_checks(store);
}

static co_status count_rows(int64_t *out, co_store *store, const char *table)
{
	char sql[96];
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		status = co_store_error(store, table);
		goto done;
	}
	*out = sqlite3_column_int64(stmt, 0);
done:
	sqlite3_finalize(stmt);
	return status;
}

co_status co_store_counts_read(co_store_counts *out, co_store *store)
{
	struct { const char *table; int64_t *count; } tables[] = {
		{"orgs", &out->orgs}, {"aliases", &out->aliases}, {"ties", &out->ties},
		{"events", &out->events}, {"participation", &out->participation},
		{"sources", &out->sources}, {"tie_sources", &out->tie_sources},
		{"runs", &out->runs}, {"metrics", &out->metrics},
	};
	co_status status;

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if ((status = count_rows(tables[i].count, store, tables[i].table)) != CO_OK)
			return status;
	return CO_OK;
}

co_status co_store_run_begin(int64_t *run_id, co_store *store,
                             const char *command, const char *params, const char *view)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;

	if (sqlite3_prepare_v2(store->db,
	        "INSERT INTO runs(command, params, view) VALUES (?1, ?2, ?3)", -1, &stmt,
	        NULL) != SQLITE_OK) {
		status = co_store_error(store, "cannot record run");
		goto done;
	}
	sqlite3_bind_text(stmt, 1, command, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, params ? params : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, view ? view : "{}", -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		status = co_store_error(store, "cannot record run");
		goto done;
	}
	*run_id = sqlite3_last_insert_rowid(store->db);
done:
	sqlite3_finalize(stmt);
	return status;
}

/* A metric's value into parameter `i`: NULL for NaN (not defined for this
 * org), else the number. */
static void bind_metric_value(sqlite3_stmt *stmt, int i, double value)
{
	if (value != value)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_double(stmt, i, value);
}

co_status co_store_metric_put(co_store *store, int64_t run_id, int64_t org_id,
                              const char *name, double value)
{
	sqlite3_stmt *stmt;

	if (!store->metric_insert &&
	    sqlite3_prepare_v2(store->db,
	        "INSERT OR REPLACE INTO metrics(run_id, org_id, name, value) VALUES (?1, ?2, ?3, ?4)",
	        -1, &store->metric_insert, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot save metric");
	stmt = store->metric_insert;
	sqlite3_bind_int64(stmt, 1, run_id);
	sqlite3_bind_int64(stmt, 2, org_id);
	sqlite3_bind_text(stmt, 3, name, -1, SQLITE_TRANSIENT);
	bind_metric_value(stmt, 4, value);
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return co_store_error(store, "cannot save metric");
	return CO_OK;
}

/* Rows a statement of co_store_metric_put_many().  One INSERT a row cost
 * about 15,000 instructions a row (callgrind, centrality at 10k and 105k
 * ties: 37M for 2407 orgs, 359M for 24,043), most of it the statement's
 * own start and end (cursors opened, the statement journal); rows in
 * batches share them. */
#define METRIC_BATCH 64

/* "INSERT OR REPLACE ... VALUES (?1, ?3, ?2, ?4), (?1, ?5, ?2, ?6), ...":
 * run id ?1, name ?2, then each row's org id and value. */
static char *metric_batch_sql(void)
{
	static const char head[] = "INSERT OR REPLACE INTO metrics(run_id, org_id, name, value) VALUES ";
	size_t size = sizeof(head) + (size_t)METRIC_BATCH * 32;
	char *sql = malloc(size);
	size_t used;

	if (!sql)
		return NULL;
	used = (size_t)snprintf(sql, size, "%s", head);
	for (int i = 0; i < METRIC_BATCH; i++)
		used += (size_t)snprintf(sql + used, size - used, "%s(?1, ?%d, ?2, ?%d)", i ? ", " : "",
		                         3 + 2 * i, 4 + 2 * i);
	return sql;
}

co_status co_store_metric_put_many(co_store *store, int64_t run_id, const char *name,
                                   const int64_t *org_ids, const double *values, size_t n)
{
	size_t whole = n - n % METRIC_BATCH;
	sqlite3_stmt *stmt;
	co_status status = CO_OK;

	if (whole && !store->metric_batch) {
		char *sql = metric_batch_sql();
		int rc;

		if (!sql)
			return co_error_set(CO_ENOMEM, "out of memory saving metric %s", name);
		rc = sqlite3_prepare_v2(store->db, sql, -1, &store->metric_batch, NULL);
		free(sql);
		if (rc != SQLITE_OK)
			return co_store_error(store, "cannot save metric");
	}
	stmt = store->metric_batch;
	for (size_t at = 0; at < whole && status == CO_OK; at += METRIC_BATCH) {
		sqlite3_bind_int64(stmt, 1, run_id);
		sqlite3_bind_text(stmt, 2, name, -1, SQLITE_TRANSIENT);
		for (int i = 0; i < METRIC_BATCH; i++) {
			sqlite3_bind_int64(stmt, 3 + 2 * i, org_ids[at + (size_t)i]);
			bind_metric_value(stmt, 4 + 2 * i, values[at + (size_t)i]);
		}
		if (sqlite3_step(stmt) != SQLITE_DONE)
			status = co_store_error(store, "cannot save metric");
		sqlite3_reset(stmt);
	}
	for (size_t i = whole; i < n && status == CO_OK; i++)
		status = co_store_metric_put(store, run_id, org_ids[i], name, values[i]);
	return status;
}

co_status co_store_view_revision(co_store_revision *out, co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;

	if (sqlite3_prepare_v2(store->db, "SELECT n, nonce,"
	        " (SELECT count(*) FROM orgs), (SELECT ifnull(max(id), 0) FROM orgs),"
	        " (SELECT count(*) FROM ties), (SELECT ifnull(max(id), 0) FROM ties),"
	        " (SELECT count(*) FROM tie_sources), (SELECT ifnull(max(rowid), 0) FROM tie_sources)"
	        " FROM view_revision WHERE id = 1", -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW)
		status = co_store_error(store, "cannot read the store's revision");
	else {
		out->n = sqlite3_column_int64(stmt, 0);
		out->nonce = sqlite3_column_int64(stmt, 1);
		for (int i = 0; i < 3; i++) {
			out->rows[i] = sqlite3_column_int64(stmt, 2 + 2 * i);
			out->last[i] = sqlite3_column_int64(stmt, 3 + 2 * i);
		}
	}
	sqlite3_finalize(stmt);
	return status;
}
