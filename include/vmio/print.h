/* SPDX-License-Identifier: MIT */
#ifndef VMIO_PRINT_H
#define VMIO_PRINT_H

#include <stddef.h>
#include "vmio/compiler.h"

/*
 * printf to the board console through vmio's own formatter (see log.h for
 * the supported conversions). Output longer than VMIO_PRINT_MAX per call
 * is cut. Context: any, IRQs masked included; blocks only on the UART.
 */
int vmio_printf(const char *fmt, ...) __printf(1, 2);

/*
 * Set the function vmio_printf() writes to: the board hands in its
 * console at init, so lib/ depends on nothing above it. Until then output
 * is dropped. Context: any; normally called once, early in board_init().
 */
void vmio_print_set_output(void (*write)(const char *buf, size_t len));

#define VMIO_PRINT_MAX 256

#endif
