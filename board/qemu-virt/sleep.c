// SPDX-License-Identifier: MIT
/*
 * Platform sleep on QEMU virt. QEMU cannot power devices off, so the
 * power cut is modelled by resetting every virtio-mmio transport (writing
 * 0 to its Status register): afterwards the devices know nothing of their
 * queues or features, as after a real loss of power. The CPU then waits
 * in WFI for the timer, the wake source, with IRQs still masked.
 */
#include <errno.h>
#include "board/board.h"
#include "board/common/wake.h"
#include "board/io.h"
#include "vmio/log.h"
#include "platform.h"

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

static const struct wake_source sleep_wake = {
	.arm = board_timer_oneshot,
	.fired = sleep_timer_fired,
	.now_us = board_time_us,
	.idle = board_wait_for_irq,
};

int board_platform_sleep(uint32_t wake_us)
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
	board_irq_enable(virt_plat.timer_irq);
	ret = wake_wait(&sleep_wake, wake_us);
	timer_stop();
	if (ret) {
		pr_err("platform sleep: wake timer did not fire");
		return ret;
	}
	return 0;
}
