/* SPDX-License-Identifier: MIT */
#ifndef VMIO_LOG_H
#define VMIO_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include "vmio/compiler.h"

enum vmio_log_level { VMIO_LOG_ERR, VMIO_LOG_WARN, VMIO_LOG_INFO, VMIO_LOG_DEBUG };

/*
 * Format one log line and hand it to the sink. Every error path in vmio
 * logs exactly one line through pr_err() and returns a negative errno.
 * Context: any, including IRQs masked; formats into a bounded stack
 * buffer (lines longer than VMIO_LOG_LINE_MAX are cut), never allocates.
 */
void vmio_log(enum vmio_log_level level, const char *fmt, ...) __printf(2, 3);

/*
 * Install the function that receives finished log lines (NUL-terminated,
 * no trailing newline), overriding the default sink; tests capture lines
 * this way to assert on them. NULL restores the default sink.
 * Context: any; takes effect for the next line.
 */
void vmio_log_set_sink(void (*sink)(enum vmio_log_level level, const char *line));

/*
 * Set where lines go when no sink is installed. The board hands its
 * console sink in at init (lib/ depends on nothing above it); on qemu-virt
 * it prints "vmio: <line>" on the console. Until then lines are counted
 * (vmio_log_errors()) but printed nowhere: there is no console yet.
 * Context: any; normally called once, early in board_init().
 */
void vmio_log_set_default_sink(void (*sink)(enum vmio_log_level level, const char *line));

/* Lines logged at VMIO_LOG_ERR since boot: tests use it to prove an error was reported. */
unsigned int vmio_log_errors(void);

#define VMIO_LOG_LINE_MAX 160

#define pr_err(...) vmio_log(VMIO_LOG_ERR, __VA_ARGS__)
#define pr_warn(...) vmio_log(VMIO_LOG_WARN, __VA_ARGS__)
#define pr_info(...) vmio_log(VMIO_LOG_INFO, __VA_ARGS__)
#ifdef VMIO_DEBUG
#define pr_debug(...) vmio_log(VMIO_LOG_DEBUG, __VA_ARGS__)
#else
#define pr_debug(...) do { } while (0)
#endif

/*
 * vmio's own formatter: newlib-nano's snprintf references _malloc_r (its
 * asprintf path), and the firmware links no heap. Supports %d %i %u %x %X
 * %o %c %s %p %% with flags '-' '0', a width, and the h, hh, l, ll, z
 * length modifiers. Returns the length the full output would have had.
 * Context: any; no allocation, stack use bounded.
 */
int vmio_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int vmio_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
