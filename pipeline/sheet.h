/* sheet: the printable A4 task sheet of a field packet (sheet.html), in
 * Chinese: the team and its phones, the responsible persons of its villages,
 * a small map (inline SVG: village outlines, numbered targets, scale bar,
 * north arrow) and the targets with empty boxes for the field result.
 * Self-contained: no network, no scripts. */
#ifndef SWEEP_SHEET_H
#define SWEEP_SHEET_H

#include <stddef.h>

#include "county.h"
#include "target.h"

/* Writes dir/sheet.html.  gcj holds GCJ-02 lon, lat per target. */
int sheet_write(const struct county *c, const struct team *team, const struct target *targets,
		size_t n, const double *gcj, const char *chips_dir, const char *dir,
		struct sweep_err *err);

#endif
