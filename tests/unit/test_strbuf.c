/* Unit tests: common/strbuf (formatting in place, numbers without printf). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "tap.h"

int main(void)
{
	static const long long numbers[] = {0, 1, -1, 9, 10, -10, 123456789, LLONG_MAX, LLONG_MIN};
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	char expect[128], longer[300];
	size_t i;
	long k, wrong = 0;

	strbuf_addf(&sb, "%s", "");
	tap_ok(sb.len == 0 && strcmp(strbuf_str(&sb), "") == 0, "an empty format adds nothing");
	strbuf_addf(&sb, "X(北) %.1f", 3210987.46);
	tap_ok(strcmp(sb.buf, "X(北) 3210987.5") == 0, "a short format lands in the spare room");
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	strbuf_addf(&sb, "[%s]", longer);
	tap_ok(sb.len == strlen("X(北) 3210987.5") + 301 && sb.buf[sb.len] == '\0' &&
		   sb.buf[sb.len - 1] == ']' && sb.buf[sb.len - 2] == 'a',
	       "a format longer than the spare room is formatted again, whole");
	strbuf_reset(&sb);
	/* many appends of every length across many growths, against snprintf */
	for (k = 0; k < 5000; k++) {
		int width = (int)(k % 97);
		strbuf_addf(&sb, "%*ld;", width, k);
		snprintf(expect, sizeof expect, "%*ld;", width, k);
		strbuf_adds(&want, expect);
	}
	tap_ok(sb.len == want.len && memcmp(sb.buf, want.buf, sb.len) == 0,
	       "5,000 appends of 2 to 98 bytes give what snprintf gives");
	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, "n=");
		strbuf_add_int(&sb, numbers[i]);
		snprintf(expect, sizeof expect, "n=%lld", numbers[i]);
		wrong += strcmp(sb.buf, expect) != 0;
	}
	tap_ok(wrong == 0, "strbuf_add_int writes what %%lld writes, 0 and both ends included");
	strbuf_release(&sb);
	strbuf_release(&want);
	return tap_done();
}
