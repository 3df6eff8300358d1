/* libFuzzer harness: the lifecycle fold (pipeline/lifecycle) on answers
 * made from the input, checking its promise: the same answers in another
 * arrival order give the same state, and no total is ever negative. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lifecycle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const teams[] = {"T01", "T02", "T03"};
static const char *const species[] = {"", "罂粟", "大麻", "其他"};
static const char *const reasons[] = {"", "其他作物", "已铲除", "裸地"};

static void digest(const struct lc_state *st, char *out, size_t n)
{
	snprintf(out, n, "%s %d %ld %.1f %s %d %ld %s %d%d%d%d%d %zu", st->status, (int)st->result,
		 st->plants, st->area_m2, st->revisit_due, st->case_filed, st->persons,
		 st->cross_team ? st->cross_team : "-", st->conflict, st->other_team, st->criminal,
		 st->far_from_target, st->evidence, st->n_eradications);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lc_answer a[8], b[8];
	char keys[8][8], d1[256], d2[256];
	struct lc_settings set = {0.5, 30, "开花=2026-04-20", teams, 3};
	struct lc_target t = {"TM26-0003", "T01", LC_DISPATCHED};
	struct lc_state s1, s2;
	size_t n = 0, i;

	memset(a, 0, sizeof a);
	while (size >= 6 && n < 8) {
		struct lc_answer *x = &a[n];
		int day = 1 + data[0] % 60, erad = data[1] & 1;
		x->team = teams[(data[1] >> 1 & 3) % 3];
		snprintf(x->date, sizeof x->date, "2026-%02d-%02d", 4 + (day - 1) / 30,
			 1 + (day - 1) % 30);
		memcpy(x->received, x->date, sizeof x->received);
		x->result = (enum lc_result)(data[2] & 3);
		x->species = species[data[2] >> 2 & 3];
		x->plants = data[3] * 4;
		x->area_m2 = (data[4] & 1) ? data[4] : -1;
		if (erad)
			memcpy(x->eradicated_on, x->date, sizeof x->eradicated_on);
		x->case_filed = data[5] & 1;
		x->persons = data[5] >> 1 & 3;
		x->reason = reasons[data[5] >> 3 & 3];
		snprintf(keys[n], sizeof keys[n], "k%zu", n);
		x->key = keys[n];
		data += 6, size -= 6, n++;
	}
	lifecycle_fold(&t, a, n, &set, NULL, &s1, NULL, NULL);
	for (i = 0; i < n; i++) /* reversed arrival */
		b[i] = a[n - 1 - i];
	lifecycle_fold(&t, b, n, &set, NULL, &s2, NULL, NULL);
	digest(&s1, d1, sizeof d1);
	digest(&s2, d2, sizeof d2);
	if (strcmp(d1, d2) != 0 || s1.plants < 0 || s1.area_m2 < 0)
		__builtin_trap();
	return 0;
}
