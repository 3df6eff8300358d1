/* err: see err.h. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "banned.h"

void err_set(struct sweep_err *err, enum sweep_err_class cls, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->cls != ERR_NONE)
		return;
	err->cls = cls;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, _(fmt), ap);
	va_end(ap);
}

void err_prefix(struct sweep_err *err, const char *fmt, ...)
{
	char prefix[512];
	char old[sizeof err->msg];
	va_list ap;

	if (!err || err->cls == ERR_NONE)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, _(fmt), ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* truncation is acceptable: the message stays one readable line */
	{
		size_t n = strlen(prefix);
		if (n >= sizeof err->msg)
			n = sizeof err->msg - 1;
		memcpy(err->msg, prefix, n);
		memcpy(err->msg + n, old, sizeof err->msg - n - 1);
		err->msg[sizeof err->msg - 1] = '\0';
	}
}

void err_clear(struct sweep_err *err)
{
	if (!err)
		return;
	err->cls = ERR_NONE;
	err->msg[0] = '\0';
}

int err_is_set(const struct sweep_err *err)
{
	return err && err->cls != ERR_NONE;
}

int err_exit_code(const struct sweep_err *err)
{
	if (!err)
		return SWEEP_EXIT_FATAL;
	switch (err->cls) {
	case ERR_NONE:
		return SWEEP_EXIT_OK;
	case ERR_USAGE:
	case ERR_SETTINGS:
		return SWEEP_EXIT_USAGE;
	default:
		return SWEEP_EXIT_FATAL;
	}
}

const char *err_quote(char *buf, size_t size, const char *text)
{
	size_t out = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)(text ? text : "");

	if (size < 8) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	buf[out++] = '\'';
	for (; *p && out + 8 < size; p++) {
		if ((*p & 0xC0) != 0x80 && ++chars > 60) {
			memcpy(buf + out, "...", 3);
			out += 3;
			break;
		}
		if (*p < 0x20 || *p == 0x7f || *p == '\\') {
			out += (size_t)snprintf(buf + out, size - out, "\\x%02x", *p);
		} else {
			buf[out++] = (char)*p;
		}
	}
	buf[out++] = '\'';
	buf[out] = '\0';
	return buf;
}
