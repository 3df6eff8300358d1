/* Unit tests: config/settings and config/teams. */
#include <stdlib.h>
#include <string.h>

#include "settings.h"
#include "teams.h"
#include "tap.h"

static void table_from(struct table *t, const char *const *header, size_t nf,
		       const char *const *cells, size_t nrows)
{
	size_t i;

	memset(t, 0, sizeof *t);
	t->source = strdup("teams.csv");
	t->unit = "line";
	for (i = 0; i < nf; i++)
		table_add_field(t, header[i]);
	for (i = 0; i < nrows; i++)
		table_add_row(t, (long)i + 2, cells + i * nf);
}

int main(void)
{
	struct settings s;
	struct sweep_err err = {0};
	struct strbuf out = STRBUF_INIT;
	const char *good = "[county]\ncrs = EPSG:4545 ; zone 36\ngrid_cell_m = 500\n"
			   "[rules]\nnear_boundary_m = 75\n";

	settings_defaults(&s);
	tap_str(s.county_crs, "auto", "default crs is auto");
	tap_ok(s.near_boundary_m == 50 && s.duplicate_m == 30 && s.grid_cell_m == 1000,
	       "default distances");
	tap_ok(settings_parse_mem(&s, "sweep.ini", good, strlen(good), &err) == 0, "parses");
	tap_str(s.county_crs, "EPSG:4545", "crs read, inline comment dropped");
	tap_ok(s.grid_cell_m == 500 && s.near_boundary_m == 75, "numbers read");
	settings_write(&s, &out);
	{
		struct settings again;
		settings_defaults(&again);
		tap_ok(settings_parse_mem(&again, "w", out.buf, out.len, &err) == 0 &&
			   again.grid_cell_m == 500 && strcmp(again.county_crs, "EPSG:4545") == 0,
		       "written settings read back the same");
		settings_release(&again);
	}
	strbuf_release(&out);
	err_clear(&err);
	{
		const char *cols = "[report]\nmonthly_columns = area=地区\n  cases=立案数\n"
				   "[rules]\nduplicate_m = 20\n";
		tap_ok(settings_parse_mem(&s, "sweep.ini", cols, strlen(cols), &err) == 0 &&
			   strcmp(s.report_monthly_columns, "area=地区, cases=立案数") == 0,
		       "a column list over continuation lines is read as one list");
	}
	tap_ok(settings_parse_mem(&s, "sweep.ini", "[rules]\n\nnear_boundry_m = 5\n",
				  strlen("[rules]\n\nnear_boundry_m = 5\n"), &err) == -1 &&
		   strstr(err.msg, "sweep.ini:3:") && strstr(err.msg, "near_boundry_m"),
	       "unknown key named with its line");
	err_clear(&err);
	tap_ok(settings_parse_mem(&s, "sweep.ini", "[county]\ngrid_cell_m = 250\n",
				  strlen("[county]\ngrid_cell_m = 250\n"), &err) == -1 &&
		   strstr(err.msg, "1000, 500 or 100"),
	       "grid cell size checked");
	err_clear(&err);
	tap_ok(settings_parse_mem(&s, "sweep.ini", "[rules]\nduplicate_m = ten\n",
				  strlen("[rules]\nduplicate_m = ten\n"), &err) == -1 &&
		   strstr(err.msg, "'ten'"),
	       "non-number quoted in the message");
	err_clear(&err);
	{
		static const char *const twice[] = {
		    /* a second crs under [county]: once moved the county a zone */
		    "[county]\ncrs = EPSG:4545\nname = x\ncrs = EPSG:4544\n",
		    /* the same key in a repeated section */
		    "[county]\ncrs = EPSG:4545\n[rules]\nduplicate_m = 5\n[county]\ncrs = "
		    "EPSG:4544\n",
		};
		size_t k;
		for (k = 0; k < 2; k++) {
			tap_ok(settings_parse_mem(&s, "sweep.ini", twice[k], strlen(twice[k]),
						  &err) == -1 &&
				   strstr(err.msg, "[county] crs is set twice, on lines 2 and") &&
				   strstr(err.msg, "sweep.ini:"),
			       k ? "a key repeated in a repeated section: both lines named"
				 : "a key set twice: both lines named");
			err_clear(&err);
		}
		tap_ok(settings_parse_mem(
			   &s, "sweep.ini",
			   "[rules]\nduplicate_m = 5\n[rules]\nrepeat_site_m = 9\n",
			   strlen("[rules]\nduplicate_m = 5\n[rules]\nrepeat_site_m = 9\n"),
			   &err) == 0,
		       "a section repeated with other keys is fine");
		err_clear(&err);
	}
	tap_ok(settings_parse_mem(&s, "x", "[colour]\nred = 1\n", strlen("[colour]\nred = 1\n"),
				  &err) == -1 &&
		   strstr(err.msg, "unknown section [colour]"),
	       "unknown section");
	err_clear(&err);
	tap_ok(settings_set(&s, "store", "url", " postgres://office@db/sweep ", &err) == 0 &&
		   strcmp(s.store_url, "postgres://office@db/sweep") == 0,
	       "settings_set: a shared store's URL, trimmed as in sweep.ini");
	tap_ok(settings_set(&s, "store", "url", "", &err) == 0 && strcmp(s.store_url, "") == 0,
	       "settings_set: nothing, for sweep.db in the workspace");
	tap_ok(settings_set(&s, "store", "url", "C:/share/sweep.db", &err) == -1 &&
		   strstr(err.msg, "expected postgresql://") &&
		   strstr(err.msg, "'C:/share/sweep.db'") && strcmp(s.store_url, "") == 0,
	       "settings_set: a file's path as the store's URL refused, the setting unchanged");
	err_clear(&err);
	tap_ok(settings_set(&s, "county", "grid_cell_m", "250", &err) == -1 &&
		   strstr(err.msg, "1000, 500 or 100") && !strstr(err.msg, ":1:"),
	       "settings_set: checked as sweep.ini's line, with no line number");
	settings_release(&s);
	err_clear(&err);

	{
		static const char *const header[] = {"组号", "组名", "组长", "电话", "负责村"};
		static const char *const rows[] = {
		    "T1",
		    "一组",
		    "王伟",
		    "13800000000",
		    "500230101201；500230101202",
		    "T2",
		    "",
		    "李娜",
		    "",
		    "500230101203, 500230101204",
		};
		static const char *const codes[] = {"500230101201", "500230101202", "500230101203",
						    "500230101204"};
		static const char *const pheader[] = {"村代码", "role", "姓名", "phone"};
		static const char *const prow_good[] = {"500230101201", "网格员", "赵敏", "1"};
		static const char *const prow_bad[] = {"500230101201", "村长", "赵敏", "1"};
		struct table t, p;
		struct teams teams = {0};

		table_from(&t, header, 5, rows, 2);
		tap_ok(teams_read_table(&teams, &t, &err) == 0 && teams.n_teams == 2,
		       "teams read with Chinese headers");
		tap_ok(teams.teams[0].n_villages == 2 && teams.teams[1].n_villages == 2,
		       "full-width and ASCII separators split villages");
		tap_str(teams.teams[1].name, "T2", "empty team name falls back to the id");
		tap_ok(teams_check(&teams, codes, 4, "teams.csv", "p.csv", &err) == 0,
		       "all villages known");
		tap_ok(teams_check(&teams, codes, 3, "teams.csv", "p.csv", &err) == -1 &&
			   strstr(err.msg, "500230101204") && strstr(err.msg, "T2"),
		       "unknown village names team and village");
		err_clear(&err);
		{
			static const char *const rows_twice[] = {
			    "T1", "一组", "王伟", "", "500230101201；500230101202",
			    "T2", "二组", "李娜", "", "500230101203, 500230101201",
			};
			struct table t2;
			struct teams twice = {0};
			table_from(&t2, header, 5, rows_twice, 2);
			tap_ok(
			    teams_read_table(&twice, &t2, &err) == 0 &&
				teams_check(&twice, codes, 4, "teams.csv", "p.csv", &err) == -1 &&
				strstr(err.msg, "500230101201 is claimed by two teams, T1 and T2"),
			    "two teams claiming one village refused, naming both");
			err_clear(&err);
			teams_release(&twice);
			table_release(&t2);
		}
		table_from(&p, pheader, 4, prow_good, 1);
		tap_ok(teams_read_personnel(&teams, &p, &err) == 0 &&
			   teams_person(&teams, "500230101201", ROLE_GRID_WORKER) != NULL,
		       "personnel read");
		table_release(&p);
		table_from(&p, pheader, 4, prow_bad, 1);
		tap_ok(teams_read_personnel(&teams, &p, &err) == -1 && strstr(err.msg, "'村长'"),
		       "unknown role refused with the value");
		table_release(&p);
		tap_ok(teams_for_village(&teams, "500230101202") == &teams.teams[0],
		       "team for a village");
		teams_release(&teams);
		table_release(&t);
	}
	return tap_done();
}
