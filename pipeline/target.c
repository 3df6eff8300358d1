/* target: see target.h. */
#include "target.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

void target_set(char **field, const char *value)
{
	char *copy = xstrdup(value);
	free(*field);
	*field = copy;
}

void target_release(struct target *t)
{
	char **strings[] = {&t->code,        &t->geom_wkt,     &t->imaging_date,  &t->deadline,
			    &t->crop,        &t->admin_text,   &t->grid_cell,     &t->map_sheet,
			    &t->township,    &t->village_code, &t->village_name,  &t->team_id,
			    &t->team_name,   &t->team_leader,  &t->team_phone,    &t->status,
			    &t->flags,       &t->duplicate_of, &t->repeat_of,     &t->src_file,
			    &t->created_at,  &t->updated_at,   &t->dispatched_at, &t->packet_id,
			    &t->result,      &t->species,      &t->eradicated_on, &t->checked_by,
			    &t->photos,      &t->case_filed,   &t->fp_reason,     &t->remarks,
			    &t->verified_at, &t->revisit_due,  &t->first_result,  &t->first_team,
			    &t->cross_team,  &t->answered_by};
	size_t i;

	for (i = 0; i < sizeof strings / sizeof strings[0]; i++)
		free(*strings[i]);
	for (i = 0; i < ROLE_COUNT; i++)
		free(t->persons[i]);
	memset(t, 0, sizeof *t);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int target_flag_has(const struct target *t, const char *flag)
{
	const char *p = t->flags ? t->flags : "";
	size_t n = strlen(flag);

	while (*p) {
		size_t len = strcspn(p, ",");
		if (len == n && memcmp(p, flag, n) == 0)
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

void target_flag_set(struct target *t, const char *flag, int on)
{
	char *items[16];
	size_t n = 0, i;
	char *copy = xstrdup(t->flags ? t->flags : ""), *p = copy, *tok;
	struct strbuf sb = STRBUF_INIT;

	while ((tok = strsep(&p, ",")) != NULL)
		if (*tok && strcmp(tok, flag) != 0 && n < 15)
			items[n++] = tok;
	if (on)
		items[n++] = (char *)flag;
	qsort(items, n, sizeof items[0], compare_strings);
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_adds(&sb, items[i]);
	}
	free(t->flags);
	t->flags = strbuf_detach(&sb);
	free(copy);
}

static const char *const token_words[][2] = {
    /* statuses */
    {N_("issued"), "已下发"},
    {N_("assigned"), "待派发"},
    {N_("dispatched"), "已派发"},
    {N_("verified"), "已核查"},
    {N_("cross_check"), "交叉核查"},
    {N_("eradicated"), "已铲除"},
    {N_("revisit_due"), "待回访复查"},
    {N_("reopened"), "复种待铲"},
    {N_("closed"), "已销号"},
    /* flags */
    {N_("near_boundary"), "靠近村界"},
    {N_("outside_county"), "在县界外"},
    {N_("no_team"), "无踏查组"},
    {N_("duplicate"), "疑似重复"},
    {N_("repeat_site"), "历史种植地块"},
    {N_("oversized"), "面积过大"},
    {N_("outline_repaired"), "图斑边界已修复"},
    {N_("conflict"), "反馈相互矛盾"},
    {N_("criminal_threshold"), "达到刑事立案标准"},
    {N_("far_from_target"), "核查位置偏离靶标"},
    {N_("evidence_check"), "证据待核实"},
    {N_("photo_missing"), "照片缺失"},
    /* audit events */
    {N_("answer"), "反馈"},
    {N_("reassigned"), "重新分配"},
};

const char *target_token_words(const char *token)
{
	size_t i;

	for (i = 0; token && i < sizeof token_words / sizeof token_words[0]; i++)
		if (strcmp(token, token_words[i][0]) == 0)
			return token_words[i][1];
	return token ? token : "";
}

const char *target_token_label(const char *token)
{
	size_t i;

	for (i = 0; token && i < sizeof token_words / sizeof token_words[0]; i++)
		if (strcmp(token, token_words[i][0]) == 0)
			return _(token_words[i][0]);
	return token ? token : "";
}

/* The flags of a list, each through name (words or label), sep between. */
static void flags_named(const char *flags, const char *(*name)(const char *), const char *sep,
			struct strbuf *out)
{
	const char *p = flags ? flags : "";
	size_t first = out->len;

	while (*p) {
		size_t n = strcspn(p, ",");
		char token[64];
		if (n && n < sizeof token) {
			memcpy(token, p, n);
			token[n] = '\0';
			strbuf_adds(out, out->len > first ? sep : "");
			strbuf_adds(out, name(token));
		}
		p += n + (p[n] == ',');
	}
}

void target_flags_words(const char *flags, struct strbuf *out)
{
	flags_named(flags, target_token_words, "；", out);
}

void target_flags_label(const char *flags, struct strbuf *out)
{
	flags_named(flags, target_token_label, ", ", out);
}

/* Percent-encodes for a URL query value. */
static void url_encode(struct strbuf *sb, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			strbuf_addch(sb, (char)*p);
		else
			strbuf_addf(sb, "%%%02X", *p);
}

char *target_nav_link(const struct target *t)
{
	struct strbuf sb = STRBUF_INIT;

	/* the phone's own position is the route's start when none is given */
	strbuf_addf(&sb, "https://uri.amap.com/navigation?to=%.7f,%.7f,", t->lon, t->lat);
	url_encode(&sb, t->code);
	strbuf_adds(&sb, "&mode=car&coordinate=wgs84&callnative=1");
	return strbuf_detach(&sb);
}
