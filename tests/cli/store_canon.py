#!/usr/bin/python3
"""store_canon.py STORE [TABLE...]: prints the content of a coalition store
in a form that does not depend on row ids, for comparing two stores.

Every table (or those named) but SKIP's and SQLite's own is
listed with its rows sorted; a column that refers to another row (a foreign
key, as PRAGMA foreign_key_list says) shows that row's own canonical form
instead of its id, and the id column itself is left out.  A column added to
the store is compared without changing this script.
"""
import json
import sqlite3
import sys

# Runs and metrics are results, the change log (changes, change_rows,
# change_values) is history: an export carries neither.  view_revision
# counts writes for the view's snapshot: it holds no data.
SKIP = {"runs", "metrics", "changes", "change_rows", "change_values", "view_revision"}
OWNERS = {"org": "orgs", "tie": "ties", "event": "events", "source": "sources"}


def main():
    con = sqlite3.connect(sys.argv[1])
    tables = sys.argv[2:] or [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name") if r[0] not in SKIP]
    cache = {}

    def columns(table):
        return [r[1] for r in con.execute("PRAGMA table_info(%s)" % table)]

    def foreign(table):
        # Only references to a row id need replacing; a reference to a text
        # column (orgs.kind -> org_kinds.name) already names its row.
        return {r[3]: r[2] for r in con.execute("PRAGMA foreign_key_list(%s)" % table)
                if r[4] in (None, "id")}

    def canon(table, rowid):
        if rowid is None:
            return None
        key = (table, rowid)
        if key not in cache:
            cache[key] = None  # a cycle shows as None
            row = con.execute("SELECT * FROM %s WHERE id = ?" % table, (rowid,)).fetchone()
            cache[key] = canon_row(table, row) if row else ["missing", rowid]
        return cache[key]

    def canon_row(table, row):
        cols, fks = columns(table), foreign(table)
        out = []
        for name, value in zip(cols, row):
            if name == "id":
                continue
            if name in fks:
                value = canon(fks[name], value)
            elif table == "attributes" and name == "owner_id":
                # attributes.owner_id refers to the row of the table its
                # owner names: no foreign key can say so.
                value = canon(OWNERS[dict(zip(cols, row))["owner"]], value)
            out.append([name, value])
        return out

    doc = {}
    for table in tables:
        rows = [canon_row(table, row) for row in con.execute("SELECT * FROM %s" % table)]
        doc[table] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    print(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False))


main()
