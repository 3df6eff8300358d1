/* status: `sweep status` tells the office where things stand: which local
 * grid is in use (and whether `auto` chose it), how many drops and targets,
 * and counts by township, village, team and status. */
#ifndef SWEEP_STATUS_H
#define SWEEP_STATUS_H

#include "command.h"

extern const struct command status_command;

#endif
