/* lifecycle: see lifecycle.h.
 *
 * The rules, in the office's words:
 * - A confirmed drug plant stays confirmed: a later 非毒品/未找到 from anyone
 *   is recorded and flagged `conflict`, never a step back.
 * - 非毒品/未找到 on a first look: a stable share of targets (by a hash of
 *   the code) goes to the next team for a second look (交叉复查); any team
 *   other than the first one answering counts as that look.  A different
 *   answer is a conflict; a confirmation wins.
 * - An eradication adds its plants and area once per eradication date; the
 *   same date reported again with other figures is a conflict and the larger
 *   figures stand, so no total ever goes down.
 * - From the revisit date (回访复查) a look at an eradicated site is a
 *   revisit: regrowth reopens it (or, with a date, is eradicated again and
 *   adds), a clean look closes it.  Regrowth where a case was filed or
 *   persons handled is replanting after police handling: criminal at any
 *   count (刑法 Art. 351).
 * - Thresholds (立案追诉标准(三) Art. 7): opium poppy >= 500 plants,
 *   cannabis >= 5,000; by area when no count is given: 200 and 2,000 m2. */
#include "lifecycle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "xalloc.h"
#include "banned.h"

const char *const lifecycle_statuses[] = {
    LC_ISSUED,     LC_ASSIGNED,    LC_DISPATCHED, LC_VERIFIED, LC_CROSS_CHECK,
    LC_ERADICATED, LC_REVISIT_DUE, LC_REOPENED,   LC_CLOSED,   NULL};

const char *const lifecycle_flags[] = {
    LC_FLAG_CONFLICT, LC_FLAG_OTHER_TEAM,    LC_FLAG_CRIMINAL, LC_FLAG_FAR_FROM_TARGET,
    LC_FLAG_EVIDENCE, LC_FLAG_PHOTO_MISSING, "disagreement",   NULL};
const char *const lifecycle_result_words[] = {"是毒品原植物", "非毒品原植物", "未找到", NULL};
const char *const lifecycle_species_words[] = {"罂粟", "大麻", "其他", NULL};
const char *const lifecycle_reason_words[] = {"其他作物", "裸地", "大棚", "建筑",
					      "已铲除",   "其他", NULL};

static const struct {
	const char *text;
	enum lc_result value;
} result_texts[] = {
    {"是毒品原植物", LC_CONFIRMED}, {"是", LC_CONFIRMED},
    {"confirmed", LC_CONFIRMED},    {"非毒品原植物", LC_FALSE_POSITIVE},
    {"非", LC_FALSE_POSITIVE},      {"false_positive", LC_FALSE_POSITIVE},
    {"未找到", LC_NOT_FOUND},       {"not_found", LC_NOT_FOUND},
};

int lifecycle_result_parse(const char *text)
{
	size_t i;

	for (i = 0; i < sizeof result_texts / sizeof result_texts[0]; i++)
		if (strcmp(text, result_texts[i].text) == 0)
			return (int)result_texts[i].value;
	return -1;
}

const char *lifecycle_result_code(enum lc_result r)
{
	static const char *const codes[] = {NULL, "confirmed", "false_positive", "not_found"};
	return codes[r];
}

const char *lifecycle_result_cn(enum lc_result r)
{
	static const char *const words[] = {"", "是毒品原植物", "非毒品原植物", "未找到"};
	return words[r];
}

enum lc_result lifecycle_result_from_code(const char *code)
{
	int r = code && *code ? lifecycle_result_parse(code) : 0;
	return r > 0 ? (enum lc_result)r : LC_NONE;
}

int lifecycle_status_answered(const char *status)
{
	return status && strcmp(status, LC_ISSUED) != 0 && strcmp(status, LC_ASSIGNED) != 0 &&
	       strcmp(status, LC_DISPATCHED) != 0;
}

const char *lifecycle_after_placement(const char *status, int has_team)
{
	if (!status || !strcmp(status, LC_ISSUED) || !strcmp(status, LC_ASSIGNED))
		return has_team ? LC_ASSIGNED : LC_ISSUED;
	return status;
}

const char *lifecycle_after_dispatch(const char *status)
{
	return status && !strcmp(status, LC_ASSIGNED) ? LC_DISPATCHED : status;
}

void lifecycle_revisit_date(const struct lc_settings *set, const char *day, char out[11])
{
	char *list = xstrdup(set->revisit_stages ? set->revisit_stages : ""), *p = list, *item;

	if (date_add_days(day, (int)set->revisit_days, out) != 0)
		snprintf(out, 11, "%.10s", day);
	while ((item = strsep(&p, ",")) != NULL) {
		char *eq = strchr(item, '=');
		const char *stage = eq ? eq + 1 : item;
		while (*stage == ' ')
			stage++;
		if (strlen(stage) >= 10 && strncmp(stage, day, 10) > 0 &&
		    strncmp(stage, out, 10) < 0)
			snprintf(out, 11, "%.10s", stage);
	}
	free(list);
}

static int empty(const char *s)
{
	return !s || !*s;
}

static int same_team(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* A stable share of codes (FNV-1a of the code, so the same targets are
 * picked on every run and in every order). */
static int picked_for_cross_check(const char *code, double share)
{
	unsigned long long h = 1469598103934665603ULL;
	for (; code && *code; code++)
		h = (h ^ (unsigned char)*code) * 1099511628211ULL;
	return (double)(h % 1000) < share * 1000.0;
}

/* The next team in the teams table after `after` (or the first). */
static const char *next_team(const struct lc_settings *set, const char *after)
{
	size_t i;

	if (set->n_teams < 2)
		return NULL;
	for (i = 0; i < set->n_teams; i++)
		if (same_team(set->team_ids[i], after))
			return set->team_ids[(i + 1) % set->n_teams];
	return set->team_ids[0];
}

struct fold {
	const struct lc_target *t;
	const struct lc_settings *set;
	struct lc_state *st;
	struct strbuf *note; /* this answer's note, or NULL */
	/* to write on an earlier answer: all answers, their notes and outcomes */
	const struct lc_answer *answers;
	struct strbuf *notes;
	enum lc_outcome *outcomes;
	/* the 非毒品/未找到 answers standing since the last confirmation */
	const struct lc_answer *negatives[8];
	size_t n_negatives;
};

static void note(struct fold *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct fold *f, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (!f->note)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (f->note->len)
		strbuf_adds(f->note, "; ");
	strbuf_adds(f->note, text);
}

/* A later confirmation contradicts the earlier 非毒品/未找到 answers: they
 * are flagged too, so whichever file came last, the office sees both. */
static void note_contradicted(struct fold *f, const struct lc_answer *by)
{
	size_t i;

	for (i = 0; i < f->n_negatives; i++) {
		const struct lc_answer *a = f->negatives[i];
		size_t k = (size_t)(a - f->answers);
		if (f->notes) {
			struct strbuf *sb = &f->notes[k];
			strbuf_addf(sb,
				    "%sconflict: %s said %s on %s, but %s said 是毒品原植物 on %s; "
				    "the office decides",
				    sb->len ? "; " : "",
				    a->team && *a->team ? a->team : "(team unknown)",
				    lifecycle_result_cn(a->result), a->date,
				    by->team && *by->team ? by->team : "(team unknown)", by->date);
		}
		if (f->outcomes)
			f->outcomes[k] = LC_CONFLICTS;
	}
	f->n_negatives = 0;
}

static const char *team_or(const char *team)
{
	return empty(team) ? "(team unknown)" : team;
}

static void take_details(struct lc_state *st, const struct lc_answer *a)
{
	if (!empty(a->species))
		st->species = a->species;
	if (!empty(a->reason))
		st->reason = a->reason;
	if (a->case_filed)
		st->case_filed = 1;
	if (a->persons > st->persons)
		st->persons = a->persons;
	if (a->has_position) {
		st->has_position = 1;
		st->stood_lon = a->stood_lon;
		st->stood_lat = a->stood_lat;
		st->stood_distance_m = a->stood_distance_m;
	}
	st->far_from_target |= a->far_from_target;
	st->evidence |= a->evidence;
}

static int crosses_threshold(const char *species, long plants, double area)
{
	if (empty(species))
		return 0;
	if (strcmp(species, "罂粟") == 0)
		return plants >= 500 || (plants == 0 && area >= 200);
	if (strcmp(species, "大麻") == 0)
		return plants >= 5000 || (plants == 0 && area >= 2000);
	return 0;
}

static void set_result(struct fold *f, const struct lc_answer *a)
{
	struct lc_state *st = f->st;

	st->result = a->result;
	st->result_team = a->team;
	if (!st->verified_on[0])
		snprintf(st->verified_on, sizeof st->verified_on, "%s", a->date);
}

/* Pulls out: adds the figures once per date; the same date again keeps the
 * larger figures and flags a difference. */
static void eradicate(struct fold *f, const struct lc_answer *a)
{
	struct lc_state *st = f->st;
	size_t i;
	double area = a->area_m2 > 0 ? a->area_m2 : 0;

	for (i = 0; i < st->n_eradications; i++)
		if (strcmp(st->eradications[i].on, a->eradicated_on) == 0)
			break;
	if (i < st->n_eradications) {
		long p0 = st->eradications[i].plants;
		double a0 = st->eradications[i].area_m2;
		if ((a->plants && a->plants != p0) || (area > 0 && area != a0)) {
			st->conflict = 1;
			note(f,
			     "conflict: the eradication of %s was reported with %ld plants, now "
			     "%ld by %s; the larger figure stands",
			     a->eradicated_on, p0, a->plants, team_or(a->team));
		}
		if (a->plants > p0) {
			st->plants += a->plants - p0;
			st->eradications[i].plants = a->plants;
		}
		if (area > a0) {
			st->area_m2 += area - a0;
			st->eradications[i].area_m2 = area;
		}
		return;
	}
	if (st->n_eradications < LC_MAX_ERADICATIONS)
		st->n_eradications++;
	i = st->n_eradications - 1; /* past the cap, later ones fold into the last slot */
	snprintf(st->eradications[i].on, sizeof st->eradications[i].on, "%s", a->eradicated_on);
	st->eradications[i].plants += a->plants;
	st->eradications[i].area_m2 += area;
	st->plants += a->plants;
	st->area_m2 += area;
	if (crosses_threshold(empty(a->species) ? st->species : a->species, a->plants, area)) {
		st->criminal = 1;
		note(f, "%ld plants / %.0f m2 crosses the criminal-case threshold: file a case",
		     a->plants, area);
	}
	st->status = LC_ERADICATED;
	lifecycle_revisit_date(f->set, a->eradicated_on, st->revisit_due);
}

static void conflict(struct fold *f, const struct lc_answer *a)
{
	struct lc_state *st = f->st;

	st->conflict = 1;
	note(f, "conflict: %s said %s on %s, but %s said %s; the office decides", team_or(a->team),
	     lifecycle_result_cn(a->result), a->date, team_or(st->result_team),
	     lifecycle_result_cn(st->result));
}

/* A confirmation (with or without an eradication in the same row). */
static enum lc_outcome confirm(struct fold *f, const struct lc_answer *a)
{
	struct lc_state *st = f->st;
	enum lc_outcome out = LC_APPLIED;

	if (st->result == LC_FALSE_POSITIVE || st->result == LC_NOT_FOUND) {
		st->conflict = 1;
		note(f, "conflict: %s found a drug plant on %s, but %s said %s; the plant counts",
		     team_or(a->team), a->date, team_or(st->result_team),
		     lifecycle_result_cn(st->result));
		note_contradicted(f, a);
		out = LC_CONFLICTS;
	}
	set_result(f, a);
	take_details(st, a);
	st->status = LC_VERIFIED;
	if (a->eradicated_on[0])
		eradicate(f, a);
	else if (st->pending_eradication) {
		const struct lc_answer *p = st->pending_eradication;
		st->pending_eradication = NULL;
		note(f, "the eradication of %s reported earlier now counts", p->eradicated_on);
		eradicate(f, p);
	}
	return out;
}

/* A confirmation of what is already confirmed: its details, and its
 * eradication when it brings one. */
static enum lc_outcome confirmed_again(struct fold *f, const struct lc_answer *a)
{
	take_details(f->st, a);
	if (!a->eradicated_on[0])
		return LC_NOTED;
	eradicate(f, a);
	return LC_APPLIED;
}

/* A look at a site already pulled out (eradicated, reopened or closed). */
static enum lc_outcome look_after_eradication(struct fold *f, const struct lc_answer *a)
{
	struct lc_state *st = f->st;
	int revisit = st->revisit_due[0] && strcmp(a->date, st->revisit_due) >= 0;
	int had_case = st->case_filed || st->persons > 0;

	if (a->result == LC_CONFIRMED) {
		int regrowth;
		if (!strcmp(st->status, LC_REOPENED)) {
			take_details(st, a);
			if (!a->eradicated_on[0]) {
				note(f, "regrowth already reported; waiting for its eradication");
				return LC_NOTED;
			}
			eradicate(f, a);
			return LC_APPLIED;
		}
		regrowth = revisit || !strcmp(st->status, LC_CLOSED);
		if (!regrowth)
			return confirmed_again(f, a);
		take_details(st, a);
		st->result_team = a->team;
		note(f, "regrowth found on a revisit on %s: the site is open again", a->date);
		if (had_case) {
			st->criminal = 1;
			note(f, "replanted after police handling: a criminal case at any count");
		}
		st->status = LC_REOPENED;
		if (a->eradicated_on[0])
			eradicate(f, a);
		return LC_APPLIED;
	}
	/* 非毒品/未找到 on a pulled-out site */
	take_details(st, a);
	if (revisit && strcmp(st->status, LC_ERADICATED) == 0) {
		st->status = LC_CLOSED;
		note(f, "revisited clean on %s: closed", a->date);
		return LC_APPLIED;
	}
	if (a->result == LC_NOT_FOUND || (a->reason && !strcmp(a->reason, "已铲除")) ||
	    !strcmp(st->status, LC_CLOSED))
		return LC_NOTED;
	conflict(f, a);
	return LC_CONFLICTS;
}

static enum lc_outcome step(struct fold *f, const struct lc_answer *a)
{
	struct lc_state *st = f->st;
	const char *s = st->status;

	if ((a->result == LC_FALSE_POSITIVE || a->result == LC_NOT_FOUND) &&
	    st->result != LC_CONFIRMED &&
	    f->n_negatives < sizeof f->negatives / sizeof f->negatives[0])
		f->negatives[f->n_negatives++] = a;

	if (f->t->responsible_team && !empty(a->team) &&
	    !same_team(a->team, f->t->responsible_team) && !same_team(a->team, st->first_team) &&
	    !same_team(a->team, st->cross_team)) {
		st->other_team = 1;
		note(f, "answered by %s, though the target is %s's", a->team,
		     f->t->responsible_team);
	}
	if (a->result == LC_NONE) {
		if (a->eradicated_on[0]) {
			if (st->result == LC_CONFIRMED) {
				take_details(st, a);
				if (!strcmp(s, LC_ERADICATED) || !strcmp(s, LC_REOPENED) ||
				    !strcmp(s, LC_VERIFIED) || !strcmp(s, LC_CLOSED)) {
					if (!strcmp(s, LC_CLOSED)) {
						st->status = LC_REOPENED;
						if (st->case_filed || st->persons > 0)
							st->criminal = 1;
					}
					eradicate(f, a);
					return LC_APPLIED;
				}
			}
			st->pending_eradication = a;
			note(f,
			     "eradicated on %s, but no answer confirms a drug plant yet: it "
			     "counts once 是毒品原植物 is given",
			     a->eradicated_on);
			return LC_WAITING;
		}
		take_details(st, a);
		return LC_NOTED;
	}
	if (!lifecycle_status_answered(s) || st->result == LC_NONE) {
		if (a->result == LC_CONFIRMED)
			return confirm(f, a);
		set_result(f, a);
		take_details(st, a);
		st->status = LC_VERIFIED;
		st->first_team = a->team;
		st->first_result = a->result;
		if (picked_for_cross_check(f->t->code, f->set->cross_check_share)) {
			const char *to =
			    next_team(f->set, empty(a->team) ? f->t->responsible_team : a->team);
			if (to && !same_team(to, a->team)) {
				st->cross_team = to;
				st->status = LC_CROSS_CHECK;
				note(f, "cross-check: sent to %s for a second look", to);
			}
		}
		if (st->pending_eradication)
			note(f, "an eradication was reported for this target: see the office");
		return LC_APPLIED;
	}
	if (!strcmp(s, LC_ERADICATED) || !strcmp(s, LC_REOPENED) || !strcmp(s, LC_CLOSED))
		return look_after_eradication(f, a);
	if (st->result == LC_CONFIRMED) { /* verified, confirmed */
		if (a->result == LC_CONFIRMED)
			return confirmed_again(f, a);
		take_details(st, a);
		if (a->reason && !strcmp(a->reason, "已铲除"))
			return LC_NOTED;
		conflict(f, a);
		return LC_CONFLICTS;
	}
	/* verified or waiting for the cross-check: the standing answer is 非毒品/未找到 */
	if (a->result == LC_CONFIRMED)
		return confirm(f, a);
	take_details(st, a);
	if (!strcmp(s, LC_CROSS_CHECK) && !same_team(a->team, st->first_team)) {
		st->status = LC_VERIFIED;
		st->result_team = a->team;
		if (a->result != st->result) {
			note(f, "the second look says %s, %s said %s",
			     lifecycle_result_cn(a->result), team_or(st->first_team),
			     lifecycle_result_cn(st->first_result));
			st->result = a->result;
		} else {
			note(f, "the second look agrees");
		}
		return LC_APPLIED;
	}
	if (a->result != st->result) {
		note(f, "%s now says %s (was %s)", team_or(a->team), lifecycle_result_cn(a->result),
		     lifecycle_result_cn(st->result));
		st->result = a->result;
		st->result_team = a->team;
		return LC_APPLIED;
	}
	return LC_NOTED;
}

struct order {
	const struct lc_answer *a;
	size_t index;
};

static int rank(const struct lc_answer *a)
{
	if (a->eradicated_on[0])
		return 2;
	return a->result != LC_NONE;
}

/* Field order: the answer's date, a look before an eradication on the
 * same day, then the content key, so every arrival order folds alike. */
static int field_order(const void *pa, const void *pb)
{
	const struct lc_answer *a = ((const struct order *)pa)->a,
			       *b = ((const struct order *)pb)->a;
	int c = strcmp(a->date, b->date);

	if (c)
		return c;
	if (rank(a) != rank(b))
		return rank(a) - rank(b);
	c = strcmp(a->key ? a->key : "", b->key ? b->key : "");
	if (c)
		return c;
	return ((const struct order *)pa)->index < ((const struct order *)pb)->index ? -1 : 1;
}

void lifecycle_fold(const struct lc_target *t, const struct lc_answer *answers, size_t n,
		    const struct lc_settings *set, const char *as_of, struct lc_state *st,
		    enum lc_outcome *outcomes, struct strbuf *notes)
{
	struct order *order = xcalloc(n ? n : 1, sizeof *order);
	struct fold f = {t, set, st, NULL, answers, notes, outcomes, {NULL}, 0};
	size_t i, m = 0;

	memset(st, 0, sizeof *st);
	st->status = t->base_status ? t->base_status : LC_ASSIGNED;
	st->stood_distance_m = -1;
	for (i = 0; i < n; i++) {
		if (outcomes)
			outcomes[i] = LC_NOTED;
		if (as_of && (strncmp(answers[i].date, as_of, 10) > 0 ||
			      strncmp(answers[i].received, as_of, 10) > 0))
			continue;
		order[m].a = &answers[i];
		order[m].index = i;
		m++;
	}
	qsort(order, m, sizeof *order, field_order);
	for (i = 0; i < m; i++) {
		enum lc_outcome o;
		f.note = notes ? &notes[order[i].index] : NULL;
		o = step(&f, order[i].a);
		if (outcomes)
			outcomes[order[i].index] = o;
	}
	if (as_of && st->revisit_due[0] && !strcmp(st->status, LC_ERADICATED) &&
	    strncmp(st->revisit_due, as_of, 10) <= 0)
		st->status = LC_REVISIT_DUE;
	free(order);
}
