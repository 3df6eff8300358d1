/* targets: `sweep targets` lists the stored targets as an aligned table for
 * people, or CSV / JSON for programs (x is easting and y northing there,
 * the GIS convention; lon/lat are CGCS2000 degrees). */
#ifndef SWEEP_TARGETS_H
#define SWEEP_TARGETS_H

#include "command.h"

extern const struct command targets_command;

#endif
