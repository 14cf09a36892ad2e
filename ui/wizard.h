/*
 * The interactive installer (libnewt, whiptail/anaconda style). Its state is
 * one struct deployment - the answer file itself - so Back never loses input
 * and Quit always leaves a valid file. Each screen is one file exporting a
 * `const struct screen`; the wizard walks an ordered table of them.
 */
#ifndef NW_UI_WIZARD_H
#define NW_UI_WIZARD_H

#include <newt.h>

#include "catalog.h"
#include "deployment.h"
#include "engine.h"
#include "hostrange.h"
#include "preflight.h"

enum screen_result { SCREEN_NEXT, SCREEN_BACK, SCREEN_CANCEL, SCREEN_DONE };
enum wizard_mode { MODE_NEW, MODE_UPGRADE, MODE_PREFLIGHT, MODE_RESUME };

struct wizard {
	struct deployment *d;
	const struct catalog *c;
	char *path; /* where the answer file is saved */
	enum wizard_mode mode;
	int saved;
	int then; /* after the screens: 0 nothing, 1 install, 2 resume the run, 3 upgrade */
	const struct screen *screen;  /* the one showing, for F1 */
	struct preflight *pf;	      /* the last preflight (facts of the hosts), or NULL */
	struct storage_check storage; /* the storage screen's check on the hosts */
	int storage_checked;	      /* ... of the current choices and placement */
	int confirm_each;	      /* upgrade: pause between batches */
};

/* Modes a screen belongs to (bits of 1 << enum wizard_mode). */
#define IN_NEW	     (1 << MODE_NEW)
#define IN_UPGRADE   (1 << MODE_UPGRADE)
#define IN_PREFLIGHT (1 << MODE_PREFLIGHT)

struct screen {
	const char *title;
	const char *help;    /* the help line at the bottom */
	const char *details; /* F1 */
	unsigned modes;
	enum screen_result (*run)(struct wizard *w);
};

extern const struct screen screen_welcome;
extern const struct screen screen_credentials;
extern const struct screen screen_hosts;
extern const struct screen screen_hostkeys;
extern const struct screen screen_preflight;
extern const struct screen screen_roles;
extern const struct screen screen_storage;
extern const struct screen screen_review;
extern const struct screen screen_upgrade;

/** Columns @s takes on the screen (translations differ in length). */
int wiz_width(const char *s);
/** A compact button at *x, moving *x past it: rows of buttons that fit any language. */
newtComponent wiz_compact(int *x, int y, const char *label);
/**
 * Back and Next buttons at the right of a window @width wide, on row @y,
 * right after column @after if a row of compact buttons reaches further.
 */
void wiz_nav(int width, int after, int y, newtComponent *back, newtComponent *next);
/**
 * A table: a bordered, scrolling list at @x, @y + 1 (@height rows, @width
 * wide; Enter exits the form), under its column @header, which is added to
 * @form lined up with the rows inside the border. The caller adds the list.
 */
newtComponent wiz_table(newtComponent form, int x, int y, int height, int width,
			const char *header);
/**
 * The "Save as:" field on row @y, ending before column @end, holding the
 * answer file's path; its label is added to @form, the caller adds the field
 * and, after the form ran, keeps what was typed with wiz_take_path().
 */
newtComponent wiz_path_field(newtComponent form, const struct wizard *w, int y, int end);
void wiz_take_path(struct wizard *w, newtComponent field);
/** Run @form; F1 shows the screen's help, a resized terminal is redrawn. */
newtComponent wiz_run_form(struct wizard *w, newtComponent form);
/**
 * Run a screen built around @list, whose rows carry 1-based keys: the row
 * of the last visit (*row; 0: none) is selected again, the row chosen is
 * left in *row, and the form and its window are closed. Returns what
 * ended the form, as wiz_run_form().
 */
newtComponent wiz_run_list(struct wizard *w, newtComponent form, newtComponent list, size_t *row);
/**
 * Step @op while @form shows its progress (@refresh, if not NULL, updates
 * the form after every step); the window stays live, and @cancel (may be
 * NULL) stops the operation. Returns 1 if the person cancelled.
 */
int wiz_run_op(struct op *op, newtComponent form, newtComponent cancel, void (*refresh)(void *ctx),
	       void *ctx);
/** Zero the text of entry @e (a typed secret) before newt frees it. */
void wiz_wipe_entry(newtComponent e);
/** Save the answer file to w->path (0600); a dialog says why not. 0 or -1. */
int wiz_save(struct wizard *w);
/** A message box with one OK button. */
void wiz_message(const char *title, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** A yes/no question; 1 for yes. */
int wiz_confirm(const char *title, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** A one-line entry dialog; 1 and *value (caller frees) on OK. */
int wiz_ask(const char *title, const char *label, const char *initial, int hidden, char **value);
/**
 * Open the engine on the wizard's deployment (@only: NULL for every host);
 * secrets come from what the admin typed, unknown host keys are refused
 * (the host-keys screen accepts them). -1 after showing the cause.
 */
int wiz_engine_open(struct wizard *w, struct engine *e, enum hostkey_policy hostkey_mode,
		    char *const *only);
/** Facts per host of the deployment (NULL where unknown); caller frees the array. */
const struct facts **wiz_facts(const struct wizard *w);
/** Drop the preflight results (hosts changed). */
void wiz_forget_preflight(struct wizard *w);

/**
 * Run the wizard on answer file @file (NULL: a new one) with @catalog (NULL:
 * the file's): 0 saved (or installed), 3 cancelled, else the run's code.
 */
int wizard_main(const char *file, const char *catalog);

#endif
