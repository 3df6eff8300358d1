/* settings: the workspace's sweep.ini, read into a plain struct.
 *
 * Every key has a default, so an empty file is a valid (sample) setup; a
 * key or section sweep does not know is an error naming its line, because a
 * misspelt "near_boundry_m" silently ignored is worse than a stop.  Paths
 * are kept as written; the caller resolves them against the workspace. */
#ifndef SWEEP_SETTINGS_H
#define SWEEP_SETTINGS_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

struct settings {
	/* [county] */
	char *county_name;
	char *county_crs; /* "EPSG:45xx" or "auto" */
	int grid_cell_m;  /* 1000, 500 or 100 */

	/* [villages] */
	char *villages_path;
	char *villages_layer;
	char *villages_crs; /* for a layer that declares none */
	char *villages_code_field;
	char *villages_name_field;
	char *villages_township_field;

	/* [tables] */
	char *teams_path;
	char *personnel_path;

	/* [ingest]: CRS of drops that declare none, and column overrides */
	char *ingest_crs;
	char *ingest_code_field;
	char *ingest_lon_field;
	char *ingest_lat_field;
	char *ingest_area_field;
	char *ingest_date_field;
	char *ingest_deadline_field;
	char *ingest_type_field;

	/* [rules] */
	double near_boundary_m;
	double duplicate_m;
	double repeat_site_m;
	double max_target_area_m2; /* larger targets are flagged oversized */

	/* [feedback] */
	double feedback_max_distance_m;    /* team stood farther: flagged */
	double feedback_max_plants_per_m2; /* a denser count is implausible */
	double feedback_area_ratio_max;    /* field vs target area beyond this: flagged */
	double feedback_cross_check_share; /* of false positives and not-founds, 0..1 */
	double feedback_deadline_days;     /* drops that give no deadline */
	double feedback_cross_check_days;  /* to answer a cross-check once sent */

	/* [revisit] */
	double revisit_days;        /* after eradication */
	double revisit_answer_days; /* to answer a revisit once sent */
	char *revisit_stages;       /* "出苗=2026-04-10, 开花=2026-05-10" */

	/* [report]: each table's columns as "field=标题, field=标题, ..." in
	 * order; a county renames, reorders or drops columns here */
	char *report_verification_columns;
	char *report_monthly_columns;
	char *report_overdue_columns;
	char *report_precision_columns;
	char *report_position_columns;
	char *report_packet_columns; /* a team packet's targets.csv */

	/* [history]: earlier confirmed sites ("历史地块"), optional */
	char *history_path;

	/* [store]: where the records are kept (empty: sweep.db in the
	 * workspace), and which county's they are on a shared store */
	char *store_url;
	char *store_county;

	/* [office]: where the office key is (empty: the default place) */
	char *office_key_path;

	/* [remote]: where `sweep run` fetches and delivers (empty: that step
	 * has nothing to do), and how it gets in */
	char *remote_drops;        /* a folder where new drops appear */
	char *remote_packets;      /* a folder under which each team has its own */
	char *remote_feedback;     /* where teams put answers (a subfolder per team allowed) */
	char *remote_reports;      /* a folder, or smtp(s):// to mail them */
	char *remote_user_env;     /* names of environment variables holding */
	char *remote_password_env; /* the user and password (else ~/.netrc) */
	char *remote_ca_bundle;    /* extra CA certificates for TLS */
	char *remote_ssh_key;      /* SFTP private key; empty: ~/.ssh/id_ed25519 or id_rsa */
	char *remote_known_hosts;  /* SFTP host keys; empty: ~/.ssh/known_hosts */
	char *remote_mail_from;
	char *remote_mail_to;          /* comma-separated */
	double remote_retry_seconds;   /* a failing transfer is retried this long */
	double remote_timeout_seconds; /* a transfer stalled this long is cut */
};

/* Fills s with the defaults.  Release with settings_release. */
void settings_defaults(struct settings *s);
/* Parses ini text over what s holds.  `name` is used in messages. */
int settings_parse_mem(struct settings *s, const char *name, const char *text, size_t len,
		       struct sweep_err *err);
/* One key set as sweep.ini's "key = value" line in [section] would set it,
 * checked the same way (a command line's --set). */
int settings_set(struct settings *s, const char *section, const char *key, const char *value,
		 struct sweep_err *err);
/* Writes s as a commented sweep.ini. */
void settings_write(const struct settings *s, struct strbuf *out);
void settings_release(struct settings *s);

#endif
