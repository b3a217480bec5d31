/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_REGULATOR_H
#define VMIO_VIRTIO_REGULATOR_H

/*
 * virtio-regulator driver (device ID 0xC001; 31 only where
 * board_virtio_clkreg_old_ids() opts in), the protocol of DESIGN.md
 * section 5. One virtqueue, VERSION_1 required,
 * no feature bits, no config space: the regulators are named by the
 * board (board_virtio_supplies()). The consumer API is
 * drivers/regulator/regulator.h.
 *
 * Probe enables the always-on and boot-on regulators (DRIVER_OK is set
 * first for that). PM class VIRTIO_PM_REGULATOR (restored first of all).
 * State is recorded on every successful call: freeze (IRQs on) only
 * closes the consumer API (-EAGAIN until the state is back; -EBUSY with
 * a call in flight); restore_noirq sets DRIVER_OK on the re-initialised
 * device and replays, polled: voltages, modes, current limits and loads,
 * then enables - one request per recorded item, each step one batch
 * with one notification (drivers/reqchan/reqchan.h), complete before the next
 * step: no output is enabled before its voltage is set. A consumer call
 * is one request in flight. restore (IRQs on)
 * replays only when restore_noirq did not run (rolled-back suspend).
 */
#include <stdbool.h>
#include <stdint.h>
#include "drivers/regulator/regulator.h"
#include "drivers/reqchan/reqchan.h"

#ifndef VIRTIO_REGULATOR_MAX_DEVICES
#define VIRTIO_REGULATOR_MAX_DEVICES	2
#endif
#ifndef VIRTIO_REGULATOR_MAX_REGS
#define VIRTIO_REGULATOR_MAX_REGS	16	/* regulators per device */
#endif

struct virtio_regulator;

/*
 * Register the driver with the virtio core; before virtio_probe_all().
 * Reads board_virtio_clkreg_old_ids() to decide whether ID 31 matches.
 * Context: thread, once. Errors: those of virtio_register_driver().
 */
int virtio_regulator_register(void);

/*
 * The driver, for reqchan.h's reqchan_count(), reqchan_of() and
 * reqchan_get(): how many devices are bound, which one serves a
 * virtio device.
 */
extern struct reqchan_driver virtio_regulator_driver;

/* The nth bound device (probe order), or NULL. No MMIO. */
struct virtio_regulator *virtio_regulator_get(unsigned int n);

/*
 * vr's message channel, for reqchan.h's reqchan_get_info(),
 * reqchan_replay(), reqchan_recover() and reqchan_set_in_place(). Its
 * replay re-sends every recorded item (voltages, modes, current limits,
 * loads, then enables) to a live device that lost its state: what
 * restore_noirq does; each step one batch with one notification (split
 * when the VIRTIO_CLKREG_BATCH pool or the ring is smaller), complete
 * before the next. It stops at the first error: nothing of a later step
 * is sent, nothing is left in flight. Recovery re-initialises the device
 * first (for a device left FAILED). No MMIO.
 */
struct reqchan *virtio_regulator_chan(struct virtio_regulator *vr);

#endif
