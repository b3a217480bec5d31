/* SPDX-License-Identifier: MIT */
#ifndef VMIO_BOARD_H
#define VMIO_BOARD_H

/*
 * The porting interface. A new board is one folder under board/ that
 * implements every function here; nothing outside board/ knows an
 * address, an interrupt number or a clock frequency. Unless a comment
 * says otherwise, each function may run with IRQs masked and never
 * allocates.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOARD_MAX_VIRTIO_SLOTS 32
#define BOARD_MAX_MEM_REGIONS 4
#define BOARD_NAME_MAX 32
/* Consumers ("clocks", "*-supply") recorded per discovered device. */
#define BOARD_MAX_DEPS 4

struct board_mem_region {
	uint64_t base;
	uint64_t size;
};

/* Kinds of virtio transport window; the virtio bus picks its init by kind. */
enum board_transport {
	BOARD_TRANSPORT_MMIO = 0,	/* virtio-mmio: every board today */
};

/* One virtio transport window as discovered (DTB or board table). */
struct board_virtio_slot {
	uintptr_t base;
	uint32_t size;
	unsigned int irq;	/* GIC INTID */
	uint8_t transport;	/* enum board_transport; 0 (MMIO) when zeroed */
	uint32_t phandle;	/* 0 when the node has none */
	/* phandles this device depends on (clocks, *-supply), 0-terminated */
	uint32_t deps[BOARD_MAX_DEPS];
	unsigned int ndeps;
};

struct board_info {
	const char *name;		/* board name, e.g. "qemu-virt" */
	bool from_dtb;			/* false: board table fallback */
	unsigned int nmem;
	struct board_mem_region mem[BOARD_MAX_MEM_REGIONS];
	unsigned int nvirtio;
	struct board_virtio_slot virtio[BOARD_MAX_VIRTIO_SLOTS];
};

/*
 * Bring up the console, the interrupt controller, the timer and device
 * discovery, in that order. Called once from the C runtime before main()
 * with IRQs masked. Returns 0, or a negative errno when discovery failed
 * and the board table was used instead (the system still runs).
 */
int board_init(void);

/* What board_init() discovered. Valid after board_init(); never NULL. */
const struct board_info *board_get_info(void);

/* --- console --- */

/* Write one byte to the board console; blocks (bounded by the UART FIFO) until accepted. */
void board_console_putc(char c);

/* Write len bytes; '\n' is sent as "\r\n". */
void board_console_write(const char *s, size_t len);

/* --- time --- */

/* Monotonic microseconds since an arbitrary point before board_init() returned. */
uint64_t board_time_us(void);

/* Busy-wait at least us microseconds (timer based, not a loop count). Safe with IRQs masked. */
void board_udelay(uint32_t us);

/* Frequency of the counter behind board_time_us(), in Hz. */
uint32_t board_timer_hz(void);

/*
 * Raise the board timer interrupt once, us microseconds from now (0
 * cancels). Its handler is whatever board_irq_register() installed for
 * board_timer_irq().
 */
void board_timer_oneshot(uint32_t us);

/* The INTID of the board timer. */
unsigned int board_timer_irq(void);

/* --- interrupts --- */

enum board_irq_trigger { BOARD_IRQ_LEVEL, BOARD_IRQ_EDGE };

/*
 * Install fn(arg) as the handler for INTID irq, set its trigger type and
 * enable it at the controller. Returns -EINVAL for an INTID out of range,
 * -EBUSY when another handler holds it.
 */
int board_irq_register(unsigned int irq, enum board_irq_trigger trig,
		       void (*fn)(void *arg), void *arg);

/* Disable irq at the controller and forget its handler. */
void board_irq_unregister(unsigned int irq);

/* Enable / disable one INTID at the controller. */
void board_irq_enable(unsigned int irq);
void board_irq_disable(unsigned int irq);

/*
 * Make irq pending at the controller by software, as if its line had
 * fired: self-tests use it to prove a handler path end to end.
 */
void board_irq_trigger(unsigned int irq);

/* Mask IRQs at the CPU and return the previous state for board_irq_restore(). */
unsigned long board_irq_save(void);
void board_irq_restore(unsigned long flags);

/* Unmask IRQs at the CPU unconditionally (end of boot, end of noirq phase). */
void board_irq_unmask(void);

/* True when IRQs are masked at the CPU: noirq code asserts it. */
bool board_irqs_masked(void);

/* Interrupts taken (handler entries) since boot, spurious ones included. */
uint32_t board_irq_count(void);

/* Called by the CPU's IRQ vector: acknowledge, dispatch, end of interrupt. */
void board_irq_dispatch(void);

/* Wait for an interrupt (WFI). With IRQs masked it still wakes on a pending one. */
void board_wait_for_irq(void);

/* --- power --- */

/*
 * The platform sleep of the PM state machine: the virtio devices lose
 * their state (on qemu-virt every transport is reset, as after a power
 * cut), then the CPU waits for the wake source, at most wake_us
 * microseconds. Called with IRQs masked. Returns 0 or a negative errno.
 */
int board_platform_sleep(uint32_t wake_us);

/* --- DMA --- */

/*
 * The DMA contract. The device may see memory through its own view (a
 * non-coherent interconnect: DRAM behind the CPU's write-back data
 * cache). Two calls move data between the views, in the spirit of a
 * streaming DMA mapping; a coherent board makes both no-ops
 * (board/arm/dma_coherent.c).
 *
 * Who calls them: only the ring code (virtio/virtqueue_*.c) and, for a
 * reply it reads again, the driver that owns the buffer. Nothing else
 * touches the device's view.
 *
 * board_dma_sync_for_device(p, len): after the CPU's last store to
 * [p, p + len) and before the device may read it, the CPU's bytes of
 * every cache line the range touches reach the device (clean to the
 * point of coherency; completed, DSB, before it returns). The ring code
 * calls it for
 *   - buffers it is handed, readable and writable alike, in
 *     virtqueue_add_sgs() (for a writable one this also keeps a dirty
 *     line from being evicted over what the device writes later);
 *   - descriptors and indirect tables it filled, before publishing;
 *   - the available ring entry, then (after virtio_wmb()) avail->idx;
 *   - the driver's event suppression fields (used_event, avail->flags;
 *     packed: the driver event area), then virtio_mb() before it reads
 *     anything of the device's;
 *   - the whole ring after a reset, before the device is given it.
 * board_dma_sync_for_cpu(p, len): before the CPU reads what the device
 * wrote, the CPU drops its copy of every line the range touches
 * (invalidate), so the next load sees the device's bytes; whatever the
 * CPU stored in those lines since the last for-device sync is lost.
 * The ring code calls it for used->idx, then (after virtio_rmb()) the
 * used entry it covers and the writable buffers of that chain; for
 * used->flags and avail_event after virtio_mb(); for a packed
 * descriptor's flags, then the descriptor; for the device event area.
 *
 * Which side writes which line: the driver writes descriptors, the
 * available ring (with used_event) and indirect tables; the device
 * writes the used ring (with avail_event) and writable buffers. A line
 * has one writer, so the split layout puts the used ring on its own
 * VRING_ALIGN boundary. A packed descriptor ring is written by both
 * sides in 16-byte slots: on a board with a cache line above 16 bytes it
 * is correct only when the ring memory is coherent, so the virtio core
 * refuses VIRTIO_F_RING_PACKED when board_dma_coherent() is false.
 *
 * Alignment: a device-writable buffer starts on a BOARD_DMA_ALIGN
 * boundary and owns every line it touches, its tail line included: the
 * rest of that line is padding, or buffers of the same request, which
 * nobody touches until it completes (blk's status byte and header).
 * Otherwise the for-cpu sync would drop a neighbour's stores, and a
 * neighbour's for-device sync would overwrite the device's bytes. The ring code
 * refuses a writable buffer whose start is not aligned (-EINVAL, one
 * log line) on every board, coherent ones too, so that the mistake shows
 * before a port; the tail cannot be checked and is the caller's promise.
 * Refused rather than bounced: a bounce needs static storage for the
 * largest request that can be in flight and a copy per request, and
 * would hide the mistake; drivers whose replies are small and fixed
 * keep their own line-aligned slots instead (blk status, clock and
 * regulator replies, rng and console receive buffers).
 * Device-readable buffers, descriptors and indirect tables have no
 * alignment rule beyond the virtio spec's.
 *
 * Context: any, IRQs masked included; no waiting beyond the cache
 * maintenance itself (a few cycles per line).
 */
#ifndef BOARD_DMA_ALIGN
/* Largest data cache line of the cores this board runs (Cortex-A15: 64). */
#define BOARD_DMA_ALIGN 64u
#endif
_Static_assert((BOARD_DMA_ALIGN & (BOARD_DMA_ALIGN - 1)) == 0,
	       "BOARD_DMA_ALIGN must be a power of two");

/* Round n up to whole BOARD_DMA_ALIGN lines (sizes of line-owning buffers). */
#define BOARD_DMA_ROUND(n) (((n) + BOARD_DMA_ALIGN - 1) & ~(size_t)(BOARD_DMA_ALIGN - 1))

/* Address a device must use for memory at p (identity on qemu-virt). */
uint64_t board_dma_addr(const void *p);

/* True when the device's view is the CPU's (no sync needed, packed rings allowed). */
bool board_dma_coherent(void);

void board_dma_sync_for_device(const void *p, size_t len);
void board_dma_sync_for_cpu(const void *p, size_t len);

/* --- memory map --- */

/*
 * NORMAL: RAM, write-back cacheable, read-write, executable. DEVICE:
 * peripherals, never executable. ROM: NOR flash the firmware executes in
 * place from: cacheable, executable, read-only, so that a stray write to
 * code or constants is a permission fault instead of a flash command.
 */
enum board_mem_type { BOARD_MEM_NORMAL, BOARD_MEM_DEVICE, BOARD_MEM_ROM };

/* A 1 MiB-aligned region for the MMU's identity map. */
struct board_map_region {
	uint32_t base;
	uint32_t size;
	enum board_mem_type type;
};

/*
 * The regions startup/ identity-maps before board_init(): RAM as normal
 * write-back memory, peripherals as Device memory. Every other address
 * faults, so a stray pointer is a data abort, not silent corruption.
 */
const struct board_map_region *board_memory_map(unsigned int *count);

/* --- exit --- */

/* Stop the system with an exit code (semihosting under QEMU). */
void board_exit(int code) __attribute__((noreturn));

/* --- virtio device descriptions --- */

struct board_supply_table;	/* vmio/supplies.h */

/*
 * The one hook for the clock/regulator drivers: the supplies of the
 * virtio-clock/-regulator device in slot, for its driver's probe, from
 * the DTB's child nodes of the device or, when the DTB has none (QEMU's
 * never does), from the board's table. *out is filled (descs stay valid
 * for the life of the firmware). Context: thread, probe time; no MMIO;
 * may walk the DTB once. Returns 0, -ENOENT when the board describes
 * nothing for slot (not logged: the driver logs), or -EINVAL (logged)
 * for a malformed DTB description.
 */
int board_virtio_supplies(const struct board_virtio_slot *slot,
			  struct board_supply_table *out);

/*
 * True when this board's hypervisor exposes clock and regulator under the
 * older device IDs 30 and 31. Upstream virtio uses 30/31 for the video
 * encoder and decoder, so a board must opt in; qemu-virt does not.
 * Context: any.
 */
bool board_virtio_clkreg_old_ids(void);

#endif
