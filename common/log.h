/* log: the one path for what sweep tells people while it works — results,
 * warnings, errors.  Everything goes to stderr (cron mails it; a terminal
 * shows it); results are left out under --quiet.  When $SWEEP_LOG names a
 * file, every line is also appended there with the time it was said, so an
 * unattended cycle keeps a record of each run that outlives the mail. */
#ifndef SWEEP_LOG_H
#define SWEEP_LOG_H

enum log_level {
	LOG_ERROR, /* the command failed: always said */
	LOG_WARN,  /* done, but something needs a person: always said */
	LOG_INFO,  /* what was done: not under --quiet */
};

/* 1: LOG_INFO is not said (--quiet). */
void log_set_quiet(int quiet);
/* Unattended (cron): only errors reach stderr; everything still goes to
 * the log file. */
void log_set_errors_only(int on);
/* The file every line is appended to when $SWEEP_LOG names none (NULL:
 * none); kept, not copied. */
void log_set_file(const char *path);
/* Says one message (printf-style; its lines as they are). */
void log_say(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
