/* date: see date.h.  Days are counted with the civil-from-days algorithm
 * (H. Hinnant), so no time zone or DST can shift a date. */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
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

/* y within 0..9999 */
static void format_ymd(long y, long m, long d, char out[11])
{
	out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
	out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
	out[7] = '-', out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10);
	out[10] = '\0';
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
	format_ymd(yy, mm, dd, out);
	return 0;
}

static int days_in_month(long y, long m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
}

/* Reads up to max_digits digits; -1 when there is none. */
static long read_number(const char **p, const char *end, int max_digits)
{
	long v = 0;
	int n = 0;

	while (*p < end && **p >= '0' && **p <= '9' && n < max_digits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || (*p < end && **p >= '0' && **p <= '9'))
		return -1;
	return v;
}

/* Skips one separator of the given set (ASCII or the UTF-8 words 年/月). */
static int skip_sep(const char **p, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - *p) >= n && memcmp(*p, word, n) == 0) {
		*p += n;
		return 1;
	}
	return 0;
}

static int why_set(char *why, size_t size, const char *text)
{
	if (why && size)
		snprintf(why, size, "%s", _(text));
	return -1;
}

int date_parse(const char *text, size_t len, char out[11], char *why, size_t why_size)
{
	const char *p = text, *end = text + len;
	long y, m, d;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (p == end)
		return why_set(why, why_size, "is empty");
	/* an Excel/WPS serial day number: day 1 = 1900-01-01, with Lotus's
	 * phantom 1900-02-29, so day 25569 = 1970-01-01 */
	{
		char buf[32], *stop;
		double serial;
		if ((size_t)(end - p) < sizeof buf) {
			memcpy(buf, p, (size_t)(end - p));
			buf[end - p] = '\0';
			serial = strtod(buf, &stop);
			if (stop != buf && *stop == '\0' && strchr(buf, '-') == NULL) {
				long day;
				if (!(serial >= 30000 && serial < 80000))
					return why_set(why, why_size,
						       "is a number but not a date (a spreadsheet "
						       "date cell is 30000 to 80000)");
				day = (long)serial - 25569;
				civil_from_days(day, &y, &m, &d);
				format_ymd(y, m, d, out);
				return 0;
			}
		}
	}
	y = read_number(&p, end, 4);
	if (y < 0 || p - text < 4 || y < 1900) {
		/* 09/04/2026 or 4/9/2026: day or month first */
		if (y >= 0 && y <= 31 && p < end && strchr("/.-", *p))
			return why_set(why, why_size,
				       "is ambiguous (day and month could be either way round): "
				       "write the year first, as 2026-04-09");
		return why_set(why, why_size,
			       "is not a date: expected a date such as 2026-04-09, 2026/4/9 or "
			       "2026年4月9日");
	}
	if (skip_sep(&p, end, "年")) {
		m = read_number(&p, end, 2);
		if (m < 0 || !skip_sep(&p, end, "月"))
			goto bad;
		d = read_number(&p, end, 2);
		if (d < 0)
			goto bad;
		if (!skip_sep(&p, end, "日"))
			skip_sep(&p, end, "号");
	} else {
		char sep;
		if (p == end || !strchr("-/.", *p))
			goto bad;
		sep = *p++;
		m = read_number(&p, end, 2);
		if (m < 0 || p == end || *p != sep)
			goto bad;
		p++;
		d = read_number(&p, end, 2);
		if (d < 0)
			goto bad;
	}
	/* a time after the date (GDAL's date-time fields, Excel's cells) */
	if (p < end) {
		if (*p != ' ' && *p != 'T')
			goto bad;
		p++;
		if (end - p < 4 || p[0] < '0' || p[0] > '9' || !memchr(p, ':', (size_t)(end - p)))
			goto bad;
	}
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return why_set(why, why_size, "is not a calendar date (month 1-12, day within it)");
	format_ymd(y, m, d, out);
	return 0;
bad:
	return why_set(why, why_size,
		       "is not a date: expected a date such as 2026-04-09, 2026/4/9 or "
		       "2026年4月9日");
}
