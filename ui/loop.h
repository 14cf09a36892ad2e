/*
 * The plain faces' loop: step an operation until it is done, waiting in
 * poll(2) on what it asks for. Ctrl-C (cli_interrupted) reaches the
 * operation as op_interrupt(1), a second one as op_interrupt(2).
 */
#ifndef NW_UI_LOOP_H
#define NW_UI_LOOP_H

#include "op.h"

/** Run @op until it is not busy. @interrupt (may be NULL) is read before every wait. */
void ui_loop(struct op *op, volatile int *interrupt);

#endif
