/*
 * gettext glue (as util-linux's nls.h): _() translates, N_() marks a
 * string in a static table for later translation.
 */
#ifndef NW_NLS_H
#define NW_NLS_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
