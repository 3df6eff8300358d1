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

static int entry_cmp(const void *pa, const void *pb)
{
	const struct teams_entry *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	if (a->role != b->role)
		return a->role < b->role ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void index_teams(struct teams *t)
{
	size_t i, j, n = 0;

	for (i = 0; i < t->n_teams; i++)
		n += t->teams[i].n_villages;
	free(t->team_by_village);
	t->team_by_village = xcalloc(n ? n : 1, sizeof *t->team_by_village);
	for (n = 0, i = 0; i < t->n_teams; i++)
		for (j = 0; j < t->teams[i].n_villages; j++)
			t->team_by_village[n++] =
			    (struct teams_entry){t->teams[i].villages[j], i, 0};
	if (n)
		qsort(t->team_by_village, n, sizeof *t->team_by_village, entry_cmp);
	t->n_by_village = n;
	free(t->team_by_id);
	free(t->team_by_name);
	t->team_by_id = xcalloc(t->n_teams + 1, sizeof *t->team_by_id);
	t->team_by_name = xcalloc(t->n_teams + 1, sizeof *t->team_by_name);
	for (i = 0; i < t->n_teams; i++) {
		t->team_by_id[i] = (struct teams_entry){t->teams[i].id, i, 0};
		t->team_by_name[i] = (struct teams_entry){t->teams[i].name, i, 0};
	}
	if (t->n_teams) {
		qsort(t->team_by_id, t->n_teams, sizeof *t->team_by_id, entry_cmp);
		qsort(t->team_by_name, t->n_teams, sizeof *t->team_by_name, entry_cmp);
	}
}

static void index_persons(struct teams *t)
{
	size_t i;

	free(t->person_by_village);
	t->person_by_village =
	    xcalloc(t->n_persons ? t->n_persons : 1, sizeof *t->person_by_village);
	for (i = 0; i < t->n_persons; i++)
		t->person_by_village[i] =
		    (struct teams_entry){t->persons[i].village_code, i, (int)t->persons[i].role};
	if (t->n_persons)
		qsort(t->person_by_village, t->n_persons, sizeof *t->person_by_village, entry_cmp);
}

/* The first entry for (code, role) in a sorted index, or NULL. */
static const struct teams_entry *entry_find(const struct teams_entry *list, size_t n,
					    const char *code, int role)
{
	size_t lo = 0, hi = n;

	while (lo < hi) { /* the lower bound: ties come in file order */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(list[mid].key, code);
		if (c < 0 || (c == 0 && list[mid].role < role))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && !strcmp(list[lo].key, code) && list[lo].role == role)
		return &list[lo];
	return NULL;
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
	index_teams(t);
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
	index_persons(t);
	return 0;
}

static int code_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int teams_check(const struct teams *t, const char *const *codes, size_t n, const char *teams_source,
		const char *personnel_source, struct sweep_err *err)
{
	const char **sorted = xcalloc(n ? n : 1, sizeof *sorted);
	size_t i, j;
	char quoted[128];
	int rc = -1;

	memcpy(sorted, codes, n * sizeof *codes);
	if (n)
		qsort(sorted, n, sizeof *sorted, code_cmp);
	/* in file order, so the message names the first unknown village */
	for (i = 0; i < t->n_teams; i++)
		for (j = 0; j < t->teams[i].n_villages; j++) {
			const char *v = t->teams[i].villages[j];
			if (!n || !bsearch(&v, sorted, n, sizeof *sorted, code_cmp)) {
				err_set(err, ERR_SETTINGS,
					"%s: team %s names village %s, which is not in the village "
					"boundary layer",
					teams_source, t->teams[i].id,
					err_quote(quoted, sizeof quoted, v));
				goto done;
			}
		}
	/* the index holds each village's claims in file order, side by side */
	for (i = 1; i < t->n_by_village; i++) {
		const struct teams_entry *a = &t->team_by_village[i - 1],
					 *b = &t->team_by_village[i];
		if (strcmp(a->key, b->key) == 0) {
			err_set(err, ERR_SETTINGS,
				"%s: village %s is claimed by two teams, %s and %s; each village "
				"has one team",
				teams_source, b->key, t->teams[a->index].id, t->teams[b->index].id);
			goto done;
		}
	}
	for (i = 0; i < t->n_persons; i++) {
		const char *v = t->persons[i].village_code;
		if (!n || !bsearch(&v, sorted, n, sizeof *sorted, code_cmp)) {
			err_set(err, ERR_SETTINGS,
				"%s: %s %s is listed for village %s, which is not in the village "
				"boundary layer",
				personnel_source, person_role_name(t->persons[i].role),
				t->persons[i].name, err_quote(quoted, sizeof quoted, v));
			goto done;
		}
	}
	rc = 0;
done:
	free(sorted);
	return rc;
}

const struct team *teams_find(const struct teams *t, const char *id_or_name)
{
	const struct teams_entry *e;

	if (!id_or_name)
		return NULL;
	e = entry_find(t->team_by_id, t->n_teams, id_or_name, 0);
	if (!e)
		e = entry_find(t->team_by_name, t->n_teams, id_or_name, 0);
	return e ? &t->teams[e->index] : NULL;
}

const struct team *teams_for_village(const struct teams *t, const char *code)
{
	const struct teams_entry *e = entry_find(t->team_by_village, t->n_by_village, code, 0);
	return e ? &t->teams[e->index] : NULL;
}

const struct person *teams_person(const struct teams *t, const char *code, enum person_role role)
{
	const struct teams_entry *e =
	    entry_find(t->person_by_village, t->n_persons, code, (int)role);
	return e ? &t->persons[e->index] : NULL;
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
	free(t->team_by_village);
	free(t->person_by_village);
	free(t->team_by_id);
	free(t->team_by_name);
	memset(t, 0, sizeof *t);
}
