/* SPDX-License-Identifier: MIT */
#ifndef VMIO_BOARD_IO_H
#define VMIO_BOARD_IO_H

/*
 * Register access and memory barriers: the only place that knows how the
 * CPU talks to a device. Firmware accessors are single plain LDR/STR so
 * that a hypervisor (or the EL2 monitor in tests/) always gets a valid
 * syndrome when it traps one. Host builds (VMIO_HOST) route them to the
 * register-level device simulator in tests/sim/.
 */
#include <stdint.h>

#ifdef VMIO_HOST

uint32_t host_mmio_read32(uintptr_t addr);
void host_mmio_write32(uintptr_t addr, uint32_t val);
uint16_t host_mmio_read16(uintptr_t addr);
void host_mmio_write16(uintptr_t addr, uint16_t val);
uint8_t host_mmio_read8(uintptr_t addr);
void host_mmio_write8(uintptr_t addr, uint8_t val);

static inline uint32_t mmio_read32(uintptr_t addr) { return host_mmio_read32(addr); }
static inline void mmio_write32(uintptr_t addr, uint32_t v) { host_mmio_write32(addr, v); }
static inline uint16_t mmio_read16(uintptr_t addr) { return host_mmio_read16(addr); }
static inline void mmio_write16(uintptr_t addr, uint16_t v) { host_mmio_write16(addr, v); }
static inline uint8_t mmio_read8(uintptr_t addr) { return host_mmio_read8(addr); }
static inline void mmio_write8(uintptr_t addr, uint8_t v) { host_mmio_write8(addr, v); }

#define io_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define io_rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define io_wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dma_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dma_rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dma_wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#elif defined(__riscv)

/*
 * RISC-V: naturally aligned volatile accesses are single loads and
 * stores. fence P,S orders the P accesses before it against the S
 * accesses after it; i/o are device input/output, r/w memory reads and
 * writes.
 */
static inline uint32_t mmio_read32(uintptr_t addr) { return *(volatile uint32_t *)addr; }
static inline void mmio_write32(uintptr_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline uint16_t mmio_read16(uintptr_t addr) { return *(volatile uint16_t *)addr; }
static inline void mmio_write16(uintptr_t addr, uint16_t v) { *(volatile uint16_t *)addr = v; }
static inline uint8_t mmio_read8(uintptr_t addr) { return *(volatile uint8_t *)addr; }
static inline void mmio_write8(uintptr_t addr, uint8_t v) { *(volatile uint8_t *)addr = v; }

/* Everything before against everything after, device and memory. */
#define io_mb() __asm__ __volatile__("fence iorw,iorw" ::: "memory")
/* A device read (e.g. interrupt status) before the memory reads it announces. */
#define io_rmb() __asm__ __volatile__("fence ir,ir" ::: "memory")
/* Ring writes (memory) before the notify register write (device). */
#define io_wmb() __asm__ __volatile__("fence ow,ow" ::: "memory")
/* Ring accesses among themselves: memory only. */
#define dma_mb() __asm__ __volatile__("fence rw,rw" ::: "memory")
#define dma_rmb() __asm__ __volatile__("fence r,r" ::: "memory")
#define dma_wmb() __asm__ __volatile__("fence w,w" ::: "memory")

#else

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;

	__asm__ __volatile__("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ __volatile__("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static inline uint16_t mmio_read16(uintptr_t addr)
{
	uint32_t v;

	__asm__ __volatile__("ldrh %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint16_t)v;
}

static inline void mmio_write16(uintptr_t addr, uint16_t v)
{
	__asm__ __volatile__("strh %0, [%1]" : : "r"((uint32_t)v), "r"(addr) : "memory");
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint32_t v;

	__asm__ __volatile__("ldrb %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	__asm__ __volatile__("strb %0, [%1]" : : "r"((uint32_t)v), "r"(addr) : "memory");
}

/*
 * io_*: order normal-memory accesses against device (MMIO) accesses, e.g.
 * ring writes before the notify register write. dma_*: order accesses to
 * memory shared with a DMA master (the rings) among themselves; outer
 * shareable because the device is not in our inner domain on a real SoC.
 */
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
/*
 * M profile: the only barrier option is SY (full system). DMB orders
 * memory accesses against each other (device ones included), DSB also
 * waits for them to complete.
 */
#define io_mb() __asm__ __volatile__("dsb sy" ::: "memory")
#define io_rmb() __asm__ __volatile__("dsb sy" ::: "memory")
#define io_wmb() __asm__ __volatile__("dsb sy" ::: "memory")
#define dma_mb() __asm__ __volatile__("dmb sy" ::: "memory")
#define dma_rmb() __asm__ __volatile__("dmb sy" ::: "memory")
#define dma_wmb() __asm__ __volatile__("dmb sy" ::: "memory")
#else
#define io_mb() __asm__ __volatile__("dsb sy" ::: "memory")
/* ARMv7 has no load-only DSB ("dsb ld" is ARMv8). */
#define io_rmb() __asm__ __volatile__("dsb sy" ::: "memory")
#define io_wmb() __asm__ __volatile__("dsb st" ::: "memory")
#define dma_mb() __asm__ __volatile__("dmb osh" ::: "memory")
#define dma_rmb() __asm__ __volatile__("dmb osh" ::: "memory")
#define dma_wmb() __asm__ __volatile__("dmb oshst" ::: "memory")
#endif

#endif /* VMIO_HOST */

#endif
