/* teams: the sweep teams and the village grid's responsible persons
 * ("四包一": town cadre, village cadre, police officer, grid worker), read
 * from plain tables into structs.
 *
 * A team names the villages it sweeps; a village has at most one team.
 * Problems in these tables are settings errors (exit 2): a team naming an
 * unknown village, or two teams claiming one village, would silently send
 * targets to the wrong people. */
#ifndef SWEEP_TEAMS_H
#define SWEEP_TEAMS_H

#include <stddef.h>

#include "err.h"
#include "table.h"

enum person_role {
	ROLE_TOWN_CADRE = 0, /* 镇街干部 */
	ROLE_VILLAGE_CADRE,  /* 村社干部 */
	ROLE_POLICE,         /* 派出所民警 */
	ROLE_GRID_WORKER,    /* 网格员 */
	ROLE_COUNT,
};

struct person {
	char *village_code;
	enum person_role role;
	char *name;
	char *phone;
};

struct team {
	char *id;
	char *name;
	char *leader;
	char *phone;
	size_t n_villages;
	char **villages;
};

/* One row's place in the tables, for lookups by a key (a village code,
 * a team's id or name). */
struct teams_entry {
	const char *key;
	size_t index; /* into teams or persons */
	int role;     /* persons only */
};

struct teams {
	size_t n_teams;
	struct team *teams;
	size_t n_persons;
	struct person *persons;
	/* sorted by village code (persons: then role), ties in file order;
	 * rebuilt by each read, so a province's lookups are O(log n) */
	size_t n_by_village;
	struct teams_entry *team_by_village;
	struct teams_entry *person_by_village;
	struct teams_entry *team_by_id, *team_by_name; /* n_teams each */
};

/* The Chinese name of a role (static). */
const char *person_role_name(enum person_role role);

/* Reads the teams table into t (which starts zeroed). */
int teams_read_table(struct teams *t, const struct table *table, struct sweep_err *err);
/* Reads the personnel table into t. */
int teams_read_personnel(struct teams *t, const struct table *table, struct sweep_err *err);
/* Checks every village a team or person names exists among the n codes, and
 * that no village has two teams.  `teams_source`/`personnel_source` name the
 * files for messages. */
int teams_check(const struct teams *t, const char *const *village_codes, size_t n,
		const char *teams_source, const char *personnel_source, struct sweep_err *err);
/* The team with that id, else the one with that name, or NULL. */
const struct team *teams_find(const struct teams *t, const char *id_or_name);
/* The team sweeping a village, or NULL. */
const struct team *teams_for_village(const struct teams *t, const char *village_code);
/* The person of that role for a village, or NULL. */
const struct person *teams_person(const struct teams *t, const char *village_code,
				  enum person_role role);
void teams_release(struct teams *t);

#endif
