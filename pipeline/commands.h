/* commands: every `sweep` command, each a struct command (command.h) in
 * its own file: cmd_*.c for the stages that are library calls (ingest,
 * assign, export, feedback, report), and the commands that are their own
 * job (init, targets, status, history and verify in audit.c). */
#ifndef SWEEP_COMMANDS_H
#define SWEEP_COMMANDS_H

#include "command.h"

extern const struct command init_command;
extern const struct command ingest_command;
extern const struct command assign_command;
extern const struct command targets_command;
extern const struct command export_command;
extern const struct command feedback_command;
extern const struct command report_command;
extern const struct command history_command;
extern const struct command verify_command;
extern const struct command status_command;
extern const struct command ortho_command;
extern const struct command chips_command;
extern const struct command run_command;

#endif
