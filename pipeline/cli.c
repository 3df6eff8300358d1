/* cli: see cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "audithead.h"
#include "fileio.h"
#include "xalloc.h"
#include "i18n.h"
#include "log.h"
#include "banned.h"

#ifndef SWEEP_SAMPLES_DIR
#define SWEEP_SAMPLES_DIR "samples"
#endif

const char *cli_workspace_dir(const char *dir)
{
	const char *env = getenv("SWEEP_WORKSPACE");

	if (dir && *dir)
		return dir;
	if (env && *env)
		return env;
	return ".";
}

int cli_workspace_open(struct cli_workspace *ws, const char *dir, struct sweep_err *err)
{
	return cli_workspace_open_mode(ws, dir, 0, err);
}

/* The grid and village count in the store, for `sweep status` to show
 * without opening the village layer. */
static void keep_geography_summary(struct cli_workspace *ws)
{
	struct strbuf line = STRBUF_INIT;
	struct sweep_err err = {0};
	char *kept;

	if (county_geography_summary(&ws->county, &line) == 0) {
		kept = store_meta_get(ws->store, CLI_META_GEOGRAPHY);
		if ((!kept || strcmp(kept, line.buf) != 0) &&
		    store_meta_set(ws->store, CLI_META_GEOGRAPHY, line.buf, &err) != 0)
			log_say(LOG_WARN, _("sweep: warning: %s\n"), err.msg);
		free(kept);
	}
	strbuf_release(&line);
}

int cli_workspace_open_mode(struct cli_workspace *ws, const char *dir, int readonly,
			    struct sweep_err *err)
{
	return cli_workspace_open_for(ws, dir, readonly, COUNTY_GEOGRAPHY, err);
}

int cli_workspace_open_for(struct cli_workspace *ws, const char *dir, int readonly,
			   enum county_needs needs, struct sweep_err *err)
{
	const char *county;
	char *db;

	memset(ws, 0, sizeof *ws);
	ws->dir = xstrdup(cli_workspace_dir(dir));
	if (county_open_for(&ws->county, ws->dir, needs, err) != 0)
		goto fail;
	log_say(LOG_WARN, "%s", strbuf_str(&ws->county.warnings));
	db = cli_store_location(ws->dir, &ws->county.settings, &county);
	ws->readonly = readonly;
	ws->store =
	    readonly ? store_open_readonly(db, county, err) : store_open(db, county, 0, err);
	free(db);
	if (!ws->store)
		goto fail;
	if (!readonly && needs == COUNTY_GEOGRAPHY)
		keep_geography_summary(ws);
	if (!readonly) {
		/* what a killed sweep left behind: temporary files and packets */
		static const char *const places[] = {"", "outbox", "reports", "chips"};
		char *outbox = file_join(ws->dir, "outbox");
		char **teams;
		size_t i, n;
		for (i = 0; i < sizeof places / sizeof places[0]; i++) {
			char *place = file_join(ws->dir, places[i]);
			file_clean_stale(place);
			free(place);
		}
		/* and each team folder (its 最新任务包.txt is written in place) */
		teams = file_list(outbox, &n);
		for (i = 0; i < n; i++) {
			char *team = file_join(outbox, teams[i]);
			file_clean_stale(team);
			free(team);
		}
		file_list_release(teams, n);
		free(outbox);
	}
	return 0;
fail:
	cli_workspace_close(ws);
	return -1;
}

const struct signing_key *cli_office_key(struct cli_workspace *ws)
{
	struct sweep_err err = {0};
	char *pinned;

	if (ws->key_state)
		return ws->key_state == 1 ? &ws->key : NULL;
	ws->key_state = 2;
	pinned = store_meta_get(ws->store, AUDITHEAD_META_KEY);
	if (!pinned || !*pinned) {
		free(pinned); /* a workspace from before the office key */
		return NULL;
	}
	if (audithead_key_load(&ws->county, &ws->key, &err) != 0)
		log_say(LOG_WARN, _("sweep: warning: %s\n"), err.msg);
	else if (strcmp(ws->key.public_hex, pinned) != 0) {
		char *path = audithead_key_path(&ws->county);
		log_say(
		    LOG_WARN,
		    _("sweep: warning: the office key %s is not this workspace's (its public key "
		      "begins %.16s, the workspace's %.16s); the audit head is not signed\n"),
		    path, ws->key.public_hex, pinned);
		free(path);
		signing_key_release(&ws->key);
	} else
		ws->key_state = 1;
	free(pinned);
	return ws->key_state == 1 ? &ws->key : NULL;
}

int cli_audit_head(struct cli_workspace *ws, const char *as_of, struct strbuf *out,
		   struct sweep_err *err)
{
	return audithead_make(ws->store, as_of, cli_now(), cli_office_key(ws), out, err);
}

static int audit_head_failed;

int cli_audit_head_failed(void)
{
	return audit_head_failed;
}

/* After a writing command: the trail's head, outside the store.  Two
 * commands finishing at once each read the head after their own commit and
 * write it under one lock, so the last file written holds the newest head. */
static void write_audit_head(struct cli_workspace *ws)
{
	struct sweep_err err = {0};
	struct strbuf text = STRBUF_INIT;
	char *path, *lock_path;
	int lock;

	path = file_join(ws->dir, CLI_AUDIT_HEAD);
	lock_path = file_join(ws->dir, "." CLI_AUDIT_HEAD ".lock");
	lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock >= 0 && flock(lock, LOCK_EX) == 0 && cli_audit_head(ws, NULL, &text, &err) == 0 &&
	    text.len > 0)
		file_write_atomic(path, text.buf, text.len, &err);
	if (lock < 0 && !err_is_set(&err))
		err_set(&err, ERR_SYSTEM, "%s: cannot create: %s", lock_path, strerror(errno));
	if (err_is_set(&err)) {
		log_say(LOG_ERROR, _("sweep: the audit head could not be written: %s\n"), err.msg);
		audit_head_failed = 1;
	}
	if (lock >= 0)
		close(lock); /* releases the lock */
	strbuf_release(&text);
	free(lock_path);
	free(path);
}

void cli_workspace_close(struct cli_workspace *ws)
{
	if (ws->store && !ws->readonly)
		write_audit_head(ws);
	store_close(ws->store);
	if (ws->county.dir)
		county_close(&ws->county);
	signing_key_release(&ws->key);
	free(ws->dir);
	memset(ws, 0, sizeof *ws);
}

int cli_fail(const struct sweep_err *err)
{
	log_say(LOG_ERROR, _("sweep: %s\n"), err && err->msg[0] ? err->msg : _("failed"));
	return err_exit_code(err) == SWEEP_EXIT_OK ? SWEEP_EXIT_FATAL : err_exit_code(err);
}

int cli_usage_error(const char *usage, const char *message)
{
	fprintf(stderr, _("sweep: %s\n\n%s"), _(message), _(usage));
	return SWEEP_EXIT_USAGE;
}

const char *cli_now(void)
{
	static char buf[40];
	const char *env = getenv("SWEEP_NOW");
	time_t now;
	struct tm tm;

	if (env && *env) {
		snprintf(buf, sizeof buf, "%s", env);
		return buf;
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
	return buf;
}

const char *cli_samples_dir(void)
{
	const char *env = getenv("SWEEP_SAMPLES");
	return env && *env ? env : SWEEP_SAMPLES_DIR;
}

char *cli_store_path(const char *dir)
{
	return file_join(dir, "sweep.db");
}

char *cli_store_location(const char *dir, const struct settings *st, const char **county)
{
	if (st && st->store_url && *st->store_url) {
		*county =
		    st->store_county && *st->store_county ? st->store_county : st->county_name;
		return xstrdup(st->store_url);
	}
	*county = NULL;
	return cli_store_path(dir);
}

int cli_workspace_open_store(struct cli_workspace *ws, const char *dir, struct sweep_err *err)
{
	struct settings st;
	const char *county;
	char *db, *ini, *text;
	size_t len = 0;

	memset(ws, 0, sizeof *ws);
	ws->dir = xstrdup(cli_workspace_dir(dir));
	ws->readonly = 1;
	/* only [store] matters here: a sweep.ini that cannot be read leaves
	 * the store in the workspace, where a command that needs the rest
	 * will say what is wrong with it */
	settings_defaults(&st);
	ini = file_join(ws->dir, "sweep.ini");
	text = file_exists(ini) ? file_read_all(ini, (size_t)1 << 20, &len, NULL) : NULL;
	if (text && settings_parse_mem(&st, ini, text, len, NULL) != 0) {
		settings_release(&st);
		settings_defaults(&st);
	}
	free(text);
	free(ini);
	db = cli_store_location(ws->dir, &st, &county);
	ws->store = store_open_readonly(db, county, err);
	settings_release(&st);
	free(db);
	if (!ws->store) {
		cli_workspace_close(ws);
		return -1;
	}
	return 0;
}
