/* test_trailtext: the audit trail's recorded text said in Chinese, phrase
 * by phrase, for each kind of entry sweep records; what it does not know is
 * kept as recorded. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "trailtext.h"

static void said(const char *recorded, const char *want, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	trailtext_chinese(recorded, &sb);
	tap_str(strbuf_str(&sb), want, name);
	strbuf_release(&sb);
}

int main(void)
{
	said("issued by drops/a b.csv 12; village 500230101201; team T01; flags -",
	     "下发自 drops/a b.csv 第 12 行；村 500230101201；踏查组 T01；标记 无", "an issue");
	said("re-issued by x.geojson 3; village -; team -; flags near_boundary,no_team",
	     "重新下发自 x.geojson 第 3 行；村 -；踏查组 -；标记 靠近村界、无踏查组",
	     "a re-issue with flags in words");
	said("team T01; first_look task; packet 62db5d020a5ff2a4 in "
	     "ws/outbox/T01-x/2026-04-01-62db5d",
	     "踏查组 T01；首次核查任务；任务包 "
	     "62db5d020a5ff2a4（ws/outbox/T01-x/2026-04-01-62db5d）",
	     "a dispatch");
	said(
	    "team T02; on 2026-04-08; 是毒品原植物 罂粟; 120 plants; 35 m2; eradicated 2026-04-09; "
	    "case filed; 2 persons handled; stood 12 m away; by 张三; answer d294f8f317a7",
	    "踏查组 T02；核查日期 2026-04-08；是毒品原植物 罂粟；120 株；35 平方米；铲除日期 "
	    "2026-04-09；已立案；处理 2 人；核查位置距靶标 12 米；核查人 张三；反馈编号 "
	    "d294f8f317a7",
	    "an answer");
	said("team (unknown); on 2026-04-08; 非毒品原植物; reason 大棚; answer 01",
	     "踏查组 (unknown)；核查日期 2026-04-08；非毒品原植物；非毒品原因 大棚；反馈编号 01",
	     "a false positive with its reason");
	said("eradicated 2026-04-09; revisit due 2026-05-09 (回访复查)",
	     "铲除日期 2026-04-09；回访复查日期 2026-05-09", "a revisit coming due");
	said("village 1; team T01 A B 1; 四包一 -, -, -, -; flags -; cell 3298-36457 -> village 2; "
	     "team T02 C D 2; 四包一 -, -, -, -; flags near_boundary; cell 3298-36458",
	     "村 1；踏查组 T01 A B 1；四包一 -, -, -, -；标记 无；网格 3298-36457 → 村 2；踏查组 "
	     "T02 C "
	     "D 2；四包一 -, -, -, -；标记 靠近村界；网格 3298-36458",
	     "a reassignment, before and after");
	said("something new; 7 apples", "something new；7 apples", "what it does not know stays");
	said("", "", "nothing");
	return tap_done();
}
