/*
 * show(): sanitized host text for the faces, in a small ring of buffers.
 */
#include "config.h"

#include "show.h"

#include <stdlib.h>

#include "sanitize.h"

const char *show(const char *s)
{
	static char *ring[SHOW_SLOTS];
	static unsigned next;
	unsigned k = next++ % SHOW_SLOTS;

	free(ring[k]);
	ring[k] = sanitize_text(s);
	return ring[k];
}
