// SPDX-License-Identifier: MIT
/*
 * The board_irq_*() half common to every GIC version: the handler table,
 * dispatch and counting. The version-specific half is a struct gic_ops
 * installed at boot by gicv2_init() or gicv3_init().
 */
#include <errno.h>
#include "board/board.h"
#include "arm.h"

struct irq_slot {
	void (*fn)(void *arg);
	void *arg;
};

static const struct gic_ops *gic;
static struct irq_slot irq_table[GIC_MAX_IRQS];
static volatile uint32_t irq_taken;

void gic_use(const struct gic_ops *ops)
{
	gic = ops;
}

static bool irq_valid(unsigned int irq)
{
	return gic && irq < GIC_MAX_IRQS && irq < gic->lines;
}

void board_irq_enable(unsigned int irq)
{
	if (irq_valid(irq))
		gic->enable(irq);
}

void board_irq_disable(unsigned int irq)
{
	if (irq_valid(irq))
		gic->disable(irq);
}

void board_irq_trigger(unsigned int irq)
{
	if (irq_valid(irq))
		gic->pend(irq);
}

int board_irq_register(unsigned int irq, enum board_irq_trigger trig,
		       void (*fn)(void *arg), void *arg)
{
	unsigned long flags;

	if (!irq_valid(irq) || !fn)
		return -EINVAL;
	flags = board_irq_save();
	if (irq_table[irq].fn && irq_table[irq].fn != fn) {
		board_irq_restore(flags);
		return -EBUSY;
	}
	irq_table[irq].fn = fn;
	irq_table[irq].arg = arg;
	board_irq_restore(flags);
	if (irq >= 16)	/* SGIs are always edge */
		gic->set_trigger(irq, trig == BOARD_IRQ_EDGE);
	gic->enable(irq);
	return 0;
}

void board_irq_unregister(unsigned int irq)
{
	unsigned long flags;

	if (!irq_valid(irq))
		return;
	gic->disable(irq);
	flags = board_irq_save();
	irq_table[irq].fn = NULL;
	irq_table[irq].arg = NULL;
	board_irq_restore(flags);
}

uint32_t board_irq_count(void)
{
	return irq_taken;
}

void board_irq_dispatch(void)
{
	uint32_t iar = gic->ack();
	unsigned int irq = iar & gic->intid_mask;

	irq_taken++;
	if (irq >= GIC_SPURIOUS && irq < 1024)
		return;
	if (irq == board_timer_irq())
		timer_stop();	/* level-triggered: silence it before EOI */
	if (irq < GIC_MAX_IRQS && irq_table[irq].fn)
		irq_table[irq].fn(irq_table[irq].arg);
	gic->eoi(iar);
}
