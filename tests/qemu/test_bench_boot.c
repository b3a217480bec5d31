// SPDX-License-Identifier: MIT
/*
 * The boot-time bench image behind tools/bench.sh (not part of the test
 * suite), run from the flash image under -icount shift=0 with a single
 * virtio device attached: registers the drivers, probes every slot and
 * prints the board time then, in microseconds since reset. The board
 * clocks count from reset (the generic counter; on the A9 the global
 * timer is started at the system 24 MHz counter's value), and the one
 * device sits in the last slot probed, so this is reset to its DRIVER_OK.
 */
#include "board/board.h"
#include "drivers/drivers.h"
#include "virtio/virtio.h"
#include "vmio/print.h"

int main(void)
{
	struct virtio_device *d;
	uint64_t t;
	int n;

	if (drivers_register_all())
		return 1;
	n = virtio_probe_all();
	t = board_time_us();
	d = virtio_get_device(0);
	if (n != 1 || !d || !d->driver || d->failed || !(d->status & 0x4)) {
		vmio_printf("bench: expected one device at DRIVER_OK, found %d\n", n);
		return 1;
	}
	vmio_printf("bench boot_to_probe_us %lu us (%s at 0x%08lx)\n", (unsigned long)t,
		    d->driver->name, (unsigned long)d->base);
	return 0;
}
