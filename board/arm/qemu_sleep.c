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

int qemu_platform_sleep(uint32_t wake_us)
{
	uint64_t deadline;
	int fired;

	if (!board_irqs_masked()) {
		pr_err("platform sleep entered with IRQs unmasked");
		return -EINVAL;
	}
	power_cut_virtio();
	if (!wake_us)
		return 0;
	/* The timer must reach the CPU interface for WFI to wake on it. */
	board_irq_enable(board_timer_irq());
	deadline = board_time_us() + wake_us + 1000;
	board_timer_oneshot(wake_us);
	while (!(fired = timer_fired()) && board_time_us() < deadline)
		board_wait_for_irq();
	timer_stop();
	if (!fired) {
		pr_err("platform sleep: wake timer did not fire");
		return -ETIMEDOUT;
	}
	return 0;
}
