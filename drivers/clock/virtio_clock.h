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

/* Build-time limits; override with -D. */
#ifndef VIRTIO_CLOCK_MAX_DEVICES
#define VIRTIO_CLOCK_MAX_DEVICES	2
#endif
#ifndef VIRTIO_CLOCK_MAX_CLKS
#define VIRTIO_CLOCK_MAX_CLKS		16	/* clocks per device */
#endif

struct virtio_device;
struct virtio_clock;

struct virtio_clock_info {
	uint32_t num_clks;		/* config space */
	uint32_t num_resets;		/* config space */
	char name[21];			/* config name (NAME feature), else "" */
	bool reset;			/* RESET feature negotiated */
	bool in_place;			/* request form in use */
	unsigned int nclks;		/* clocks named by the board */
	uint32_t requests;		/* round trips posted since probe */
	uint32_t posts;			/* batches posted (one kick each) since probe */
	uint32_t timeouts;
	uint32_t recoveries;
};

/*
 * Register the driver with the virtio core; before virtio_probe_all().
 * Reads board_virtio_clkreg_old_ids() to decide whether ID 30 matches.
 * Context: thread, once. Errors: those of virtio_register_driver().
 */
int virtio_clock_register(void);

/* Bound virtio-clock devices, and the nth (probe order) or NULL. No MMIO. */
unsigned int virtio_clock_count(void);
struct virtio_clock *virtio_clock_get(unsigned int n);

/* The instance bound to vdev, or NULL. */
struct virtio_clock *virtio_clock_of(const struct virtio_device *vdev);

/* Probe facts and counters of vc. No MMIO. */
void virtio_clock_get_info(const struct virtio_clock *vc,
			   struct virtio_clock_info *info);

/*
 * Choose the request form: in_place posts one device-writable buffer
 * that the device answers in, else (the default unless the board table
 * says otherwise) a readable request plus a writable reply. Takes effect
 * from the next request. Context: any, not during a call. No MMIO.
 */
void virtio_clock_set_in_place(struct virtio_clock *vc, bool in_place);

/*
 * Re-send every recorded state item (parents, rates, flags, enables,
 * asserted resets) to a live device whose state was lost: what
 * restore_noirq does. Sets DRIVER_OK first if the core left it clear.
 * Each step is one batch, posted with one notification (split when the
 * VIRTIO_CLKREG_BATCH pool or the ring is smaller) and complete before
 * the next step; rates are posted parent level by parent level.
 * Context: thread (interrupt-driven) or IRQs masked (polled). Waits:
 * each batch until no completion came for VIRTIO_CLKREG_TIMEOUT_US, at
 * most that once per request. Returns 0 or the first error (each failed
 * request logged once), and stops there: nothing of a later step is sent
 * and nothing is left in flight.
 */
int virtio_clock_replay(struct virtio_clock *vc);

/*
 * Re-initialise the device (virtio_device_reinit(), DRIVER_OK) and
 * replay; for a device left FAILED. Context and waits as replay, plus
 * the bounded reset wait. Errors: those of the reinit and the replay.
 */
int virtio_clock_recover(struct virtio_clock *vc);

#endif
