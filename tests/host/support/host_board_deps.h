/* SPDX-License-Identifier: MIT */
#ifndef VMIO_HOST_BOARD_DEPS_H
#define VMIO_HOST_BOARD_DEPS_H

/*
 * Dependency facts in the host board's discovery table, as a DTB would
 * give them: a node's phandle and its "clocks" / "*-supply" phandles.
 * slot is the index in board_get_info()->virtio[] (sim_add() order).
 */
#include <stdint.h>

void host_board_set_phandle(unsigned int slot, uint32_t phandle);
void host_board_add_dep(unsigned int slot, uint32_t supplier_phandle);

#endif
