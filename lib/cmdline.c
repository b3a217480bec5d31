// SPDX-License-Identifier: MIT
#include <string.h>
#include "vmio/cmdline.h"

const char *vmio_cmdline_arg(const char *p, const char *key, char *val, size_t size)
{
	size_t klen = strlen(key), n;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			p += klen + 1;
			for (n = 0; p[n] && p[n] != ' ' && n + 1 < size; n++)
				val[n] = p[n];
			val[n] = '\0';
			return val;
		}
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}
