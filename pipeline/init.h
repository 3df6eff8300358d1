/* init: creates a workspace folder: sweep.ini, the store, and copies of
 * the teams and personnel tables; the village layer is referenced where it
 * lies (the sample county's is copied, so a sample workspace stands alone).
 * Everything is checked by loading it before the store is created; on any
 * problem the folder is left as it was. */
#ifndef SWEEP_INIT_H
#define SWEEP_INIT_H

#include "command.h"

extern const struct command init_command;

#endif
