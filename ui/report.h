/*
 * Reports for people and programs: the preflight report as a table or JSON,
 * and the install and upgrade plans as text.
 */
#ifndef NW_UI_REPORT_H
#define NW_UI_REPORT_H

#include <stdio.h>

#include "deployment.h"
#include "plan.h"
#include "preflight.h"
#include "status.h"

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
/** Write the JSON report (English texts, stable ids) to @out; 0, or -1 on a write error. */
int report_json(const struct preflight *pf, FILE *out);
/** Print the plan per wave, with each node's steps. */
void plan_print(const struct plan *p, const struct deployment *d, FILE *out);
/** Print the upgrade plan batch by batch, with single-node roles flagged. */
void plan_print_upgrade(const struct plan *p, const struct deployment *d, FILE *out);

/** When a node's version was recorded, "YYYY-MM-DD HH:MM" (UTC), or "-". */
void status_since_text(int64_t since, char *buf, size_t n);
/** A node's drift in words: steps changed since they ran, a newer catalog, or "-"; caller frees. */
char *status_drift_text(const struct status *st, size_t n);

#endif
