/* SPDX-License-Identifier: MIT */
#ifndef VMIO_FUZZ_STUBS_H
#define VMIO_FUZZ_STUBS_H

/*
 * The board layer as the fuzz targets see it (fuzz_stubs.c): DMA is
 * coherent and identity-mapped, time is fake and only moves when the
 * code under test waits or reads it, and "IRQs" are a flag plus one
 * handler that the fake device's hooks run at the points real hardware
 * could take an interrupt. Nothing here knows a device protocol.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * On the harness's own functions (invariant checks, input reading): no
 * coverage instrumentation. Their loops spent most of each input's time
 * in comparison tracing, and their branches are the checker's, not the
 * code under test's, so they should not steer the fuzzer either. ASan
 * and UBSan still apply.
 */
#define FUZZ_ORACLE __attribute__((no_sanitize("coverage")))

/* Consume a fuzz input front to back; reads past the end give zeros. */
struct fuzz_in {
	const uint8_t *p;
	size_t len;
	size_t pos;
};

static inline FUZZ_ORACLE bool fuzz_more(const struct fuzz_in *in)
{
	return in->pos < in->len;
}

static inline FUZZ_ORACLE uint8_t fuzz_u8(struct fuzz_in *in)
{
	return in->pos < in->len ? in->p[in->pos++] : 0;
}

static inline FUZZ_ORACLE uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | fuzz_u8(in) << 8);
}

static inline FUZZ_ORACLE uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t lo = fuzz_u16(in);

	return lo | (uint32_t)fuzz_u16(in) << 16;
}

/*
 * An invariant broke: print where (the line names the check) and abort,
 * which libFuzzer reports as a crash and keeps the input for. A macro so
 * that every check has its own call the compiler cannot merge.
 */
#define fuzz_bug() fuzz_abort(__FILE__, __LINE__)
void fuzz_abort(const char *file, int line) __attribute__((noreturn));

/* Fake clock, microseconds; board_udelay() advances it. */
extern uint64_t fuzz_now_us;
/* Called after every board_udelay() step: the fake device's chance to act. */
extern void (*fuzz_udelay_hook)(void);
/*
 * Raised interrupt line of the fake device; while it is set and IRQs are
 * unmasked, the registered handler runs (board_irq_restore, udelay).
 */
extern bool fuzz_irq_line;
/* IRQ handler entries since fuzz_stubs_reset(). */
extern unsigned int fuzz_irqs_taken;

/*
 * Declare [p, p + len) as ring storage: any cache maintenance that
 * touches it must stay inside it (the no-op stubs would otherwise hide
 * an out-of-bounds clean or invalidate from ASan). Up to 4 regions.
 */
void fuzz_dma_region(const void *p, size_t len);

/* Take the pending interrupt now if IRQs are unmasked and the line is up. */
void fuzz_irq_poll(void);

/* Fresh board state for the next input: time 0, IRQs unmasked, no handler. */
void fuzz_stubs_reset(void);

/* Errors logged since fuzz_stubs_reset(); the lines themselves are dropped. */
unsigned int fuzz_log_lines(void);

#endif
