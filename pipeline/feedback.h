/* feedback: reads what the teams answer — the packet's filled feedback
 * template (CSV/XLSX, UTF-8 or GBK), GeoJSON, or GPX waypoints named by
 * target code — checks every row, and moves each target along its
 * lifecycle (dispatched -> verified -> eradicated) with an audit entry per
 * change naming the file and line.
 *
 * Rows that cannot be true are refused with a reason (unknown target,
 * eradicated without being confirmed, confirmed without species, dates in
 * the future or before the drop, photo names with folders).  Rows that may
 * be true but need the office's eye are taken and flagged: another team's
 * target (a cross-check), the team standing too far from the target, a
 * count that crosses the criminal-case threshold.  A file already taken
 * (same SHA-256) changes nothing. */
#ifndef SWEEP_FEEDBACK_H
#define SWEEP_FEEDBACK_H

int cmd_feedback(int argc, char **argv);

#endif
