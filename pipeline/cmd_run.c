/* cmd_run: `sweep run`, the command cron calls: one cycle at a time per
 * workspace (a lock; a second run exits at once with its own code), quiet
 * on success, one summary line and a non-zero exit on failure, every line
 * kept in the workspace's run.log, which rotates. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "command.h"
#include "commands.h"
#include "cycle.h"
#include "fileio.h"
#include "i18n.h"
#include "log.h"
#include "remote.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static const char run_usage[] =
    N_("usage: sweep run [-w DIR] [-v] [--dry-run] [--step NAME] [--skip NAME]\n"
       "\n"
       "One whole unattended cycle, for cron: fetch new drops from [remote] drops\n"
       "and ingest them; collect the teams' answer files from [remote] feedback\n"
       "and apply them; export the packets and publish each team's newest under\n"
       "[remote] packets; write the reports and deliver those that changed to\n"
       "[remote] reports (a folder, or smtp(s):// to mail them).  A remote file is\n"
       "moved into done/ beside it only after what it held is stored; every step\n"
       "is safe to repeat, so a cycle cut short is finished by the next.\n"
       "\n"
       "Steps, in order: fetch, ingest, collect, apply, export, publish, report,\n"
       "deliver.  Quiet when all went well; every line goes to run.log in the\n"
       "workspace (kept to 5 files of 1 MB).\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -v, --verbose        say what each step did\n"
       "  -n, --dry-run        say what would be fetched, applied and sent; change\n"
       "                       nothing\n"
       "      --step NAME      run that one step only\n"
       "      --skip NAME      leave that step out (repeatable), e.g. deliver\n"
       "                       when reports are mailed once a day by another\n"
       "                       crontab line with --step deliver\n"
       "  -h, --help           this help\n"
       "\n"
       "Exit: 0 done; 1 done, but rows or files were refused (rejects.csv); 2 usage\n"
       "or settings; 3 a step failed (a server, the network, the disk): the next\n"
       "run picks up where it stopped; 4 another sweep run is working on this\n"
       "workspace.\n");

#define RUN_LOG "run.log"
#define RUN_LOG_KEEP 5
#define RUN_LOG_MAX_BYTES (1024L * 1024L)
#define RUN_LOCK ".sweep-run.lock"

struct run_command_options {
	struct command_args a;
	int verbose;
	int dry_run;
	const char *step;
	struct command_list skip;
};

static int run_command_check(const void *opts)
{
	const struct run_command_options *ro = opts;

	size_t i;

	if (ro->step && cycle_step_find(ro->step) < 0)
		return cli_usage_error(run_usage,
				       _("--step: expected fetch, ingest, collect, apply, export, "
					 "publish, report or deliver"));
	for (i = 0; i < ro->skip.n; i++)
		if (cycle_step_find(ro->skip.items[i]) < 0)
			return cli_usage_error(run_usage,
					       _("--skip: expected fetch, ingest, collect, apply, "
						 "export, publish, report or deliver"));
	return -1;
}

/* run.log -> run.log.1 -> ... -> run.log.5 (dropped) once it passes 1 MB. */
static void rotate_log(const char *path)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct stat st;
	int i;

	if (stat(path, &st) != 0 || st.st_size < RUN_LOG_MAX_BYTES)
		return;
	for (i = RUN_LOG_KEEP - 1; i >= 0; i--) {
		strbuf_reset(&from);
		strbuf_reset(&to);
		if (i == 0)
			strbuf_adds(&from, path);
		else
			strbuf_addf(&from, "%s.%d", path, i);
		strbuf_addf(&to, "%s.%d", path, i + 1);
		rename(from.buf, to.buf);
	}
	strbuf_release(&from);
	strbuf_release(&to);
}

/* Takes the workspace's run lock.  Returns the held descriptor, -1 when
 * another run holds it (what it wrote there in holder), -2 when the lock
 * file cannot be made (the workspace's own open says why). */
static int take_lock(const char *dir, char *holder, size_t size)
{
	char *path = file_join(dir, RUN_LOCK);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	char line[128];
	ssize_t n;

	free(path);
	holder[0] = '\0';
	if (fd < 0)
		return -2;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = pread(fd, holder, size - 1, 0);
		holder[n > 0 ? n : 0] = '\0';
		holder[strcspn(holder, "\n")] = '\0';
		close(fd);
		return -1;
	}
	snprintf(line, sizeof line, "pid %ld, since %s\n", (long)getpid(), cli_now());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, line, strlen(line), 0) < 0)
		line[0] = '\0'; /* only a note for the next run's message */
	return fd;
}

static const char *const remote_keys[] = {"drops", "packets", "feedback", "reports"};

/* The [remote] URLs, checked before anything is fetched. */
static int check_remote(const struct settings *s, struct sweep_err *err)
{
	const char *values[] = {s->remote_drops, s->remote_packets, s->remote_feedback,
				s->remote_reports};
	size_t i;

	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		const char *problem;
		if (!values[i] || !*values[i])
			continue;
		if ((problem = remote_url_problem(values[i])) != NULL) {
			char *safe = remote_url_safe(values[i]); /* not the password again */
			err_set(err, ERR_SETTINGS, "sweep.ini [remote] %s = %s: %s", remote_keys[i],
				safe, _(problem));
			free(safe);
			return -1;
		}
		if (i != 3 && remote_is_mail(values[i])) {
			err_set(err, ERR_SETTINGS,
				"sweep.ini [remote] %s = %s: only reports can go by mail",
				remote_keys[i], values[i]);
			return -1;
		}
	}
	return 0;
}

static void summary_line(const struct cycle_result *r, struct strbuf *sb)
{
	int i;

	strbuf_addf(sb,
		    _("sweep run: %ld drops fetched, %ld ingested (%ld new targets); %ld answer "
		      "files fetched, %ld applied (%ld rows); %ld new packets, %ld files "
		      "published; %ld reports written, %ld delivered"),
		    r->drops_fetched, r->drops_ingested, r->targets_new, r->answers_fetched,
		    r->answers_applied, r->answer_rows, r->packets, r->files_published,
		    r->reports_written, r->reports_delivered);
	if (r->rows_refused || r->drops_refused || r->answers_refused)
		strbuf_addf(sb, _("; refused: %ld rows, %ld files (see rejects.csv)"),
			    r->rows_refused, r->drops_refused + r->answers_refused);
	if (r->failed_steps) {
		const char *first = NULL;
		int n = 0;
		for (i = 0; i < CYCLE_N_STEPS; i++)
			if (r->failures[i][0]) {
				if (!first)
					first = r->failures[i];
				n++;
			}
		strbuf_addf(sb, _("; FAILED (%d of the steps: "), n);
		for (i = 0, n = 0; i < CYCLE_N_STEPS; i++)
			if (r->failures[i][0])
				strbuf_addf(sb, "%s%s", n++ ? ", " : "",
					    cycle_step_name((enum cycle_step)i));
		strbuf_addf(sb, _("): %s; the next run takes up what is left"), first);
	}
}

static int run_command_run(struct cli_workspace *unused, void *opts)
{
	const struct run_command_options *ro = opts;
	const char *dir = cli_workspace_dir(ro->a.dir);
	struct cycle_options co = {ro->dry_run, ro->step ? cycle_step_find(ro->step) : -1, {0}};
	struct cli_workspace ws;
	struct cycle_result res;
	struct sweep_err err = {0};
	struct strbuf summary = STRBUF_INIT;
	char holder[128], *log_path;
	int lock = -2, rc, exit_code;

	(void)unused;
	for (size_t i = 0; i < ro->skip.n; i++)
		co.skip[cycle_step_find(ro->skip.items[i])] = 1;
	log_path = file_join(dir, RUN_LOG);
	if (!ro->dry_run) {
		char *ini = file_join(dir, "sweep.ini");
		if (file_exists(ini))
			lock = take_lock(dir, holder, sizeof holder);
		free(ini);
		if (lock == -1) {
			log_say(LOG_ERROR,
				_("sweep run: another sweep run is working on %s (%s); this one "
				  "stops\n"),
				dir, holder[0] ? holder : _("its pid unknown"));
			free(log_path);
			return SWEEP_EXIT_BUSY;
		}
		if (lock >= 0) {
			rotate_log(log_path);
			log_set_file(log_path);
		}
	}
	/* cron mails whatever is said: only errors, unless asked */
	log_set_errors_only(!(ro->verbose || ro->dry_run));
	log_say(LOG_INFO, _("sweep run: begins%s%s%s\n"), ro->dry_run ? _(" (dry run)") : "",
		ro->step ? _(", step ") : "", ro->step ? ro->step : "");
	if (cli_workspace_open_for(&ws, dir, ro->dry_run, COUNTY_GEOGRAPHY, &err) != 0) {
		exit_code = cli_fail(&err);
		goto done;
	}
	if (check_remote(&ws.county.settings, &err) != 0) {
		cli_workspace_close(&ws);
		exit_code = cli_fail(&err);
		goto done;
	}
	rc = cycle_run(&ws, &co, &res, &err);
	cli_workspace_close(&ws);
	summary_line(&res, &summary);
	if (rc != 0 || res.failed_steps)
		exit_code = SWEEP_EXIT_FATAL;
	else if (res.rows_refused || res.drops_refused || res.answers_refused)
		exit_code = SWEEP_EXIT_REJECTS;
	else
		exit_code = SWEEP_EXIT_OK;
	log_say(exit_code == SWEEP_EXIT_OK ? LOG_INFO : LOG_ERROR, "%s\n", summary.buf);
done:
	log_set_file(NULL);
	strbuf_release(&summary);
	free(log_path);
	if (lock >= 0)
		close(lock);
	return exit_code;
}

static const struct command_option run_options[] = {
    COMMAND_OPT_WORKSPACE,
    {"verbose", 'v', COMMAND_OPT_FLAG, offsetof(struct run_command_options, verbose)},
    {"dry-run", 'n', COMMAND_OPT_FLAG, offsetof(struct run_command_options, dry_run)},
    {"step", 0, COMMAND_OPT_TEXT, offsetof(struct run_command_options, step)},
    {"skip", 0, COMMAND_OPT_LIST, offsetof(struct run_command_options, skip)},
    {NULL},
};

const struct command run_command = {
    .name = "run",
    .summary = N_("one unattended cycle: fetch, ingest, collect, apply, export, publish, "
		  "report, deliver"),
    .usage = run_usage,
    .options = run_options,
    .opts_size = sizeof(struct run_command_options),
    .min_args = 0,
    .max_args = 0,
    .args_message = N_("sweep run takes no arguments"),
    .check = run_command_check,
    .needs = COMMAND_NEEDS_NOTHING,
    .run = run_command_run,
};
