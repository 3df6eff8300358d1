/* status: `sweep status` tells the office where things stand: which local
 * grid is in use (and whether `auto` chose it), how many drops and targets,
 * and counts by township, village, team and status. */
#ifndef SWEEP_STATUS_H
#define SWEEP_STATUS_H

int cmd_status(int argc, char **argv);

#endif
