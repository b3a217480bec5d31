/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_CLOCK_H
#define VMIO_VIRTIO_CLOCK_H

/*
 * virtio-clock driver (device ID 0xC000; 30 only where
 * board_virtio_clkreg_old_ids() opts in), the protocol of DESIGN.md
 * section 5. One virtqueue, VERSION_1 required;
 * features RESET (bit 1) and NAME (bit 2) are used when offered. The
 * consumer API is drivers/clock/clk.h. A consumer call is one request in
 * flight; the replay posts batches (drivers/reqchan/reqchan.h).
 *
 * PM class VIRTIO_PM_CLOCK (restored after regulators, before normal
 * devices). State is recorded on every successful call, so suspend has
 * nothing to save: freeze (IRQs on) only closes the consumer API (calls
 * get -EAGAIN until the state is back; a call in flight makes it
 * -EBUSY). restore_noirq, on the device the PM core has re-initialised,
 * sets DRIVER_OK and replays, polled: parents, rates, flags, then
 * enables, then asserted resets - one request per recorded item,
 * nothing for clocks the consumers never touched, one batch (one
 * notification) per step, rates in one batch per level of the parent
 * chain the consumers set. restore (IRQs on)
 * replays only when restore_noirq did not run (a suspend rolled back
 * before the noirq phase, where the core has just reset the device).
 */
#include <stdbool.h>
#include <stdint.h>
#include "drivers/clock/clk.h"
#include "drivers/reqchan/reqchan.h"

/* Build-time limits; override with -D. */
#ifndef VIRTIO_CLOCK_MAX_DEVICES
#define VIRTIO_CLOCK_MAX_DEVICES	2
#endif
#ifndef VIRTIO_CLOCK_MAX_CLKS
#define VIRTIO_CLOCK_MAX_CLKS		16	/* clocks per device */
#endif

struct virtio_clock;

struct virtio_clock_info {
	uint32_t num_clks;		/* config space */
	uint32_t num_resets;		/* config space */
	char name[21];			/* config name (NAME feature), else "" */
	bool reset;			/* RESET feature negotiated */
	struct reqchan_info chan;	/* request form, clocks named, counters */
};

/*
 * Register the driver with the virtio core; before virtio_probe_all().
 * Reads board_virtio_clkreg_old_ids() to decide whether ID 30 matches.
 * Context: thread, once. Errors: those of virtio_register_driver().
 */
int virtio_clock_register(void);

/*
 * The driver, for reqchan.h's reqchan_count(), reqchan_of() and
 * reqchan_get(): how many devices are bound, which one serves a
 * virtio device.
 */
extern struct reqchan_driver virtio_clock_driver;

/* The nth bound device (probe order), or NULL. No MMIO. */
struct virtio_clock *virtio_clock_get(unsigned int n);

/* Probe facts and counters of vc. No MMIO. */
void virtio_clock_get_info(const struct virtio_clock *vc,
			   struct virtio_clock_info *info);

/*
 * vc's message channel, for reqchan.h's reqchan_replay(),
 * reqchan_recover() and reqchan_set_in_place(). Its replay re-sends
 * every recorded state item (parents, rates, flags, enables, asserted
 * resets) to a live device whose state was lost: what restore_noirq
 * does; each step one batch, posted with one notification (split when
 * the VIRTIO_CLKREG_BATCH pool or the ring is smaller) and complete
 * before the next step; rates are posted parent level by parent level.
 * It stops at the first error: nothing of a later step is sent and
 * nothing is left in flight. Recovery re-initialises the device first
 * (for a device left FAILED). No MMIO.
 */
struct reqchan *virtio_clock_chan(struct virtio_clock *vc);

#endif
