/* strbuf: a growable byte string, always NUL-terminated (git's strbuf). */
#ifndef SWEEP_STRBUF_H
#define SWEEP_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf; /* owned; "" until something is added */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *text);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_addch(struct strbuf *sb, char c);
/* Adds a whole number in decimal, as "%lld" would, without printf (for
 * loops that write millions of them). */
void strbuf_add_int(struct strbuf *sb, long long n);
/* Adds a CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
void strbuf_add_csv(struct strbuf *sb, const char *field);
/* Adds a CSV field for people: a cell a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) is quoted with a leading '. */
void strbuf_add_csv_for_people(struct strbuf *sb, const char *field);
/* Adds a JSON string literal with escapes. */
void strbuf_add_json(struct strbuf *sb, const char *text);
/* Appends data as base64 (RFC 4648, padded), through nettle. */
void strbuf_add_base64(struct strbuf *sb, const void *data, size_t len);
void strbuf_reset(struct strbuf *sb);
/* Returns the buffer ("" if empty, never NULL); the strbuf keeps owning it. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the buffer to the caller, who frees it; the strbuf is empty after. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif
