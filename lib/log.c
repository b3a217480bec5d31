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

void vmio_log_count_error(void)
{
	log_err_count++;
}

unsigned int vmio_log_errors(void)
{
	return log_err_count;
}

void vmio_log(enum vmio_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmio_vlog(level, NULL, fmt, ap);
	va_end(ap);
}

void vmio_vlog(enum vmio_log_level level, const char *head, const char *fmt,
	       va_list ap)
{
	char line[VMIO_LOG_LINE_MAX];
	size_t n = 0;

	if (head)
		n = (size_t)vmio_snprintf(line, sizeof(line), "%s", head);
	if (n < sizeof(line))
		vmio_vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (level == VMIO_LOG_ERR)
		log_err_count++;
	if (log_sink)
		log_sink(level, line);
	else if (log_default_sink)
		log_default_sink(level, line);
}
