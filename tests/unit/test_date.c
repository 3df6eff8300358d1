/* Unit tests: common/date (dates as people, Excel, WPS and GDAL write them). */
#include <string.h>

#include "date.h"
#include "tap.h"

static const struct {
	const char *text, *want; /* want NULL: refused, reason containing `why` */
	const char *why;
} cases[] = {
    {"2026-04-09", "2026-04-09", NULL},
    {"2026/4/9", "2026-04-09", NULL},
    {"2026/04/09", "2026-04-09", NULL},          /* GDAL's date field as text */
    {"2026/04/09 00:00:00", "2026-04-09", NULL}, /* GDAL's date-time field */
    {"2026-11-24T08:30:00+08:00", "2026-11-24", NULL},
    {"2026.4.9", "2026-04-09", NULL},
    {"2026年4月9日", "2026-04-09", NULL},
    {"2026年04月09号", "2026-04-09", NULL},
    {" 2026-4-12 ", "2026-04-12", NULL},
    {"46121", "2026-04-09", NULL}, /* Excel serial: 2026-04-09 */
    {"46121.5", "2026-04-09", NULL},
    {"25569", NULL, "not a date"}, /* 1970, not a field season */
    {"45658", "2025-01-01", NULL},
    {"2024-02-29", "2024-02-29", NULL},
    {"2026-02-29", NULL, "calendar date"},
    {"2026-13-01", NULL, "calendar date"},
    {"09/04/2026", NULL, "ambiguous"},
    {"4/9/2026", NULL, "ambiguous"},
    {"2026-4", NULL, "not a date"},
    {"2026/4-9", NULL, "not a date"},
    {"yesterday", NULL, "not a date"},
    {"", NULL, "empty"},
    {"2026-04-09x", NULL, "not a date"},
};

int main(void)
{
	char out[11], why[256], name[128];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = date_parse(cases[i].text, strlen(cases[i].text), out, why, sizeof why);
		snprintf(name, sizeof name, "'%s'", cases[i].text);
		if (cases[i].want) {
			tap_ok(rc == 0, name);
			if (rc == 0)
				tap_str(out, cases[i].want, name);
			else
				printf("#   refused: %s\n", why);
		} else {
			tap_ok(rc != 0 && strstr(why, cases[i].why) != NULL, name);
			if (rc == 0 || !strstr(why, cases[i].why))
				printf("#   rc %d, why '%s'\n", rc, rc ? why : out);
		}
	}
	/* a length-bounded read never looks past len */
	tap_ok(date_parse("2026-04-091", 10, out, why, sizeof why) == 0 &&
		   strcmp(out, "2026-04-09") == 0,
	       "reads only len bytes");
	return tap_done();
}
