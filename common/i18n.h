/* i18n: the office's language.  Messages for people (errors, reject
 * reasons, summaries, help, labels on sheets and pages) go through GNU
 * gettext: Chinese when LC_ALL/LC_MESSAGES/LANG is zh_CN (what the README
 * recommends for the office), English under LANG=C.  Machine tokens — flag
 * names in CSV and JSON, statuses, the audit trail's stored text — are never
 * translated, so files read back and hashes do not depend on who ran sweep.
 *
 * The functions that take a message format (err_set, err_prefix,
 * rejects_add, the stages' refusal helpers) translate it themselves; the
 * catalog's sources are listed for xgettext in po/meson.build. */
#ifndef SWEEP_I18N_H
#define SWEEP_I18N_H

#include <libintl.h>

#define _(text) gettext(text)
/* Marks text for the catalog where it cannot be translated yet (a static
 * initializer); _() it where it is used. */
#define N_(text) text

/* Sets the message language from the environment and finds the catalog:
 * $SWEEP_LOCALEDIR, else po/locale beside the running program (a build
 * tree), else the installed locale folder.  A zh_CN locale the system has
 * not generated still gets Chinese messages. */
void i18n_init(void);
/* 1 when messages come out translated (Chinese), 0 when in English. */
int i18n_translating(void);

#endif
