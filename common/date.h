/* date: calendar dates as "YYYY-MM-DD" text, the form sweep stores. */
#ifndef SWEEP_DATE_H
#define SWEEP_DATE_H

/* out = ymd + days (civil calendar, no time zones involved).  -1 when ymd
 * is not a date. */
int date_add_days(const char *ymd, int days, char out[11]);

#endif
