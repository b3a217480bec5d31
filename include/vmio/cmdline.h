/* SPDX-License-Identifier: MIT */
#ifndef VMIO_CMDLINE_H
#define VMIO_CMDLINE_H

#include <stddef.h>

/*
 * The value of "key=value" in a space-separated command line (such as
 * the semihosting one), copied NUL-terminated into val (cut at size - 1
 * bytes). Returns val, or NULL when key is absent. Context: any; no
 * allocation.
 */
const char *vmio_cmdline_arg(const char *cmdline, const char *key, char *val, size_t size);

#endif
