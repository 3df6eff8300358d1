/* Unit tests: pipeline/lifecycle, driven by the transition table
 * tests/data/lifecycle.txt (PROJ's gie idea: the behaviour is a data file).
 *
 * Each case lists answers in the order they arrive, and what the target
 * is afterwards.  An answer line repeated exactly is a resend and, as in
 * the store, is dropped before folding.  Every case is also folded in every
 * other arrival order (all permutations up to 7 answers), which must give
 * the same state: files arriving late or out of order change nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"
#include "strbuf.h"
#include "tap.h"

#define MAX_ANSWERS 12

struct lc_case {
	char name[256];
	char lines[MAX_ANSWERS][512];
	struct lc_answer a[MAX_ANSWERS];
	size_t n;
	char asof[16];
	char expect[1024];
	int line;
};

static char settings_teams[256] = "T01,T02,T03,T04";
static const char *team_ids[16];
static size_t n_team_ids;
static char stages[256];
static struct lc_settings set = {1.0, 30, stages, team_ids, 0};
static char target_code[64] = "TM26-0003", target_team[32] = "T01",
	    target_status[32] = "dispatched";

/* The value after "key=" in a line of space-separated pairs, into out. */
static int pair(const char *line, const char *key, char *out, size_t size)
{
	size_t n = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[n] == '=') {
			const char *v = p + n + 1, *e = strchr(v, ' ');
			size_t len = e ? (size_t)(e - v) : strlen(v);
			if (len >= size)
				len = size - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return 1;
		}
		p += n;
	}
	out[0] = '\0';
	return 0;
}

static void parse_settings(const char *line)
{
	char v[256], *p, *tok;

	if (pair(line, "share", v, sizeof v))
		set.cross_check_share = strtod(v, NULL);
	if (pair(line, "days", v, sizeof v))
		set.revisit_days = strtol(v, NULL, 10);
	if (pair(line, "stages", v, sizeof v))
		snprintf(stages, sizeof stages, "%s", v);
	if (pair(line, "teams", v, sizeof v))
		snprintf(settings_teams, sizeof settings_teams, "%s", v);
	n_team_ids = 0;
	p = settings_teams;
	static char teams_copy[256];
	snprintf(teams_copy, sizeof teams_copy, "%s", settings_teams);
	p = teams_copy;
	while ((tok = strsep(&p, ",")) != NULL && n_team_ids < 16)
		team_ids[n_team_ids++] = tok;
	set.team_ids = team_ids;
	set.n_teams = n_team_ids;
}

/* Answer strings live in the case's line buffer: values are cut out in place
 * into per-answer storage. */
static char strings[MAX_ANSWERS][6][128];

static void parse_answer(struct lc_case *c, const char *line)
{
	struct lc_answer *a = &c->a[c->n];
	char v[128];
	int r;

	memset(a, 0, sizeof *a);
	snprintf(c->lines[c->n], sizeof c->lines[c->n], "%s", line);
	pair(line, "team", strings[c->n][0], 128);
	a->team = strings[c->n][0];
	pair(line, "date", a->date, sizeof a->date);
	pair(line, "received", a->received, sizeof a->received);
	pair(line, "result", v, sizeof v);
	r = v[0] ? lifecycle_result_parse(v) : 0;
	a->result = r > 0 ? (enum lc_result)r : LC_NONE;
	pair(line, "species", strings[c->n][1], 128);
	a->species = strings[c->n][1];
	a->plants = pair(line, "plants", v, sizeof v) ? strtol(v, NULL, 10) : 0;
	a->area_m2 = pair(line, "area", v, sizeof v) ? strtod(v, NULL) : -1;
	pair(line, "erad", a->eradicated_on, sizeof a->eradicated_on);
	if (!a->date[0])
		memcpy(a->date, a->eradicated_on, sizeof a->date);
	if (!a->received[0])
		memcpy(a->received, a->date, sizeof a->received);
	a->case_filed = pair(line, "case", v, sizeof v) && !strcmp(v, "是");
	a->persons = pair(line, "persons", v, sizeof v) ? strtol(v, NULL, 10) : 0;
	pair(line, "reason", strings[c->n][2], 128);
	a->reason = strings[c->n][2];
	a->far_from_target = pair(line, "far", v, sizeof v);
	/* the content key: the line itself, so an identical line is a resend */
	snprintf(strings[c->n][3], 128, "%.127s", line);
	a->key = strings[c->n][3];
	c->n++;
}

static void describe(const struct lc_state *st, struct strbuf *sb)
{
	size_t i;
	int first = 1;

	strbuf_reset(sb);
	strbuf_addf(sb, "status=%s result=%s species=%s plants=%ld area=%.0f verified=%s erad=",
		    st->status, st->result ? lifecycle_result_code(st->result) : "none",
		    st->species && *st->species ? st->species : "none", st->plants, st->area_m2,
		    st->verified_on[0] ? st->verified_on : "none");
	for (i = 0; i < st->n_eradications; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", st->eradications[i].on);
	if (!st->n_eradications)
		strbuf_adds(sb, "none");
	strbuf_addf(sb, " revisit=%s case=%d persons=%ld cross=%s flags=",
		    st->revisit_due[0] ? st->revisit_due : "none", st->case_filed, st->persons,
		    st->cross_team ? st->cross_team : "none");
#define FLAG(cond, name)                                                                           \
	if (cond) {                                                                                \
		strbuf_addf(sb, "%s%s", first ? "" : ",", name);                                   \
		first = 0;                                                                         \
	}
	FLAG(st->conflict, "conflict");
	FLAG(st->other_team, "other_team");
	FLAG(st->criminal, "criminal");
	FLAG(st->far_from_target, "far");
	FLAG(st->evidence, "evidence");
#undef FLAG
	if (first)
		strbuf_adds(sb, "none");
}

static const char *const outcome_names[] = {"applied", "noted", "conflicts", "waiting"};

static void fold_case(const struct lc_case *c, const size_t *perm, struct lc_state *st,
		      enum lc_outcome *outcomes, struct strbuf *notes)
{
	struct lc_answer a[MAX_ANSWERS];
	struct lc_target t = {target_code, target_team[0] ? target_team : NULL, target_status};
	size_t i, j, n = 0;

	/* repeats dropped by key, as the store does */
	for (i = 0; i < c->n; i++) {
		const struct lc_answer *x = &c->a[perm[i]];
		for (j = 0; j < n; j++)
			if (!strcmp(a[j].key, x->key))
				break;
		if (j == n)
			a[n++] = *x;
	}
	lifecycle_fold(&t, a, n, &set, c->asof[0] ? c->asof : NULL, st, outcomes, notes);
}

static int next_permutation(size_t *p, size_t n)
{
	size_t i, j, k;

	if (n < 2)
		return 0;
	i = n - 1;
	while (i > 0 && p[i - 1] >= p[i])
		i--;
	if (i == 0)
		return 0;
	j = n - 1;
	while (p[j] <= p[i - 1])
		j--;
	k = p[i - 1], p[i - 1] = p[j], p[j] = k;
	for (j = n - 1; i < j; i++, j--)
		k = p[i], p[i] = p[j], p[j] = k;
	return 1;
}

static void run_case(const struct lc_case *c)
{
	struct lc_state st;
	struct strbuf got = STRBUF_INIT, other = STRBUF_INIT, notes[MAX_ANSWERS];
	enum lc_outcome outcomes[MAX_ANSWERS];
	size_t perm[MAX_ANSWERS], i;
	char *expect = strdup(c->expect), *p = expect, *tok, name[400], want[128];
	int permutations_agree = 1;

	for (i = 0; i < MAX_ANSWERS; i++) {
		notes[i] = (struct strbuf)STRBUF_INIT;
		perm[i] = i;
	}
	fold_case(c, perm, &st, outcomes, notes);
	describe(&st, &got);
	while ((tok = strsep(&p, " ")) != NULL) {
		char key[64], *eq = strchr(tok, '='), have[256];
		if (!eq)
			continue;
		snprintf(key, sizeof key, "%.*s", (int)(eq - tok), tok);
		snprintf(want, sizeof want, "%s", eq + 1);
		snprintf(name, sizeof name, "line %d: %s: %s", c->line, c->name, key);
		if (!strcmp(key, "outcome")) {
			/* the outcome of the last answer as listed */
			tap_str(outcome_names[outcomes[c->n - 1]], want, name);
		} else if (!strcmp(key, "note")) {
			/* a word the last answer's note must contain (_ for space) */
			for (char *u = want; *u; u++)
				if (*u == '_')
					*u = ' ';
			tap_ok(strstr(strbuf_str(&notes[c->n - 1]), want) != NULL, name);
			if (!strstr(strbuf_str(&notes[c->n - 1]), want))
				printf("#   note: '%s'\n", strbuf_str(&notes[c->n - 1]));
		} else {
			if (!pair(strbuf_str(&got), key, have, sizeof have))
				snprintf(have, sizeof have, "(no such key)");
			tap_str(have, want, name);
		}
	}
	/* every other arrival order folds to the same state */
	if (c->n <= 7)
		while (next_permutation(perm, c->n)) {
			struct lc_state st2;
			fold_case(c, perm, &st2, NULL, NULL);
			describe(&st2, &other);
			if (strcmp(strbuf_str(&other), strbuf_str(&got)) != 0) {
				permutations_agree = 0;
				printf("#   order");
				for (i = 0; i < c->n; i++)
					printf(" %zu", perm[i]);
				printf(": %s\n#   first: %s\n", strbuf_str(&other),
				       strbuf_str(&got));
				break;
			}
		}
	snprintf(name, sizeof name, "line %d: %s: every arrival order gives the same state",
		 c->line, c->name);
	tap_ok(permutations_agree, name);
	free(expect);
	strbuf_release(&got);
	strbuf_release(&other);
	for (i = 0; i < MAX_ANSWERS; i++)
		strbuf_release(&notes[i]);
}

int main(int argc, char **argv)
{
	const char *src = getenv("SWEEP_SOURCE");
	char path[1024], line[1024];
	struct lc_case c;
	FILE *f;
	int lineno = 0, in_case = 0, cases = 0;

	snprintf(path, sizeof path, "%s/tests/data/lifecycle.txt",
		 argc > 1 ? argv[1] : (src ? src : "."));
	f = fopen(path, "r");
	tap_ok(f != NULL, "the transition table opens");
	if (!f)
		return tap_done();
	parse_settings("");
	while (fgets(line, sizeof line, f)) {
		char *s = line, *e;
		lineno++;
		e = s + strlen(s);
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
			*--e = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		if (!strncmp(s, "settings ", 9))
			parse_settings(s + 9);
		else if (!strncmp(s, "target ", 7)) {
			pair(s, "code", target_code, sizeof target_code);
			pair(s, "team", target_team, sizeof target_team);
			pair(s, "status", target_status, sizeof target_status);
		} else if (!strncmp(s, "case ", 5)) {
			memset(&c, 0, sizeof c);
			snprintf(c.name, sizeof c.name, "%s", s + 5);
			c.line = lineno;
			in_case = 1;
		} else if (in_case && !strncmp(s, "answer ", 7) && c.n < MAX_ANSWERS)
			parse_answer(&c, s + 7);
		else if (in_case && !strncmp(s, "asof ", 5))
			snprintf(c.asof, sizeof c.asof, "%s", s + 5);
		else if (in_case && !strncmp(s, "expect ", 7)) {
			snprintf(c.expect, sizeof c.expect, "%s", s + 7);
			run_case(&c);
			cases++;
			in_case = 0;
		} else {
			printf("# %s:%d: cannot read '%s'\n", path, lineno, s);
			tap_ok(0, "the transition table reads");
		}
	}
	fclose(f);
	printf("# %d cases\n", cases);
	/* placement and dispatch: only the states before any answer move */
	tap_str(lifecycle_after_placement(LC_ISSUED, 1), LC_ASSIGNED,
		"placed with a team: assigned");
	tap_str(lifecycle_after_placement(LC_ASSIGNED, 0), LC_ISSUED, "its team gone: issued");
	tap_str(lifecycle_after_placement(LC_CROSS_CHECK, 1), LC_CROSS_CHECK,
		"a re-assignment never undoes a cross-check");
	tap_str(lifecycle_after_placement(LC_ERADICATED, 0), LC_ERADICATED, "nor an eradication");
	tap_str(lifecycle_after_dispatch(LC_ASSIGNED), LC_DISPATCHED, "a packet dispatches");
	tap_str(lifecycle_after_dispatch(LC_REVISIT_DUE), LC_REVISIT_DUE,
		"a revisit packet leaves the site due");
	return tap_done();
}
