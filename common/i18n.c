/* i18n: see i18n.h. */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

#ifndef SWEEP_LOCALEDIR
#define SWEEP_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *wanted_language(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "";
}

void i18n_init(void)
{
	static char build_dir[PATH_MAX + 16];
	char exe[PATH_MAX];
	const char *dir = getenv("SWEEP_LOCALEDIR");
	struct stat st;
	ssize_t n;

	/* messages only: numbers, dates and character classes stay "C", so no
	 * file sweep writes depends on the locale */
	if (!setlocale(LC_MESSAGES, "") && !strncmp(wanted_language(), "zh", 2) &&
	    setlocale(LC_MESSAGES, "C.UTF-8"))
		setenv("LANGUAGE", "zh_CN", 0); /* the zh_CN locale is not generated */
	/* UTF-8 characters, the same whatever the user's locale: the system's
	 * own translated messages (strerror) come out whole, not as '?' */
	setlocale(LC_CTYPE, "C.UTF-8");
	if (!dir || !*dir) {
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n > 0) {
			exe[n] = '\0';
			*strrchr(exe, '/') = '\0';
			snprintf(build_dir, sizeof build_dir, "%s/po/locale", exe);
			if (stat(build_dir, &st) == 0 && S_ISDIR(st.st_mode))
				dir = build_dir;
		}
	}
	bindtextdomain("sweep", dir && *dir ? dir : SWEEP_LOCALEDIR);
	bind_textdomain_codeset("sweep", "UTF-8");
	textdomain("sweep");
}

int i18n_translating(void)
{
	/* a message every catalog has: translated or not */
	static const char probe[] = "failed";

	return strcmp(_(probe), probe) != 0;
}
