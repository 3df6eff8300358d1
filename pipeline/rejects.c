/* rejects: see rejects.h. */
#include "rejects.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "i18n.h"
#include "log.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

#define REJECTS_HEADER "\xef\xbb\xbf时间,文件,位置,字段,值,原因,处理\n"

void rejects_add(struct rejects *r, const char *file, const char *unit, long line,
		 const char *field, const char *value, int kept, const char *fmt, ...)
{
	struct reject *item;
	char reason[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, _(fmt), ap);
	va_end(ap);
	r->items = xrealloc(r->items, (r->n + 1) * sizeof *r->items);
	item = &r->items[r->n++];
	item->file = xstrdup(file);
	item->unit = xstrdup(unit ? unit : "line");
	item->line = line;
	item->field = xstrdup(field ? field : "");
	item->value = xstrdup(value ? value : "");
	{
		char *bar = strchr(reason, '|');
		item->hint = xstrdup(bar ? bar + 1 : "");
		if (bar)
			*bar = '\0';
	}
	item->reason = xstrdup(reason);
	item->kept = kept;
}

void rejects_add_file(struct rejects *r, const char *file, const char *msg)
{
	size_t n = strlen(file);

	/* the message names the file first ("FILE: ..." or "FILE：..."): once is enough */
	if (strncmp(msg, file, n) == 0 && msg[n] == ':')
		msg += n + (msg[n + 1] == ' ' ? 2 : 1);
	else if (strncmp(msg, file, n) == 0 && strncmp(msg + n, "：", strlen("：")) == 0)
		msg += n + strlen("：");
	rejects_add(r, file, "line", 0, "", "", 0, "%s", msg);
}

size_t rejects_count_rejected(const struct rejects *r)
{
	size_t i, n = 0;
	for (i = 0; i < r->n; i++)
		n += !r->items[i].kept;
	return n;
}

void rejects_format(const struct reject *item, char *out, size_t size)
{
	char where[64] = "", quoted[256] = "", value[160];

	if (item->line > 0 && strcmp(item->unit, "line") == 0)
		snprintf(where, sizeof where, "%ld:", item->line);
	else if (item->line > 0)
		snprintf(where, sizeof where, " %s %ld:", item->unit, item->line);
	if (item->value[0] || item->field[0])
		snprintf(quoted, sizeof quoted, _(", got %s"),
			 err_quote(value, sizeof value, item->value));
	snprintf(out, size, "%s:%s %s%s%s%s%s%s%s%s", item->file, where, item->field,
		 item->field[0] ? ": " : "", item->reason, quoted, item->hint[0] ? " (" : "",
		 item->hint, item->hint[0] ? ")" : "", item->kept ? _(" (row kept)") : "");
}

int rejects_append_file(const struct rejects *r, const char *path, const char *now,
			struct sweep_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc;

	if (r->n == 0)
		return 0;
	for (i = 0; i < r->n; i++) {
		const struct reject *it = &r->items[i];
		char where[64];
		if (!strcmp(it->unit, "line"))
			snprintf(where, sizeof where, _("line %ld"), it->line);
		else if (!strcmp(it->unit, "row"))
			snprintf(where, sizeof where, _("row %ld"), it->line);
		else if (!strcmp(it->unit, "feature"))
			snprintf(where, sizeof where, _("feature %ld"), it->line);
		else
			snprintf(where, sizeof where, "%s %ld", it->unit, it->line);
		strbuf_add_csv_for_people(&sb, now);
		strbuf_addch(&sb, ',');
		strbuf_add_csv_for_people(&sb, it->file);
		strbuf_addch(&sb, ',');
		strbuf_add_csv_for_people(&sb, it->line > 0 ? where : "");
		strbuf_addch(&sb, ',');
		strbuf_add_csv_for_people(&sb, it->field);
		strbuf_addch(&sb, ',');
		strbuf_add_csv_for_people(&sb, it->value);
		strbuf_addch(&sb, ',');
		{
			char *reason = it->hint[0] ? xasprintf("%s (%s)", it->reason, it->hint)
						   : xstrdup(it->reason);
			strbuf_add_csv_for_people(&sb, reason);
			free(reason);
		}
		strbuf_addch(&sb, ',');
		strbuf_add_csv_for_people(&sb, it->kept ? _("taken") : _("not taken"));
		strbuf_addch(&sb, '\n');
	}
	/* appended, never rewritten: the log grows by what this run adds */
	rc = file_append(path, sb.buf, sb.len, REJECTS_HEADER, err);
	strbuf_release(&sb);
	return rc;
}

void rejects_release(struct rejects *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->items[i].file);
		free(r->items[i].unit);
		free(r->items[i].field);
		free(r->items[i].value);
		free(r->items[i].reason);
		free(r->items[i].hint);
	}
	free(r->items);
	r->items = NULL;
	r->n = 0;
}

int rejects_save(const struct rejects *r, const char *path, const char *now, size_t shown)
{
	struct sweep_err err = {0};
	char line[2048];
	size_t i;

	if (rejects_append_file(r, path, now, &err) == 0)
		return 0;
	/* what was stored stays stored; the list must not be lost either */
	log_say(LOG_ERROR,
		_("sweep: what was taken is stored, but the list of problems could not be added "
		  "to the log: %s\nHere is all of it (%zu lines):\n"),
		err.msg, r->n);
	for (i = shown; i < r->n; i++) {
		rejects_format(&r->items[i], line, sizeof line);
		log_say(LOG_WARN, "%s\n", line);
	}
	return -1;
}
