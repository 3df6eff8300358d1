/* target: one suspected plot ("疑似靶标") as it travels from ingest through
 * assignment to the store and out to listings.  Plain data: every string is
 * owned by the struct and freed by target_release. */
#ifndef SWEEP_TARGET_H
#define SWEEP_TARGET_H

#include "lifecycle.h"
#include "teams.h"

/* Flags, kept in the store as a sorted comma-separated list. */
#define TARGET_FLAG_NEAR_BOUNDARY "near_boundary"
#define TARGET_FLAG_OUTSIDE_COUNTY "outside_county"
#define TARGET_FLAG_NO_TEAM "no_team"
#define TARGET_FLAG_DUPLICATE "duplicate"
#define TARGET_FLAG_REPEAT_SITE "repeat_site"
#define TARGET_FLAG_OVERSIZED "oversized" /* larger than [rules] max_target_area_m2 */
/* the outline crossed itself or ran round more than once, and was made valid */
#define TARGET_FLAG_OUTLINE_REPAIRED "outline_repaired"

/* Statuses and the lifecycle's flags: lifecycle.h. */

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
	char *cross_team;                /* the team asked for the second look */
	char *answered_by;               /* the team whose answer stands (not stored: folded) */
	long plants, persons_handled;    /* 0 when not reported */
	double field_area_m2, stood_lon, stood_lat, stood_distance_m; /* <0 unknown */
};

void target_release(struct target *t);
/* Adds or removes a flag in t->flags, keeping the list sorted. */
void target_flag_set(struct target *t, const char *flag, int on);
int target_flag_has(const struct target *t, const char *flag);
/* The words people read for a status, flag or audit-event token, in
 * Chinese: sheets, packets and pages are the office's documents, and their
 * bytes must not depend on who ran sweep (packet ids hash them).  The token
 * itself when it has no words. */
const char *target_token_words(const char *token);
/* Appends the words of every flag in a comma-separated list, "；" between. */
struct strbuf;
void target_flags_words(const char *flags, struct strbuf *out);
/* A link that starts a route to the target in Amap (高德地图) on a phone,
 * from wherever the phone is: its navigation URI, given WGS84 (Amap
 * converts to its own GCJ-02 itself, coordinate=wgs84); fresh memory. */
char *target_nav_link(const struct target *t);
/* The same for the terminal, in the language of the messages: the token
 * under LANG=C, its words under zh_CN. */
const char *target_token_label(const char *token);
void target_flags_label(const char *flags, struct strbuf *out);
/* Replaces *field with a copy of value. */
void target_set(char **field, const char *value);

#endif
