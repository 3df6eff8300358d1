/* report: the files the county owes upward, written under the workspace's
 * reports/ (or --out), named by date and kind, atomically, byte-identical
 * for the same state:
 *   verification  核查反馈表 per drop (CSV with BOM, and XLSX)
 *   monthly       禁种铲毒工作案件情况统计表 by township and village, with totals
 *   overdue       targets past their deadline with team and responsible persons
 *   precision     per drop: confirmed / false positive by reason / not found
 *   position      per team: distance between where it stood and the target
 *   geojson       every target with its status, for QGIS
 * Table columns come from [report] in sweep.ini. */
#ifndef SWEEP_REPORT_H
#define SWEEP_REPORT_H

int cmd_report(int argc, char **argv);

#endif
