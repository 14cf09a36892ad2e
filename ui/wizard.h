/*
 * The interactive installer (libnewt, whiptail/anaconda style). Its state is
 * one struct deployment - the answer file itself - so Back never loses input
 * and Quit always leaves a valid file. Each screen is one file exporting a
 * `const struct screen`; the wizard walks an ordered table of them.
 *
 * Every window is a view: it is built from the terminal's size and from
 * the screen's state, and built again whenever either changes - a resized
 * terminal rebuilds every window on screen, bottom to top, with what was
 * typed and where the focus was. Below 80x24 one "terminal too small"
 * screen shows instead, until the terminal grows.
 */
#ifndef NW_UI_WIZARD_H
#define NW_UI_WIZARD_H

#include <newt.h>

#include "catalog.h"
#include "columns.h"
#include "deployment.h"
#include "engine.h"
#include "hostrange.h"
#include "preflight.h"

enum screen_result { SCREEN_NEXT, SCREEN_BACK, SCREEN_CANCEL, SCREEN_DONE };
enum wizard_mode { MODE_NEW, MODE_UPGRADE, MODE_PREFLIGHT, MODE_RESUME, MODE_STATUS };
/* What happens after the screens. */
enum wizard_then { THEN_NOTHING, THEN_INSTALL, THEN_RESUME, THEN_UPGRADE };

struct wizard {
	struct deployment *d;
	const struct catalog *c;
	char *path; /* where the answer file is saved */
	enum wizard_mode mode;
	int saved;
	enum wizard_then then;
	const struct screen *screen;  /* the one showing, for F1 */
	struct preflight *pf;	      /* the last preflight (facts of the hosts), or NULL */
	struct storage_check storage; /* the storage screen's check on the hosts */
	int storage_checked;	      /* ... of the current choices and placement */
	int confirm_each;	      /* upgrade: pause between batches */
	int status_rc;		      /* status: the exit code, as nodewright status's */
	char *said;		      /* status: the verdict, printed after the screens */
};

/* Modes a screen belongs to (bits of 1 << enum wizard_mode). */
#define IN_NEW	     (1 << MODE_NEW)
#define IN_UPGRADE   (1 << MODE_UPGRADE)
#define IN_PREFLIGHT (1 << MODE_PREFLIGHT)
#define IN_STATUS    (1 << MODE_STATUS)

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
extern const struct screen screen_status;

/* ---------------------------------------------------------------- views (wiz-view.c) */

#define WIZ_MIN_COLS  80
#define WIZ_MIN_ROWS  24
#define WIZ_MAX_COMPS 64

struct wiz_view {
	/* the owner's */
	const char *title; /* translated; read at every build */
	/**
	 * Open the window (wiz_window) and make its components (wiz_add) from
	 * the owner's state in @ctx, within @width x @height (the most the
	 * terminal allows, inside the border).
	 */
	void (*build)(struct wiz_view *v, int width, int height);
	/** Read what the admin typed back into @ctx before the components go; may be NULL. */
	void (*keep)(struct wiz_view *v);
	void *ctx;
	int no_help; /* F1 shows nothing (a progress window: the operation goes on) */
	/* the frame's */
	newtComponent form;
	newtComponent comps[WIZ_MAX_COMPS]; /* those that keep the focus, in the form's order */
	int ncomps, focus;		    /* focus: index in comps, -1 none yet */
	newtComponent list;		    /* its table (wiz_table), if it has one */
	size_t row;	   /* the table's row chosen (its key), kept across builds */
	int width, height; /* of the window built */
	int built;
	struct wiz_view *below;
};

/** In build(): open the window, @width x @height inside its border, centred. */
void wiz_window(struct wiz_view *v, int width, int height);
/**
 * In build(): add @co to the form, in focus order; returns @co. The focus is
 * remembered by the place of its component among those added so, which
 * must not depend on the terminal's size.
 */
newtComponent wiz_add(struct wiz_view *v, newtComponent co);
/** In build(): add @co, which the focus is not kept on (a label, a text); returns @co. */
newtComponent wiz_add_fixed(struct wiz_view *v, newtComponent co);
/** Give @co the focus, now and after every rebuild (a field a problem concerns). */
void wiz_focus(struct wiz_view *v, newtComponent co);
/** Put @v on the screen, above the views there. */
void wiz_view_open(struct wiz_view *v);
/**
 * Run @v (the top view) until a component ends its form; the terminal's
 * resizes and F1 are handled inside. Returns the component (NULL: none).
 */
newtComponent wiz_view_run(struct wiz_view *v);
/** Build @v (the top view) again from its state, keeping the focus. */
void wiz_view_rebuild(struct wiz_view *v);
/** Take @v (the top view) off the screen; keep() has read its fields. */
void wiz_view_close(struct wiz_view *v);
/**
 * A screen's main view, from opening to closing: each time a component
 * ends its form, keep() reads the view into its state and @act does what
 * was asked (@button: the index of the button pressed among @bt's, or -1;
 * @enter: Enter on its table, whose row is v->row). @act returns SCREEN_DONE
 * to stay - the view is then built again from the state - or the screen's
 * result.
 */
struct wiz_buttons;
enum screen_result wiz_screen_loop(struct wiz_view *v, const struct wiz_buttons *bt,
				   enum screen_result (*act)(struct wiz_view *v, int button,
							     int enter));
/**
 * Step @op while @v (the top view) shows its progress; @refresh (may be
 * NULL) updates the view after every step. The window stays live through
 * resizes; *@cancel (the view's Cancel button, rebuilt with it) stops the
 * operation. Returns 1 if the person cancelled.
 */
int wiz_run_op(struct op *op, struct wiz_view *v, newtComponent *cancel, void (*refresh)(void *ctx),
	       void *ctx);
/** The top line: the wizard, the step and the screen. */
void wiz_set_title(const char *title);
/** The help line at the bottom, and what F1 shows (its window's @title and @details). */
void wiz_set_help(const char *help, const char *title, const char *details);
/** Set up newt (colours, the resize pipe, signals); 0, or -1 with no terminal to draw on. */
int wiz_frame_init(void);
/** The one way out of newt: restores the terminal (style.md's ui_shutdown). */
void wiz_frame_done(void);

/* ---------------------------------------------------------------- pieces (wiz-parts.c) */

/** Columns @s takes on the screen (translations differ in length). */
int wiz_width(const char *s);
/** The widest of @n labels (translated already). */
int wiz_widest(const char *const *labels, int n);
/** A label at @x, @y in at most @width columns (shortened in the middle). */
newtComponent wiz_label(struct wiz_view *v, int x, int y, int width, const char *text);
/**
 * @text wrapped in @width columns at @x, @y, in at most @max rows: when it
 * needs more, a scrolling box (reach it with Tab, scroll with the arrows)
 * over a line that says how many more lines there are. Returns the rows used.
 */
int wiz_text(struct wiz_view *v, int x, int y, int width, int max, const char *text);
/** Rows wiz_text() would use for @text in @width columns, at most @max. */
int wiz_text_rows(const char *text, int width, int max);
/* A box of text that changes while its window shows (a live check's problems). */
struct wiz_livetext {
	newtComponent tb, more;
	int width, rows;
};
/** A scrolling box @rows high (its last row says what is below) at @x, @y, @width wide. */
void wiz_livetext(struct wiz_view *v, struct wiz_livetext *lt, int x, int y, int width, int rows,
		  const char *text);
/** Show @text in @lt now (every old line is cleared). */
void wiz_livetext_set(struct wiz_livetext *lt, const char *text);
/** An entry of @width columns at @x, @y holding @value (NULL: empty); newt flags. */
newtComponent wiz_entry(struct wiz_view *v, int x, int y, int width, const char *value, int flags);

/* The columns of a table: how many fit, and their widths (for wiz_row()). */
struct wiz_cols {
	int n, w[12];
};
/**
 * A table: a bordered list @width wide at @x, @y + 1 with @height rows
 * inside its border, under a header of the @n columns @heads laid out by
 * @spec in its width (those that fit go in *@c). @rows is how many rows it
 * will hold: only a list longer than its box scrolls, and shows a
 * scrollbar. Enter ends the form. The list is added; it is the view's table
 * (v->list), whose row is kept in v->row.
 */
newtComponent wiz_table(struct wiz_view *v, int x, int y, int width, int height, size_t rows,
			const struct cols_spec *spec, const char *const *heads, int n,
			struct wiz_cols *c);
/** Rows to give a list of @n rows in @room: what it needs, at least @least, at most @room. */
int wiz_list_rows(int room, size_t n, int least);
/**
 * Columns laid out in @inner columns: *widths from @spec (cols_fit, a space
 * between columns). Returns how many columns fit.
 */
int wiz_columns(const struct cols_spec *spec, int n, int inner, int *widths);
/** A row of @n cells in @widths (a space between), each shortened or padded; caller frees. */
char *wiz_row(const int *widths, int n, const char *const *cells);
/** Append a row to the view's table with key @key (1-based, 0: none); v->row's is chosen. */
void wiz_table_add(struct wiz_view *v, const char *row, size_t key);

/* The buttons at the bottom of a screen: compact ones, then the big ones at the right. */
struct wiz_buttons {
	const char *compact[6]; /* labels (translated), NULL-terminated */
	const char *big[5];	/* labels, NULL-terminated: Back, Next... */
	newtComponent c[6], b[5];
};
/** Rows the buttons take in @width columns: 4, or 5 when they need two lines. */
int wiz_buttons_rows(const struct wiz_buttons *bt, int width);
/**
 * A main screen's buttons in *@bt: the compact ones labelled @... (NULL
 * after the last), then Back and Next; returns the rows they take in @width.
 */
int wiz_screen_buttons(struct wiz_buttons *bt, int width, ...);
/** Place and add the buttons from row @y of a window @width wide. */
void wiz_buttons(struct wiz_view *v, struct wiz_buttons *bt, int y, int width);
/** The index of @co among the buttons (compact first, then big), or -1. */
int wiz_button_index(const struct wiz_buttons *bt, newtComponent co);

/* ---------------------------------------------------------------- dialogs (wiz-dialog.c) */

/** A message box with one OK button. */
void wiz_message(const char *title, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** A yes/no question; 1 for yes. */
int wiz_confirm(const char *title, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** A question with three answers @b1, @b2, @b3 (translated); the index of the one chosen. */
int wiz_choose(const char *title, const char *b1, const char *b2, const char *b3, const char *fmt,
	       ...) __attribute__((format(printf, 5, 6)));
/** A one-line entry dialog; 1 and *value (caller frees) on OK. */
int wiz_ask(const char *title, const char *label, const char *initial, int hidden, char **value);

/* ---------------------------------------------------------------- the wizard (wizard.c) */

/**
 * The "Save as:" field of the last screen: its label and entry on row @y,
 * @width columns from @x; what was typed is kept in w->path by keep().
 */
newtComponent wiz_path_field(struct wiz_view *v, const struct wizard *w, int x, int y, int width);
void wiz_take_path(struct wizard *w, newtComponent field);
/** Zero the text of entry @e (a typed secret) before newt frees it. */
void wiz_wipe_entry(newtComponent e);
/** Save the answer file to w->path (0600); a dialog says why not. 0 or -1. */
int wiz_save(struct wizard *w);
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
