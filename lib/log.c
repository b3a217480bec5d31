// SPDX-License-Identifier: MIT
/*
 * One-line logging. Error paths all over vmio call pr_err() and return an
 * errno; counting those lines lets a test prove that a bad input was
 * reported, not silently swallowed.
 */
#include <stdarg.h>
#include "vmio/log.h"

static void (*log_sink)(enum vmio_log_level level, const char *line);
static void (*log_default_sink)(enum vmio_log_level level, const char *line);
static unsigned int log_err_count;

void vmio_log_set_sink(void (*sink)(enum vmio_log_level level, const char *line))
{
	log_sink = sink;
}

void vmio_log_set_default_sink(void (*sink)(enum vmio_log_level level, const char *line))
{
	log_default_sink = sink;
}

unsigned int vmio_log_errors(void)
{
	return log_err_count;
}

void vmio_log(enum vmio_log_level level, const char *fmt, ...)
{
	char line[VMIO_LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vmio_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (level == VMIO_LOG_ERR)
		log_err_count++;
	if (log_sink)
		log_sink(level, line);
	else if (log_default_sink)
		log_default_sink(level, line);
}
