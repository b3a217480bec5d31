/* SPDX-License-Identifier: MIT */
#ifndef VMIO_PRINT_H
#define VMIO_PRINT_H

#include "vmio/compiler.h"

/*
 * printf to the board console through vmio's own formatter (see log.h for
 * the supported conversions). Output longer than VMIO_PRINT_MAX per call
 * is cut. Context: any, IRQs masked included; blocks only on the UART.
 */
int vmio_printf(const char *fmt, ...) __printf(1, 2);

#define VMIO_PRINT_MAX 256

#endif
