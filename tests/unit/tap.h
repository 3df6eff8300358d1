/* tap: a minimal TAP producer for unit tests (one "ok N - name" line per
 * check, meson's protocol: 'tap').  Tolerances are stated at each call. */
#ifndef SWEEP_TAP_H
#define SWEEP_TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;
/* inline: each test uses a different subset */

static inline void tap_ok(int cond, const char *name)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
}

static inline void tap_near(double got, double want, double tol, const char *name)
{
	int good = fabs(got - want) <= tol;
	tap_ok(good, name);
	if (!good)
		printf("#   got %.10f, want %.10f (tolerance %g)\n", got, want, tol);
}

static inline void tap_str(const char *got, const char *want, const char *name)
{
	int good = got && want && strcmp(got, want) == 0;
	tap_ok(good, name);
	if (!good)
		printf("#   got '%s', want '%s'\n", got ? got : "(null)", want ? want : "(null)");
}

/* A uniform number in [lo, hi) from a xorshift generator: the same
 * sequence on every machine, so a failure can be replayed. */
static inline double tap_uniform(unsigned long long *state, double lo, double hi)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return lo + (hi - lo) * (double)(*state >> 11) / 9007199254740992.0;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
