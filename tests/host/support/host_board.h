/* SPDX-License-Identifier: MIT */
#ifndef VMIO_HOST_BOARD_H
#define VMIO_HOST_BOARD_H

/*
 * Test-side controls of the host implementation of board/board.h: a fake
 * clock that only moves when the code waits (so bounded waits end at
 * once), level-triggered IRQ lines delivered synchronously when
 * unmasked, a discovery table the tests fill, captured log lines, and
 * the DMA address mapping shared with the device simulator.
 */
#include <stdbool.h>
#include <stdint.h>

/* Forget handlers, pending lines, discovered slots, the clock and the log. */
void host_board_reset(void);

/* Append a virtio-mmio slot to board_get_info()->virtio[]. */
void host_board_add_virtio(uintptr_t base, unsigned int irq);

/* Drive an interrupt line (level-triggered). */
void host_irq_set_level(unsigned int irq, bool high);

/* Deliver every raised, enabled, unmasked line (called after each MMIO access). */
void host_irq_poll(void);

/* Fake time, in microseconds; host_time_advance() moves it. */
uint64_t host_time_now(void);
void host_time_advance(uint64_t us);

/*
 * Device (DMA) address <-> host pointer. DMA addresses are host pointers
 * minus a bias that puts the vmio_dma section (the rings) near 0x1000,
 * so that a legacy 32-bit QueuePFN can hold them.
 */
void *host_dma_ptr(uint64_t addr);

/*
 * Longest stretch, in fake microseconds, during which the CPU mask was
 * set (board_irq_save() to the restore that unmasks), since the last
 * host_irq_masked_max_clear() or host_board_reset().
 */
uint64_t host_irq_masked_max_us(void);
void host_irq_masked_max_clear(void);

/* Called by board_platform_sleep(); NULL: nothing loses power. */
void host_set_sleep_hook(void (*hook)(void));

/* Last line logged at any level, and the number of lines logged. */
const char *host_log_last(void);
unsigned int host_log_lines(void);

#endif
