// SPDX-License-Identifier: MIT
/*
 * Host implementation of board/board.h for the cmocka tests. Time is
 * fake and only advances when code waits or reads the clock, so a 100 ms
 * bounded wait costs no wall time; interrupts are delivered in the
 * caller's context at the points real hardware could take them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "vmio/log.h"
#include "vmio/print.h"
#include "tests/host/support/host_board.h"

#define HOST_MAX_IRQS 1024
#define HOST_TIMER_IRQ 27
#define HOST_IRQ_STORM 1000

struct host_irq {
	void (*fn)(void *arg);
	void *arg;
	bool enabled;
	bool level;
};

static struct board_info host_info = { .name = "host", .from_dtb = false };
static struct host_irq irqs[HOST_MAX_IRQS];
static bool irq_masked;
static bool in_handler;
static uint32_t irq_taken;
static uint64_t now_us;
static uint64_t timer_deadline;
static uint64_t mask_t0, mask_max;	/* longest IRQ-masked stretch, fake us */
static void (*sleep_hook)(void);
static void (*irq_window_hook)(void);
static char log_last[VMIO_LOG_LINE_MAX];
static unsigned int log_lines;
static struct host_ring_event ring_trace[HOST_RING_TRACE_MAX];
static unsigned int ring_trace_len;

static void host_log_sink(enum vmio_log_level level, const char *line);

void host_board_reset(void)
{
	memset(irqs, 0, sizeof(irqs));
	memset(&host_info.virtio, 0, sizeof(host_info.virtio));
	host_info.nvirtio = 0;
	irq_masked = false;
	in_handler = false;
	irq_taken = 0;
	now_us = 0;
	timer_deadline = 0;
	mask_t0 = mask_max = 0;
	sleep_hook = NULL;
	irq_window_hook = NULL;
	log_last[0] = 0;
	log_lines = 0;
	ring_trace_len = 0;
	vmio_log_set_sink(NULL);
	vmio_log_set_default_sink(host_log_sink);
	host_dma_reset();
}

void host_board_add_virtio(uintptr_t base, unsigned int irq)
{
	struct board_virtio_slot *s;

	if (host_info.nvirtio == BOARD_MAX_VIRTIO_SLOTS)
		abort();
	s = &host_info.virtio[host_info.nvirtio++];
	memset(s, 0, sizeof(*s));
	s->base = base;
	s->size = 0x200;
	s->irq = irq;
}

void host_board_set_transport(unsigned int slot, unsigned int kind)
{
	if (slot >= host_info.nvirtio)
		abort();
	host_info.virtio[slot].transport = (uint8_t)kind;
}

int board_init(void)
{
	return 0;
}

const struct board_info *board_get_info(void)
{
	return &host_info;
}

void board_console_putc(char c)
{
	fputc(c, stdout);
}

void board_console_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
}

/* The host "board" hands lib/ its sink, as a firmware board_init() does. */
static void host_log_sink(enum vmio_log_level level, const char *line)
{
	snprintf(log_last, sizeof(log_last), "%s", line);
	log_lines++;
	if (getenv("VMIO_LOG") || level == VMIO_LOG_ERR)
		fprintf(stderr, "  [vmio %s] %s\n", level == VMIO_LOG_ERR ? "err" : "log", line);
}

/* Before any test's setup runs, as board_init() would at boot. */
__attribute__((constructor)) static void host_attach_lib(void)
{
	vmio_print_set_output(board_console_write);
	vmio_log_set_default_sink(host_log_sink);
}

const char *host_log_last(void)
{
	return log_last;
}

unsigned int host_log_lines(void)
{
	return log_lines;
}

/* --- time --- */

static void host_timer_check(void)
{
	if (timer_deadline && now_us >= timer_deadline) {
		timer_deadline = 0;
		host_irq_set_level(HOST_TIMER_IRQ, true);
	}
}

uint64_t host_time_now(void)
{
	return now_us;
}

void host_time_advance(uint64_t us)
{
	now_us += us;
	host_timer_check();
	host_irq_poll();
}

uint64_t board_time_us(void)
{
	/* Every read moves time a little: a loop that only polls the clock still ends. */
	return now_us++;
}

void board_udelay(uint32_t us)
{
	host_time_advance(us);
}

uint32_t board_timer_hz(void)
{
	return 1000000;
}

void board_timer_oneshot(uint32_t us)
{
	host_irq_set_level(HOST_TIMER_IRQ, false);
	timer_deadline = us ? now_us + us : 0;
}

unsigned int board_timer_irq(void)
{
	return HOST_TIMER_IRQ;
}

/* --- interrupts --- */

int board_irq_register(unsigned int irq, enum board_irq_trigger trig,
		       void (*fn)(void *arg), void *arg)
{
	(void)trig;
	if (irq >= HOST_MAX_IRQS || !fn)
		return -EINVAL;
	if (irqs[irq].fn)
		return -EBUSY;
	irqs[irq].fn = fn;
	irqs[irq].arg = arg;
	irqs[irq].enabled = true;
	host_irq_poll();
	return 0;
}

void board_irq_unregister(unsigned int irq)
{
	if (irq < HOST_MAX_IRQS) {
		irqs[irq].fn = NULL;
		irqs[irq].enabled = false;
	}
}

void board_irq_enable(unsigned int irq)
{
	if (irq < HOST_MAX_IRQS)
		irqs[irq].enabled = true;
	host_irq_poll();
}

void board_irq_disable(unsigned int irq)
{
	if (irq < HOST_MAX_IRQS)
		irqs[irq].enabled = false;
}

void host_irq_set_level(unsigned int irq, bool high)
{
	if (irq < HOST_MAX_IRQS)
		irqs[irq].level = high;
}

static void host_irq_set_masked(bool masked);

void host_irq_poll(void)
{
	unsigned int i, n;

	if (irq_masked || in_handler)
		return;
	for (i = 0; i < HOST_MAX_IRQS; i++) {
		for (n = 0; irqs[i].level && irqs[i].enabled && irqs[i].fn; n++) {
			if (n == HOST_IRQ_STORM) {
				fprintf(stderr, "host: IRQ %u never lowered by its handler\n", i);
				abort();
			}
			/* As on the CPU: a handler runs with IRQs masked. */
			in_handler = true;
			host_irq_set_masked(true);
			irq_taken++;
			irqs[i].fn(irqs[i].arg);
			host_irq_set_masked(false);
			in_handler = false;
		}
	}
}

/* The CPU mask changes: measure the stretch that ends, start a new one. */
static void host_irq_set_masked(bool masked)
{
	if (masked && !irq_masked)
		mask_t0 = now_us;
	if (!masked && irq_masked && now_us - mask_t0 > mask_max)
		mask_max = now_us - mask_t0;
	irq_masked = masked;
}

uint64_t host_irq_masked_max_us(void)
{
	return mask_max;
}

void host_irq_masked_max_clear(void)
{
	mask_max = 0;
	mask_t0 = now_us;
}

void host_set_irq_window_hook(void (*hook)(void))
{
	irq_window_hook = hook;
}

void host_irq_window(void)
{
	if (irq_window_hook)
		irq_window_hook();
}

unsigned long board_irq_save(void)
{
	unsigned long old = irq_masked;

	host_irq_set_masked(true);
	return old;
}

void board_irq_restore(unsigned long flags)
{
	host_irq_set_masked(flags != 0);
	host_irq_poll();
}

void board_irq_unmask(void)
{
	host_irq_set_masked(false);
	host_irq_poll();
}

bool board_irqs_masked(void)
{
	return irq_masked;
}

uint32_t board_irq_count(void)
{
	return irq_taken;
}

void board_irq_dispatch(void)
{
	host_irq_poll();
}

void board_wait_for_irq(void)
{
	unsigned int i;

	for (i = 0; i < HOST_MAX_IRQS; i++)
		if (irqs[i].level && irqs[i].enabled)
			break;
	if (i == HOST_MAX_IRQS)
		host_time_advance(1000);
	host_irq_poll();
}

/* --- power --- */

void host_set_sleep_hook(void (*hook)(void))
{
	sleep_hook = hook;
}

int board_platform_sleep(uint32_t wake_us)
{
	if (sleep_hook)
		sleep_hook();
	now_us += wake_us;
	return 0;
}

/* --- ring trace: cache maintenance and ring barriers, in program order --- */

static void ring_event(char kind, const void *p, size_t len)
{
	struct host_ring_event *e;

	if (ring_trace_len == HOST_RING_TRACE_MAX)
		return;
	e = &ring_trace[ring_trace_len++];
	e->kind = kind;
	e->addr = p;
	e->len = len;
}

void host_ring_barrier(char kind)
{
	ring_event(kind, NULL, 0);
}

void host_ring_trace_clear(void)
{
	ring_trace_len = 0;
}

unsigned int host_ring_trace_len(void)
{
	return ring_trace_len;
}

const struct host_ring_event *host_ring_trace_get(unsigned int i)
{
	return i < ring_trace_len ? &ring_trace[i] : NULL;
}

/*
 * Every call is recorded, then applied to the memory model (dma_host.c):
 * the ring code syncs for the device after each store the device must
 * see and for the CPU before each load of what the device wrote, so the
 * trace is the order of its ring accesses.
 */
void board_dma_sync_for_device(const void *p, size_t len)
{
	ring_event('C', p, len);
	host_dma_sync('C', p, len);
}

void board_dma_sync_for_cpu(const void *p, size_t len)
{
	ring_event('I', p, len);
	host_dma_sync('I', p, len);
}

/* --- exit --- */

void board_exit(int code)
{
	fflush(stdout);
	exit(code);
}
