/* export: per-team field packets.  Each team with open targets gets a
 * folder under the workspace outbox with its own targets only, in the forms
 * its phones, handheld GPS and paper use: targets.csv (Excel/WPS),
 * targets.gpx, targets.kml, targets.geojson, sheet.html (a printable A4 task
 * sheet with a map), feedback-template.csv/.xlsx, and manifest.json with a
 * SHA-256 of every file.
 *
 * Packets are never overwritten: each goes to its own dated folder inside
 * the team's, e.g. outbox/T12-双路镇第3踏查组/2026-04-09-5d3a03/ (the date of
 * the export and the start of the packet id), and the team folder's
 * 最新任务包.txt names the newest.  An older packet is removed only when the
 * team has answered every target it carried, or when the office prunes
 * packets older than N days; the newest is always kept.
 *
 * A packet is built in a temporary folder and renamed into place, so a
 * crash never leaves half a packet; only then are its targets marked
 * dispatched in the store.  The same state gives the same packet (its id is
 * a hash of its files): exporting it again writes nothing new. */
#ifndef SWEEP_EXPORT_H
#define SWEEP_EXPORT_H

#include <stddef.h>

#include "chips.h"
#include "cli.h"
#include "progress.h"

/* The file in each team folder that names its newest packet folder (first
 * line), with a line for people. */
#define EXPORT_NEWEST_FILE "最新任务包.txt"

struct export_options {
	const char *team;          /* one team (id or name), or NULL: every team */
	const char *out_dir;       /* NULL: the workspace's outbox/ */
	int since_last;            /* only targets not yet dispatched */
	int all;                   /* every target of the team, whatever its status */
	int prune_days;            /* remove packets older than this many days; -1: none */
	struct progress *progress; /* told after each team; NULL: nobody */
};

struct export_team_result {
	const struct team *team;
	long targets; /* 0: no packet for this team */
	char *folder; /* the packet folder */
	char packet_id[17];
	int unchanged;      /* the same packet was already there: nothing written */
	char state_key[65]; /* what it was made from (export.c), "" when unknown */
	int reused;         /* unchanged, and known so from state_key without building it */
	/* built in this temporary folder, renamed to folder only after the
	 * store committed: a packet in sight never carries an audit head of a
	 * transaction that was rolled back (NULL once in place) */
	char *staged;
	char *team_dir;
};

struct export_result {
	char *outbox;
	/* chips cut first for open targets an orthophoto covers that had none,
	 * so the packets show them (chips.written; chips.failed: why not) */
	struct chips_result chips;
	long revisits_due; /* eradicated sites sent back to the field */
	size_t n_teams;
	struct export_team_result *teams;
	long packets, targets;
	size_t n_pruned;
	char **pruned; /* packet folders removed, each with why: "PATH (reason)" */
};

/* Exports the packets of an open workspace (one store transaction; packet
 * folders removed only after it commits); prints nothing.  An unknown team
 * is ERR_USAGE. */
int export_run(struct cli_workspace *ws, const struct export_options *o, struct export_result *res,
	       struct sweep_err *err);
void export_result_release(struct export_result *res);

#endif
