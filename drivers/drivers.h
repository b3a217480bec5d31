/* SPDX-License-Identifier: MIT */
#ifndef VMIO_DRIVERS_H
#define VMIO_DRIVERS_H

/*
 * Register every device driver of drivers/ with the virtio core, before
 * virtio_probe_all(). Context: thread, once. Returns 0 or the first
 * error of a registration (each logs its own).
 */
#include "drivers/blk/virtio_blk.h"
#include "drivers/clock/virtio_clock.h"
#include "drivers/regulator/virtio_regulator.h"
#include "drivers/console/virtio_console.h"
#include "drivers/rng/virtio_rng.h"

static inline int drivers_register_all(void)
{
	int err = virtio_regulator_register();

	if (!err)
		err = virtio_clock_register();
	if (!err)
		err = virtio_blk_register();

	if (!err)
		err = virtio_rng_register();
	if (!err)
		err = virtio_console_register();
	return err;
}

#endif
