// SPDX-License-Identifier: MIT
/*
 * Monitor start-up in HYP mode: stage 2, the devices, the traps, then
 * into the guest firmware's reset vector in SVC mode.
 */
#include <stdarg.h>
#include <string.h>
#include "mon.h"
#include "board/io.h"
#include "startup/semihost.h"
#include "vmio/cmdline.h"
#include "vmio/log.h"

#ifndef MON_GUEST_ENTRY
#error "MON_GUEST_ENTRY: the firmware's load address (linker/qemu-virt.ld)"
#endif

#define HCR_VM (1u << 0)
#define HCR_TWI (1u << 13)

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_TXFF (1u << 5)

extern char __mon_bss_start[], __mon_bss_end[];

uint32_t mon_main(void);
void mon_fatal_exception(uint32_t hsr, uint32_t elr);

static void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n') {
			while (mmio_read32(MON_UART_BASE + UARTFR) & FR_TXFF)
				;
			mmio_write32(MON_UART_BASE + UARTDR, '\r');
		}
		while (mmio_read32(MON_UART_BASE + UARTFR) & FR_TXFF)
			;
		mmio_write32(MON_UART_BASE + UARTDR, (uint8_t)*s);
	}
}

void mon_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vmio_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	uart_puts(buf);
}

/* lib/log.c's default sink, for the shared code the monitor links. */
static void mon_log_sink(enum vmio_log_level level, const char *line)
{
	(void)level;
	mon_printf("mon: %s\n", line);
}

void mon_exit(int code)
{
	semihost_exit(code);
}

void mon_fatal(const char *why, const struct mon_frame *f)
{
	mon_printf("mon: FATAL: %s\n", why);
	if (f)
		mon_printf("mon:   guest pc=0x%08lx cpsr=0x%08lx r0=0x%08lx r1=0x%08lx\n",
			   (unsigned long)f->elr, (unsigned long)f->spsr,
			   (unsigned long)f->r[0], (unsigned long)f->r[1]);
	mon_exit(MON_EXIT_FATAL);
}

void mon_fatal_exception(uint32_t hsr, uint32_t elr)
{
	mon_printf("mon: FATAL: exception in the monitor, HSR 0x%08lx at 0x%08lx\n",
		   (unsigned long)hsr, (unsigned long)elr);
	mon_exit(MON_EXIT_FATAL);
}

const char *mon_arg(const char *key)
{
	static char cmdline[256];
	static char val[64];
	static int have = -1;

	if (have < 0)
		have = semihost_get_cmdline(cmdline, sizeof(cmdline)) >= 0;
	return have ? vmio_cmdline_arg(cmdline, key, val, sizeof(val)) : NULL;
}

static void guest_environment(void)
{
	/* The guest owns the timers and counters; no offset, no traps. */
	__asm__ __volatile__("mcr p15, 4, %0, c14, c1, 0" : : "r"(3u));	/* CNTHCTL */
	__asm__ __volatile__("mcrr p15, 4, %0, %0, c14" : : "r"(0u));	/* CNTVOFF */
	__asm__ __volatile__("mcr p15, 4, %0, c1, c1, 3" : : "r"(0u));	/* HSTR */
	/* Stage 2 on; WFI traps so the monitor sees the platform go to sleep. */
	__asm__ __volatile__("mcr p15, 4, %0, c1, c1, 0\n\tisb"
			     : : "r"(HCR_VM | HCR_TWI) : "memory");
}

/*
 * Where the guest starts: the firmware's RAM load address, or what
 * mon.entry= says (0x0 when the firmware boots from NOR flash).
 */
static uint32_t guest_entry(void)
{
	const char *v = mon_arg("mon.entry");
	uint32_t entry = 0;

	if (!v)
		return MON_GUEST_ENTRY;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		v += 2;
	for (; *v; v++) {
		unsigned int d = *v >= '0' && *v <= '9' ? (unsigned int)(*v - '0') :
				 *v >= 'a' && *v <= 'f' ? (unsigned int)(*v - 'a' + 10) : 16u;

		if (d > 15) {
			mon_printf("mon: bad mon.entry, using 0x%08lx\n",
				   (unsigned long)MON_GUEST_ENTRY);
			return MON_GUEST_ENTRY;
		}
		entry = entry * 16 + d;
	}
	return entry;
}

uint32_t mon_main(void)
{
	/* bss is zeroed before the MMU is on: aligned, so legal on Strongly-ordered memory */
	memset(__mon_bss_start, 0, (size_t)(__mon_bss_end - __mon_bss_start));
	vmio_log_set_default_sink(mon_log_sink);
	mon_mmu_init();
	mon_printf("mon: vmio EL2 monitor: trapping virtio-mmio slots 0-31, "
		   "models in slots 0-1\n");
	mon_stage2_init();
	mon_devices_init();
	guest_environment();
	return guest_entry();
}
