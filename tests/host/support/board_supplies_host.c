// SPDX-License-Identifier: MIT
/*
 * Host implementation of the supplies part of board/board.h: the tests
 * install per-slot tables keyed by the slot's base address, as a board
 * folder would hard-code them.
 */
#include <errno.h>
#include <stdlib.h>
#include "tests/host/support/host_supplies.h"

struct host_supply_slot {
	uintptr_t base;
	struct board_supply_table t;
};

static struct host_supply_slot slots[HOST_SUPPLY_SLOTS];
static unsigned int nslots;
static bool old_ids;
static unsigned int lookups;

void host_supplies_reset(void)
{
	nslots = 0;
	old_ids = false;
	lookups = 0;
}

void host_supplies_set(uintptr_t base, const struct board_supply_table *t)
{
	unsigned int i;

	for (i = 0; i < nslots; i++)
		if (slots[i].base == base)
			break;
	if (i == HOST_SUPPLY_SLOTS)
		abort();
	if (i == nslots)
		nslots++;
	slots[i].base = base;
	slots[i].t = *t;
}

void host_supplies_old_ids(bool on)
{
	old_ids = on;
}

unsigned int host_supplies_lookups(void)
{
	return lookups;
}

int board_virtio_supplies(const struct board_virtio_slot *slot,
			  struct board_supply_table *out)
{
	unsigned int i;

	lookups++;
	for (i = 0; i < nslots; i++) {
		if (slots[i].base == slot->base) {
			*out = slots[i].t;
			return 0;
		}
	}
	return -ENOENT;
}

bool board_virtio_clkreg_old_ids(void)
{
	return old_ids;
}
