/*
 * Faces of the preflight report: a table for people, JSON for programs.
 */
#ifndef NW_UI_REPORT_H
#define NW_UI_REPORT_H

#include <stdio.h>

#include "preflight.h"

/** The table: a row per host, then the findings (passes too with @verbose). */
void report_text(const struct preflight *pf, FILE *out, int verbose);
/** "PASS", "WARN", "FAIL" or "UNREACHABLE" for host @hc (stable words, both reports). */
const char *report_host_status(const struct preflight *pf, const struct host_check *hc);
/** The JSON report (English texts, stable ids); caller frees. */
char *report_json(const struct preflight *pf);

#endif
