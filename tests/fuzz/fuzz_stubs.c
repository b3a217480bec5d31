// SPDX-License-Identifier: MIT
/*
 * Board layer for the fuzz targets; see fuzz_stubs.h. Kept apart from
 * the cmocka host support (tests/host/support) on purpose: that one is
 * built by gcc into an archive with the simulator, and the fuzz targets
 * want a few clang-built files and nothing else linked in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "board/board.h"
#include "vmio/log.h"
#include "tests/fuzz/fuzz_stubs.h"

#define FUZZ_MAX_REGIONS 4

uint64_t fuzz_now_us;
void (*fuzz_udelay_hook)(void);
bool fuzz_irq_line;
unsigned int fuzz_irqs_taken;

static struct {
	uintptr_t start, end;
} regions[FUZZ_MAX_REGIONS];
static unsigned int nregions;
static bool irq_masked;
static bool irq_disabled;
static bool in_handler;
static void (*irq_fn)(void *arg);
static void *irq_arg;
static unsigned int log_lines;

/* Set FUZZ_LOG=1 to see the lines, e.g. when rerunning a reproducer. */
static int log_print = -1;

/* Every bad device input logs a line: count them, print none. */
static void fuzz_sink(enum vmio_log_level level, const char *line)
{
	if (log_print < 0)
		log_print = getenv("FUZZ_LOG") != NULL;
	if (log_print)
		fprintf(stderr, "  [log] %s\n", line);
	if (level == VMIO_LOG_ERR)
		log_lines++;
}

unsigned int fuzz_log_lines(void)
{
	return log_lines;
}

void fuzz_stubs_reset(void)
{
	fuzz_now_us = 0;
	fuzz_udelay_hook = NULL;
	fuzz_irq_line = false;
	fuzz_irqs_taken = 0;
	nregions = 0;
	irq_masked = false;
	irq_disabled = false;
	in_handler = false;
	irq_fn = NULL;
	irq_arg = NULL;
	log_lines = 0;
	vmio_log_set_sink(fuzz_sink);
}

void fuzz_dma_region(const void *p, size_t len)
{
	if (nregions == FUZZ_MAX_REGIONS)
		fuzz_bug();
	regions[nregions].start = (uintptr_t)p;
	regions[nregions].end = (uintptr_t)p + len;
	nregions++;
}

/* Cache maintenance that starts in ring storage must also end there. */
static void dma_check(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p;
	unsigned int i;

	for (i = 0; i < nregions; i++) {
		if (a < regions[i].start || a >= regions[i].end)
			continue;
		if (len > regions[i].end - a)
			fuzz_bug();
	}
}

void fuzz_abort(const char *file, int line)
{
	fprintf(stderr, "fuzz: invariant broken at %s:%d\n", file, line);
	abort();
}

uint64_t board_dma_addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

bool board_dma_coherent(void)
{
	return true;
}

void board_dma_sync_for_device(const void *p, size_t len)
{
	dma_check(p, len);
}

void board_dma_sync_for_cpu(const void *p, size_t len)
{
	dma_check(p, len);
}

uint64_t board_time_us(void)
{
	/* Reading the clock takes time too: a loop that only polls it still ends. */
	return fuzz_now_us++;
}

/*
 * "At least us": a coarse 1 ms tick per call keeps a 50 ms timeout at
 * about 50 iterations instead of 50000, which is what makes timeouts
 * cheap enough to fuzz.
 */
void board_udelay(uint32_t us)
{
	fuzz_now_us += (uint64_t)us + 1000;
	if (fuzz_udelay_hook)
		fuzz_udelay_hook();
	fuzz_irq_poll();
}

void fuzz_irq_poll(void)
{
	/* A level interrupt: taken again as long as the device holds the line. */
	unsigned int guard = 0;

	while (fuzz_irq_line && !irq_masked && !irq_disabled && !in_handler && irq_fn) {
		if (++guard > 64)
			fuzz_bug();	/* a handler that never lowers the line: a storm */
		in_handler = true;
		irq_masked = true;
		fuzz_irqs_taken++;
		irq_fn(irq_arg);
		irq_masked = false;
		in_handler = false;
	}
}

int board_irq_register(unsigned int irq, enum board_irq_trigger trig,
		       void (*fn)(void *arg), void *arg)
{
	(void)irq;
	(void)trig;
	if (irq_fn)
		return -EBUSY;
	irq_fn = fn;
	irq_arg = arg;
	irq_disabled = false;
	return 0;
}

void board_irq_unregister(unsigned int irq)
{
	(void)irq;
	irq_fn = NULL;
	irq_arg = NULL;
}

/* The core disables a storming device's IRQ (one line here). */
void board_irq_enable(unsigned int irq)
{
	(void)irq;
	irq_disabled = false;
	fuzz_irq_poll();
}

void board_irq_disable(unsigned int irq)
{
	(void)irq;
	irq_disabled = true;
}

unsigned long board_irq_save(void)
{
	unsigned long was = irq_masked;

	irq_masked = true;
	return was;
}

void board_irq_restore(unsigned long flags)
{
	irq_masked = flags != 0;
	fuzz_irq_poll();
}

bool board_irqs_masked(void)
{
	return irq_masked;
}
