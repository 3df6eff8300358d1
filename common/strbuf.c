/* strbuf: see strbuf.h. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include <nettle/base64.h>

#include "banned.h"

/* gcc 12 with -fsanitize=undefined reports a "null format string" in the
 * vsnprintf probes below, which never see NULL: silence that one warning. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static void strbuf_reserve(struct strbuf *sb, size_t extra)
{
	xgrow((void **)&sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
	strbuf_reserve(sb, len);
	if (len) /* data may be an empty strbuf's NULL */
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *text)
{
	strbuf_add(sb, text, strlen(text));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

/* Formats straight into the spare room and only formats again when it did
 * not fit: a probe before every call doubled printf's time, which is much
 * of a sheet's or a packet's. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	strbuf_reserve(sb, 64);
	room = sb->cap - sb->len;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, room, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		strbuf_reserve(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void strbuf_add_int(struct strbuf *sb, long long n)
{
	char digits[24];
	int i = (int)sizeof digits;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;

	do
		digits[--i] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (n < 0)
		digits[--i] = '-';
	strbuf_add(sb, digits + i, sizeof digits - (size_t)i);
}

void strbuf_add_csv(struct strbuf *sb, const char *field)
{
	const char *p;

	if (!field)
		return;
	if (!strpbrk(field, ",\"\r\n")) {
		strbuf_adds(sb, field);
		return;
	}
	strbuf_addch(sb, '"');
	for (p = field; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

void strbuf_add_csv_for_people(struct strbuf *sb, const char *field)
{
	if (field && field[0] && strchr("=+-@\t\r", field[0])) {
		char *safe = xasprintf("'%s", field);
		strbuf_add_csv(sb, safe);
		free(safe);
	} else {
		strbuf_add_csv(sb, field ? field : "");
	}
}

void strbuf_add_json(struct strbuf *sb, const char *text)
{
	const unsigned char *p;

	if (!text) {
		strbuf_adds(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	for (p = (const unsigned char *)text; *p; p++) {
		switch (*p) {
		case '"':
			strbuf_adds(sb, "\\\"");
			break;
		case '\\':
			strbuf_adds(sb, "\\\\");
			break;
		case '\n':
			strbuf_adds(sb, "\\n");
			break;
		case '\r':
			strbuf_adds(sb, "\\r");
			break;
		case '\t':
			strbuf_adds(sb, "\\t");
			break;
		default:
			if (*p < 0x20)
				strbuf_addf(sb, "\\u%04x", *p);
			else
				strbuf_addch(sb, (char)*p);
		}
	}
	strbuf_addch(sb, '"');
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_add_base64(struct strbuf *sb, const void *data, size_t len)
{
	size_t out = BASE64_ENCODE_RAW_LENGTH(len);
	char *buf = xmalloc(out + 1);

	base64_encode_raw(buf, len, data);
	strbuf_add(sb, buf, out);
	free(buf);
}
