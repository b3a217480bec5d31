// SPDX-License-Identifier: MIT
/*
 * The PM core: orders the devices, walks them through the phases of a
 * system sleep cycle (virtio/pm.h), rolls back a failed suspend, keeps
 * the IRQ-masked window honest (masked at the CPU, no interrupt taken
 * inside it) and records what happened in a fixed-size trace.
 *
 * Per-device progress is in dev->pm_state (virtio_noirq.c), so every
 * path out of pm_suspend() ends the same way: the restore phases run
 * over whatever reached a frozen state, in restore order.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/log.h"
#include "vmio/print.h"
#include "virtio/pm.h"

_Static_assert(VIRTIO_MAX_DEVICES <= 32, "dependency sets are 32-bit masks");
_Static_assert(VIRTIO_MAX_DEVICES < PM_TRACE_NO_DEV, "device index fits a trace row");
_Static_assert(PM_TRACE_MAX <= 255 && PM_MAX_DEP_TABLE <= 255, "counts fit 8 bits");

/*
 * All state in one object: every function reaches it through one base
 * address instead of one literal per variable. Small fields first, so
 * they stay within the short load offsets; pm_clear() zeroes from
 * cur_phase up to order.
 */
static struct pm_core {
	bool busy;			/* inside pm_suspend(); pm_clear() keeps it */
	uint8_t cur_phase;		/* enum pm_phase */
	uint8_t ntrace;
	uint8_t trace_dropped;		/* nonzero: rows were dropped */
	bool warned_cross;
	uint8_t norder;
	uint8_t ntable;
	uint32_t t0;			/* board_time_us() at pm_suspend() entry */
	struct pm_trace_entry *phase_row;	/* the open phase, for its length */
	struct pm_stats stats;
	struct virtio_device *order[VIRTIO_MAX_DEVICES];
	struct pm_dep table[PM_MAX_DEP_TABLE];
	struct pm_trace_entry trace[PM_TRACE_MAX];
} pm;

static const char *const pm_phase_names[] = {
	[PM_PHASE_RUNNING] = "RUNNING",
	[PM_PHASE_FREEZE] = "FREEZE",
	[PM_PHASE_FREEZE_NOIRQ] = "FREEZE_NOIRQ",
	[PM_PHASE_PLATFORM_SLEEP] = "PLATFORM_SLEEP",
	[PM_PHASE_RESTORE_NOIRQ] = "RESTORE_NOIRQ",
	[PM_PHASE_RESTORE] = "RESTORE",
};

static const char *const pm_step_names[] = {
	[PM_STEP_PHASE] = "phase",
	[PM_STEP_ORDER] = "order",
	[PM_STEP_FREEZE] = "freeze",
	[PM_STEP_FREEZE_NOIRQ] = "freeze_noirq",
	[PM_STEP_SLEEP] = "platform_sleep",
	[PM_STEP_RESTORE_NOIRQ] = "restore_noirq",
	[PM_STEP_RESTORE] = "restore",
};

const char *pm_phase_name(enum pm_phase phase)
{
	return (unsigned int)phase < ARRAY_SIZE(pm_phase_names) ?
	       pm_phase_names[phase] : "?";
}

const char *pm_step_name(enum pm_step step)
{
	return (unsigned int)step < ARRAY_SIZE(pm_step_names) ?
	       pm_step_names[step] : "?";
}

void pm_clear(void)
{
	memset(&pm.cur_phase, 0, offsetof(struct pm_core, order) -
	       offsetof(struct pm_core, cur_phase));
}

/* One line for a call that pm_suspend() (a driver callback) must not make. */
#define PM_BUSY_FMT "pm: %s called inside pm_suspend()"

int pm_set_dep_table(const struct pm_dep *deps, unsigned int n)
{
	if (pm.busy) {
		pr_err(PM_BUSY_FMT, "pm_set_dep_table()");
		return -EBUSY;
	}
	if (n > PM_MAX_DEP_TABLE) {
		pr_err("pm: %u dependencies, PM_MAX_DEP_TABLE is %u", n,
		       (unsigned int)PM_MAX_DEP_TABLE);
		return -ENOSPC;
	}
	if (n)
		memcpy(pm.table, deps, n * sizeof(*deps));
	pm.ntable = n;
	return 0;
}

/* --- ordering --- */

/*
 * Suppliers of every device, as bit masks of device indices: what its
 * discovery record names (a supplier that is no virtio device, a fixed
 * clock, imposes nothing) and what pm_set_dep_table() added.
 */
static void pm_collect_deps(uint32_t sup[], unsigned int n)
{
	unsigned int i, j, k;

	for (i = 0; i < n; i++) {
		const struct virtio_device *c = virtio_get_device(i);
		const struct board_virtio_slot *cs = c->slot;

		sup[i] = 0;
		for (j = 0; j < n; j++) {
			const struct virtio_device *s = virtio_get_device(j);
			uint32_t ph = s->slot ? s->slot->phandle : 0;

			for (k = 0; ph && cs && k < cs->ndeps && k < BOARD_MAX_DEPS; k++)
				if (cs->deps[k] == ph)
					sup[i] |= BIT(j);
			for (k = 0; k < pm.ntable; k++)
				if (pm.table[k].consumer == c->base &&
				    pm.table[k].supplier == s->base)
					sup[i] |= BIT(j);
		}
	}
}

/* Lines listing a set of devices: the cycle error. */
static void pm_log_cycle(uint32_t left)
{
	char list[64];
	unsigned int i, len = 0;

	list[0] = 0;
	/* Without error lines there is no list to build (the error still counts). */
	for (i = 0; VMIO_LOG_MAX_LEVEL > VMIO_LOG_ERR && left && len < sizeof(list);
	     i++, left >>= 1)
		if (left & 1)
			len += (unsigned int)vmio_snprintf(list + len, sizeof(list) - len,
							   " virtio%u", i);
	pr_err("pm: dependency cycle among%s", list);
}

/*
 * The first device restored in the noirq phase (IRQs masked) that
 * depends on one restored later with IRQs on: one warning per boot.
 */
static void pm_warn_cross(const uint32_t sup[], unsigned int n)
{
	const struct virtio_driver *drv;
	uint32_t irqon = 0, late;
	unsigned int i;

	for (i = 0; i < n; i++) {
		drv = virtio_get_device(i)->driver;
		if (drv && !drv->restore_noirq)
			irqon |= BIT(i);
	}
	for (i = 0; i < n; i++) {
		drv = virtio_get_device(i)->driver;
		late = drv && drv->restore_noirq ? sup[i] & irqon : 0;
		if (late) {
			pr_warn("pm: virtio%u restores in the noirq phase, before its supplier virtio%u",
				i, (unsigned int)__builtin_ctz(late));
			pm.warned_cross = true;
			return;
		}
	}
}

/*
 * Kahn's algorithm with a priority: of the devices whose suppliers are
 * all placed, take the lowest (effective class, probe index), where a
 * supplier is as urgent as its most urgent consumer (whatever a
 * regulator needs comes back with the regulators, not after the
 * clocks). Done class by class: want is every device of class <= c and,
 * transitively, its suppliers; placing the ready ones of want, lowest
 * index first, until none is ready makes the priority's picks (what of
 * want is left waits on a cycle). n <= 32, so
 * sets are masks and the scans need no queue storage. What no class
 * placed is a cycle.
 */
static int pm_build_order(void)
{
	uint32_t sup[VIRTIO_MAX_DEVICES], placed = 0, want, before, ready;
	unsigned int n = virtio_device_count(), i, c;

	pm.norder = 0;
	pm_collect_deps(sup, n);
	for (c = 0; c <= VIRTIO_PM_NORMAL; c++) {
		for (i = 0, want = 0; i < n; i++) {
			const struct virtio_driver *drv = virtio_get_device(i)->driver;

			/* No driver, or a class past the last: NORMAL. */
			if (c == VIRTIO_PM_NORMAL || (drv && drv->pm_class <= c))
				want |= BIT(i);
		}
		do {	/* until no supplier is added */
			before = want;
			for (i = 0; i < n; i++)
				if (want & BIT(i))
					want |= sup[i];
		} while (want != before);
		for (;;) {
			for (i = 0, ready = 0; i < n; i++)
				if (!(sup[i] & ~placed))
					ready |= BIT(i);
			ready &= want & ~placed;
			if (!ready)
				break;
			i = (unsigned int)__builtin_ctz(ready);
			placed |= BIT(i);
			pm.order[pm.norder++] = virtio_get_device(i);
		}
	}
	if (pm.norder < n) {
		pm_log_cycle(~placed & (~0u >> (32 - n)));
		pm.norder = 0;
		return -ELOOP;
	}
	if (VMIO_LOG_MAX_LEVEL > VMIO_LOG_WARN && !pm.warned_cross)
		pm_warn_cross(sup, n);
	return 0;
}

int pm_get_order(struct virtio_device *order[], unsigned int max)
{
	unsigned int i;
	/* Inside a cycle the order in use is the answer; rebuilding it is not safe. */
	int ret = pm.busy ? 0 : pm_build_order();

	if (ret)
		return ret;
	for (i = 0; i < pm.norder && i < max; i++)
		order[i] = pm.order[i];
	return (int)pm.norder;
}

/* --- trace --- */

static uint32_t pm_now(void)
{
	/* Modulo 2^32: exact for any cycle shorter than 71 minutes. */
	return (uint32_t)board_time_us() - pm.t0;
}

static struct pm_trace_entry *pm_trace_add(enum pm_step step, unsigned int dev,
					   uint32_t t)
{
	struct pm_trace_entry *e;

	if (pm.ntrace == PM_TRACE_MAX) {
		pm.trace_dropped = 1;
		return NULL;
	}
	e = &pm.trace[pm.ntrace++];
	memset(e, 0, sizeof(*e));
	e->t_us = t;
	e->phase = (uint8_t)pm.cur_phase;
	e->step = (uint8_t)step;
	e->dev = (uint8_t)dev;
	e->masked = board_irqs_masked();
	return e;
}

/* Enter phase; returns when (pm_now()), for the caller's own timing. */
static uint32_t pm_phase(enum pm_phase phase)
{
	uint32_t t = pm_now();

	if (pm.phase_row)
		pm.phase_row->dur_us = t - pm.phase_row->t_us;
	pm.cur_phase = phase;
	pm.phase_row = pm_trace_add(PM_STEP_PHASE, PM_TRACE_NO_DEV, t);
	return t;
}

/* Run one device step, recording its time, result, MMIO and interrupts. */
static int pm_step(enum pm_step step, struct virtio_device *dev,
		   int (*fn)(struct virtio_device *dev))
{
	struct pm_trace_entry *e = pm_trace_add(step, dev->index, pm_now());
	uint32_t mmio = virtio_transport_accesses(dev);
	uint32_t irqs = board_irq_count();
	int ret = fn(dev);

	if (e) {
		e->dur_us = pm_now() - e->t_us;
		e->result = ret;
		e->mmio = (uint16_t)(virtio_transport_accesses(dev) - mmio);
		e->irqs = (uint16_t)(board_irq_count() - irqs);
		e->masked = board_irqs_masked();
	}
	return ret;
}

unsigned int pm_trace_count(void)
{
	return pm.ntrace;
}

const struct pm_trace_entry *pm_trace_get(unsigned int i)
{
	return i < pm.ntrace ? &pm.trace[i] : NULL;
}

void pm_trace_print(void)
{
	const struct pm_stats *st = &pm.stats;
	unsigned int i;

	vmio_printf("pm trace (%u rows%s):\n"
		    "      t_us   dur_us  phase          step           device                   res mmio irqs irq-mask\n",
		    pm.ntrace, pm.trace_dropped ? ", some dropped" : "");
	for (i = 0; i < pm.ntrace; i++) {
		const struct pm_trace_entry *e = &pm.trace[i];
		struct virtio_device *d = e->dev == PM_TRACE_NO_DEV ? NULL :
					  virtio_get_device(e->dev);
		const char *dn = "-";
		char name[24];

		if (d) {
			vmio_snprintf(name, sizeof(name), "virtio%u %s", d->index,
				      d->driver ? d->driver->name : "");
			dn = name;
		}
		vmio_printf("  %8lu %8lu  %-14s %-14s %-22s %5d %4u %4u %s\n",
			    (unsigned long)e->t_us, (unsigned long)e->dur_us,
			    pm_phase_names[e->phase], pm_step_names[e->step], dn, (int)e->result,
			    (unsigned int)e->mmio, (unsigned int)e->irqs,
			    e->masked ? "masked" : "on");
	}
	vmio_printf("pm: cycles %lu result %d resume %lu us (max %lu) irq-masked %lu us (max %lu, without sleep %lu, max %lu) irqs in masked window %lu\n",
		    (unsigned long)st->cycles, st->last_result,
		    (unsigned long)st->resume_us, (unsigned long)st->resume_max_us,
		    (unsigned long)st->masked_us, (unsigned long)st->masked_max_us,
		    (unsigned long)st->masked_work_us,
		    (unsigned long)st->masked_work_max_us,
		    (unsigned long)st->noirq_irqs);
}

enum pm_phase pm_get_phase(void)
{
	return pm.cur_phase;
}

const struct pm_stats *pm_get_stats(void)
{
	return &pm.stats;
}

/* --- the cycle --- */

static void pm_max(uint32_t *max, uint32_t v)
{
	if (v > *max)
		*max = v;
}


/*
 * One phase over every device with a driver whose pm_state is in from
 * (a set of BIT(enum virtio_pm_state)): freeze steps
 * in reverse restore order, stopping at the first error; restore steps
 * in restore order, all of them, returning the first error. A noirq
 * step whose driver has no callback for it records no row (the device
 * step still runs: freeze_noirq moves the state, restore_noirq does
 * nothing).
 */
static int pm_walk(enum pm_step step, int (*fn)(struct virtio_device *dev),
		   unsigned int from)
{
	bool restore = step >= PM_STEP_RESTORE_NOIRQ;
	unsigned int i, n = pm.norder;
	int err = 0, ret;

	for (i = 0; i < n; i++) {
		struct virtio_device *dev = pm.order[restore ? i : n - 1 - i];
		const struct virtio_driver *drv = dev->driver;

		if (!drv || !(from & BIT(dev->pm_state)))
			continue;
		if ((step == PM_STEP_FREEZE_NOIRQ && !drv->freeze_noirq) ||
		    (step == PM_STEP_RESTORE_NOIRQ && !drv->restore_noirq))
			ret = fn(dev);
		else
			ret = pm_step(step, dev, fn);
		if (ret && !restore)
			return ret;
		if (!err)
			err = ret;
	}
	return err;
}

static int pm_first(int err, int ret)
{
	return err ? err : ret;
}

/*
 * Everything between masking IRQs at the CPU and unmasking them:
 * FREEZE_NOIRQ, PLATFORM_SLEEP, RESTORE_NOIRQ. A freeze_noirq failure
 * skips the sleep and goes straight to restoring what was noirq-frozen.
 * Returns the first error; *t_resume is when RESTORE_NOIRQ began.
 */
static int pm_noirq_window(uint32_t wake_us, uint32_t *t_resume)
{
	struct pm_trace_entry *e;
	uint32_t t_mask, t_sleep = 0, irq0, n;
	int err = 0;

	board_irq_save();
	irq0 = board_irq_count();
	t_mask = pm_phase(PM_PHASE_FREEZE_NOIRQ);
	if (!board_irqs_masked()) {
		pr_err("pm: IRQs still unmasked after masking them");
		err = -EIO;
	}
	if (!err)
		err = pm_walk(PM_STEP_FREEZE_NOIRQ, virtio_device_freeze_noirq,
				BIT(VIRTIO_PM_FROZEN));
	if (!err) {
		t_sleep = pm_phase(PM_PHASE_PLATFORM_SLEEP);
		e = pm_trace_add(PM_STEP_SLEEP, PM_TRACE_NO_DEV, t_sleep);
		/* A failed sleep may still have cut power: restore everything anyway. */
		err = board_platform_sleep(wake_us);
		t_sleep = pm_now() - t_sleep;
		if (e) {
			e->dur_us = t_sleep;
			e->result = err;
			e->masked = board_irqs_masked();
		}
	}
	*t_resume = pm_phase(PM_PHASE_RESTORE_NOIRQ);
	err = pm_first(err, pm_walk(PM_STEP_RESTORE_NOIRQ, virtio_device_restore_noirq,
					  BIT(VIRTIO_PM_FROZEN_NOIRQ)));
	n = board_irq_count() - irq0;
	if (n) {
		pr_err("pm: %u interrupts taken with IRQs masked",
		       (unsigned int)n);
		pm.stats.noirq_irqs += n;
		err = pm_first(err, -EIO);
	}
	pm.stats.masked_us = pm_now() - t_mask;
	board_irq_unmask();
	pm.stats.masked_work_us = pm.stats.masked_us - t_sleep;
	pm_max(&pm.stats.masked_max_us, pm.stats.masked_us);
	pm_max(&pm.stats.masked_work_max_us, pm.stats.masked_work_us);
	return err;
}

int pm_suspend(uint32_t wake_us)
{
	uint32_t t_resume;
	int err;

	if (pm.busy) {
		pr_err(PM_BUSY_FMT, "pm_suspend()");
		return -EBUSY;
	}
	if (board_irqs_masked()) {
		pr_err("pm: pm_suspend() with IRQs masked");
		return -EINVAL;
	}
	pm.busy = true;
	pm.cur_phase = PM_PHASE_RUNNING;
	pm.ntrace = 0;
	pm.trace_dropped = 0;
	pm.t0 = (uint32_t)board_time_us();
	pm.phase_row = NULL;
	err = pm_build_order();
	if (err) {
		/* The order row takes the result where a phase row would. */
		pm.phase_row = pm_trace_add(PM_STEP_ORDER, PM_TRACE_NO_DEV, pm_now());
		goto out;
	}
	pm.stats.cycles++;

	pm_phase(PM_PHASE_FREEZE);
	err = pm_walk(PM_STEP_FREEZE, virtio_device_freeze, BIT(VIRTIO_PM_ACTIVE));
	if (err)
		t_resume = pm_now();	/* roll back, IRQs on: nothing is noirq-frozen */
	else
		err = pm_noirq_window(wake_us, &t_resume);
	pm_phase(PM_PHASE_RESTORE);
	err = pm_first(err, pm_walk(PM_STEP_RESTORE, virtio_device_restore,
					     ~BIT(VIRTIO_PM_ACTIVE)));
	pm.stats.resume_us = pm_phase(PM_PHASE_RUNNING) - t_resume;
	pm_max(&pm.stats.resume_max_us, pm.stats.resume_us);
out:
	if (pm.phase_row)
		pm.phase_row->result = err;
	pm.phase_row = NULL;
	pm.cur_phase = PM_PHASE_RUNNING;
	pm.stats.last_result = err;
	pm.busy = false;
	return err;
}
