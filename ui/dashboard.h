/*
 * The ncurses install dashboard. It draws from apply events and owns the
 * loop while it runs; leaving it (or any exit path) restores the terminal.
 */
#ifndef NW_UI_DASHBOARD_H
#define NW_UI_DASHBOARD_H

#include "apply.h"

struct dashboard {
	void *impl;
	size_t nodes;
};

/** A dashboard for @nodes nodes; @resume ("apply --resume") says how to resume the run later. */
struct dashboard *dashboard_new(size_t nodes, const char *resume);
void dashboard_free(struct dashboard *db);
/** Events to give apply_open() so the dashboard sees progress and output. */
void dashboard_events(struct dashboard *db, struct apply_events *ev);
/** Run until the operator quits a finished run, or a cancel completes. */
void dashboard_run(struct dashboard *db, struct apply *a, volatile int *interrupt);

#endif
