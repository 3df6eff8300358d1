/* trailtext: the audit trail's entries in the office's words.  The trail
 * keeps each entry's text as it was recorded, in one fixed form (its hashes
 * cover those bytes, so they never change with who reads them).  For people
 * the text is said again in Chinese — on the status page always (an office
 * document), in `sweep history` when the messages are Chinese — phrase by
 * phrase ("village X" -> "村 X", "12 plants" -> "12 株", flag tokens ->
 * their words); a phrase it does not know is kept as recorded. */
#ifndef SWEEP_TRAILTEXT_H
#define SWEEP_TRAILTEXT_H

#include "strbuf.h"

/* Appends the recorded detail, said in Chinese. */
void trailtext_chinese(const char *detail, struct strbuf *out);

#endif
