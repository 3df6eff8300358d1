/* audit: reading the audit trail back.  `sweep verify` recomputes the
 * trail's hash chain and names the first entry that was changed, removed
 * or reordered behind sweep's back; `sweep history` prints one target's
 * whole story, oldest first. */
#ifndef SWEEP_AUDIT_H
#define SWEEP_AUDIT_H

#include "command.h"

extern const struct command verify_command;
extern const struct command history_command;

#endif
