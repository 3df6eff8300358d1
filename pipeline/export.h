/* export: per-team field packets.  Each team with open targets gets a
 * folder under the workspace outbox with its own targets only, in the forms
 * its phones, handheld GPS and paper use: targets.csv (Excel/WPS),
 * targets.gpx, targets.kml, targets.geojson, sheet.html (a printable A4 task
 * sheet with a map), feedback-template.csv/.xlsx, and manifest.json with a
 * SHA-256 of every file.
 *
 * A packet is built in a temporary folder and renamed into place, so a
 * crash never leaves half a packet; only then are its targets marked
 * dispatched in the store.  The same state gives byte-identical files: only
 * manifest.json's generated_at changes. */
#ifndef SWEEP_EXPORT_H
#define SWEEP_EXPORT_H

int cmd_export(int argc, char **argv);

#endif
