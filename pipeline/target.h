/* target: one suspected plot ("疑似靶标") as it travels from ingest through
 * assignment to the store and out to listings.  Plain data: every string is
 * owned by the struct and freed by target_release. */
#ifndef SWEEP_TARGET_H
#define SWEEP_TARGET_H

#include "teams.h"

/* Flags, kept in the store as a sorted comma-separated list. */
#define TARGET_FLAG_NEAR_BOUNDARY "near_boundary"
#define TARGET_FLAG_OUTSIDE_COUNTY "outside_county"
#define TARGET_FLAG_NO_TEAM "no_team"
#define TARGET_FLAG_DUPLICATE "duplicate"
#define TARGET_FLAG_REPEAT_SITE "repeat_site"

/* Status before feedback: issued (received, not yet with a team) or
 * assigned (placed in a village that has a team). */
#define TARGET_STATUS_ISSUED "issued"
#define TARGET_STATUS_ASSIGNED "assigned"
#define TARGET_STATUS_DISPATCHED "dispatched"   /* in a packet the team has */
#define TARGET_STATUS_VERIFIED "verified"       /* checked on the ground: see result */
#define TARGET_STATUS_ERADICATED "eradicated"   /* confirmed and pulled out */
#define TARGET_STATUS_REVISIT_DUE "revisit_due" /* eradicated, time to look again */
#define TARGET_STATUS_REOPENED "reopened"       /* regrowth found on a revisit */
#define TARGET_STATUS_CLOSED "closed"           /* revisited clean */

#define TARGET_FLAG_DISAGREEMENT "disagreement"       /* the cross-check answered otherwise */
#define TARGET_FLAG_CROSS_CHECK "cross_check"         /* answered by another team */
#define TARGET_FLAG_FAR_FROM_TARGET "far_from_target" /* team stood too far away */
#define TARGET_FLAG_CRIMINAL "criminal_threshold"     /* file a criminal case */
#define TARGET_FLAG_EVIDENCE "evidence_check"         /* photos, counts or area to look at */

struct target {
	long long id; /* store row id; 0 before insert */
	char *code;
	long long drop_id;
	double lon, lat; /* CGCS2000 degrees (EPSG:4490), the target's point */
	double x, y;     /* county CRS metres: x easting, y northing */
	char *geom_wkt;  /* polygon targets: CGCS2000 lon/lat WKT; NULL for points */
	double area_m2;  /* from the polygon, else as the drop says; <0 unknown */
	char *imaging_date, *deadline, *crop, *admin_text;
	char *grid_cell, *map_sheet;
	char *township, *village_code, *village_name;
	double boundary_distance_m; /* near_boundary: distance to the village */
	char *team_id, *team_name, *team_leader, *team_phone;
	char *persons[ROLE_COUNT]; /* "name phone" of the 四包一 */
	char *status, *flags;
	char *duplicate_of, *repeat_of;
	char *src_file;
	long src_line;
	char *created_at, *updated_at;
	char *dispatched_at, *packet_id; /* set when a packet carried it */

	/* field feedback */
	char *result; /* confirmed, false_positive, not_found */
	char *species, *eradicated_on, *checked_by, *photos, *case_filed, *fp_reason, *remarks,
	    *verified_at;
	char *revisit_due;               /* YYYY-MM-DD the site is to be seen again */
	char *first_result, *first_team; /* the answer a cross-check is checking */
	long plants, persons_handled;    /* 0 when not reported */
	double field_area_m2, stood_lon, stood_lat, stood_distance_m; /* <0 unknown */
};

void target_release(struct target *t);
/* Adds or removes a flag in t->flags, keeping the list sorted. */
void target_flag_set(struct target *t, const char *flag, int on);
int target_flag_has(const struct target *t, const char *flag);
/* Replaces *field with a copy of value. */
void target_set(char **field, const char *value);

#endif
