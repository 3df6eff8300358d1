/* date: see date.h.  Days are counted with the civil-from-days algorithm
 * (H. Hinnant), so no time zone or DST can shift a date. */
#include "date.h"

#include <stdio.h>

#include "banned.h"

static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

int date_add_days(const char *ymd, int days, char out[11])
{
	int y, m, d, n = 0;
	long yy, mm, dd;

	if (!ymd || sscanf(ymd, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return -1;
	civil_from_days(days_from_civil(y, m, d) + days, &yy, &mm, &dd);
	if (yy < 0 || yy > 9999)
		return -1;
	out[0] = (char)('0' + yy / 1000), out[1] = (char)('0' + yy / 100 % 10);
	out[2] = (char)('0' + yy / 10 % 10), out[3] = (char)('0' + yy % 10);
	out[4] = '-', out[5] = (char)('0' + mm / 10), out[6] = (char)('0' + mm % 10);
	out[7] = '-', out[8] = (char)('0' + dd / 10), out[9] = (char)('0' + dd % 10);
	out[10] = '\0';
	return 0;
}
