// SPDX-License-Identifier: MIT
/*
 * The transports built into the bus, looked up by the kind the board's
 * discovery gives each window (board_virtio_slot.transport). A second
 * transport plugs in here: its descriptor, one line. This file is the
 * only part of the core that names a transport.
 */
#include <stddef.h>
#include "virtio/virtio.h"
#include "virtio/virtio_mmio.h"

const struct virtio_transport *const virtio_transports[] = {
	&virtio_mmio_transport,
	NULL,
};
