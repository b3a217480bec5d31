/* SPDX-License-Identifier: MIT */
#ifndef VMIO_MON_H
#define VMIO_MON_H

/*
 * The EL2 virtual-platform monitor: a stand-in for a hypervisor that
 * exposes virtio-clock and virtio-regulator devices. It runs in HYP mode
 * with its own MMU off, traps the guest's accesses to the virtio-mmio
 * window through stage 2, and serves slots 0 and 1 with the same device
 * models the host tests use (tests/sim). Every other slot is passed
 * through to QEMU's own transport, so that every virtio access of the
 * guest is seen, counted and ordered.
 */
#include <stdbool.h>
#include <stdint.h>
#include "vmio/compiler.h"

/* Guest state saved by mon_trap (entry.S), lowest address first. */
struct mon_frame {
	uint32_t elr;
	uint32_t spsr;
	uint32_t fpscr;
	uint32_t pad;
	uint64_t d16_31[16];
	uint64_t d0_15[16];
	uint32_t r[13];
	uint32_t lr_usr;
};

#define MON_VIRTIO_BASE 0x0a000000u
#define MON_VIRTIO_STRIDE 0x200u
#define MON_VIRTIO_SLOTS 32u
#define MON_MODEL_SLOTS 8u	/* slots 0-7 share the one trapped page we emulate */
#define MON_UART_BASE 0x09000000u
#define MON_GICD_BASE 0x08000000u

/* Exit codes of a run the monitor ends itself. */
#define MON_EXIT_FATAL 4

void mon_printf(const char *fmt, ...) __printf(1, 2);
void mon_exit(int code) __noreturn;
void mon_fatal(const char *why, const struct mon_frame *f) __noreturn;

void mon_stage2_init(void);
void mon_mmu_init(void);

/* Slot emulation (devices.c). */
void mon_devices_init(void);
uint32_t mon_dev_read(uint32_t ipa, unsigned int size, bool masked);
void mon_dev_write(uint32_t ipa, unsigned int size, uint32_t val, bool masked);
void mon_guest_wfi(bool masked);

/* Semihosting command line value of key ("mon.fault" ...), or NULL. */
const char *mon_arg(const char *key);

uint32_t mon_banked_get(uint32_t mode, uint32_t lr);
void mon_banked_set(uint32_t mode, uint32_t lr, uint32_t val);

#endif
