/* answers: the bridge between what teams said (kept in the store) and what
 * a target is (the lifecycle's fold).  Feedback, export and report fold a
 * target's answers here, up to a day, and write the result into the
 * target's fields; nothing else sets a target's lifecycle fields. */
#ifndef SWEEP_ANSWERS_H
#define SWEEP_ANSWERS_H

#include "county.h"
#include "lifecycle.h"
#include "store.h"
#include "target.h"

/* The lifecycle's settings from the county's.  Free with answers_settings_release. */
void answers_settings(const struct county *c, struct lc_settings *set);
void answers_settings_release(struct lc_settings *set);

/* Folds answers[0..n) of t up to as_of (NULL: all, no revisit timing) and
 * writes status, result, figures, flags, cross-check and revisit fields into
 * *t.  outcomes/notes as lifecycle_fold. */
void answers_apply(struct target *t, const struct store_answer *answers, size_t n,
		   const struct lc_settings *set, const char *as_of, enum lc_outcome *outcomes,
		   struct strbuf *notes);

/* The run [*from, *to) of a target's answers in a list loaded for all. */
void answers_find(const struct store_answers *list, long long target_id, size_t *from, size_t *to);

/* Every target of all[0..n) as of a day, from the answers of all targets
 * (loaded once with store_answers_load(s, 0, ...)). */
void answers_apply_all(const struct store_answers *list, struct target *all, size_t n,
		       const struct lc_settings *set, const char *as_of);

/* The one-line account of an answer for the audit trail: what was said,
 * by whom, on which day (never the state it led to, so the trail reads
 * the same whatever order files came in). */
void answers_describe(const struct store_answer *sa, struct strbuf *sb);
#endif
