// SPDX-License-Identifier: MIT
/*
 * Platform sleep on a QEMU board without a power controller. QEMU cannot
 * power devices off, so the power cut is modelled by resetting every
 * virtio-mmio transport (Status = 0): afterwards the devices know nothing
 * of their queues or features, as after a real loss of power. The CPU
 * then waits in WFI for the one-shot timer, the wake source, with IRQs
 * still masked.
 */
#include <errno.h>
#include "board/board.h"
#include "board/common/wake.h"
#include "board/io.h"
#include "vmio/log.h"
#include "arm.h"

#define VIRTIO_MMIO_MAGIC 0x000
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MAGIC 0x74726976u

static void power_cut_virtio(void)
{
	const struct board_info *bi = board_get_info();
	unsigned int i;

	for (i = 0; i < bi->nvirtio; i++) {
		uintptr_t base = bi->virtio[i].base;

		if (mmio_read32(base + VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC ||
		    !mmio_read32(base + VIRTIO_MMIO_DEVICE_ID))
			continue;
		mmio_write32(base + VIRTIO_MMIO_STATUS, 0);
	}
}

static bool sleep_timer_fired(void)
{
	return timer_fired();
}

/* The wait itself is board/common/wake.c: exact whatever the host does. */
static const struct wake_source sleep_wake = {
	.arm = board_timer_oneshot,
	.fired = sleep_timer_fired,
	.now_us = board_time_us,
	.idle = board_wait_for_irq,
};

int qemu_platform_sleep(uint32_t wake_us)
{
	int ret;

	if (!board_irqs_masked()) {
		pr_err("platform sleep entered with IRQs unmasked");
		return -EINVAL;
	}
	power_cut_virtio();
	if (!wake_us)
		return 0;
	/* The timer must reach the CPU interface for WFI to wake on it. */
	board_irq_enable(board_timer_irq());
	ret = wake_wait(&sleep_wake, wake_us);
	timer_stop();
	if (ret)
		pr_err("platform sleep: wake timer did not fire");
	return ret;
}
