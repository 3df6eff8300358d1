/* libFuzzer harness: the rules one feedback row must pass
 * (feedback_row_read).  The input is the row's cells separated by 0x1f
 * (unit separator).  Whatever the cells, a row taken is one the lifecycle
 * can fold: a known result, a species for a confirmation, counts and area
 * in range, dates that read back, not in the future nor before the target
 * came, an eradication only of a drug plant with a count or area, plain
 * photo names; and a refusal always names a column and a reason. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "feedback.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *p, again[11], why[256];
	struct feedback_row_in in = {0};
	struct store_answer sa;
	struct feedback_refusal r;
	size_t k = 0;
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (k = 0; k < FB_N; k++)
		in.cells[k] = "";
	for (p = text, k = 0; k < FB_N; k++) {
		char *sep = strchr(p, '\x1f');
		in.cells[k] = p;
		if (!sep)
			break;
		*sep = '\0';
		p = sep + 1;
	}
	in.received_on = "2026-03-01";
	in.today = "2026-06-30";
	in.has_point = size > 0 && data[0] == 'P';
	in.point_lon = 107.6;
	in.point_lat = 29.8;
	memset(&sa, 0, sizeof sa);
	rc = feedback_row_read(&in, &sa, &r);
	if (rc < 0) {
		must(r.col < FB_N && r.why[0] != '\0' && r.value != NULL);
	} else if (rc == 0) {
		must(sa.a.result >= LC_NONE && sa.a.result <= LC_NOT_FOUND);
		if (sa.a.result == LC_CONFIRMED)
			must(sa.a.species && sa.a.species[0]);
		must(sa.a.plants >= 0 && sa.a.persons >= 0);
		must(sa.a.area_m2 == -1 || (sa.a.area_m2 >= 0 && isfinite(sa.a.area_m2)));
		if (sa.a.eradicated_on[0]) {
			must(sa.a.plants > 0 || sa.a.area_m2 >= 0);
			must(sa.a.result == LC_NONE || sa.a.result == LC_CONFIRMED);
			must(date_parse(sa.a.eradicated_on, 10, again, why, sizeof why) == 0);
			must(strcmp(sa.a.eradicated_on, in.received_on) >= 0 &&
			     strcmp(sa.a.eradicated_on, in.today) <= 0);
		}
		if (sa.checked_on[0])
			must(strcmp(sa.checked_on, in.received_on) >= 0 &&
			     strcmp(sa.checked_on, in.today) <= 0);
		must(!strchr(sa.photos, '/') && !strchr(sa.photos, '\\') &&
		     !strstr(sa.photos, ".."));
		if (sa.a.has_position && !in.has_point)
			must(sa.a.stood_lon > 70 && sa.a.stood_lon < 140 && sa.a.stood_lat > 0 &&
			     sa.a.stood_lat < 60);
	}
	free(text);
	return 0;
}
