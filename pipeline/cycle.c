/* cycle: see cycle.h. */
#include "cycle.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "feedback.h"
#include "fileio.h"
#include "i18n.h"
#include "ingest.h"
#include "log.h"
#include "rejects.h"
#include "remote.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

#define ENDPOINT_DROPS "drops"
#define ENDPOINT_FEEDBACK "feedback"
/* where an applied file goes on the server, beside where it was */
#define DONE_FOLDER "done"

static const char *const step_names[CYCLE_N_STEPS] = {
    "fetch", "ingest", "collect", "apply", "export", "publish", "report", "deliver",
};

const char *cycle_step_name(enum cycle_step step)
{
	return step_names[step];
}

int cycle_step_find(const char *name)
{
	int i;

	for (i = 0; i < CYCLE_N_STEPS; i++)
		if (!strcmp(name, step_names[i]))
			return i;
	return -1;
}

struct cycle {
	struct cli_workspace *ws;
	const struct cycle_options *o;
	struct cycle_result *res;
	struct remote *remote;
	struct rejects rejects;
	char today[11];
};

static const struct settings *settings_of(struct cycle *c)
{
	return &c->ws->county.settings;
}

static void step_failed(struct cycle *c, enum cycle_step step, const char *why)
{
	struct cycle_result *res = c->res;

	/* in the log (and on a terminal with -v); cron's mail gets the one
	 * summary line, which carries the first failure */
	log_say(LOG_WARN, _("sweep run: %s: %s\n"), step_names[step], why);
	if (!res->failures[step][0]) {
		res->failed_steps++;
		snprintf(res->failures[step], sizeof res->failures[step], "%s", why);
	}
}

static int remote_ready(struct cycle *c, struct sweep_err *err)
{
	if (!c->remote)
		c->remote = remote_open(settings_of(c), err);
	return c->remote ? 0 : -1;
}

static int has_extension(const char *name, const char *const *exts)
{
	const char *dot = strrchr(name, '.');

	for (; dot && *exts; exts++)
		if (!strcasecmp(dot + 1, *exts))
			return 1;
	return 0;
}

static const char *const drop_extensions[] = {"csv",     "txt",  "tsv", "xlsx", "xls",
					      "geojson", "json", "kml", "kmz",  "gpkg",
					      "shz",     "zip",  NULL};
static const char *const answer_extensions[] = {"csv",  "xlsx", "xls", "geojson",
						"json", "gpx",  NULL};

/* Writes the file's bytes to the disk before it is renamed into sight. */
static int sync_file(const char *path, struct sweep_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;

	if (rc != 0)
		err_set(err, ERR_SYSTEM, "%s: cannot write to the disk: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Where a fetched file lands: dir/name, or dir/stem-SHA8.ext when another
 * file of that name with other content is there.  *same: the very file is
 * there already. */
static char *landing_path(const char *dir, const char *name, const char *sha, int *same)
{
	char *path = file_join(dir, name), have[65];
	struct sweep_err ignored = {0};
	struct strbuf sb = STRBUF_INIT;
	const char *dot;

	*same = 0;
	if (!file_exists(path))
		return path;
	if (file_sha256_hex(path, have, &ignored) == 0 && !strcmp(have, sha)) {
		*same = 1;
		return path;
	}
	free(path);
	dot = strrchr(name, '.');
	strbuf_addf(&sb, "%.*s-%.8s%s", (int)(dot ? (size_t)(dot - name) : strlen(name)), name, sha,
		    dot ? dot : "");
	path = file_join(dir, sb.buf);
	strbuf_release(&sb);
	return path;
}

/* Fetches one listed file into local_dir unless the ledger knows it.
 * 0 known or fetched, -1 the transfer failed (err), -2 the store failed. */
static int fetch_one(struct cycle *c, const char *endpoint, const char *dir_url,
		     const char *rel_path, const struct remote_entry *e, const char *team,
		     const char *local_dir, long *fetched, struct sweep_err *err)
{
	struct store_remote_file known, f = {0};
	struct store_transfer t = {0};
	struct strbuf key = STRBUF_INIT;
	char *url = remote_url_join(dir_url, e->name), *safe = remote_url_safe(url);
	char *partial_dir = NULL, *part = NULL, *local = NULL, sha[65], key_hash[65];
	int rc = -1, found, same;

	found = store_remote_find(c->ws->store, endpoint, rel_path, e->size, e->tag, &known, err);
	if (found != 0) {
		rc = found > 0 ? 0 : -2;
		goto done;
	}
	if (c->o->dry_run) {
		log_say(LOG_INFO, _("would fetch %s (%lld bytes)\n"), safe, e->size);
		++*fetched;
		rc = 0;
		goto done;
	}
	/* the part's name holds what the file is known by, so a part of an
	 * older version is never continued with a newer one */
	strbuf_addf(&key, "%s\n%s\n%lld\n%s", endpoint, rel_path, e->size, e->tag);
	sha256_hex(key.buf, key.len, key_hash);
	partial_dir = file_join(c->ws->dir, "inbox/.partial");
	if (file_make_dirs(partial_dir, err) != 0 || file_make_dirs(local_dir, err) != 0)
		goto done;
	key_hash[16] = '\0';
	part = file_join(partial_dir, key_hash);
	if (remote_get(c->remote, url, e->size, part, err) != 0)
		goto done;
	if (file_sha256_hex(part, sha, err) != 0 || sync_file(part, err) != 0)
		goto done;
	local = landing_path(local_dir, e->name, sha, &same);
	if (same)
		unlink(part);
	else if (rename(part, local) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot move into place: %s", local, strerror(errno));
		goto done;
	}
	f.endpoint = endpoint;
	f.path = rel_path;
	f.size = e->size;
	f.tag = e->tag;
	f.team = team;
	f.local = local;
	f.sha256 = sha;
	f.at = cli_now();
	snprintf(f.state, sizeof f.state, "%s", STORE_REMOTE_FETCHED);
	t.at = f.at;
	t.kind = "get";
	t.url = safe;
	t.local = local;
	t.sha256 = sha;
	t.bytes = e->size;
	if (store_begin(c->ws->store, err) != 0 || store_remote_add(c->ws->store, &f, err) != 0 ||
	    store_transfer_add(c->ws->store, &t, err) != 0 ||
	    store_commit(c->ws->store, err) != 0) {
		store_rollback(c->ws->store);
		rc = -2;
		goto done;
	}
	log_say(LOG_INFO, _("fetched %s (%lld bytes) into %s\n"), safe, e->size, local);
	++*fetched;
	rc = 0;
done:
	strbuf_release(&key);
	free(local);
	free(part);
	free(partial_dir);
	free(safe);
	free(url);
	return rc;
}

/* Fetches the new files of one listed folder.  -2 when the store failed. */
static int fetch_folder(struct cycle *c, enum cycle_step step, const char *endpoint,
			const char *dir_url, const struct remote_listing *l, const char *sub,
			const char *team, const char *const *exts, const char *local_dir,
			long *fetched)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct remote_entry *e = &l->items[i];
		struct sweep_err err = {0};
		struct strbuf rel = STRBUF_INIT;
		int rc;
		if (e->is_dir || e->name[0] == '.' || !has_extension(e->name, exts))
			continue;
		if (sub)
			strbuf_addf(&rel, "%s/", sub);
		strbuf_adds(&rel, e->name);
		rc = fetch_one(c, endpoint, dir_url, rel.buf, e, team, local_dir, fetched, &err);
		strbuf_release(&rel);
		if (rc == -2) {
			step_failed(c, step, err.msg);
			return -2;
		}
		if (rc != 0)
			step_failed(c, step, err.msg); /* the next file may still come */
	}
	return 0;
}

/* A remote folder setting as a folder URL (ending in "/"). */
static char *folder_url(const char *url)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, url);
	if (sb.len == 0 || sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	return strbuf_detach(&sb);
}

static int step_fetch(struct cycle *c)
{
	const char *setting = settings_of(c)->remote_drops;
	struct remote_listing l = {0};
	struct sweep_err err = {0};
	char *url, *local_dir;
	int rc = 0;

	if (!setting || !*setting)
		return 0;
	url = folder_url(setting);
	local_dir = file_join(c->ws->dir, "inbox/drops");
	if (remote_ready(c, &err) != 0 || remote_list(c->remote, url, &l, &err) != 0)
		step_failed(c, CYCLE_FETCH, err.msg);
	else
		rc = fetch_folder(c, CYCLE_FETCH, ENDPOINT_DROPS, url, &l, NULL, NULL,
				  drop_extensions, local_dir, &c->res->drops_fetched);
	remote_listing_release(&l);
	free(local_dir);
	free(url);
	return rc == -2 ? -1 : 0;
}

/* The ledger's files of one endpoint in one state, copied out. */
struct ledger_rows {
	size_t n;
	long long *ids;
	char **paths, **locals, **teams;
};

static int ledger_collect(void *ctx, const struct store_remote_file *f)
{
	struct ledger_rows *rows = ctx;

	rows->ids = xrealloc(rows->ids, (rows->n + 1) * sizeof *rows->ids);
	rows->paths = xrealloc(rows->paths, (rows->n + 1) * sizeof *rows->paths);
	rows->locals = xrealloc(rows->locals, (rows->n + 1) * sizeof *rows->locals);
	rows->teams = xrealloc(rows->teams, (rows->n + 1) * sizeof *rows->teams);
	rows->ids[rows->n] = f->id;
	rows->paths[rows->n] = xstrdup(f->path);
	rows->locals[rows->n] = xstrdup(f->local);
	rows->teams[rows->n] = xstrdup(f->team ? f->team : "");
	rows->n++;
	return 0;
}

static void ledger_rows_release(struct ledger_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++) {
		free(rows->paths[i]);
		free(rows->locals[i]);
		free(rows->teams[i]);
	}
	free(rows->ids);
	free(rows->paths);
	free(rows->locals);
	free(rows->teams);
	memset(rows, 0, sizeof *rows);
}

/* Moves the applied files of an endpoint into done/ beside them on the
 * server (or records that the server allows no move). */
static int ack_applied(struct cycle *c, enum cycle_step step, const char *endpoint,
		       const char *setting)
{
	struct ledger_rows rows = {0};
	struct sweep_err err = {0};
	char *base;
	size_t i;
	int rc = 0;

	if (store_remote_each(c->ws->store, endpoint, STORE_REMOTE_APPLIED, ledger_collect, &rows,
			      &err) != 0)
		return -1;
	if (rows.n == 0 || c->o->dry_run) {
		ledger_rows_release(&rows);
		return 0;
	}
	base = folder_url(setting);
	if (remote_ready(c, &err) != 0) {
		step_failed(c, step, err.msg);
		goto done;
	}
	for (i = 0; i < rows.n; i++) {
		const char *slash = strrchr(rows.paths[i], '/');
		char *dir_url = NULL;
		int moved;
		if (slash) {
			char *sub = xstrndup(rows.paths[i], (size_t)(slash - rows.paths[i]) + 1);
			dir_url = remote_url_join(base, sub);
			free(sub);
		}
		moved = remote_move_into(c->remote, dir_url ? dir_url : base,
					 slash ? slash + 1 : rows.paths[i], DONE_FOLDER, &err);
		free(dir_url);
		if (moved < 0) {
			step_failed(c, step, err.msg);
			break; /* tried again next round */
		}
		if (store_remote_set_state(c->ws->store, rows.ids[i], STORE_REMOTE_ACKED, cli_now(),
					   moved == 0 ? "moved to " DONE_FOLDER "/"
						      : "left on the server (it allows no move)",
					   &err) != 0) {
			step_failed(c, step, err.msg);
			rc = -1;
			break;
		}
		c->res->acked++;
	}
done:
	free(base);
	ledger_rows_release(&rows);
	return rc;
}

static int step_ingest(struct cycle *c)
{
	struct ledger_rows rows = {0};
	struct ingest_result ir = {0};
	struct sweep_err err = {0};
	size_t i;
	int rc = 0;

	if (store_remote_each(c->ws->store, ENDPOINT_DROPS, STORE_REMOTE_FETCHED, ledger_collect,
			      &rows, &err) != 0)
		goto store_failed;
	if (rows.n > 0 && c->o->dry_run)
		log_say(LOG_INFO, _("would ingest %zu fetched drops\n"), rows.n);
	else if (rows.n > 0) {
		if (ingest_run(&c->ws->county, c->ws->store, rows.locals, rows.n, cli_now(), &ir,
			       &c->rejects, NULL, &err) != 0)
			goto store_failed;
		for (i = 0; i < ir.n_files && i < rows.n; i++) {
			const struct ingest_file_result *fr = &ir.files[i];
			const char *state =
			    fr->failed ? STORE_REMOTE_REFUSED : STORE_REMOTE_APPLIED;
			if (store_remote_set_state(c->ws->store, rows.ids[i], state, cli_now(),
						   NULL, &err) != 0)
				goto store_failed;
			if (fr->failed) {
				c->res->drops_refused++;
				log_say(LOG_WARN,
					_("sweep run: the drop %s was refused as a whole (why: "
					  "rejects.csv); it stays on the server\n"),
					rows.paths[i]);
				continue;
			}
			c->res->drops_ingested++;
			c->res->targets_new += fr->created;
			c->res->rows_refused += fr->rejected;
			log_say(LOG_INFO,
				_("%s: %ld rows: %ld in (%ld new, %ld re-issued), %ld rejected\n"),
				fr->file, fr->rows, fr->accepted, fr->created, fr->reissued,
				fr->rejected);
		}
	}
	if (settings_of(c)->remote_drops && *settings_of(c)->remote_drops &&
	    ack_applied(c, CYCLE_INGEST, ENDPOINT_DROPS, settings_of(c)->remote_drops) != 0)
		rc = -1;
	goto done;
store_failed:
	step_failed(c, CYCLE_INGEST, err.msg);
	rc = -1;
done:
	ingest_result_release(&ir);
	ledger_rows_release(&rows);
	return rc;
}

/* The team a feedback subfolder belongs to: named by its id, its name, or
 * its packet folder's name ("T01-龙河镇第1踏查组"). */
static const struct team *team_for_folder(const struct teams *teams, const char *folder)
{
	size_t i;

	for (i = 0; i < teams->n_teams; i++) {
		const struct team *t = &teams->teams[i];
		size_t len = strlen(t->id);
		if (!strcmp(folder, t->id) || !strcmp(folder, t->name) ||
		    (!strncmp(folder, t->id, len) && folder[len] == '-'))
			return t;
	}
	return NULL;
}

static int step_collect(struct cycle *c)
{
	const char *setting = settings_of(c)->remote_feedback;
	struct remote_listing top = {0};
	struct sweep_err err = {0};
	char *url, *inbox;
	size_t i;
	int rc = 0;

	if (!setting || !*setting)
		return 0;
	url = folder_url(setting);
	inbox = file_join(c->ws->dir, "inbox/feedback");
	if (remote_ready(c, &err) != 0 || remote_list(c->remote, url, &top, &err) != 0) {
		step_failed(c, CYCLE_COLLECT, err.msg);
		goto done;
	}
	if (fetch_folder(c, CYCLE_COLLECT, ENDPOINT_FEEDBACK, url, &top, NULL, NULL,
			 answer_extensions, inbox, &c->res->answers_fetched) == -2) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < top.n && rc == 0; i++) {
		const struct remote_entry *e = &top.items[i];
		const struct team *team;
		struct remote_listing sub = {0};
		char *sub_url, *local_dir;
		if (!e->is_dir || e->name[0] == '.' || !strcmp(e->name, DONE_FOLDER))
			continue;
		if (!(team = team_for_folder(&c->ws->county.teams, e->name))) {
			log_say(LOG_WARN,
				_("sweep run: %s%s/ is not a team's folder (no team in the teams "
				  "table has that id or name); its files are left there\n"),
				url, e->name);
			continue;
		}
		{
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s/", e->name);
			sub_url = remote_url_join(url, sb.buf);
			strbuf_release(&sb);
		}
		local_dir = file_join(inbox, team->id);
		if (remote_list(c->remote, sub_url, &sub, &err) != 0)
			step_failed(c, CYCLE_COLLECT, err.msg);
		else if (fetch_folder(c, CYCLE_COLLECT, ENDPOINT_FEEDBACK, sub_url, &sub, e->name,
				      team->id, answer_extensions, local_dir,
				      &c->res->answers_fetched) == -2)
			rc = -1;
		remote_listing_release(&sub);
		free(local_dir);
		free(sub_url);
	}
done:
	remote_listing_release(&top);
	free(inbox);
	free(url);
	return rc;
}

static int step_apply(struct cycle *c)
{
	struct ledger_rows rows = {0};
	struct sweep_err err = {0};
	size_t i;
	int rc = 0;

	if (store_remote_each(c->ws->store, ENDPOINT_FEEDBACK, STORE_REMOTE_FETCHED, ledger_collect,
			      &rows, &err) != 0)
		goto store_failed;
	if (rows.n > 0 && c->o->dry_run)
		log_say(LOG_INFO, _("would apply %zu fetched answer files\n"), rows.n);
	for (i = 0; i < rows.n && !c->o->dry_run; i++) {
		struct feedback_result fr = {0};
		const char *state;
		int failed;
		err_clear(&err);
		failed = feedback_run(c->ws, *rows.teams[i] ? rows.teams[i] : NULL, &rows.locals[i],
				      1, &fr, &c->rejects, NULL, &err);
		if (failed != 0 && err.cls != ERR_USAGE) {
			feedback_result_release(&fr);
			goto store_failed;
		}
		state = failed != 0 || fr.n_files == 0 || fr.files[0].failed ? STORE_REMOTE_REFUSED
									     : STORE_REMOTE_APPLIED;
		if (store_remote_set_state(c->ws->store, rows.ids[i], state, cli_now(), NULL,
					   &err) != 0) {
			feedback_result_release(&fr);
			goto store_failed;
		}
		if (!strcmp(state, STORE_REMOTE_REFUSED)) {
			c->res->answers_refused++;
			log_say(LOG_WARN,
				_("sweep run: the answer file %s was refused as a whole (why: "
				  "rejects.csv); it stays on the server\n"),
				rows.paths[i]);
		} else {
			const struct feedback_file_result *ff = &fr.files[0];
			c->res->answers_applied++;
			c->res->answer_rows += ff->accepted;
			c->res->rows_refused += ff->rejected;
			log_say(LOG_INFO, _("%s: %ld rows: %ld taken (%ld flagged), %ld refused\n"),
				ff->file, ff->rows, ff->accepted, ff->flagged, ff->rejected);
		}
		feedback_result_release(&fr);
	}
	if (settings_of(c)->remote_feedback && *settings_of(c)->remote_feedback &&
	    ack_applied(c, CYCLE_APPLY, ENDPOINT_FEEDBACK, settings_of(c)->remote_feedback) != 0)
		rc = -1;
	goto done;
store_failed:
	step_failed(c, CYCLE_APPLY, err.msg);
	rc = -1;
done:
	ledger_rows_release(&rows);
	return rc;
}

static int step_export(struct cycle *c)
{
	struct export_options eo = {0};
	struct export_result er = {0};
	struct sweep_err err = {0};

	if (c->o->dry_run) {
		log_say(LOG_INFO, _("would export the packets of the teams' open targets\n"));
		return 0;
	}
	eo.prune_days = -1;
	if (export_run(c->ws, &eo, &er, &err) != 0)
		step_failed(c, CYCLE_EXPORT, err.msg);
	else {
		size_t i;
		for (i = 0; i < er.n_teams; i++)
			if (er.teams[i].targets > 0 && !er.teams[i].unchanged) {
				c->res->packets++;
				log_say(LOG_INFO, _("a new packet for %s: %s (%ld targets)\n"),
					er.teams[i].team->id, er.teams[i].folder,
					er.teams[i].targets);
			}
	}
	export_result_release(&er);
	return 0;
}

/* Puts a file unless the server already holds these bytes there (the
 * transfer trail says so).  1 sent (or would be, in a dry run), 0 there
 * already, -1 failed (err). */
static int publish_file(struct cycle *c, const char *dir_url, const char *name, const char *local,
			const char *kind, struct sweep_err *err)
{
	char *url = remote_url_join(dir_url, name), *safe = remote_url_safe(url);
	char sha[65], last[65];
	struct store_transfer t = {0};
	struct stat st;
	int rc = -1;

	if (file_sha256_hex(local, sha, err) != 0 || stat(local, &st) != 0)
		goto done;
	if (store_transfer_last_sha(c->ws->store, kind, safe, last, err) < 0)
		goto done;
	if (!strcmp(last, sha)) {
		rc = 0;
		goto done;
	}
	if (c->o->dry_run) {
		log_say(LOG_INFO, _("would send %s to %s\n"), local, safe);
		rc = 1;
		goto done;
	}
	if (remote_put(c->remote, dir_url, name, local, err) != 0)
		goto done;
	t.at = cli_now();
	t.kind = kind;
	t.url = safe;
	t.local = local;
	t.sha256 = sha;
	t.bytes = (long long)st.st_size;
	if (store_transfer_add(c->ws->store, &t, err) != 0)
		goto done;
	log_say(LOG_INFO, _("sent %s to %s\n"), local, safe);
	rc = 1;
done:
	free(safe);
	free(url);
	return rc;
}

/* Puts every file of a packet folder (and its subfolders) under dir_url. */
static int publish_tree(struct cycle *c, const char *local_dir, const char *dir_url, long *sent,
			struct sweep_err *err)
{
	size_t n, i;
	char **names = file_list(local_dir, &n);
	int rc = 0;

	for (i = 0; i < n && rc >= 0; i++) {
		char *path = file_join(local_dir, names[i]);
		struct stat st;
		if (names[i][0] != '.' && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				struct strbuf sb = STRBUF_INIT;
				char *sub;
				strbuf_addf(&sb, "%s/", names[i]);
				sub = remote_url_join(dir_url, sb.buf);
				rc = publish_tree(c, path, sub, sent, err) < 0 ? -1 : 0;
				free(sub);
				strbuf_release(&sb);
			} else if (S_ISREG(st.st_mode)) {
				rc = publish_file(c, dir_url, names[i], path, "put", err);
				*sent += rc > 0;
			}
		}
		free(path);
	}
	file_list_release(names, n);
	return rc < 0 ? -1 : 0;
}

static char *first_line(const char *path)
{
	struct sweep_err ignored = {0};
	size_t len;
	char *text = file_read_all(path, 4096, &len, &ignored);

	if (text)
		text[strcspn(text, "\r\n")] = '\0';
	return text;
}

static int step_publish(struct cycle *c)
{
	const char *setting = settings_of(c)->remote_packets;
	char *outbox, *base, **teams;
	struct sweep_err err = {0};
	size_t n, i;

	if (!setting || !*setting)
		return 0;
	if (remote_ready(c, &err) != 0) {
		step_failed(c, CYCLE_PUBLISH, err.msg);
		return 0;
	}
	outbox = file_join(c->ws->dir, "outbox");
	base = folder_url(setting);
	teams = file_list(outbox, &n);
	for (i = 0; i < n; i++) {
		char *team_dir = file_join(outbox, teams[i]);
		char *pointer = file_join(team_dir, EXPORT_NEWEST_FILE);
		char *newest = file_exists(pointer) ? first_line(pointer) : NULL;
		char *packet_dir = newest && *newest ? file_join(team_dir, newest) : NULL;
		struct strbuf sb = STRBUF_INIT;
		char *team_url, *packet_url;
		long sent = 0;
		struct stat st;
		if (!packet_dir || strchr(newest, '/') || stat(packet_dir, &st) != 0 ||
		    !S_ISDIR(st.st_mode))
			goto next;
		strbuf_addf(&sb, "%s/", teams[i]);
		team_url = remote_url_join(base, sb.buf);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/", newest);
		packet_url = remote_url_join(team_url, sb.buf);
		err_clear(&err);
		/* the pointer last: only a whole packet is ever named */
		if (publish_tree(c, packet_dir, packet_url, &sent, &err) != 0 ||
		    publish_file(c, team_url, EXPORT_NEWEST_FILE, pointer, "put", &err) < 0)
			step_failed(c, CYCLE_PUBLISH, err.msg);
		else
			c->res->files_published += sent;
		free(packet_url);
		free(team_url);
	next:
		strbuf_release(&sb);
		free(packet_dir);
		free(newest);
		free(pointer);
		free(team_dir);
	}
	file_list_release(teams, n);
	free(base);
	free(outbox);
	return 0;
}

static int step_report(struct cycle *c)
{
	struct report_options ro = {0};
	struct report_result rr = {0};
	struct sweep_err err = {0};

	if (c->o->dry_run) {
		log_say(LOG_INFO, _("would write the reports as of %s\n"), c->today);
		return 0;
	}
	if (report_run(c->ws, &ro, &rr, &err) != 0)
		step_failed(c, CYCLE_REPORT, err.msg);
	else
		c->res->reports_written = rr.files_written;
	report_result_release(&rr);
	return 0;
}

/* The report files; with kind, only those whose bytes were not delivered
 * yet under their name (a mail goes out only with those; a folder's
 * publish_file asks the trail itself). */
static int reports_to_deliver(struct cycle *c, const char *base, const char *kind, char ***out,
			      size_t *n_out, struct sweep_err *err)
{
	char *dir = file_join(c->ws->dir, "reports"), **names;
	size_t n, i;
	int rc = 0;

	*out = NULL;
	*n_out = 0;
	names = file_list(dir, &n);
	for (i = 0; i < n && rc == 0; i++) {
		char *path = file_join(dir, names[i]), *url, *safe, sha[65], last[65];
		struct stat st;
		if (names[i][0] == '.' || strstr(names[i], ".tmp-") || stat(path, &st) != 0 ||
		    !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (!kind) {
			*out = xrealloc(*out, (*n_out + 1) * sizeof **out);
			(*out)[(*n_out)++] = path;
			continue;
		}
		url = remote_url_join(base, names[i]);
		safe = remote_url_safe(url);
		if (file_sha256_hex(path, sha, err) != 0 ||
		    store_transfer_last_sha(c->ws->store, kind, safe, last, err) < 0)
			rc = -1;
		else if (strcmp(sha, last) != 0) {
			*out = xrealloc(*out, (*n_out + 1) * sizeof **out);
			(*out)[(*n_out)++] = path;
			path = NULL;
		}
		free(safe);
		free(url);
		free(path);
	}
	file_list_release(names, n);
	free(dir);
	return rc;
}

static int mail_reports(struct cycle *c, const char *url, char **files, size_t n,
			struct sweep_err *err)
{
	struct strbuf subject = STRBUF_INIT, body = STRBUF_INIT;
	const char *county = settings_of(c)->county_name;
	size_t i;
	int rc = 0;

	strbuf_addf(&subject, _("%s reports as of %s"), county && *county ? county : "sweep",
		    c->today);
	strbuf_addf(&body, _("The reports of %s as of %s, from sweep:\n\n"),
		    county && *county ? county : "sweep", c->today);
	for (i = 0; i < n; i++)
		strbuf_addf(&body, "  %s\n", file_basename(files[i]));
	if (c->o->dry_run) {
		for (i = 0; i < n; i++)
			log_say(LOG_INFO, _("would mail %s to %s\n"), files[i],
				settings_of(c)->remote_mail_to);
		goto done;
	}
	if ((rc = remote_mail(c->remote, url, subject.buf, body.buf, files, n, err)) != 0)
		goto done;
	for (i = 0; i < n && rc == 0; i++) {
		struct store_transfer t = {0};
		char *item = remote_url_join(url, file_basename(files[i]));
		char *safe = remote_url_safe(item), sha[65];
		struct stat st;
		t.at = cli_now();
		t.kind = "mail";
		t.url = safe;
		t.local = files[i];
		t.sha256 = sha;
		t.detail = settings_of(c)->remote_mail_to;
		t.bytes = stat(files[i], &st) == 0 ? (long long)st.st_size : 0;
		rc = file_sha256_hex(files[i], sha, err) != 0 ||
			     store_transfer_add(c->ws->store, &t, err) != 0
			 ? -1
			 : 0;
		free(safe);
		free(item);
	}
	if (rc == 0)
		log_say(LOG_INFO, _("mailed %zu reports to %s\n"), n,
			settings_of(c)->remote_mail_to);
done:
	strbuf_release(&body);
	strbuf_release(&subject);
	return rc;
}

static int step_deliver(struct cycle *c)
{
	const char *setting = settings_of(c)->remote_reports;
	int mail = setting && remote_is_mail(setting);
	struct sweep_err err = {0};
	char *base, **files = NULL;
	size_t n = 0, i;

	if (!setting || !*setting)
		return 0;
	base = folder_url(setting);
	if (remote_ready(c, &err) != 0 ||
	    reports_to_deliver(c, base, mail ? "mail" : NULL, &files, &n, &err) != 0) {
		step_failed(c, CYCLE_DELIVER, err.msg);
		goto done;
	}
	if (n == 0)
		goto done;
	if (mail) {
		if (mail_reports(c, base, files, n, &err) != 0)
			step_failed(c, CYCLE_DELIVER, err.msg);
		else if (!c->o->dry_run)
			c->res->reports_delivered += (long)n;
		goto done;
	}
	for (i = 0; i < n; i++) {
		int sent = publish_file(c, base, file_basename(files[i]), files[i], "put", &err);
		if (sent < 0) {
			step_failed(c, CYCLE_DELIVER, err.msg);
			break;
		}
		if (!c->o->dry_run)
			c->res->reports_delivered += sent;
	}
done:
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(base);
	return 0;
}

typedef int (*step_fn)(struct cycle *c);

int cycle_run(struct cli_workspace *ws, const struct cycle_options *o, struct cycle_result *res,
	      struct sweep_err *err)
{
	static const step_fn steps[CYCLE_N_STEPS] = {
	    step_fetch,  step_ingest,  step_collect, step_apply,
	    step_export, step_publish, step_report,  step_deliver,
	};
	struct cycle c = {ws, o, res, NULL, {0}, {0}};
	int i, rc = 0;

	memset(res, 0, sizeof *res);
	snprintf(c.today, sizeof c.today, "%.10s", cli_now());
	for (i = 0; i < CYCLE_N_STEPS && rc == 0; i++)
		if ((o->step < 0 || o->step == i) && !o->skip[i])
			rc = steps[i](&c);
	if (c.rejects.n > 0 && !o->dry_run) {
		char *path = file_join(ws->dir, "rejects.csv");
		rejects_save(&c.rejects, path, cli_now(), 0);
		free(path);
	}
	if (rc != 0)
		err_set(err, ERR_SYSTEM, "%s", res->failures[i - 1]);
	rejects_release(&c.rejects);
	remote_close(c.remote);
	return rc;
}
