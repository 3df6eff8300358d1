/* assign: puts a target on the county's grid and into its village, team
 * and responsible persons, and sets the location flags (near_boundary,
 * outside_county, no_team).  Runs inside ingest for new targets and as
 * `sweep assign` for all open targets after boundaries or teams change. */
#ifndef SWEEP_ASSIGN_H
#define SWEEP_ASSIGN_H

#include "county.h"
#include "store.h"
#include "target.h"

/* Fills x/y, grid_cell, map_sheet, village, team, persons, status and the
 * location flags from t->lon/lat.  -1 when the point cannot be projected. */
int assign_place(const struct county *c, struct target *t, struct sweep_err *err);

struct assign_result {
	long targets, changed;
};

/* Re-places every open target, recording what changed in the history,
 * in one transaction.  `now` is the time stamp for history. */
int assign_run(struct county *c, struct store *s, const char *now, struct assign_result *res,
	       struct sweep_err *err);

#endif
