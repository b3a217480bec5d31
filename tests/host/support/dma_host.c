// SPDX-License-Identifier: MIT
/*
 * The host board's DMA: addresses, and the two memory models behind the
 * DMA contract of board/board.h.
 *
 * Coherent (default): the device model reads and writes the CPU's bytes.
 *
 * Non-coherent (VMIO_HOST_DMA=noncoherent, or host_dma_set_noncoherent()):
 * the device model sees its own copy of the program's image (text to end
 * of bss: the rings and the drivers' buffers) and of the main thread's
 * stack (the tests' buffers), which changes only through the syncs:
 * for-device copies the CPU's bytes of every touched cache line to the
 * device's copy, for-cpu copies the device's bytes of every touched line
 * over the CPU's (the CPU's stores there since its last for-device sync
 * are lost, as an invalidate drops a dirty line). The device's copy
 * starts as a poison pattern at each host_board_reset(): what the driver
 * never synced for the device reads as 0xa5, never as the right bytes.
 *
 * The copies touch whole lines, so they run outside AddressSanitizer's
 * view (a line may hold a neighbour's redzone) through volatile loops the
 * compiler cannot turn into an intercepted memcpy().
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "board/board.h"
#include "tests/host/support/host_board.h"

#define LINE ((uintptr_t)BOARD_DMA_ALIGN)
#define POISON 0xa5

/* The linker defines these when some object has a vmio_dma section. */
extern char __start_vmio_dma[] __attribute__((weak));
/* The program's image: text, rodata, data, bss (GNU ld, every ELF target). */
extern char __executable_start[], _end[];

static bool noncoherent;
static bool env_read, env_noncoherent;
/* A stretch of CPU memory and the device's copy of it. */
struct dma_view {
	uintptr_t lo, hi;
	uint8_t *copy;
};

static struct dma_view views[2];	/* program image, main thread stack */
static char skip_kind;		/* host_dma_skip_sync(): armed kind, or 0 */
static const void *skip_p;
static unsigned int skipped;

static uintptr_t host_dma_bias(void)
{
	uintptr_t start = (uintptr_t)__start_vmio_dma;

	return start ? (start & ~(uintptr_t)0xfff) - 0x1000 : 0;
}

uint64_t board_dma_addr(const void *p)
{
	return (uint64_t)((uintptr_t)p - host_dma_bias());
}

bool board_dma_coherent(void)
{
	return !noncoherent;
}

static void view_map_one(struct dma_view *v, uintptr_t lo, uintptr_t hi)
{
	v->lo = lo & ~(LINE - 1);
	v->hi = (hi + LINE - 1) & ~(LINE - 1);
	v->copy = mmap(NULL, v->hi - v->lo, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (v->copy == MAP_FAILED) {
		perror("host dma: device view");
		abort();
	}
}

static void view_map(void)
{
	pthread_attr_t at;
	void *stack;
	size_t size;

	if (views[0].copy)
		return;
	view_map_one(&views[0], (uintptr_t)__executable_start, (uintptr_t)_end);
	if (pthread_getattr_np(pthread_self(), &at) ||
	    pthread_attr_getstack(&at, &stack, &size))
		abort();
	pthread_attr_destroy(&at);
	view_map_one(&views[1], (uintptr_t)stack, (uintptr_t)stack + size);
}

/* Where the device's copy of CPU address a lives; aborts outside both views. */
static uint8_t *view_of(uintptr_t a, size_t len)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (a >= views[i].lo && a + len <= views[i].hi && a + len >= a)
			return views[i].copy + (a - views[i].lo);
	fprintf(stderr, "host dma: %#lx+%zu is neither static storage nor the "
		"stack: the non-coherent model cannot see it\n", (unsigned long)a, len);
	abort();
}

void *host_dma_ptr(uint64_t addr)
{
	uintptr_t a = (uintptr_t)addr + host_dma_bias();

	return noncoherent ? view_of(a, 0) : (void *)a;
}

void host_dma_set_noncoherent(bool on)
{
	noncoherent = on;
	if (on) {
		view_map();
		memset(views[0].copy, POISON, views[0].hi - views[0].lo);
		memset(views[1].copy, POISON, views[1].hi - views[1].lo);
	}
}

bool host_dma_noncoherent(void)
{
	return noncoherent;
}

/* Before main(): the first test runs in the mode asked for, too. */
__attribute__((constructor))
void host_dma_reset(void)
{
	if (!env_read) {
		const char *e = getenv("VMIO_HOST_DMA");

		env_read = true;
		env_noncoherent = e && !strcmp(e, "noncoherent");
	}
	host_dma_set_noncoherent(env_noncoherent);
	skip_kind = 0;
	skipped = 0;
}

void host_dma_skip_sync(char kind, const void *p)
{
	skip_kind = kind;
	skip_p = p;
	skipped = 0;
}

unsigned int host_dma_skipped(void)
{
	return skipped;
}

__attribute__((no_sanitize("address")))
static void line_copy(volatile uint8_t *dst, const volatile uint8_t *src, size_t n)
{
	while (n--)
		*dst++ = *src++;
}

/* The armed skip takes this call when its range holds the armed address. */
static bool take_skip(char kind, uintptr_t a, size_t len)
{
	uintptr_t s = (uintptr_t)skip_p;

	if (kind != skip_kind || s < a || s >= a + len)
		return false;
	skipped++;
	return true;
}

void host_dma_sync(char kind, const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, lo, hi;
	uint8_t *v;

	if (!noncoherent || !len || take_skip(kind, a, len))
		return;
	lo = a & ~(LINE - 1);
	hi = (a + len + LINE - 1) & ~(LINE - 1);
	v = view_of(lo, hi - lo);
	if (kind == 'C')
		line_copy(v, (const uint8_t *)lo, hi - lo);
	else
		line_copy((uint8_t *)lo, v, hi - lo);
}
