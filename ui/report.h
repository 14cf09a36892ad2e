/*
 * Faces of the preflight report: a table for people, JSON for programs.
 */
#ifndef NW_UI_REPORT_H
#define NW_UI_REPORT_H

#include <stdio.h>

#include "preflight.h"

/**
 * The table in @width columns: a row per host (its columns wrap into a
 * second table when they do not fit), then the findings (passes too with
 * @verbose), their text wrapped.
 */
void report_text(const struct preflight *pf, FILE *out, int verbose, int width);
/** Columns to lay @out out in: its terminal's, else $COLUMNS, else 80. */
int report_width(FILE *out);
/** "PASS", "WARN", "FAIL" or "UNREACHABLE" for host @hc (stable words, both reports). */
const char *report_host_status(const struct preflight *pf, const struct host_check *hc);
/** The JSON report (English texts, stable ids); caller frees. */
char *report_json(const struct preflight *pf);

#endif
