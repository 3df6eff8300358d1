/* test_report: the report stage as a library call, without a process: a
 * sample workspace made and fed through the commands' own functions, then
 * report_run with options; what it returns, what it writes, and options it
 * refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "command.h"
#include "crs.h"
#include "fileio.h"
#include "ingest.h"
#include "commands.h"
#include "report.h"
#include "tap.h"
#include "vector.h"

static int call(const struct command *cmd, int argc, char **argv)
{
	return command_main(cmd, argc, argv);
}

int main(void)
{
	char dir[] = "/tmp/sweep-report-XXXXXX", ws_dir[300], drop[700], key[300], path[700];
	const char *source = getenv("SWEEP_SOURCE");
	struct cli_workspace ws;
	struct report_options o = {0};
	struct report_result res;
	struct sweep_err err = {0};
	char *init_argv[] = {"init", ws_dir, NULL};
	char *ingest_argv[] = {"ingest", "-w", ws_dir, drop, NULL};
	char samples[600];

	if (!source || !mkdtemp(dir))
		return 1;
	snprintf(ws_dir, sizeof ws_dir, "%s/ws", dir);
	snprintf(samples, sizeof samples, "%s/samples", source);
	snprintf(drop, sizeof drop, "%s/drop-2026-03.csv", samples);
	snprintf(key, sizeof key, "%s/office.key", dir);
	setenv("SWEEP_SAMPLES", samples, 1);
	setenv("SWEEP_OFFICE_KEY", key, 1);
	setenv("SWEEP_NOW", "2026-03-25T09:00:00+0800", 1);
	/* stderr of the commands is not this test's output */
	if (!freopen("/dev/null", "w", stderr))
		return 1;
	tap_ok(call(&init_command, 2, init_argv) == 0,
	       "a sample workspace (the init command as a function)");
	tap_ok(call(&ingest_command, 4, ingest_argv) <= 1,
	       "a drop in (the ingest command as a function)");

	setenv("SWEEP_NOW", "2026-04-10T09:00:00+0800", 1);
	tap_ok(cli_workspace_open(&ws, ws_dir, &err) == 0, "the workspace opens");
	o.kind = "monthly";
	o.month = "2026-03";
	tap_ok(report_run(&ws, &o, &res, &err) == 0, "report_run: the March monthly table");
	tap_ok(res.files_written == 3, "three files: CSV, XLSX and the audit head");
	tap_str(res.as_of, "2026-03-31", "as of the month's end");
	snprintf(path, sizeof path, "%s/2026-03-31-monthly-2026-03.csv", res.dir);
	tap_ok(file_exists(path), "named by that day, in the workspace's reports/");
	report_result_release(&res);

	o.kind = "nonsense";
	tap_ok(report_run(&ws, &o, &res, &err) != 0 && err.cls == ERR_USAGE,
	       "an unknown kind is a usage error");
	tap_ok(strstr(err.msg, "nonsense") != NULL, "naming it");
	report_result_release(&res);
	err_clear(&err);
	o.kind = NULL;
	o.month = "2026-13";
	tap_ok(report_run(&ws, &o, &res, &err) != 0 && err.cls == ERR_USAGE,
	       "month 13 is a usage error");
	report_result_release(&res);
	err_clear(&err);
	o.month = NULL;
	o.as_of = "2026-04-05";
	snprintf(path, sizeof path, "%s/out", dir);
	o.out_dir = path;
	tap_ok(report_run(&ws, &o, &res, &err) == 0, "every kind as of a day, elsewhere");
	tap_ok(res.files_written >= 13, "all of them written");
	tap_str(res.dir, path, "where it was asked");
	report_result_release(&res);
	cli_workspace_close(&ws);
	vector_shutdown(); /* GDAL's and PROJ's caches, for valgrind */
	crs_shutdown();

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return tap_done();
}
