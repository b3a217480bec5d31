// SPDX-License-Identifier: MIT
/*
 * Setters for the phandle and deps[] fields of the host board's
 * discovery table. The table is board_host.c's own (non-const) object,
 * reached through board_get_info(), so this file needs no change there.
 */
#include <stdlib.h>
#include "board/board.h"
#include "tests/host/support/host_board_deps.h"

static struct board_virtio_slot *host_slot(unsigned int slot)
{
	struct board_info *bi = (struct board_info *)board_get_info();

	if (slot >= bi->nvirtio)
		abort();
	return &bi->virtio[slot];
}

void host_board_set_phandle(unsigned int slot, uint32_t phandle)
{
	host_slot(slot)->phandle = phandle;
}

void host_board_add_dep(unsigned int slot, uint32_t supplier_phandle)
{
	struct board_virtio_slot *s = host_slot(slot);

	if (s->ndeps == BOARD_MAX_DEPS)
		abort();
	s->deps[s->ndeps++] = supplier_phandle;
}
