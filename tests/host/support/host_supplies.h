/* SPDX-License-Identifier: MIT */
#ifndef VMIO_HOST_SUPPLIES_H
#define VMIO_HOST_SUPPLIES_H

/*
 * Test-side controls of the host board_virtio_supplies(): a table per
 * slot base address, and the old-IDs opt-in. host_board_reset() does not
 * know about them: tests call host_supplies_reset() in their setup.
 */
#include <stdbool.h>
#include <stdint.h>
#include "board/board.h"
#include "vmio/supplies.h"

#define HOST_SUPPLY_SLOTS 8

/* Forget every table and clear the old-IDs opt-in. */
void host_supplies_reset(void);

/* Describe the device at slot base (t is copied; t->descs must stay valid). */
void host_supplies_set(uintptr_t base, const struct board_supply_table *t);

/* What board_virtio_clkreg_old_ids() answers. */
void host_supplies_old_ids(bool on);

/* Calls of board_virtio_supplies() since the last reset. */
unsigned int host_supplies_lookups(void);

#endif
