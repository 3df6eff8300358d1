/* test_stages: the stages as library calls, without a process: ingest_run,
 * export_run, feedback_run and assign_run on a sample workspace; what they
 * return and write, that an exported packet stays until the team has
 * answered every target in it, and the options they refuse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assign.h"
#include "cli.h"
#include "command.h"
#include "crs.h"
#include "export.h"
#include "feedback.h"
#include "fileio.h"
#include "ingest.h"
#include "commands.h"
#include "tap.h"
#include "xalloc.h"
#include "vector.h"

static int call(const struct command *cmd, int argc, char **argv)
{
	return command_main(cmd, argc, argv);
}

/* Answers "未找到" for the codes of a packet's feedback template, all but
 * the last `keep` of them, into path.  Returns how many rows were written. */
static int answers_for(const char *packet_dir, size_t keep, const char *path)
{
	struct sweep_err err = {0};
	char *tpl = file_join(packet_dir, "feedback-template.csv");
	char *text = file_read_all(tpl, 1 << 20, NULL, &err), *line, *save = NULL;
	char *codes[512];
	size_t n = 0, i;
	FILE *out = fopen(path, "w");

	free(tpl);
	if (!text || !out) {
		free(text);
		if (out)
			fclose(out);
		return -1;
	}
	for (line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save))
		if (n < 512 && strncmp(line, "\xef\xbb\xbf", 3) != 0)
			codes[n++] = line; /* the header starts with the BOM */
	fputs("靶标编号,核查结果,核查日期\n", out);
	for (i = 0; i + keep < n; i++) {
		*strchr(codes[i], ',') = '\0';
		fprintf(out, "%s,未找到,2026-03-26\n", codes[i]);
	}
	fclose(out);
	free(text);
	return (int)i;
}

static char *newest_named(const char *team_dir)
{
	struct sweep_err err = {0};
	char *path = file_join(team_dir, EXPORT_NEWEST_FILE);
	char *text = file_read_all(path, 4096, NULL, &err);

	free(path);
	if (text)
		text[strcspn(text, "\r\n")] = '\0';
	return text;
}

int main(void)
{
	char dir[] = "/tmp/sweep-stages-XXXXXX", ws_dir[300], key[300], path[700], answers[700];
	char first[700] = "", *files[1], *newest, *team_dir;
	const char *source = getenv("SWEEP_SOURCE");
	struct cli_workspace ws;
	struct sweep_err err = {0};
	struct rejects rj = {0};
	struct ingest_result ires;
	struct export_options eo = {.team = "T01", .prune_days = -1};
	struct export_result eres;
	struct feedback_result fres;
	struct assign_result ares;
	char *init_argv[] = {"init", ws_dir, NULL};
	char samples[600];
	int n;

	if (!source || !mkdtemp(dir))
		return 1;
	snprintf(ws_dir, sizeof ws_dir, "%s/ws", dir);
	snprintf(samples, sizeof samples, "%s/samples", source);
	snprintf(path, sizeof path, "%s/drop-2026-03.csv", samples);
	snprintf(key, sizeof key, "%s/office.key", dir);
	snprintf(answers, sizeof answers, "%s/answers.csv", dir);
	setenv("SWEEP_SAMPLES", samples, 1);
	setenv("SWEEP_OFFICE_KEY", key, 1);
	setenv("SWEEP_NOW", "2026-03-25T09:00:00+0800", 1);
	if (!freopen("/dev/null", "w", stderr))
		return 1;
	tap_ok(call(&init_command, 2, init_argv) == 0, "a sample workspace");
	tap_ok(cli_workspace_open(&ws, ws_dir, &err) == 0, "the workspace opens");

	files[0] = path;
	tap_ok(ingest_run(&ws.county, ws.store, files, 1, cli_now(), &ires, &rj, NULL, &err) == 0,
	       "ingest_run: the March drop");
	tap_ok(ires.n_files == 1 && ires.files[0].accepted > 0, "its targets taken");
	ingest_result_release(&ires);

	tap_ok(export_run(&ws, &eo, &eres, &err) == 0, "export_run: team T01");
	tap_ok(eres.n_teams == 1 && eres.packets == 1 && eres.teams[0].targets > 2,
	       "one packet, with its targets");
	snprintf(path, sizeof path, "%s/manifest.json", eres.teams[0].folder);
	tap_ok(file_exists(path), "written whole, manifest and all");
	tap_ok(strstr(eres.teams[0].folder, "/outbox/T01-") != NULL &&
		   strstr(eres.teams[0].folder, "/2026-03-25-") != NULL,
	       "into a folder of its day inside the team's");
	snprintf(first, sizeof first, "%s", eres.teams[0].folder);
	team_dir = xstrdup(first);
	*strrchr(team_dir, '/') = '\0';
	newest = newest_named(team_dir);
	tap_str(newest, file_basename(first), "最新任务包.txt names it");
	free(newest);
	export_result_release(&eres);

	setenv("SWEEP_NOW", "2026-03-25T15:00:00+0800", 1);
	tap_ok(export_run(&ws, &eo, &eres, &err) == 0 && eres.teams[0].unchanged,
	       "the same state again: the same packet, nothing written");
	export_result_release(&eres);

	/* the team answers all but one target of the packet */
	setenv("SWEEP_NOW", "2026-03-26T18:00:00+0800", 1);
	n = answers_for(first, 1, answers);
	files[0] = answers;
	tap_ok(n > 0 && feedback_run(&ws, "T01", files, 1, &fres, &rj, NULL, &err) == 0,
	       "feedback_run: the team's answers");
	tap_ok(fres.n_files == 1 && fres.files[0].accepted == n && fres.files[0].rejected == 0,
	       "every answer taken");
	feedback_result_release(&fres);
	tap_ok(feedback_run(&ws, "T01", files, 1, &fres, &rj, NULL, &err) == 0 &&
		   fres.files[0].skipped_same_hash,
	       "the same file again: nothing to do");
	feedback_result_release(&fres);
	tap_ok(feedback_run(&ws, "T99", files, 1, &fres, &rj, NULL, &err) != 0 &&
		   err.cls == ERR_USAGE,
	       "an unknown team is a usage error");
	feedback_result_release(&fres);
	err_clear(&err);

	setenv("SWEEP_NOW", "2026-03-27T09:00:00+0800", 1);
	tap_ok(export_run(&ws, &eo, &eres, &err) == 0 && eres.packets == 1 &&
		   !eres.teams[0].unchanged,
	       "the next export: a new packet");
	tap_ok(file_exists(first) && eres.n_pruned == 0,
	       "beside the first, which still has an unanswered target");
	newest = newest_named(team_dir);
	tap_str(newest, file_basename(eres.teams[0].folder), "最新任务包.txt names the new one");
	free(newest);
	export_result_release(&eres);

	/* the last answer comes: the first packet has done its work */
	n = answers_for(first, 0, answers);
	tap_ok(feedback_run(&ws, "T01", files, 1, &fres, &rj, NULL, &err) == 0 &&
		   fres.files[0].accepted + fres.files[0].unchanged == n,
	       "the last answer");
	feedback_result_release(&fres);
	setenv("SWEEP_NOW", "2026-03-28T09:00:00+0800", 1);
	tap_ok(export_run(&ws, &eo, &eres, &err) == 0, "the export after it");
	tap_ok(eres.n_pruned == 1 && !file_exists(first) &&
		   strstr(eres.pruned[0], "every target answered") != NULL,
	       "removes the packet whose every target was answered, saying why");
	export_result_release(&eres);

	eo.since_last = eo.all = 1;
	tap_ok(export_run(&ws, &eo, &eres, &err) != 0 && err.cls == ERR_USAGE,
	       "--since-last with --all is a usage error");
	export_result_release(&eres);
	err_clear(&err);
	eo.since_last = eo.all = 0;
	eo.team = "T99";
	tap_ok(export_run(&ws, &eo, &eres, &err) != 0 && err.cls == ERR_USAGE &&
		   strstr(err.msg, "T99") != NULL,
	       "an unknown team is a usage error naming it");
	export_result_release(&eres);
	err_clear(&err);

	tap_ok(assign_run(&ws.county, ws.store, cli_now(), &ares, &err) == 0 && ares.targets > 0,
	       "assign_run: every open target placed again");
	tap_ok(ares.changed == 0, "nothing changed, the tables being the same");

	free(team_dir);
	rejects_release(&rj);
	cli_workspace_close(&ws);
	vector_shutdown();
	crs_shutdown();
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return tap_done();
}
