// SPDX-License-Identifier: MIT
/*
 * What the guest did to trap: a data abort on the trapped page (a
 * virtio register access, decoded from the HSR syndrome) or a WFI.
 * Anything else ends the run with a report: a monitor that guessed would
 * hide the very bugs it exists to show.
 */
#include <stdint.h>
#include "mon.h"

#define HSR_EC(h) ((h) >> 26)
#define HSR_IL (1u << 25)
#define HSR_ISV (1u << 24)
#define HSR_SAS(h) (((h) >> 22) & 3)
#define HSR_SSE (1u << 21)
#define HSR_SRT(h) (((h) >> 16) & 0xf)
#define HSR_WNR (1u << 6)
#define EC_WFI 0x01
#define EC_DABT_LOW 0x24

#define CPSR_MODE(p) ((p) & 0x1f)
#define CPSR_I (1u << 7)
#define CPSR_T (1u << 5)
#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_SYS 0x1f

void mon_trap_c(struct mon_frame *f);

static uint32_t read_hsr(void)
{
	uint32_t v;

	__asm__ __volatile__("mrc p15, 4, %0, c5, c2, 0" : "=r"(v));
	return v;
}

static uint32_t fault_ipa(void)
{
	uint32_t hdfar, hpfar;

	__asm__ __volatile__("mrc p15, 4, %0, c6, c0, 0" : "=r"(hdfar));
	__asm__ __volatile__("mrc p15, 4, %0, c6, c0, 4" : "=r"(hpfar));
	return ((hpfar & ~0xfu) << 8) | (hdfar & 0xfff);
}

static uint32_t get_reg(struct mon_frame *f, unsigned int n)
{
	uint32_t mode = CPSR_MODE(f->spsr);

	if (n < 13)
		return f->r[n];
	if (n == 14 && (mode == MODE_USR || mode == MODE_SYS))
		return f->lr_usr;
	return mon_banked_get(mode, n == 14);
}

static void set_reg(struct mon_frame *f, unsigned int n, uint32_t v)
{
	uint32_t mode = CPSR_MODE(f->spsr);

	if (n < 13)
		f->r[n] = v;
	else if (n == 14 && (mode == MODE_USR || mode == MODE_SYS))
		f->lr_usr = v;
	else
		mon_banked_set(mode, n == 14, v);
}

static void data_abort(struct mon_frame *f, uint32_t hsr)
{
	static const uint32_t masks[] = { 0xff, 0xffff, 0xffffffff, 0 };
	uint32_t ipa = fault_ipa();
	unsigned int size = 1u << HSR_SAS(hsr), srt = HSR_SRT(hsr);
	bool masked = f->spsr & CPSR_I;
	uint32_t v;

	if (!(hsr & HSR_ISV)) {
		mon_printf("mon: access to 0x%08lx without a syndrome (ldrd/ldm/writeback?)\n",
			   (unsigned long)ipa);
		mon_fatal("undecodable guest access", f);
	}
	if (size > 4 || srt == 15 || CPSR_MODE(f->spsr) == MODE_FIQ)
		mon_fatal("unsupported trapped access (size, PC or FIQ mode)", f);
	if (ipa < MON_VIRTIO_BASE || ipa >= MON_VIRTIO_BASE + MON_VIRTIO_SLOTS * MON_VIRTIO_STRIDE) {
		mon_printf("mon: guest access to 0x%08lx, which it must not reach\n",
			   (unsigned long)ipa);
		mon_fatal("guest access outside the emulated window", f);
	}
	if (hsr & HSR_WNR) {
		mon_dev_write(ipa, size, get_reg(f, srt) & masks[HSR_SAS(hsr)], masked);
	} else {
		v = mon_dev_read(ipa, size, masked) & masks[HSR_SAS(hsr)];
		if ((hsr & HSR_SSE) && size < 4 && (v & (1u << (size * 8 - 1))))
			v |= ~masks[HSR_SAS(hsr)];
		set_reg(f, srt, v);
	}
}

void mon_trap_c(struct mon_frame *f)
{
	uint32_t hsr = read_hsr();

	switch (HSR_EC(hsr)) {
	case EC_DABT_LOW:
		data_abort(f, hsr);
		break;
	case EC_WFI:
		mon_guest_wfi(f->spsr & CPSR_I);
		break;
	default:
		mon_printf("mon: unexpected trap, HSR 0x%08lx\n", (unsigned long)hsr);
		mon_fatal("unexpected trap from the guest", f);
	}
	/* Skip the trapped instruction: 32-bit unless HSR.IL says 16-bit. */
	f->elr += (hsr & HSR_IL) ? 4 : 2;
}
