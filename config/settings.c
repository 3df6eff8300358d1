/* settings: see settings.h.  The table below is the single list of keys:
 * parsing, defaults and writing all walk it. */
#include "settings.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "table.h"
#include "xalloc.h"
#include "banned.h"

/* KEY_LIST: a comma-separated text value that may run over continuation
 * lines (inih reads lines of at most 200 bytes); those are appended. */
enum key_type { KEY_TEXT, KEY_NUMBER, KEY_CELL, KEY_LIST };

static const struct key {
	const char *section, *name;
	enum key_type type;
	size_t offset;
	const char *default_text;
	double default_number, min, max;
	const char *comment;
} keys[] = {
#define TEXT(sec, key, field, def, note)                                                           \
	{                                                                                          \
		sec, key, KEY_TEXT, offsetof(struct settings, field), def, 0, 0, 0, note           \
	}
#define LIST(sec, key, field, def, note)                                                           \
	{                                                                                          \
		sec, key, KEY_LIST, offsetof(struct settings, field), def, 0, 0, 0, note           \
	}
#define NUMBER(sec, key, field, def, lo, hi, note)                                                 \
	{                                                                                          \
		sec, key, KEY_NUMBER, offsetof(struct settings, field), NULL, def, lo, hi, note    \
	}
    TEXT("county", "name", county_name, "", "county name, shown in reports"),
    TEXT("county", "crs", county_crs, "auto",
	 "local grid: EPSG:4534-4554 (3-degree GK), EPSG:4513-4533 (with zone prefix), or auto"),
    {"county", "grid_cell_m", KEY_CELL, offsetof(struct settings, grid_cell_m), NULL, 1000, 100,
     1000, "kilometre grid cell size: 1000, 500 or 100"},
    TEXT("villages", "path", villages_path, "villages.geojson",
	 "village boundary layer (GeoJSON, Shapefile, GeoPackage, KML)"),
    TEXT("villages", "layer", villages_layer, "", "layer name; empty: the first"),
    TEXT("villages", "crs", villages_crs, "",
	 "CRS for a layer that declares none (e.g. a Shapefile without .prj)"),
    TEXT("villages", "code_field", villages_code_field, "",
	 "empty: detected (code, 村代码, 行政区划代码, ...)"),
    TEXT("villages", "name_field", villages_name_field, "",
	 "empty: detected (name, 村名, 村名称, ...)"),
    TEXT("villages", "township_field", villages_township_field, "",
	 "empty: detected (township, 乡镇, 乡镇名称, ...)"),
    TEXT("tables", "teams", teams_path, "teams.csv",
	 "team_id,team_name,leader,phone,villages (组号,组名,组长,电话,负责村)"),
    TEXT("tables", "personnel", personnel_path, "personnel.csv",
	 "village_code,role,name,phone; role: 镇街干部, 村社干部, 派出所民警, 网格员"),
    TEXT("ingest", "crs", ingest_crs, "EPSG:4490",
	 "CRS of drops that declare none (lon/lat columns)"),
    TEXT("ingest", "code_field", ingest_code_field, "", "empty: 靶标编号, 编号, code, id"),
    TEXT("ingest", "lon_field", ingest_lon_field, "",
	 "empty: 经度, lon, lng, x (or Y(东) for Gauss-Kruger)"),
    TEXT("ingest", "lat_field", ingest_lat_field, "",
	 "empty: 纬度, lat, y (or X(北) for Gauss-Kruger)"),
    TEXT("ingest", "area_field", ingest_area_field, "", "empty: 面积, area"),
    TEXT("ingest", "date_field", ingest_date_field, "", "empty: 影像日期, 成像时间"),
    TEXT("ingest", "deadline_field", ingest_deadline_field, "", "empty: 反馈期限, deadline"),
    TEXT("ingest", "type_field", ingest_type_field, "", "empty: 类型, type"),
    NUMBER("rules", "near_boundary_m", near_boundary_m, 50, 0, 5000,
	   "outside every village but this close: nearest village, flagged near_boundary"),
    NUMBER("rules", "duplicate_m", duplicate_m, 30, 0, 1000,
	   "another open target this close: flagged duplicate, not counted twice"),
    NUMBER("rules", "repeat_site_m", repeat_site_m, 50, 0, 5000,
	   "a confirmed site of an earlier drop this close: flagged repeat_site"),
    NUMBER("rules", "max_target_area_m2", max_target_area_m2, 100000, 0, 1e10,
	   "a target larger than this (square metres) is flagged oversized: one plot is not a "
	   "hillside"),
    NUMBER("feedback", "max_distance_m", feedback_max_distance_m, 50, 0, 10000,
	   "a team that recorded standing farther from the target is flagged for the office"),
    NUMBER("feedback", "max_plants_per_m2", feedback_max_plants_per_m2, 60, 1, 10000,
	   "more plants per square metre than this is flagged as implausible"),
    NUMBER("feedback", "area_ratio_max", feedback_area_ratio_max, 3, 1, 1000,
	   "field area this many times larger or smaller than the target's is flagged"),
    NUMBER("feedback", "cross_check_share", feedback_cross_check_share, 0.2, 0, 1,
	   "share of 非毒品/未找到 answers sent to another team for a second look (交叉复查)"),
    NUMBER("feedback", "deadline_days", feedback_deadline_days, 30, 1, 365,
	   "feedback deadline, days after ingest, for drops that give none"),
    NUMBER("feedback", "cross_check_days", feedback_cross_check_days, 7, 1, 90,
	   "days a team has to answer a cross-check (交叉复查) once it is in its packet"),
    NUMBER("revisit", "answer_days", revisit_answer_days, 10, 1, 90,
	   "days a team has to answer a revisit (回访复查) once it is in its packet"),
    NUMBER("revisit", "days", revisit_days, 30, 1, 365,
	   "revisit an eradicated site this many days after eradication (回访复查)"),
    LIST("revisit", "stages", revisit_stages, "",
	 "crop stages that also call revisits: 出苗=YYYY-MM-DD, 开花=YYYY-MM-DD, ..."),
    LIST("report", "verification_columns", report_verification_columns,
	 "code=靶标编号, township=乡镇, village_name=村, village_code=村代码, lon=经度, lat=纬度, "
	 "result=核查结果, species=种类, plants=株数, field_area_m2=面积(平方米), "
	 "eradicated_on=铲除日期, checked_by=核查人, team=责任踏查组, answered_by=核查踏查组, "
	 "stood_distance_m=实地距靶标(米), "
	 "case_filed=是否立案, persons_handled=处理人数, fp_reason=非毒品原因, flags=提示, "
	 "remarks=备注",
	 "核查反馈表 columns, in order, field=标题 (README lists the fields)"),
    LIST("report", "monthly_columns", report_monthly_columns,
	 "area=乡镇/村, received=下发靶标数, verified=已核查, confirmed=确认毒品原植物, "
	 "eradicated=已铲除, plants=铲除株数, area_m2=铲除面积(平方米), cases=立案数, "
	 "persons=处理人数, overdue=逾期未反馈",
	 "统计表 columns, in order, field=标题 (README lists the fields)"),
    LIST("report", "overdue_columns", report_overdue_columns,
	 "code=靶标编号, township=乡镇, village=村, team=踏查组, leader_phone=组长电话, "
	 "deadline=反馈期限, days_overdue=逾期天数, status=状态, town_cadre=镇街干部, "
	 "village_cadre=村社干部, police=派出所民警, grid_worker=网格员",
	 "逾期清单 columns, in order, field=标题"),
    LIST("report", "precision_columns", report_precision_columns,
	 "drop=批次, file=文件, received=下发, answered=已反馈, confirmed=确认毒品原植物, "
	 "false_positive=非毒品原植物, fp_other_crop=其中:其他作物, fp_bare_soil=其中:裸地, "
	 "fp_greenhouse=其中:大棚, fp_building=其中:建筑, fp_eradicated=其中:已铲除, "
	 "fp_other=其中:其他/未说明, not_found=未找到, precision=准确率(确认/已反馈)",
	 "靶标准确率 columns, in order, field=标题"),
    LIST("report", "position_columns", report_position_columns,
	 "team=踏查组, with_position=有实地坐标的反馈, within_10m=10米内, within_30m=30米内, "
	 "within_50m=50米内, share_10m=10米内占比, share_30m=30米内占比, share_50m=50米内占比, "
	 "mean_m=平均距离(米), max_m=最大距离(米)",
	 "实地位置核对 columns, in order, field=标题"),
    LIST("report", "packet_columns", report_packet_columns,
	 "seq=序号, code=靶标编号, township=乡镇, village_code=村代码, village_name=村名, "
	 "grid_cell=公里网格, map_sheet=图幅号(1:1万), x_north=X(北)/米, "
	 "y_east=\"Y(东,带号)/米\", lon=经度(CGCS2000/WGS84), lat=纬度(CGCS2000/WGS84), "
	 "gcj_lon=\"经度(GCJ-02,高德/腾讯)\", gcj_lat=\"纬度(GCJ-02,高德/腾讯)\", "
	 "amap_link=高德导航, area_m2=面积(平方米), deadline=反馈期限, notes=提示, "
	 "town_cadre=镇街干部, village_cadre=村社干部, police=派出所民警, grid_worker=网格员",
	 "a team packet's targets.csv columns, in order, field=标题 (a title with a comma in "
	 "double quotes)"),
    TEXT("history", "plots", history_path, "",
	 "optional layer of earlier confirmed sites (历史地块)"),
    TEXT("store", "url", store_url, "",
	 "empty: sweep.db in the workspace; postgresql://USER@HOST/DB: a store shared by several "
	 "offices (the password in ~/.pgpass or PGPASSWORD, not here)"),
    TEXT("store", "county", store_county, "",
	 "on a shared store, the county whose records these are; empty: [county] name"),
    TEXT("office", "key", office_key_path, "",
	 "the office key that signs the audit trail's heads, kept outside the workspace; empty: "
	 "$SWEEP_OFFICE_KEY, else ~/.config/sweep/office.key"),
    TEXT("remote", "drops", remote_drops, "",
	 "sweep run: the folder where new drops appear (https://, sftp://, ftp(s)://, file://); "
	 "empty: none fetched"),
    TEXT("remote", "packets", remote_packets, "",
	 "sweep run: the folder under which each team gets its own folder of packets"),
    TEXT("remote", "feedback", remote_feedback, "",
	 "sweep run: the folder where teams put their answer files (a subfolder per team allowed)"),
    TEXT("remote", "reports", remote_reports, "",
	 "sweep run: the folder reports are delivered to, or smtp(s)://host/ to mail them"),
    TEXT("remote", "user_env", remote_user_env, "",
	 "name of an environment variable holding the user name; empty: ~/.netrc"),
    TEXT("remote", "password_env", remote_password_env, "",
	 "name of an environment variable holding the password; empty: ~/.netrc"),
    TEXT("remote", "ca_bundle", remote_ca_bundle, "",
	 "a CA certificate file for the servers' TLS certificates; empty: the system's"),
    TEXT("remote", "ssh_key", remote_ssh_key, "",
	 "SFTP key file (its secret half); empty: ~/.ssh/id_ed25519, else ~/.ssh/id_rsa"),
    TEXT("remote", "known_hosts", remote_known_hosts, "",
	 "SFTP servers' host keys; empty: ~/.ssh/known_hosts"),
    TEXT("remote", "mail_from", remote_mail_from, "", "reports by mail: the sender"),
    TEXT("remote", "mail_to", remote_mail_to, "", "reports by mail: recipients, comma-separated"),
    NUMBER("remote", "retry_seconds", remote_retry_seconds, 120, 0, 86400,
	   "a failing transfer is tried again, waiting longer each time, for this long at most"),
    NUMBER("remote", "timeout_seconds", remote_timeout_seconds, 60, 1, 86400,
	   "a transfer that moves nothing for this long is cut (and tried again)"),
#undef TEXT
#undef LIST
#undef NUMBER
};

#define N_KEYS (sizeof keys / sizeof keys[0])

/* The struct member a key describes.  cppcheck takes the offsetof casts
 * for type punning; they address the member's own type. */
static char **text_field(struct settings *s, const struct key *k)
{
	return (char **)(void *)((char *)s + k->offset);
}

static double *number_field(struct settings *s, const struct key *k)
{
	// cppcheck-suppress invalidPointerCast
	return (double *)(void *)((char *)s + k->offset);
}

static int *int_field(struct settings *s, const struct key *k)
{
	return (int *)(void *)((char *)s + k->offset);
}

void settings_defaults(struct settings *s)
{
	size_t i;

	memset(s, 0, sizeof *s);
	for (i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		if (k->type == KEY_TEXT || k->type == KEY_LIST)
			*text_field(s, k) = xstrdup(k->default_text);
		else if (k->type == KEY_NUMBER)
			*number_field(s, k) = k->default_number;
		else
			*int_field(s, k) = (int)k->default_number;
	}
}

void settings_release(struct settings *s)
{
	size_t i;

	for (i = 0; i < N_KEYS; i++)
		if (keys[i].type == KEY_TEXT || keys[i].type == KEY_LIST) {
			free(*text_field(s, &keys[i]));
			*text_field(s, &keys[i]) = NULL;
		}
}

struct parse_state {
	struct settings *s;
	struct sweep_err *err;
	const struct key *last; /* the key of the line before */
};

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *st = user;
	const struct key *previous = st->last;
	char quoted[128];
	size_t i;
	int section_known = 0;

	st->last = NULL;
	for (i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		char *end;
		double v;

		if (strcmp(k->section, section) != 0)
			continue;
		section_known = 1;
		if (strcmp(k->name, name) != 0)
			continue;
		if (k->type == KEY_LIST && previous == k) {
			char **field = text_field(st->s, k);
			char *joined = xasprintf("%s, %s", *field, value);
			free(*field);
			*field = text_trim(joined);
			st->last = k;
			return 1;
		}
		if (k->offset == offsetof(struct settings, store_url) && *value &&
		    strncmp(value, "postgresql://", 13) != 0 &&
		    strncmp(value, "postgres://", 11) != 0) {
			/* anything else would be taken for an SQLite file's name */
			err_set(
			    st->err, ERR_SETTINGS,
			    "[%s] %s: expected postgresql://USER@HOST/DATABASE (a shared store), "
			    "or nothing for sweep.db in the workspace, got %s",
			    section, name, err_quote(quoted, sizeof quoted, value));
			return 0;
		}
		if (k->type == KEY_TEXT || k->type == KEY_LIST) {
			char **field = text_field(st->s, k);
			st->last = k;
			free(*field);
			*field = text_trim(xstrdup(value));
			return 1;
		}
		v = strtod(value, &end);
		while (*end == ' ')
			end++;
		if (end == value || *end != '\0' || !isfinite(v) || v < k->min || v > k->max) {
			err_set(st->err, ERR_SETTINGS,
				"[%s] %s: expected a number from %g to %g, got %s", section, name,
				k->min, k->max, err_quote(quoted, sizeof quoted, value));
			return 0;
		}
		if (k->type == KEY_CELL) {
			if (v != 1000 && v != 500 && v != 100) {
				err_set(st->err, ERR_SETTINGS,
					"[%s] %s: expected 1000, 500 or 100 (metres), got %s",
					section, name, err_quote(quoted, sizeof quoted, value));
				return 0;
			}
			*int_field(st->s, k) = (int)v;
		} else {
			*number_field(st->s, k) = v;
		}
		return 1;
	}
	if (!section_known)
		err_set(st->err, ERR_SETTINGS,
			"unknown section [%s] (known: county, villages, tables, ingest, rules, "
			"history)",
			section);
	else
		err_set(st->err, ERR_SETTINGS, "unknown key '%s' in [%s]", name, section);
	return 0;
}

/* inih lets a repeated key silently win (also across a repeated section);
 * sweep.ini says each thing once, so a repeat is an error naming both
 * lines.  A section may appear twice as long as no key does.  Returns the
 * line of the repeat (err set), or 0. */
static int find_repeats(const char *text, struct sweep_err *err)
{
	struct seen {
		char *section, *key;
		int line;
	} *seen = NULL;
	size_t n = 0, cap = 0, i;
	const char *p = text;
	char *section = xstrdup("");
	int line = 0, bad = 0;

	while (*p && !bad) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *text_line = xstrndup(p, len), *t = text_line, *eq;
		line++;
		p += len + (end != NULL);
		if (*t == ' ' || *t == '\t' || !*text_trim(t) || *t == ';' || *t == '#') {
			free(text_line); /* blank, comment or a continuation line */
			continue;
		}
		if (*t == '[') {
			char *close = strchr(t, ']');
			if (close)
				*close = '\0';
			free(section);
			section = xstrdup(text_trim(t + 1));
		} else if ((eq = strpbrk(t, "=:")) != NULL) {
			*eq = '\0';
			text_trim(t);
			for (i = 0; i < n && !bad; i++)
				if (seen[i].key[0] && !strcmp(seen[i].section, section) &&
				    !strcmp(seen[i].key, t)) {
					err_set(
					    err, ERR_SETTINGS,
					    "[%s] %s is set twice, on lines %d and %d: keep one",
					    section, t, seen[i].line, line);
					bad = line;
				}
			xgrow((void **)&seen, &cap, n + 1, sizeof *seen);
			seen[n++] = (struct seen){xstrdup(section), xstrdup(t), line};
		}
		free(text_line);
	}
	for (i = 0; i < n; i++) {
		free(seen[i].section);
		free(seen[i].key);
	}
	free(seen);
	free(section);
	return bad;
}

int settings_parse_mem(struct settings *s, const char *name, const char *text, size_t len,
		       struct sweep_err *err)
{
	struct parse_state st = {s, err, NULL};
	char *copy = xstrndup(text, len);
	int line;

	line = find_repeats(copy, err);
	if (line == 0)
		line = ini_parse_string(copy, on_key, &st);
	free(copy);
	if (line == 0)
		return 0;
	if (!err_is_set(err))
		err_set(err, ERR_SETTINGS, "expected 'key = value' or '[section]'");
	err_prefix(err, "%s:%d: ", name, line);
	return -1;
}

int settings_set(struct settings *s, const char *section, const char *key, const char *value,
		 struct sweep_err *err)
{
	struct parse_state st = {s, err, NULL};
	char *trimmed = text_trim(xstrdup(value)); /* as inih hands a line's value */
	int ok = on_key(&st, section, key, trimmed);

	free(trimmed);
	return ok ? 0 : -1;
}

void settings_write(const struct settings *s, struct strbuf *out)
{
	const char *section = "";
	size_t i;

	strbuf_adds(out, "; sweep workspace settings. Paths are relative to this folder.\n");
	for (i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		if (strcmp(section, k->section) != 0) {
			section = k->section;
			strbuf_addf(out, "\n[%s]\n", section);
		}
		strbuf_addf(out, "; %s\n", k->comment);
		if (k->type == KEY_LIST) {
			/* one item a line after the first: inih's lines are short */
			const char *p = *text_field((struct settings *)s, k);
			strbuf_addf(out, "%s =", k->name);
			while (*p) {
				size_t n = 0;
				int quoted = 0;
				/* a comma inside double quotes is part of a title */
				for (; p[n] && (quoted || p[n] != ','); n++)
					quoted ^= p[n] == '"';
				strbuf_addf(out, " %.*s\n", (int)n, p);
				p += n;
				if (*p == ',')
					p++;
				while (*p == ' ')
					p++;
				if (*p)
					strbuf_adds(out, " ");
			}
		} else if (k->type == KEY_TEXT)
			strbuf_addf(out, "%s = %s\n", k->name,
				    *text_field((struct settings *)s, k));
		else if (k->type == KEY_NUMBER)
			strbuf_addf(out, "%s = %g\n", k->name,
				    *number_field((struct settings *)s, k));
		else
			strbuf_addf(out, "%s = %d\n", k->name, *int_field((struct settings *)s, k));
	}
}
