/* Unit tests: common/textmap (codes to lines and indexes, at scale). */
#include <stdio.h>

#include "tap.h"
#include "textmap.h"

int main(void)
{
	struct textmap m = TEXTMAP_INIT;
	char key[32];
	long i, wrong = 0;

	tap_ok(textmap_get(&m, "P1", -1) == -1, "an empty map knows nothing");
	tap_ok(textmap_put_new(&m, "P1", 7, 0) == 0, "a new key is added");
	tap_ok(textmap_put_new(&m, "P1", 9, 0) == 7, "a key seen before gives its first value");
	tap_ok(textmap_get(&m, "P1", -1) == 7, "and keeps it");
	tap_ok(textmap_get(&m, "P10", -1) == -1 && textmap_get(&m, "", -1) == -1,
	       "a prefix or the empty key is another key");
	for (i = 0; i < 200000; i++) {
		snprintf(key, sizeof key, "靶%ld", i);
		wrong += textmap_put_new(&m, key, i + 100, -1) != -1;
	}
	for (i = 0; i < 200000; i++) {
		snprintf(key, sizeof key, "靶%ld", i);
		wrong += textmap_get(&m, key, -1) != i + 100;
	}
	tap_ok(wrong == 0 && m.n == 200001, "200,000 keys through many growths, each found");
	wrong = 0;
	for (i = 0; i < 200000; i += 997) {
		snprintf(key, sizeof key, "靶%ld", i);
		wrong += textmap_put_new(&m, key, -5, -1) != i + 100;
	}
	tap_ok(wrong == 0 && m.n == 200001, "a key put again keeps its first value, adds nothing");
	textmap_release(&m);
	tap_ok(m.n == 0 && textmap_get(&m, "P1", -1) == -1, "released, it is empty");
	return tap_done();
}
