/* trailtext: see trailtext.h. */
#include "trailtext.h"

#include <string.h>

#include "target.h"
#include "banned.h"

/* A phrase as recorded: prefix VALUE suffix (either may be ""), and how it
 * is said; "%s" in `words` is the value. */
static const struct {
	const char *prefix, *suffix, *words;
} phrases[] = {
    {"village ", "", "村 %s"},
    {"team ", "", "踏查组 %s"},
    {"on ", "", "核查日期 %s"},
    {"eradicated ", "", "铲除日期 %s"},
    {"revisit due ", " (回访复查)", "回访复查日期 %s"},
    {"reason ", "", "非毒品原因 %s"},
    {"by ", "", "核查人 %s"},
    {"answer ", "", "反馈编号 %s"},
    {"cell ", "", "网格 %s"},
    {"stood ", " m away", "核查位置距靶标 %s 米"},
    {"", " persons handled", "处理 %s 人"},
    {"", " plants", "%s 株"},
    {"", " m2", "%s 平方米"},
    {"case filed", "", "已立案"},
    {"first_look task", "", "首次核查任务"},
    {"revisit task", "", "回访复查任务"},
    {"cross_check task", "", "交叉核查任务"},
};

static void say_value(const char *words, const char *value, size_t n, struct strbuf *out)
{
	const char *at = strstr(words, "%s");

	if (!at) {
		strbuf_adds(out, words);
		return;
	}
	strbuf_add(out, words, (size_t)(at - words));
	strbuf_add(out, value, n);
	strbuf_adds(out, at + 2);
}

/* One phrase (no "; " inside). */
static void say_phrase(const char *p, size_t n, struct strbuf *out)
{
	const char *in;
	size_t i;

	/* "flags a,b" and "packet P in DIR" carry values of their own kind */
	if (n > 6 && !strncmp(p, "flags ", 6)) {
		const char *f = p + 6, *end = p + n;
		strbuf_adds(out, "标记 ");
		if (n == 7 && *f == '-')
			strbuf_adds(out, "无");
		while (f < end && !(n == 7 && *f == '-')) {
			char token[64];
			size_t len = strcspn(f, ",");
			if (f + len > end)
				len = (size_t)(end - f);
			if (len < sizeof token) {
				memcpy(token, f, len);
				token[len] = '\0';
				strbuf_adds(out, f > p + 6 ? "、" : "");
				strbuf_adds(out, target_token_words(token));
			}
			f += len + 1;
		}
		return;
	}
	/* "issued by FILE LINE": the line said as one */
	for (i = 0; i < 2; i++) {
		static const char *const by[] = {"issued by ", "re-issued by "};
		static const char *const said[] = {"下发自 ", "重新下发自 "};
		size_t lb = strlen(by[i]), k = n;
		if (n <= lb || strncmp(p, by[i], lb) != 0)
			continue;
		while (k > lb && p[k - 1] >= '0' && p[k - 1] <= '9')
			k--;
		strbuf_adds(out, said[i]);
		if (k < n && k > lb && p[k - 1] == ' ') {
			strbuf_add(out, p + lb, k - 1 - lb);
			strbuf_adds(out, " 第 ");
			strbuf_add(out, p + k, n - k);
			strbuf_adds(out, " 行");
		} else
			strbuf_add(out, p + lb, n - lb);
		return;
	}
	if (n > 7 && !strncmp(p, "packet ", 7) && (in = strstr(p, " in ")) && in < p + n) {
		strbuf_adds(out, "任务包 ");
		strbuf_add(out, p + 7, (size_t)(in - p - 7));
		strbuf_adds(out, "（");
		strbuf_add(out, in + 4, (size_t)(p + n - in - 4));
		strbuf_adds(out, "）");
		return;
	}
	for (i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
		size_t lp = strlen(phrases[i].prefix), ls = strlen(phrases[i].suffix);
		if (n < lp + ls || strncmp(p, phrases[i].prefix, lp) != 0 ||
		    strncmp(p + n - ls, phrases[i].suffix, ls) != 0)
			continue;
		if (!*phrases[i].prefix && !*phrases[i].suffix)
			continue;
		/* an exact phrase ("case filed") must be all of it */
		if (!strstr(phrases[i].words, "%s") && n != lp + ls)
			continue;
		if (strstr(phrases[i].words, "%s") && n == lp + ls)
			continue;
		say_value(phrases[i].words, p + lp, n - lp - ls, out);
		return;
	}
	strbuf_add(out, p, n);
}

/* One side of a change, "; " between its phrases. */
static void say_phrases(const char *p, size_t n, struct strbuf *out)
{
	const char *end = p + n;

	while (p < end) {
		const char *sep = strstr(p, "; ");
		size_t len = sep && sep < end ? (size_t)(sep - p) : (size_t)(end - p);
		say_phrase(p, len, out);
		p += len;
		if (p < end) {
			strbuf_adds(out, "；");
			p += 2;
		}
	}
}

void trailtext_chinese(const char *detail, struct strbuf *out)
{
	const char *arrow = detail ? strstr(detail, " -> ") : NULL;

	if (!detail)
		return;
	if (arrow) { /* a change: before -> after */
		say_phrases(detail, (size_t)(arrow - detail), out);
		strbuf_adds(out, " → ");
		say_phrases(arrow + 4, strlen(arrow + 4), out);
	} else
		say_phrases(detail, strlen(detail), out);
}
