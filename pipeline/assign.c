/* assign: see assign.h. */
#include "assign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "grid.h"
#include "strbuf.h"
#include "xalloc.h"
#include "i18n.h"
#include "log.h"
#include "banned.h"

int assign_place(const struct county *c, struct target *t, struct sweep_err *err)
{
	char buf[64];
	double x = t->lon, y = t->lat, dist = 0;
	const struct village *v = NULL;
	const struct team *team = NULL;
	long found;
	int role;

	if (crs_transform_point(c->to_local, &x, &y) != 0) {
		err_set(err, ERR_INPUT, "%.7f, %.7f cannot be projected to %s", t->lon, t->lat,
			crs_name(c->local));
		return -1;
	}
	t->x = x;
	t->y = y;
	/* a zone-prefixed easting already carries the zone number */
	grid_cell_code(x, y, c->zone_prefixed ? 0 : c->zone, c->settings.grid_cell_m, buf,
		       sizeof buf);
	target_set(&t->grid_cell, buf);
	target_set(&t->map_sheet,
		   grid_map_sheet(t->lon, t->lat, MAP_SCALE_10K, buf, sizeof buf) == 0 ? buf : "");

	target_flag_set(t, TARGET_FLAG_NEAR_BOUNDARY, 0);
	target_flag_set(t, TARGET_FLAG_OUTSIDE_COUNTY, 0);
	target_flag_set(t, TARGET_FLAG_NO_TEAM, 0);
	t->boundary_distance_m = -1;
	found = village_index_find(c->index, x, y);
	if (found < 0) {
		found = village_index_nearest(c->index, x, y, c->settings.near_boundary_m, &dist);
		if (found >= 0) {
			target_flag_set(t, TARGET_FLAG_NEAR_BOUNDARY, 1);
			t->boundary_distance_m = dist;
		} else {
			target_flag_set(t, TARGET_FLAG_OUTSIDE_COUNTY, 1);
		}
	}
	if (found >= 0) {
		v = &c->villages[found];
		team = v->team;
	}
	target_set(&t->township, v ? v->township : NULL);
	target_set(&t->village_code, v ? v->code : NULL);
	target_set(&t->village_name, v ? v->name : NULL);
	target_set(&t->team_id, team ? team->id : NULL);
	target_set(&t->team_name, team ? team->name : NULL);
	target_set(&t->team_leader, team ? team->leader : NULL);
	target_set(&t->team_phone, team ? team->phone : NULL);
	for (role = 0; role < ROLE_COUNT; role++)
		target_set(&t->persons[role], v ? v->persons[role] : NULL);
	if (v && !team)
		target_flag_set(t, TARGET_FLAG_NO_TEAM, 1);
	target_set(&t->status, lifecycle_after_placement(t->status, team != NULL));
	return 0;
}

struct assign_ctx {
	struct county *c;
	struct store *s;
	const char *now;
	struct assign_result *res;
	struct sweep_err *err;
};

static const char *or_none(const char *text)
{
	return text && *text ? text : "-";
}

/* Everything placement decides, as one line: a change in any of it (the
 * 四包一 and the team's leader and phone included) is saved, so a packet
 * never mixes old and new names. */
static char *placement(const struct target *t)
{
	return xasprintf(
	    "village %s; team %s %s %s %s; 四包一 %s, %s, %s, %s; flags %s; cell %s",
	    or_none(t->village_code), or_none(t->team_id), or_none(t->team_name),
	    or_none(t->team_leader), or_none(t->team_phone), or_none(t->persons[ROLE_TOWN_CADRE]),
	    or_none(t->persons[ROLE_VILLAGE_CADRE]), or_none(t->persons[ROLE_POLICE]),
	    or_none(t->persons[ROLE_GRID_WORKER]), or_none(t->flags), or_none(t->grid_cell));
}

static int reassign_one(void *ctxp, struct target *t)
{
	struct assign_ctx *ctx = ctxp;
	char *before = placement(t), *after = NULL, *detail = NULL;
	int rc = -1;

	ctx->res->targets++;
	if (assign_place(ctx->c, t, ctx->err) != 0)
		goto done;
	after = placement(t);
	if (strcmp(before, after) != 0) {
		detail = xasprintf("%s -> %s", before, after);
		target_set(&t->updated_at, ctx->now);
		if (store_target_save(ctx->s, t, ctx->err) != 0 ||
		    store_event_add(ctx->s, t->id, ctx->now, "reassigned", detail, 0, NULL, 0,
				    ctx->err) != 0)
			goto done;
		ctx->res->changed++;
	}
	rc = 0;
done:
	free(before);
	free(after);
	free(detail);
	return rc;
}

int assign_run(struct county *c, struct store *s, const char *now, struct assign_result *res,
	       struct sweep_err *err)
{
	struct store_filter filter = {0};
	struct assign_ctx ctx = {c, s, now, res, err};

	memset(res, 0, sizeof *res);
	filter.open_only = 1;
	if (store_begin(s, err) != 0)
		return -1;
	if (store_targets_each(s, &filter, reassign_one, &ctx, err) != 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}
