/* log: see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static int quiet, errors_only;
static const char *default_file;

void log_set_quiet(int q)
{
	quiet = q;
}

void log_set_errors_only(int on)
{
	errors_only = on;
}

void log_set_file(const char *path)
{
	default_file = path;
}

/* The file copy: each line with the time ($SWEEP_NOW when pinned) and the
 * level in front, appended in one write so runs at once do not interleave
 * within a line. */
static void log_to_file(const char *path, enum log_level level, const char *text)
{
	static const char *const names[] = {"error", "warning", "info"};
	struct strbuf sb = STRBUF_INIT;
	const char *now = getenv("SWEEP_NOW"), *p = text;
	char stamp[40];
	FILE *f;

	if (now && *now)
		snprintf(stamp, sizeof stamp, "%.39s", now);
	else {
		time_t t = time(NULL);
		struct tm tm;
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", localtime_r(&t, &tm));
	}
	while (*p) {
		size_t n = strcspn(p, "\n");
		strbuf_addf(&sb, "%s %s %.*s\n", stamp, names[level], (int)n, p);
		p += n + (p[n] == '\n');
	}
	if ((f = fopen(path, "a")) != NULL) {
		fwrite(sb.buf ? sb.buf : "", 1, sb.len, f);
		fclose(f);
	}
	strbuf_release(&sb);
}

void log_say(enum log_level level, const char *fmt, ...)
{
	const char *path = getenv("SWEEP_LOG");
	char small[512], *text = small;
	va_list ap, again;
	int n, to_stderr = !(level == LOG_INFO && quiet) && !(errors_only && level != LOG_ERROR);

	if (!path || !*path)
		path = default_file;
	if (!to_stderr && !(path && *path && errors_only))
		return;
	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(again);
		return;
	}
	if ((size_t)n >= sizeof small) {
		text = xmalloc((size_t)n + 1);
		vsnprintf(text, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	if (to_stderr)
		fputs(text, stderr);
	if (path && *path && *text)
		log_to_file(path, level, text);
	if (text != small)
		free(text);
}
