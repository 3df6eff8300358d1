/* teams: see teams.h. */
#include "teams.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

static const char *const role_names[ROLE_COUNT][4] = {
    [ROLE_TOWN_CADRE] = {"镇街干部", "town_cadre", "乡镇干部", NULL},
    [ROLE_VILLAGE_CADRE] = {"村社干部", "village_cadre", "村干部", NULL},
    [ROLE_POLICE] = {"派出所民警", "police", "民警", NULL},
    [ROLE_GRID_WORKER] = {"网格员", "grid_worker", NULL, NULL},
};

const char *person_role_name(enum person_role role)
{
	return role < ROLE_COUNT ? role_names[role][0] : "";
}

static const char *const team_id_names[] = {"team_id", "组号", "编号", "id", NULL};
static const char *const team_name_names[] = {"team_name", "组名", "名称", "name", NULL};
static const char *const leader_names[] = {"leader", "组长", "负责人", NULL};
static const char *const phone_names[] = {"phone", "电话", "联系电话", "手机", NULL};
static const char *const villages_names[] = {"villages", "负责村", "村代码", "村", NULL};
static const char *const village_code_names[] = {"village_code", "村代码", "行政区划代码", "村",
						 NULL};
static const char *const role_field_names[] = {"role", "职责", "角色", "身份", NULL};
static const char *const person_name_names[] = {"name", "姓名", NULL};

static long need_field(const struct table *t, const char *const *names, struct sweep_err *err)
{
	long f = table_find_field(t, names);
	if (f < 0)
		err_set(err, ERR_SETTINGS, "%s: missing column %s (or %s)", t->source, names[0],
			names[1]);
	return f;
}

static char *cell(const struct table *t, size_t row, long field)
{
	return text_trim(xstrdup(field >= 0 ? t->rows[row].cells[field] : ""));
}

/* Splits "a;b；c,d" (ASCII or full-width semicolons, commas, 、) into codes. */
static void split_villages(const char *list, struct team *team)
{
	char *copy = xstrdup(list), *p = copy;

	while (*p) {
		size_t len = strcspn(p, ";,| ");
		char *end;
		/* full-width separators are 3 bytes in UTF-8 */
		end = strstr(p, "；");
		if (end && (size_t)(end - p) < len)
			len = (size_t)(end - p);
		end = strstr(p, "、");
		if (end && (size_t)(end - p) < len)
			len = (size_t)(end - p);
		end = strstr(p, "，");
		if (end && (size_t)(end - p) < len)
			len = (size_t)(end - p);
		if (len) {
			team->villages = xrealloc(team->villages,
						  (team->n_villages + 1) * sizeof *team->villages);
			team->villages[team->n_villages++] = xstrndup(p, len);
		}
		p += len;
		if (*p)
			p += ((unsigned char)*p >= 0x80) ? 3 : 1;
	}
	free(copy);
}

int teams_read_table(struct teams *t, const struct table *table, struct sweep_err *err)
{
	long f_id, f_name, f_leader, f_phone, f_villages;
	size_t r, i;

	if ((f_id = need_field(table, team_id_names, err)) < 0 ||
	    (f_villages = need_field(table, villages_names, err)) < 0)
		return -1;
	f_name = table_find_field(table, team_name_names);
	f_leader = table_find_field(table, leader_names);
	f_phone = table_find_field(table, phone_names);
	for (r = 0; r < table->n_rows; r++) {
		struct team team = {0};
		team.id = cell(table, r, f_id);
		if (!team.id[0]) {
			free(team.id);
			continue; /* blank line at the end of a spreadsheet */
		}
		for (i = 0; i < t->n_teams; i++)
			if (strcmp(t->teams[i].id, team.id) == 0) {
				err_set(err, ERR_SETTINGS, "%s:%s %ld: team %s appears twice",
					table->source, table->unit, table->rows[r].number, team.id);
				free(team.id);
				return -1;
			}
		team.name = cell(table, r, f_name);
		if (!team.name[0]) {
			free(team.name);
			team.name = xstrdup(team.id);
		}
		team.leader = cell(table, r, f_leader);
		team.phone = cell(table, r, f_phone);
		split_villages(table->rows[r].cells[f_villages], &team);
		t->teams = xrealloc(t->teams, (t->n_teams + 1) * sizeof *t->teams);
		t->teams[t->n_teams++] = team;
	}
	return 0;
}

static int parse_role(const char *text, enum person_role *role)
{
	int r, a;

	for (r = 0; r < ROLE_COUNT; r++)
		for (a = 0; a < 4 && role_names[r][a]; a++)
			if (text_equal_nocase(text, role_names[r][a])) {
				*role = (enum person_role)r;
				return 0;
			}
	return -1;
}

int teams_read_personnel(struct teams *t, const struct table *table, struct sweep_err *err)
{
	long f_village, f_role, f_name, f_phone;
	size_t r;

	if ((f_village = need_field(table, village_code_names, err)) < 0 ||
	    (f_role = need_field(table, role_field_names, err)) < 0 ||
	    (f_name = need_field(table, person_name_names, err)) < 0)
		return -1;
	f_phone = table_find_field(table, phone_names);
	for (r = 0; r < table->n_rows; r++) {
		struct person p = {0};
		char *role = cell(table, r, f_role);
		char quoted[128];

		p.village_code = cell(table, r, f_village);
		if (!p.village_code[0]) {
			free(p.village_code);
			free(role);
			continue;
		}
		if (parse_role(role, &p.role) != 0) {
			err_set(err, ERR_SETTINGS,
				"%s:%s %ld: role: expected 镇街干部, 村社干部, 派出所民警 or "
				"网格员, got %s",
				table->source, table->unit, table->rows[r].number,
				err_quote(quoted, sizeof quoted, role));
			free(role);
			free(p.village_code);
			return -1;
		}
		free(role);
		p.name = cell(table, r, f_name);
		p.phone = cell(table, r, f_phone);
		t->persons = xrealloc(t->persons, (t->n_persons + 1) * sizeof *t->persons);
		t->persons[t->n_persons++] = p;
	}
	return 0;
}

static int code_known(const char *code, const char *const *codes, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

int teams_check(const struct teams *t, const char *const *codes, size_t n, const char *teams_source,
		const char *personnel_source, struct sweep_err *err)
{
	size_t i, j, a, b;
	char quoted[128];

	for (i = 0; i < t->n_teams; i++)
		for (j = 0; j < t->teams[i].n_villages; j++) {
			const char *v = t->teams[i].villages[j];
			if (!code_known(v, codes, n)) {
				err_set(err, ERR_SETTINGS,
					"%s: team %s names village %s, which is not in the village "
					"boundary layer",
					teams_source, t->teams[i].id,
					err_quote(quoted, sizeof quoted, v));
				return -1;
			}
			for (a = 0; a <= i; a++)
				for (b = 0; b < t->teams[a].n_villages; b++) {
					if (a == i && b >= j)
						break;
					if (strcmp(t->teams[a].villages[b], v) == 0) {
						err_set(err, ERR_SETTINGS,
							"%s: village %s is claimed by two teams, "
							"%s and %s; each village has one team",
							teams_source, v, t->teams[a].id,
							t->teams[i].id);
						return -1;
					}
				}
		}
	for (i = 0; i < t->n_persons; i++)
		if (!code_known(t->persons[i].village_code, codes, n)) {
			err_set(err, ERR_SETTINGS,
				"%s: %s %s is listed for village %s, which is not in the village "
				"boundary layer",
				personnel_source, person_role_name(t->persons[i].role),
				t->persons[i].name,
				err_quote(quoted, sizeof quoted, t->persons[i].village_code));
			return -1;
		}
	return 0;
}

const struct team *teams_for_village(const struct teams *t, const char *code)
{
	size_t i, j;

	for (i = 0; i < t->n_teams; i++)
		for (j = 0; j < t->teams[i].n_villages; j++)
			if (strcmp(t->teams[i].villages[j], code) == 0)
				return &t->teams[i];
	return NULL;
}

const struct person *teams_person(const struct teams *t, const char *code, enum person_role role)
{
	size_t i;

	for (i = 0; i < t->n_persons; i++)
		if (t->persons[i].role == role && strcmp(t->persons[i].village_code, code) == 0)
			return &t->persons[i];
	return NULL;
}

void teams_release(struct teams *t)
{
	size_t i, j;

	for (i = 0; i < t->n_teams; i++) {
		free(t->teams[i].id);
		free(t->teams[i].name);
		free(t->teams[i].leader);
		free(t->teams[i].phone);
		for (j = 0; j < t->teams[i].n_villages; j++)
			free(t->teams[i].villages[j]);
		free(t->teams[i].villages);
	}
	for (i = 0; i < t->n_persons; i++) {
		free(t->persons[i].village_code);
		free(t->persons[i].name);
		free(t->persons[i].phone);
	}
	free(t->teams);
	free(t->persons);
	memset(t, 0, sizeof *t);
}
