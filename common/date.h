/* date: calendar dates as "YYYY-MM-DD" text, the form sweep stores, and
 * the reading of dates as people and spreadsheets write them. */
#ifndef SWEEP_DATE_H
#define SWEEP_DATE_H

#include <stddef.h>

/* out = ymd + days (civil calendar, no time zones involved).  -1 when ymd
 * is not a date. */
int date_add_days(const char *ymd, int days, char out[11]);

/* Reads a date as Excel, WPS, GDAL and people write it: 2026-04-09,
 * 2026/4/9, 2026.4.9, 2026年4月9日, a date-time (the time is dropped), or an
 * Excel/WPS serial day number (1900 system, 30000..80000).  Day-first and
 * month-first forms (09/04/2026) are refused as ambiguous.  0 and out =
 * "YYYY-MM-DD"; -1 and why = a reason for a clerk (no value quoted). */
int date_parse(const char *text, size_t len, char out[11], char *why, size_t why_size);

#endif
