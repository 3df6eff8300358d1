/* sheet: the printable A4 task sheet of a field packet (sheet.html), in
 * Chinese: the team and its phones, the responsible persons of its
 * villages, a small map (inline SVG: village outlines, the orthophoto's
 * chips under it where there are some, kilometre grid lines as on the
 * 1:10,000 sheet, target outlines and numbers placed clear of each other)
 * and the targets, each with its task (first look, revisit, cross-check)
 * and deadline, labelled coordinates, a QR code that starts a route to it
 * on a phone, and room for the whole field result.
 *
 * Printed from a browser (Chromium's print-to-PDF is tested): every page
 * carries the sheet's title and team at the top, "page N of M" at the
 * foot and the table's header; no target's rows are cut across pages.
 * Self-contained: no network, no scripts. */
#ifndef SWEEP_SHEET_H
#define SWEEP_SHEET_H

#include <stddef.h>

#include "county.h"
#include "target.h"

/* What the team is to do at a target, by when. */
struct sheet_task {
	const char *kind;     /* "first_look", "revisit" or "cross_check" */
	const char *deadline; /* YYYY-MM-DD, or NULL */
};

/* Writes dir/sheet.html.  gcj holds GCJ-02 lon, lat per target.  Nothing
 * on it depends on the day it is written: the same packet is the same
 * file (its hash names the packet). */
int sheet_write(const struct county *c, const struct team *team, const struct target *targets,
		const struct sheet_task *tasks, size_t n, const double *gcj, const char *chips_dir,
		const char *dir, struct sweep_err *err);

#endif
