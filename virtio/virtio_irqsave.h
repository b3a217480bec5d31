/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_IRQSAVE_H
#define VMIO_VIRTIO_IRQSAVE_H

/*
 * The one helper for state shared between thread code and a device's
 * interrupt handler (virtio_interrupt() and the callbacks it runs): a
 * flag read then written (config_change_pending / config_core_enabled),
 * a driver's request slots against its used-buffer callback, the message
 * channel's in-flight bookkeeping against its reply callback.
 *
 *	unsigned long flags = virtio_irq_save();
 *	... a few loads and stores, calls that do the same ...
 *	virtio_irq_restore(flags);
 *
 * Rules: the section is short and bounded (no wait, no poll loop, no
 * device reset, no logging in a loop): it is part of the system's
 * IRQs-off window. It nests (restore returns to the state save found),
 * so it may run from the noirq phases or inside the handler. It may call
 * a driver's config_changed, which then runs masked as it does from the
 * handler. A single CPU is assumed (board_irq_save masks this CPU only),
 * as everywhere in vmio.
 *
 * Built on board_irq_save()/board_irq_restore() (board/board.h), so
 * drivers, the core and the transport can all use it; keep CPU masking
 * in device code going through these two names, so that a port that
 * needs more (a spinlock for SMP) changes one place.
 */
#include "board/board.h"

/* Mask IRQs at the CPU; returns the state to give virtio_irq_restore(). */
static inline unsigned long virtio_irq_save(void)
{
	return board_irq_save();
}

/* Return the CPU mask to what virtio_irq_save() found; pending IRQs are taken. */
static inline void virtio_irq_restore(unsigned long flags)
{
	board_irq_restore(flags);
}

#endif
