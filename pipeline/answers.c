/* answers: see answers.h. */
#include "answers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

void answers_settings(const struct county *c, struct lc_settings *set)
{
	const char **ids = xcalloc(c->teams.n_teams + 1, sizeof *ids);
	size_t i;

	for (i = 0; i < c->teams.n_teams; i++)
		ids[i] = c->teams.teams[i].id;
	set->cross_check_share = c->settings.feedback_cross_check_share;
	set->revisit_days = (long)c->settings.revisit_days;
	set->revisit_stages = c->settings.revisit_stages;
	set->team_ids = ids;
	set->n_teams = c->teams.n_teams;
}

void answers_settings_release(struct lc_settings *set)
{
	free((void *)set->team_ids);
	set->team_ids = NULL;
}

/* What the target was before any answer, as of a day. */
static const char *base_status(const struct target *t, const char *as_of)
{
	if (t->dispatched_at && (!as_of || strncmp(t->dispatched_at, as_of, 10) <= 0))
		return LC_DISPATCHED;
	return t->team_id ? LC_ASSIGNED : LC_ISSUED;
}

static void set_or_clear(char **field, const char *value)
{
	target_set(field, value && *value ? value : NULL);
}

/* Whether a is later than b in field order (date, then key). */
static int later(const struct store_answer *a, const struct store_answer *b)
{
	int c;

	if (!b)
		return 1;
	c = strcmp(a->a.date, b->a.date);
	if (c)
		return c > 0;
	return strcmp(a->a.key ? a->a.key : "", b->a.key ? b->a.key : "") > 0;
}

static void later_text(const char **value, const struct store_answer **at, const char *text,
		       const struct store_answer *sa)
{
	if (text && *text && later(sa, *at)) {
		*value = text;
		*at = sa;
	}
}

void answers_apply(struct target *t, const struct store_answer *answers, size_t n,
		   const struct lc_settings *set, const char *as_of, enum lc_outcome *outcomes,
		   struct strbuf *notes)
{
	struct lc_answer *a = xcalloc(n ? n : 1, sizeof *a);
	struct lc_target lt = {t->code, t->team_id, base_status(t, as_of)};
	struct lc_state st = {0};
	const char *who = NULL, *photos = NULL, *remarks = NULL;
	const struct store_answer *who_at = NULL, *photos_at = NULL, *remarks_at = NULL;
	const char *const *flag;
	char last_erad[11] = "";
	size_t i;
	int said_no_case = 0;

	for (i = 0; i < n; i++)
		a[i] = answers[i].a;
	lifecycle_fold(&lt, a, n, set, as_of, &st, outcomes, notes);
	/* who and what of the latest look that says it: by field date, then by
	 * the answer's key, so the arrival order never decides */
	for (i = 0; i < n; i++) {
		const struct store_answer *sa = &answers[i];
		if (as_of &&
		    (strncmp(sa->a.date, as_of, 10) > 0 || strncmp(sa->a.received, as_of, 10) > 0))
			continue;
		later_text(&who, &who_at, sa->checked_by, sa);
		later_text(&photos, &photos_at, sa->photos, sa);
		later_text(&remarks, &remarks_at, sa->remarks, sa);
		said_no_case |= !sa->a.case_filed && sa->a.result == LC_CONFIRMED;
	}
	for (i = 0; i < st.n_eradications; i++)
		if (strcmp(st.eradications[i].on, last_erad) > 0)
			snprintf(last_erad, sizeof last_erad, "%s", st.eradications[i].on);
	target_set(&t->status, st.status);
	set_or_clear(&t->result, lifecycle_result_code(st.result));
	set_or_clear(&t->species, st.species);
	t->plants = st.plants;
	t->field_area_m2 = st.area_m2 > 0 ? st.area_m2 : -1;
	set_or_clear(&t->eradicated_on, last_erad);
	set_or_clear(&t->verified_at, st.verified_on);
	set_or_clear(&t->revisit_due, st.revisit_due);
	set_or_clear(&t->case_filed, st.case_filed ? "是" : said_no_case ? "否" : NULL);
	t->persons_handled = st.persons;
	set_or_clear(&t->fp_reason, st.reason);
	set_or_clear(&t->first_team, st.cross_team ? st.first_team : NULL);
	set_or_clear(&t->first_result,
		     st.cross_team ? lifecycle_result_code(st.first_result) : NULL);
	set_or_clear(&t->cross_team, st.cross_team);
	set_or_clear(&t->answered_by, st.result_team);
	set_or_clear(&t->checked_by, who);
	set_or_clear(&t->photos, photos);
	set_or_clear(&t->remarks, remarks);
	if (st.has_position) {
		t->stood_lon = st.stood_lon;
		t->stood_lat = st.stood_lat;
		t->stood_distance_m = st.stood_distance_m;
	} else
		t->stood_lon = t->stood_lat = t->stood_distance_m = -1;
	for (flag = lifecycle_flags; *flag; flag++)
		target_flag_set(t, *flag, 0);
	target_flag_set(t, LC_FLAG_CONFLICT, st.conflict);
	target_flag_set(t, LC_FLAG_OTHER_TEAM, st.other_team);
	target_flag_set(t, LC_FLAG_CRIMINAL, st.criminal);
	target_flag_set(t, LC_FLAG_FAR_FROM_TARGET, st.far_from_target);
	target_flag_set(t, LC_FLAG_EVIDENCE, (st.evidence & LC_EVIDENCE_CHECK) != 0);
	target_flag_set(t, LC_FLAG_PHOTO_MISSING, (st.evidence & LC_EVIDENCE_PHOTO_MISSING) != 0);
	free(a);
}

void answers_find(const struct store_answers *list, long long target_id, size_t *from, size_t *to)
{
	/* answers come ordered by target id: the run by bisection */
	size_t lo = 0, hi = list->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list->items[mid].target_id < target_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < list->n && list->items[lo].target_id == target_id)
		lo++;
	*to = lo;
}

void answers_apply_all(const struct store_answers *list, struct target *all, size_t n,
		       const struct lc_settings *set, const char *as_of)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t from, to;
		answers_find(list, all[i].id, &from, &to);
		answers_apply(&all[i], list->items + from, to - from, set, as_of, NULL, NULL);
	}
}

void answers_describe(const struct store_answer *sa, struct strbuf *sb)
{
	const struct lc_answer *a = &sa->a;

	strbuf_reset(sb);
	strbuf_addf(sb, "team %s; on %s", a->team && *a->team ? a->team : "(unknown)", a->date);
	if (a->result != LC_NONE)
		strbuf_addf(sb, "; %s", lifecycle_result_cn(a->result));
	if (a->species && *a->species)
		strbuf_addf(sb, " %s", a->species);
	if (a->plants)
		strbuf_addf(sb, "; %ld plants", a->plants);
	if (a->area_m2 >= 0)
		strbuf_addf(sb, "; %.0f m2", a->area_m2);
	if (a->eradicated_on[0])
		strbuf_addf(sb, "; eradicated %s", a->eradicated_on);
	if (a->reason && *a->reason)
		strbuf_addf(sb, "; reason %s", a->reason);
	if (a->case_filed)
		strbuf_adds(sb, "; case filed");
	if (a->persons)
		strbuf_addf(sb, "; %ld persons handled", a->persons);
	if (a->has_position && a->stood_distance_m >= 0)
		strbuf_addf(sb, "; stood %.0f m away", a->stood_distance_m);
	if (sa->checked_by && *sa->checked_by)
		strbuf_addf(sb, "; by %s", sa->checked_by);
	strbuf_addf(sb, "; answer %.12s", a->key ? a->key : "");
}
