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
#include <stddef.h>
#include <stdint.h>

/* Forget handlers, pending lines, discovered slots, the clock and the log. */
void host_board_reset(void);

/* Append a virtio-mmio slot to board_get_info()->virtio[]. */
void host_board_add_virtio(uintptr_t base, unsigned int irq);

/* Make discovered slot (index in board_info.virtio) a window of transport kind. */
void host_board_set_transport(unsigned int slot, unsigned int kind);

/* Drive an interrupt line (level-triggered). */
void host_irq_set_level(unsigned int irq, bool high);

/* Deliver every raised, enabled, unmasked line (called after each MMIO access). */
void host_irq_poll(void);

/*
 * Called at each race point of virtio/ (VIRTIO_IRQ_WINDOW in
 * virtio_priv.h: between two plain accesses where hardware could take an
 * interrupt): a test raises a line there. host_irq_window() is the
 * callee; NULL hook: nothing happens.
 */
void host_set_irq_window_hook(void (*hook)(void));
void host_irq_window(void);

/* Fake time, in microseconds; host_time_advance() moves it. */
uint64_t host_time_now(void);
void host_time_advance(uint64_t us);

/*
 * Device (DMA) address -> the device's view of it. DMA addresses are host
 * pointers minus a bias that puts the vmio_dma section (the rings) near
 * 0x1000, so that a legacy 32-bit QueuePFN can hold them. Coherent mode:
 * the view is the CPU's memory; non-coherent mode: the device's own copy
 * (dma_host.c), which only the sync calls of board.h change.
 */
void *host_dma_ptr(uint64_t addr);

/*
 * The memory model. host_board_reset() selects non-coherent when the
 * environment has VMIO_HOST_DMA=noncoherent (read once) and poisons the
 * device's copy; host_dma_set_noncoherent() switches at run time (until
 * the next reset when the environment did not ask for it).
 */
void host_dma_set_noncoherent(bool on);
bool host_dma_noncoherent(void);
void host_dma_reset(void);

/* Apply one sync ('C' for the device, 'I' for the CPU) to the model. */
void host_dma_sync(char kind, const void *p, size_t len);

/*
 * Fault injection: every later sync of kind ('C' or 'I') whose range holds
 * p is skipped (counted by host_dma_skipped()) until host_board_reset()
 * or the next call; kind 0 disarms.
 */
void host_dma_skip_sync(char kind, const void *p);
unsigned int host_dma_skipped(void);

/*
 * Longest stretch, in fake microseconds, during which the CPU mask was
 * set (board_irq_save() to the restore that unmasks), since the last
 * host_irq_masked_max_clear() or host_board_reset().
 */
uint64_t host_irq_masked_max_us(void);
void host_irq_masked_max_clear(void);

/* Called by board_platform_sleep(); NULL: nothing loses power. */
void host_set_sleep_hook(void (*hook)(void));

/*
 * The ring trace: every board_dma_clean() ('C', after a store the device
 * must see), board_dma_invalidate() ('I', before a load of what it
 * wrote) and ring barrier (virtio_barrier.h: 'M' full, 'R' read, 'W'
 * write, addr NULL) in program order, so a test can check which barrier
 * separates a ring store from a later ring load. The first
 * HOST_RING_TRACE_MAX events since host_board_reset() or the last clear.
 */
#define HOST_RING_TRACE_MAX 4096

struct host_ring_event {
	char kind;
	const void *addr;
	size_t len;
};

void host_ring_barrier(char kind);
void host_ring_trace_clear(void);
unsigned int host_ring_trace_len(void);
const struct host_ring_event *host_ring_trace_get(unsigned int i);

/* Last line logged at any level, and the number of lines logged. */
const char *host_log_last(void);
unsigned int host_log_lines(void);

#endif
