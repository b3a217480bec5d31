/* SPDX-License-Identifier: MIT */
#ifndef VMIO_PM_H
#define VMIO_PM_H

/*
 * System sleep for the virtio devices (DESIGN.md section 4):
 *
 *   RUNNING -> FREEZE (IRQs on; consumers first)
 *     -> mask IRQs -> FREEZE_NOIRQ (consumers first)
 *     -> PLATFORM_SLEEP (board_platform_sleep(): devices lose power)
 *     -> RESTORE_NOIRQ (IRQs masked; suppliers first; only drivers with
 *        restore_noirq: regulators, clocks, whatever must be back before
 *        any interrupt)
 *     -> unmask IRQs -> RESTORE (everything else; suppliers first)
 *     -> RUNNING
 *
 * Restore order: declared dependencies first (supplier before consumer:
 * the board_virtio_slot deps[] phandles matched against other slots'
 * phandle, plus the pm_set_dep_table() table), then the driver's class
 * (VIRTIO_PM_REGULATOR, CLOCK, NORMAL), then probe order. A supplier
 * takes the most urgent class of the devices that depend on it, even
 * indirectly (what a regulator needs comes back with the regulators).
 * Freeze runs the exact reverse. A cycle fails pm_suspend() before
 * anything is touched.
 *
 * The driver callback contract (struct virtio_driver):
 *
 * freeze (IRQs on, may wait, bounded): stop taking new work (the
 *   consumer API refuses it, e.g. -EAGAIN, until restore) and make every
 *   queue empty: wait (bounded) for requests in flight, and reclaim
 *   standing buffers (console receive buffers, a posted rng request) by
 *   virtio_reset_device() then virtqueue_detach_unused(), remembering
 *   them for restore. Save whatever consumers will expect back (clock
 *   and regulator: enable counts, rates, voltages, modes). Return 0 only
 *   with every queue empty (the core checks, and a driver that lies gets
 *   its device FAILED); on error undo the quiescing: the PM core rolls
 *   the other devices back and pm_suspend() fails. Optional: without it
 *   the core still refuses to sleep a device with buffers in flight.
 * freeze_noirq (IRQs masked, polled only, bounded): last words to a
 *   device whose queues are empty. Optional; rarely needed.
 * restore_noirq (IRQs masked, polled only, bounded, no allocation):
 *   for suppliers. The core has already reset the device, set
 *   ACKNOWLEDGE, DRIVER, the negotiated features and FEATURES_OK and
 *   re-programmed the existing rings empty (indices 0, fresh free
 *   list, interrupt suppression off). The driver calls
 *   virtio_device_ready_noirq() before it posts anything, re-applies
 *   virtqueue_disable_cb() on queues it polls, and replays the saved
 *   state with polled requests (virtqueue_poll_wait() with a timeout).
 *   On error the device is FAILED, restore is not called, the other
 *   devices still come back.
 * restore (IRQs on, may wait, bounded): the device is back at
 *   FEATURES_OK with empty rings programmed (by the noirq phase when the
 *   driver has restore_noirq, else just before this call). Re-apply
 *   virtqueue_disable_cb() where polling; call virtio_device_ready()
 *   first if buffers must be posted (console: re-post the receive
 *   buffers, then kick); reopen the consumer API. Never call
 *   virtio_find_vqs() again: the queues are the same. The core sets
 *   DRIVER_OK afterwards if the driver did not, then delivers a config
 *   change that arrived while frozen (config_changed runs IRQs-masked,
 *   as always). On error the device is FAILED.
 *
 * Concretely: blk's freeze waits for virtio_blk_inflight() == 0 and
 * makes submit refuse new requests; its restore reopens submit (and
 * re-applies disable_cb in polled mode). rng's freeze reclaims a request
 * left posted by a timed-out read (reset + detach, rng_posted = false);
 * restore re-applies disable_cb. console's freeze resets the device and
 * detaches its receive buffers (keeping bytes not yet read); restore
 * calls virtio_device_ready(), re-posts them, kicks receiveq and
 * re-applies disable_cb on both queues. Drivers with no callbacks at all
 * work as long as nothing is in flight when pm_suspend() is called.
 *
 * Static storage only: the order, the trace and the statistics are
 * fixed arrays; nothing here allocates.
 */
#include <stdint.h>
#include "virtio/virtio.h"

enum pm_phase {
	PM_PHASE_RUNNING,
	PM_PHASE_FREEZE,
	PM_PHASE_FREEZE_NOIRQ,
	PM_PHASE_PLATFORM_SLEEP,
	PM_PHASE_RESTORE_NOIRQ,
	PM_PHASE_RESTORE,
};

/* What a trace row records. */
enum pm_step {
	PM_STEP_PHASE,		/* a phase began; dur_us is its length */
	PM_STEP_ORDER,		/* the order could not be built (cycle) */
	PM_STEP_FREEZE,
	PM_STEP_FREEZE_NOIRQ,
	PM_STEP_SLEEP,		/* board_platform_sleep() */
	PM_STEP_RESTORE_NOIRQ,
	PM_STEP_RESTORE,
};

#define PM_TRACE_MAX		64
#define PM_TRACE_NO_DEV		0xff
#ifndef PM_MAX_DEP_TABLE
#define PM_MAX_DEP_TABLE	16
#endif

struct pm_trace_entry {
	uint32_t t_us;		/* start, since pm_suspend() was entered */
	uint32_t dur_us;
	int32_t result;
	uint16_t mmio;		/* transport register accesses during the step */
	uint16_t irqs;		/* interrupt handler entries during the step */
	uint8_t phase;		/* enum pm_phase */
	uint8_t step;		/* enum pm_step */
	uint8_t dev;		/* device index, PM_TRACE_NO_DEV for phase rows */
	uint8_t masked;		/* IRQs were masked at the CPU when the step ended */
};

struct pm_stats {
	uint32_t cycles;		/* pm_suspend() calls that got past ordering */
	int last_result;
	uint32_t resume_us;		/* RESTORE_NOIRQ start to RUNNING, last cycle */
	uint32_t resume_max_us;
	uint32_t masked_us;		/* IRQs masked by the PM core, last cycle */
	uint32_t masked_max_us;
	uint32_t masked_work_us;	/* the same without the platform sleep */
	uint32_t masked_work_max_us;
	uint32_t noirq_irqs;		/* interrupts taken while masked, all cycles: 0 */
};

/* Transport window base addresses: consumer depends on supplier. */
struct pm_dep {
	uintptr_t consumer;
	uintptr_t supplier;
};

/*
 * Run one system sleep cycle over every device virtio_probe_all()
 * created, waking after about wake_us (board_platform_sleep()). The
 * trace of the previous cycle is replaced. Context: thread, IRQs on
 * (returns with IRQs on); not reentrant. Waits: bounded by the drivers'
 * callbacks, VIRTIO_RESET_TIMEOUT_US per device re-initialised, and the
 * platform sleep. Returns 0 or the first error, each logged once where
 * it arose: -EINVAL (IRQs masked on entry), -EBUSY (re-entered, or a
 * device with buffers in flight), -ELOOP (dependency cycle; nothing
 * touched), a freeze error (the devices already frozen were restored;
 * no sleep happened), the platform sleep's error, -EIO (interrupts taken
 * inside the IRQ-masked window), or a restore error (that device is
 * FAILED, the others came back).
 */
int pm_suspend(uint32_t wake_us);

/*
 * Add a board or driver dependency table to the DTB ones (NULL, 0
 * clears it). Entries naming an address with no device are ignored.
 * Context: thread, outside pm_suspend(). Errors: -ENOSPC (logged) above
 * PM_MAX_DEP_TABLE entries, -EBUSY (logged) during pm_suspend().
 */
int pm_set_dep_table(const struct pm_dep *deps, unsigned int n);

/*
 * The restore order pm_suspend() would use now (suppliers first), up to
 * max devices into order[]. Context: thread; no MMIO. Returns the number
 * of devices, or -ELOOP (logged) on a dependency cycle.
 */
int pm_get_order(struct virtio_device *order[], unsigned int max);

/* The phase pm_suspend() is in (PM_PHASE_RUNNING outside it). Context: any. */
enum pm_phase pm_get_phase(void);

/* Cycle statistics for benches. Context: any; never NULL. */
const struct pm_stats *pm_get_stats(void);

/* Rows of the last cycle's trace, and row i (NULL past the end). Context: any. */
unsigned int pm_trace_count(void);
const struct pm_trace_entry *pm_trace_get(unsigned int i);

/*
 * Print the last cycle's trace, one row per phase and per device step,
 * with timestamps, durations, results, MMIO accesses, interrupts and
 * the CPU's IRQ mask, then the statistics. Context: thread (console).
 */
void pm_trace_print(void);

/* Short names for printing. */
const char *pm_phase_name(enum pm_phase phase);
const char *pm_step_name(enum pm_step step);

/* Forget statistics, trace and dependency table (tests, re-discovery). */
void pm_clear(void);

#endif
