/*
 * The interactive installer (libnewt, whiptail/anaconda style). Its state is
 * one struct deployment - the answer file itself - so Back never loses input
 * and Quit always leaves a valid file. Each screen is one file exporting a
 * `const struct screen`; the wizard walks an ordered table of them.
 */
#ifndef NW_UI_WIZARD_H
#define NW_UI_WIZARD_H

#include "catalog.h"
#include "deployment.h"

enum screen_result { SCREEN_NEXT, SCREEN_BACK, SCREEN_CANCEL, SCREEN_DONE };
enum wizard_mode { MODE_NEW, MODE_UPGRADE, MODE_PREFLIGHT, MODE_RESUME };

struct wizard {
	struct deployment *d;
	const struct catalog *c;
	char *path; /* where the answer file is saved */
	int mode;   /* enum wizard_mode */
	int saved;
	int then;   /* after the screens: 0 nothing, 1 install, 2 resume the interrupted run */
};

struct screen {
	const char *title;
	const char *help;
	enum screen_result (*run)(struct wizard *w);
};

extern const struct screen screen_welcome;
extern const struct screen screen_hosts;
extern const struct screen screen_review;

/** Expand one range such as 10.0.0.[10-12] or db[1-3].example.com; caller frees with strv_free. */
char **expand_host_range(const char *pattern, char **cause);
/** A host name for an address: the first DNS label, or the IP with '-' for '.' and ':'. */
char *host_name_for(const char *address);

/** nodewright wizard [-f FILE]: run the screens; 0 saved, 3 cancelled. */
int cmd_wizard(int argc, char **argv);

#endif
