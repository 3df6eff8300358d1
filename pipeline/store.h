/* store: the workspace's records -- its SQLite file (sweep.db), or a
 * PostgreSQL database shared by several offices -- and the only place that
 * speaks SQL (storedb.h runs it on either).
 *
 * WAL journal, foreign keys on, schema versioned by PRAGMA user_version with
 * forward-only migrations applied in one transaction.  Callers group every
 * change in store_begin/store_commit; a crash or kill in between leaves the
 * store as it was (SQLite's atomic commit).  History is append-only: events
 * are inserted, never updated or deleted (triggers refuse it), and each
 * carries the SHA-256 of itself and of the entry before it, so an edit made
 * behind sweep's back (triggers dropped, file patched) shows in
 * store_verify_chain. */
#ifndef SWEEP_STORE_H
#define SWEEP_STORE_H

#include "err.h"
#include "lifecycle.h"
#include "strbuf.h"
#include "target.h"

struct store;

struct store_drop {
	long long id;
	char file[512];
	char sha256[65];
	char ingested_at[32];
	long rows_total, rows_accepted, rows_rejected;
	char depends[80]; /* the fingerprint of what its refusals depended on */
};

/* Opens (create: creates and migrates) the store: an SQLite file at
 * location, or a shared PostgreSQL store when location is a postgresql://
 * URL, where county is the county this office acts for (ignored for a
 * file).  Free with store_close. */
struct store *store_open(const char *location, const char *county, int create,
			 struct sweep_err *err);
/* Opens an existing store for reading only (works on a read-only disk).
 * Free with store_close. */
struct store *store_open_readonly(const char *location, const char *county, struct sweep_err *err);
void store_close(struct store *s);
int store_schema_version(struct store *s);

int store_begin(struct store *s, struct sweep_err *err);
/* Within a transaction that writes a row per target of a whole drop (a
 * province's ingest writes a million at once): a 256 MB cache, so its
 * pages do not spill to the WAL and get read back (readers keep SQLite's
 * 2 MB, so their memory stays flat), and the indexes nothing looks up
 * during the write dropped, to be built again by store_bulk_end before
 * the commit.  A rollback restores them with everything else.  asks_nearest:
 * the write calls store_target_nearest (its places index stays). */
int store_bulk_begin(struct store *s, int asks_nearest, struct sweep_err *err);
int store_bulk_end(struct store *s, struct sweep_err *err);
int store_commit(struct store *s, struct sweep_err *err);
void store_rollback(struct store *s);
/* Reads that must agree with each other (a report's passes, a status's
 * counts) between these see one state of the store, whatever other
 * processes commit meanwhile; nothing may be written in between. */
int store_snapshot_begin(struct store *s, struct sweep_err *err);
void store_snapshot_end(struct store *s);
/* The same, and a second read-only store (another connection to the same
 * file or database) whose snapshot is the same state, for reading on
 * another thread beside this one.  *twin is NULL when none can be had (on
 * SQLite a writer at work, or a store that may not be written): then s's
 * snapshot alone is begun.  The caller ends the twin's snapshot and closes
 * it. */
int store_snapshot_begin_twin(struct store *s, struct store **twin, struct sweep_err *err);

int store_meta_set(struct store *s, const char *key, const char *value, struct sweep_err *err);
/* Fresh copy of the value, or NULL.  The caller frees. */
char *store_meta_get(struct store *s, const char *key);

/* 1 and fills *d when a drop with that hash exists, 0 when not, -1 on error. */
int store_drop_find(struct store *s, const char *sha256, struct store_drop *d,
		    struct sweep_err *err);
long long store_drop_add(struct store *s, const char *file, const char *sha256, const char *format,
			 const char *encoding, const char *now, struct sweep_err *err);
int store_drop_finish(struct store *s, long long drop_id, long total, long accepted, long rejected,
		      const char *depends, struct sweep_err *err);

/* 1 and fills *t (release it) when the code exists, 0 when not, -1 on error. */
int store_target_get(struct store *s, const char *code, struct target *t, struct sweep_err *err);
/* store_target_get of n codes at once: found[i] = 1 and targets[i]
 * filled (the caller releases it) when the store holds codes[i], else 0
 * and targets[i] empty.  A big drop asks for a thousand rows at a time (on
 * PostgreSQL one round trip, where a lookup per row was one each).  0 or
 * -1. */
int store_targets_get_many(struct store *s, const char *const *codes, size_t n,
			   struct target *targets, unsigned char *found, struct sweep_err *err);
/* Inserts (t->id == 0, then set) or updates the target and its index entry. */
int store_target_save(struct store *s, struct target *t, struct sweep_err *err);
/* Appends every stored field of t, and the team whose answer stands, to sb
 * in one fixed binary form: the same bytes for the same row (a key for
 * what was made from it, such as a team's packet). */
void store_target_digest(const struct target *t, struct strbuf *sb);
/* Appends to the audit trail. */
int store_event_add(struct store *s, long long target_id, const char *at, const char *kind,
		    const char *detail, long long drop_id, const char *file, long line,
		    struct sweep_err *err);

/* The nearest target within radius_m of (x, y) other than `exclude_code`:
 * open ones (confirmed_before_drop == 0), or ones confirmed in a drop
 * before that id.  Returns 1 and copies its code, 0 when none, -1 on error. */
int store_target_nearest(struct store *s, double x, double y, double radius_m,
			 const char *exclude_code, long long confirmed_before_drop, char *code,
			 size_t code_size, double *dist_m, struct sweep_err *err);

struct store_filter {
	const char *status;          /* NULL: any */
	const char *const *statuses; /* or any of these (NULL-terminated), when set */
	const char *team;            /* team id; NULL: any */
	const char *village_code;    /* NULL: any */
	int open_only;
	int tasks; /* with team: the team's work, cross-checks of others' targets included */
	int answered_only; /* only targets some team has answered (an answer is stored) */
};

/* 1 when a target from a drop before `drop_id` was confirmed a drug plant
 * (a repeat site can then exist), 0 when none was, -1 on error. */
int store_any_confirmed_before(struct store *s, long long drop_id, struct sweep_err *err);
/* Each open target's code and local x/y, for what needs only where
 * targets are (imagery coverage, flight areas): a province's million rows
 * are not read whole.  Ordered by code when by_code, else as stored (one
 * pass in file order).  Stops when fn returns non-zero. */
int store_open_points_each(struct store *s, int by_code,
			   int (*fn)(void *ctx, const char *code, double x, double y), void *ctx,
			   struct sweep_err *err);
/* Each target store_target_nearest may link a new one to as a duplicate
 * (open, not itself a duplicate): its code and local x/y, as stored.  A
 * big drop keeps them in memory (geo/point_index) and asks there. */
int store_link_candidates_each(struct store *s,
			       int (*fn)(void *ctx, const char *code, double x, double y),
			       void *ctx, struct sweep_err *err);
/* Calls fn for each matching target, ordered by code; stops when fn
 * returns non-zero (and returns that). */
int store_targets_each(struct store *s, const struct store_filter *filter,
		       int (*fn)(void *ctx, struct target *t), void *ctx, struct sweep_err *err);

/* Targets no team has answered (no answer stored), counted per village
 * for a monthly table, which needs no more of them: those created on or
 * before `by` that are not duplicates, and how many of them had their
 * deadline before `by`.  Calls fn once per village code, in code order;
 * stops when fn returns non-zero. */
int store_unanswered_by_village(struct store *s, const char *by,
				int (*fn)(void *ctx, const char *village_code, long received,
					  long overdue),
				void *ctx, struct sweep_err *err);

struct store_count {
	char key[256];
	char status[32];
	long count;
	long duplicates;
};
/* Counts targets grouped by `by` ("township", "village", "team" or
 * "status") and status, ordered by key then status.  *out is fresh memory
 * the caller frees. */
int store_count_by(struct store *s, const char *by, struct store_count **out, size_t *n,
		   struct sweep_err *err);
struct store_summary {
	long drops, targets, open;
	long near_boundary, outside_county, no_team, duplicate, repeat_site;
};
enum store_section {
	STORE_BY_STATUS,
	STORE_BY_TOWNSHIP,
	STORE_BY_VILLAGE,
	STORE_BY_TEAM,
	STORE_BY_N
};
struct store_counts {
	struct store_summary sum;
	struct store_count *by[STORE_BY_N]; /* as store_count_by gives them */
	size_t n[STORE_BY_N];
};
/* The summary and every section at once, from one pass over an index
 * that holds what they count (a province's status reads 100 MB of index,
 * not 1 GB of rows five times).  Release with store_counts_release. */
int store_count_all(struct store *s, struct store_counts *out, struct sweep_err *err);
void store_counts_release(struct store_counts *c);
/* Where the audit chain breaks, for `sweep verify`. */
struct store_chain_break {
	long long event_id;
	char target_code[128], at[40], kind[32], reason[128];
};
/* Walks the audit trail recomputing its hash chain.  0 intact (n_events
 * counted), 1 broken (brk says where and how), -1 error. */
int store_verify_chain(struct store *s, long *n_events, struct store_chain_break *brk,
		       struct sweep_err *err);

/* The number of entries up to upto_id (0: all) and the last one's hash. */
int store_chain_head(struct store *s, long long upto_id, long *count, char hash[65],
		     struct sweep_err *err);
/* The same for the trail up to the last entry recorded on or before a day
 * (YYYY-MM-DD). */
int store_chain_head_as_of(struct store *s, const char *day, long *count, char hash[65],
			   struct sweep_err *err);
/* Checks that the records agree with the audit trail (targets, drops and
 * answers that the trail does not account for, or that it names but are
 * gone); calls fn with each problem in words.  Returns how many, -1 on
 * error. */
int store_verify_records(struct store *s, int (*fn)(void *ctx, const char *problem), void *ctx,
			 struct sweep_err *err);

struct store_event {
	long long id;
	const char *at, *kind, *detail, *file;
	long line;
	const char *hash;
	const char *target_code; /* filled by store_events_recent */
};
/* Calls fn for each event of a target, oldest first (strings valid only
 * during the call). */
int store_events_each(struct store *s, long long target_id,
		      int (*fn)(void *ctx, const struct store_event *e), void *ctx,
		      struct sweep_err *err);

/* Feedback files by content hash: 1 seen (with how many rows were refused
 * and what that depended on), 0 not, -1 error; and record one (again). */
int store_feedback_file_find(struct store *s, const char *sha256, long *rejected, char *depends,
			     size_t depends_size, struct sweep_err *err);
int store_feedback_file_add(struct store *s, const char *file, const char *sha256, const char *now,
			    long total, long accepted, long rejected, const char *depends,
			    struct sweep_err *err);
/* How many targets the store holds. */
long store_target_count(struct store *s);
/* How many targets are not closed; -1 on error. */
long store_open_count(struct store *s);

/* The drop with that id: 1 found, 0 not, -1 error. */
int store_drop_get(struct store *s, long long id, struct store_drop *d, struct sweep_err *err);

/* The newest `limit` events of the whole workspace recorded up to a day
 * (YYYY-MM-DD), newest first. */
int store_events_recent(struct store *s, int limit, const char *up_to_day,
			int (*fn)(void *ctx, const struct store_event *e), void *ctx,
			struct sweep_err *err);

/* Records a photo (by SHA-256) for a target; returns 1 and the other code
 * when the same photo was already given for another target, 0 when not. */
int store_photo_add(struct store *s, const char *sha256, const char *code, const char *file,
		    char *other_code, size_t other_size, struct sweep_err *err);

/* Records an exported packet. */
int store_packet_add(struct store *s, const char *id, const char *team_id, const char *folder,
		     const char *now, long targets, struct sweep_err *err);
/* Of the tasks the packet whose id begins with id_prefix handed to team_id:
 * how many there were, and how many have no answer for the target from
 * that team (or from no named team) received on or after the day the task
 * was issued.  *tasks 0: no such packet known. */
int store_packet_unanswered(struct store *s, const char *id_prefix, const char *team_id,
			    long *tasks, long *unanswered, struct sweep_err *err);

/* A registered orthophoto (strings owned by the caller, or by the store
 * during a store_orthos_each call). */
struct store_ortho {
	long long id;
	const char *source, *crs_name, *data_type, *valid_from, *acquired, *acquired_from;
	const char *footprint_wkt, *added_at;
	int epsg, width, height, bands, rotated;
	double pixel_m, area_m2;
};
/* Records an orthophoto by its source; the same source again replaces
 * the earlier record (*replaced = 1). */
int store_ortho_put(struct store *s, const struct store_ortho *o, int *replaced,
		    struct sweep_err *err);
/* Every orthophoto, the best first (newest flight, then finest pixels). */
int store_orthos_each(struct store *s, int (*fn)(void *ctx, const struct store_ortho *o), void *ctx,
		      struct sweep_err *err);

/* The blossom-colour hint of a target's chip: the share of blossom-coloured
 * pixels around the target and in the rest of the chip. */
int store_chip_hint_put(struct store *s, long long target_id, const char *source,
			double inner_share, double outer_share, const char *now,
			struct sweep_err *err);

struct store_chip_hint {
	const char *code, *village_name, *source;
	double inner_share, outer_share;
};
/* The chip hints of open targets, the largest difference first (at most
 * limit). */
int store_chip_hints_each(struct store *s, int limit,
			  int (*fn)(void *ctx, const struct store_chip_hint *h), void *ctx,
			  struct sweep_err *err);

/* One answer as kept: the lifecycle's view plus what the office reads. */
struct store_answer {
	long long target_id;
	struct lc_answer a;  /* its strings owned here */
	char checked_on[11]; /* 核查日期 as given, or "" */
	char *checked_by, *photos, *remarks, *file, *recorded_at;
	long line;
};
struct store_answers {
	size_t n;
	struct store_answer *items;
};
/* 1 when the target already has an answer with this content key. */
int store_answer_known(struct store *s, long long target_id, const char *key,
		       struct sweep_err *err);
/* Records the answer and its audit entry (kind "answer", detail). */
int store_answer_add(struct store *s, long long target_id, const struct store_answer *sa,
		     const char *detail, struct sweep_err *err);
/* The answers of one target (target_id 0: of all), by target then arrival.
 * Release with store_answers_release. */
int store_answers_load(struct store *s, long long target_id, struct store_answers *out,
		       struct sweep_err *err);
void store_answers_release(struct store_answers *list);
/* store_targets_each, each target handed over with its answers (by
 * arrival); one read of the answers for them all. */
int store_targets_answers_each(struct store *s, const struct store_filter *filter,
			       int (*fn)(void *ctx, struct target *t,
					 const struct store_answers *answers),
			       void *ctx, struct sweep_err *err);

/* A task handed out in a packet (kind first_look, cross_check, revisit). */
int store_task_add(struct store *s, long long target_id, const char *team_id, const char *kind,
		   const char *packet_id, const char *now, const char *deadline,
		   struct sweep_err *err);
/* Marks a target as carried by a packet, touching nothing else: its status
 * becomes to_status only if it is still from_status (a feedback run beside
 * the export may have moved it on). */
int store_target_dispatch(struct store *s, long long target_id, const char *packet_id,
			  const char *now, const char *from_status, const char *to_status,
			  struct sweep_err *err);
/* sweep run's ledger: a remote file (drop or answer) fetched into the
 * workspace.  It is known by endpoint ("drops", "feedback"), path under it,
 * size and tag (ETag or modification time): the same name with new content
 * is a new file.  States: fetched -> applied (its ingest committed) ->
 * acked (moved to done/ on the server, or kept in the ledger where the
 * server allows no move); refused: the whole file was refused. */
#define STORE_REMOTE_FETCHED "fetched"
#define STORE_REMOTE_APPLIED "applied"
#define STORE_REMOTE_REFUSED "refused"
#define STORE_REMOTE_ACKED "acked"
struct store_remote_file {
	long long id;
	const char *endpoint, *path, *tag, *team, *local, *sha256, *at;
	long long size;
	char state[16];
};
/* 1 and out->id, out->state when the ledger knows this file; 0 when not. */
int store_remote_find(struct store *s, const char *endpoint, const char *path, long long size,
		      const char *tag, struct store_remote_file *out, struct sweep_err *err);
int store_remote_add(struct store *s, const struct store_remote_file *f, struct sweep_err *err);
/* ack: how it was acknowledged (acked), or a note (applied, refused). */
int store_remote_set_state(struct store *s, long long id, const char *state, const char *now,
			   const char *ack, struct sweep_err *err);
/* The ledger's files of one endpoint in one state, oldest first. */
int store_remote_each(struct store *s, const char *endpoint, const char *state,
		      int (*fn)(void *ctx, const struct store_remote_file *f), void *ctx,
		      struct sweep_err *err);

/* The transfer trail (append-only): each download, upload, move and mail
 * the server confirmed.  url never holds a password. */
struct store_transfer {
	const char *at, *kind, *url, *local, *sha256, *detail;
	long long bytes;
};
int store_transfer_add(struct store *s, const struct store_transfer *t, struct sweep_err *err);
/* The SHA-256 last recorded for (kind, url): 1 and sha; 0 when none. */
int store_transfer_last_sha(struct store *s, const char *kind, const char *url, char sha[65],
			    struct sweep_err *err);
/* The newest `limit` transfers, oldest first. */
int store_transfers_each(struct store *s, int limit,
			 int (*fn)(void *ctx, const struct store_transfer *t), void *ctx,
			 struct sweep_err *err);

#endif
