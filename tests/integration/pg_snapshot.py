#!/usr/bin/python3
"""Copies one county's rows of a shared PostgreSQL store into an SQLite
file of sweep's schema, so a test reads the same records with the same SQL
whichever store sweep wrote them to.

  pg_snapshot.py EMPTY-STORE OUT URL COUNTY

EMPTY-STORE is an SQLite store sweep made (its schema, no rows of
interest); OUT gets its schema and the county's rows, read through psql as
the URL's role, so row-level security decides what is seen, as it does
for sweep.
"""
import os
import shutil
import sqlite3
import subprocess
import sys

empty, out, url, county = sys.argv[1:5]
shutil.copyfile(empty, out + ".tmp")
con = sqlite3.connect(out + ".tmp")
tables = [r[0] for r in con.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
# generated columns (hidden 2 or 3) are the database's to compute
columns = {t: [r[1] for r in con.execute("PRAGMA table_xinfo(%s)" % t) if r[6] == 0] for t in tables}
for t in tables:
    con.execute("DELETE FROM %s" % t) if t not in ("events", "answers", "transfers") else None

script = "SELECT set_config('sweep.county', :'county', false) AS county \\gset\n" + "".join("\\echo @@%s\nCOPY (SELECT %s FROM %s) TO STDOUT;\n" % (t, ", ".join(columns[t]), t)
                 for t in tables)
text = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-v", "county=" + county, "-f", "-"], input=script.encode(),
                      stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")

ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def field(raw):
    """One value of COPY's text format."""
    if raw == "\\N":
        return None
    out, i = [], 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            n = raw[i + 1]
            if n in ESCAPES:
                out.append(ESCAPES[n])
                i += 2
                continue
            if n.isdigit():
                j = i + 1
                while j < len(raw) and j < i + 4 and raw[j] in "01234567":
                    j += 1
                out.append(chr(int(raw[i + 1:j], 8)))
                i = j
                continue
            out.append(n)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


table = None
for line in text.split("\n"):
    if line.startswith("@@"):
        table = line[2:]
        continue
    if not line or table is None:
        continue
    values = [field(v) for v in line.split("\t")]
    con.execute("INSERT INTO %s(%s) VALUES (%s)" % (table, ", ".join(columns[table]),
                                                    ", ".join("?" * len(values))), values)
con.commit()
con.close()
os.replace(out + ".tmp", out)
