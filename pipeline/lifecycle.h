/* lifecycle: the one place that knows a target's statuses, the answer
 * vocabulary (核查结果, 种类, 非毒品原因) and every transition.
 *
 * A target's state is not overwritten answer by answer: it is the fold of
 * everything its teams said, taken in the order it happened in the field
 * (the answer's own date, then a fixed order), starting from what ingest and
 * export made of it.  So files arriving late or out of order give the same
 * state as files arriving in order; an older answer never moves a target
 * backward, and where it contradicts a later one both stand and the target
 * is flagged `conflict`.  The same answer twice is one answer (callers drop
 * repeats by the answer's content key before folding).
 *
 * Pure functions: no store, no files, no clock (the date to fold up to is
 * an argument).  The transition table in tests/data/lifecycle.txt is run
 * against this module by tests/unit/test_lifecycle.c. */
#ifndef SWEEP_LIFECYCLE_H
#define SWEEP_LIFECYCLE_H

#include <stddef.h>

#include "strbuf.h"

/* Status values, as stored and printed.  Before any answer: issued
 * (received, no team), assigned (placed with a team), dispatched (in a
 * packet the team has). */
#define LC_ISSUED "issued"
#define LC_ASSIGNED "assigned"
#define LC_DISPATCHED "dispatched"
#define LC_VERIFIED "verified"       /* checked on the ground: see the result */
#define LC_CROSS_CHECK "cross_check" /* 非毒品/未找到, waiting for a second team's look */
#define LC_ERADICATED "eradicated"   /* confirmed and pulled out */
#define LC_REVISIT_DUE "revisit_due" /* eradicated, time to look again (回访复查) */
#define LC_REOPENED "reopened"       /* regrowth found on a revisit */
#define LC_CLOSED "closed"           /* revisited clean */

/* Every status, NULL-terminated, in lifecycle order. */
extern const char *const lifecycle_statuses[];

enum lc_result { LC_NONE, LC_CONFIRMED, LC_FALSE_POSITIVE, LC_NOT_FOUND };

/* Flags the lifecycle owns in a target's flag list (the rest, such as
 * near_boundary, belong to ingest). */
#define LC_FLAG_CONFLICT "conflict"           /* answers contradict each other */
#define LC_FLAG_OTHER_TEAM "cross_check"      /* answered by a team with no task */
#define LC_FLAG_CRIMINAL "criminal_threshold" /* file a criminal case */
#define LC_FLAG_FAR_FROM_TARGET "far_from_target"
#define LC_FLAG_EVIDENCE "evidence_check"
#define LC_FLAG_PHOTO_MISSING "photo_missing" /* a photo named in an answer is not there */
extern const char *const lifecycle_flags[];   /* NULL-terminated */

/* What the caller's checks of an answer's evidence found (lc_answer's
 * evidence, kept as one number in the store). */
#define LC_EVIDENCE_CHECK 1         /* photos or counts that do not fit: evidence_check */
#define LC_EVIDENCE_PHOTO_MISSING 2 /* a photo named but not delivered: photo_missing */

/* The answer vocabulary, as the template offers it: NULL-terminated
 * lists for the drop-down lists and messages. */
extern const char *const lifecycle_result_words[];  /* 是毒品原植物 ... */
extern const char *const lifecycle_species_words[]; /* 罂粟 大麻 其他 */
extern const char *const lifecycle_reason_words[];  /* 其他作物 ... */
/* 是毒品原植物/是/confirmed ... -> the result; -1 when unknown. */
int lifecycle_result_parse(const char *text);
const char *lifecycle_result_code(enum lc_result r); /* confirmed ...; NULL for NONE */
const char *lifecycle_result_cn(enum lc_result r);   /* 是毒品原植物 ...; "" for NONE */
enum lc_result lifecycle_result_from_code(const char *code);

/* One answer a team gave about one target (a feedback row).  Strings are
 * borrowed; "" or NULL when not given. */
struct lc_answer {
	const char *team;       /* the team that answered */
	char date[11];          /* field date: 核查日期, else 铲除日期, else received */
	char received[11];      /* the day sweep took it */
	enum lc_result result;  /* LC_NONE: a position or an eradication only */
	const char *species;    /* 罂粟 大麻 其他 */
	long plants;            /* 0: not given */
	double area_m2;         /* < 0: not given */
	char eradicated_on[11]; /* "": not given */
	int case_filed;         /* 是否立案 = 是 */
	long persons;           /* 处理人数 */
	const char *reason;     /* 非毒品原因 */
	int has_position;       /* stood_* given */
	double stood_lon, stood_lat, stood_distance_m;
	int far_from_target, evidence; /* found by the caller's checks: LC_EVIDENCE_* bits */
	const char *key;               /* content hash: the tie-break, and what makes a repeat */
};

struct lc_settings {
	double cross_check_share; /* share of 非毒品/未找到 answers sent for a second look */
	long revisit_days;
	const char *revisit_stages;  /* "开花=2026-04-20, 挂果=2026-06-01" */
	const char *const *team_ids; /* in the teams table's order */
	size_t n_teams;
};

#define LC_MAX_ERADICATIONS 16

/* What a target is, as of a date.  Strings point into the answers, the
 * settings or the target given to lifecycle_fold. */
struct lc_state {
	const char *status;
	enum lc_result result;
	const char *species;
	const char *result_team; /* who gave the standing result */
	char verified_on[11];    /* first field date with a result */
	/* eradications: one per date; a regrowth adds, a repeat keeps the larger */
	size_t n_eradications;
	struct {
		char on[11];
		long plants;
		double area_m2;
	} eradications[LC_MAX_ERADICATIONS];
	long plants;    /* season total */
	double area_m2; /* season total (0 when none given) */
	char revisit_due[11];
	int case_filed;
	long persons;
	const char *reason;
	/* the cross-check: who gave the first 非毒品/未找到 look, and who is to look again */
	const char *first_team, *cross_team;
	enum lc_result first_result;
	int has_position;
	double stood_lon, stood_lat, stood_distance_m;
	int conflict, other_team, criminal, far_from_target, evidence;
	/* an eradication that came before its confirmation (in field order) */
	const struct lc_answer *pending_eradication;
};

/* What one answer did in the fold. */
enum lc_outcome {
	LC_APPLIED,   /* moved the target or added figures */
	LC_NOTED,     /* recorded; nothing to change */
	LC_CONFLICTS, /* recorded; contradicts another answer: flagged */
	LC_WAITING,   /* an eradication waiting for its confirmation */
};

struct lc_target {
	const char *code;             /* picks the cross-checked share */
	const char *responsible_team; /* from the village; NULL when none */
	const char *base_status;      /* issued, assigned or dispatched */
};

/* Folds answers[0..n) (any order; repeats already dropped) taken up to
 * as_of (YYYY-MM-DD: answers dated or received after it are left out)
 * into *st.  outcomes[i] and notes[i] (both optional; notes[i] strbufs the
 * caller owns) tell what each answer did, in words for the office. */
void lifecycle_fold(const struct lc_target *t, const struct lc_answer *answers, size_t n,
		    const struct lc_settings *set, const char *as_of, struct lc_state *st,
		    enum lc_outcome *outcomes, struct strbuf *notes);

/* The revisit date of a site eradicated on `day`: [revisit] days later, or
 * the first crop stage after it when that comes sooner. */
void lifecycle_revisit_date(const struct lc_settings *set, const char *day, char out[11]);

/* The status after placement in a village: a target nobody has answered
 * is assigned when the village has a team, issued when not; later states
 * stay (a re-assignment never undoes a task or an answer). */
const char *lifecycle_after_placement(const char *status, int has_team);
/* The status after a packet carried the target: assigned -> dispatched. */
const char *lifecycle_after_dispatch(const char *status);

/* Whether a status is past the first look (an answer stands). */
int lifecycle_status_answered(const char *status);

#endif
