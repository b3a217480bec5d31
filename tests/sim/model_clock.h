/* SPDX-License-Identifier: MIT */
#ifndef VMIO_MODEL_CLOCK_H
#define VMIO_MODEL_CLOCK_H

/*
 * virtio-clock device model (DESIGN.md section 5): a table of clocks,
 * each with a rate range or a list of rates, allowed parents and a reset
 * line, and their live state. Freestanding (see model_common.h).
 *
 * Use from any host: keep a struct clk_model (sizeof is about 1 KiB;
 * no other memory), clk_model_init() it once with a configuration that
 * outlives it, offer clk_model_features() and expose
 * clk_model_config() as the device config space; on every Status write
 * of 0 (a reset: for this model a power cut) call clk_model_reset(); for
 * every available descriptor chain call clk_model_serve() and put the
 * returned length in the used ring (MODEL_DROP: leave it unanswered).
 */
#include "tests/sim/model_common.h"

#define CLK_MODEL_MAX_CLKS	32
#define CLK_MODEL_MAX_PARENTS	4
#define CLK_MODEL_MSG_SIZE	68u	/* name[40] id type result data[4] */
#define CLK_MODEL_TYPE_OFF	44u
#define CLK_MODEL_CONFIG_SIZE	28u	/* num_clks, num_resets, name[20] */
#define CLK_MODEL_F_RESET	1
#define CLK_MODEL_F_NAME	2

enum {
	CLK_MODEL_T_ENABLE = 0,
	CLK_MODEL_T_DISABLE = 1,
	CLK_MODEL_T_SET_RATE = 2,
	CLK_MODEL_T_GET_RATE = 3,
	CLK_MODEL_T_ROUND_RATE = 4,
	CLK_MODEL_T_RESET = 5,
	CLK_MODEL_T_SET_FLAGS = 6,
	CLK_MODEL_T_SET_PARENT = 8,
};

/* One clock; its index in the table is its wire id. */
struct clk_model_clock {
	const char *name;		/* < 40 bytes */
	const uint32_t *rates;		/* ascending list of the only rates, or NULL */
	unsigned int nrates;
	uint32_t min_hz, max_hz;	/* without a list: any rate in this range */
	uint32_t default_hz;		/* rate after a reset */
	uint8_t parents[CLK_MODEL_MAX_PARENTS];	/* indices it may run from */
	unsigned int nparents;		/* 0: SET_PARENT refused */
	uint8_t default_parent;
};

struct clk_model_cfg {
	const char *name;		/* config name, < 20 bytes */
	uint32_t num_resets;		/* reset lines 0..num_resets-1 */
	bool feat_reset;		/* offer feature RESET */
	bool feat_name;			/* offer feature NAME */
	const struct clk_model_clock *clocks;
	unsigned int nclks;		/* <= CLK_MODEL_MAX_CLKS */
};

struct clk_model_state {
	bool enabled;
	bool reset_asserted;
	uint32_t rate;
	uint32_t parent;
	uint32_t flags;
};

struct clk_model {
	const struct clk_model_cfg *cfg;
	struct clk_model_state st[CLK_MODEL_MAX_CLKS];
	struct model_faults f;
	struct model_stats stats;
};

/* Bind cfg (kept by pointer), clear knobs and counters, power-on state. */
void clk_model_init(struct clk_model *m, const struct clk_model_cfg *cfg);

/* Reset / power cut: every clock back to its defaults (off, default rate and parent). */
void clk_model_reset(struct clk_model *m);

/* Device feature bits: VERSION_1, EVENT_IDX, and RESET / NAME as configured. */
uint64_t clk_model_features(const struct clk_model *m);

/* Fill len bytes (at most CLK_MODEL_CONFIG_SIZE are meaningful) of config space. */
void clk_model_config(const struct clk_model *m, uint8_t *cfg, uint32_t len);

/* Serve one chain; returns the used length or MODEL_DROP. */
int clk_model_serve(struct clk_model *m, const struct model_chain *ch);

/* Index of the clock called name, or -1. */
int clk_model_find(const struct clk_model *m, const char *name);

/* The platform the qemu-virt board table (board/qemu-virt/supplies.c) names. */
extern const struct clk_model_cfg clk_model_qemu_virt;

#endif
