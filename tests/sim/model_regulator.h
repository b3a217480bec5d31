/* SPDX-License-Identifier: MIT */
#ifndef VMIO_MODEL_REGULATOR_H
#define VMIO_MODEL_REGULATOR_H

/*
 * virtio-regulator device model (DESIGN.md section 5): a table of
 * regulators named by string, each with an output range and step, the
 * modes it supports and a largest current limit, and their live state.
 * No config space, no feature bits but VERSION_1 (and EVENT_IDX).
 * Freestanding (see model_common.h).
 *
 * Use from any host: keep a struct reg_model (about 0.5 KiB, no other
 * memory), reg_model_init() it once with a configuration that outlives
 * it, offer reg_model_features(); on every Status write of 0 (for this
 * model a power cut) call reg_model_reset(); for every available chain
 * call reg_model_serve() and put the returned length in the used ring
 * (MODEL_DROP: leave it unanswered).
 */
#include "tests/sim/model_common.h"

#define REG_MODEL_MAX_REGS	16
#define REG_MODEL_MSG_SIZE	44u	/* name[20] type result data[4] */
#define REG_MODEL_TYPE_OFF	20u
#define REG_MODEL_MODE_FAST	0x1u
#define REG_MODEL_MODE_NORMAL	0x2u
#define REG_MODEL_MODE_IDLE	0x4u
#define REG_MODEL_MODE_STANDBY	0x8u

enum {
	REG_MODEL_T_ENABLE = 0,
	REG_MODEL_T_DISABLE = 1,
	REG_MODEL_T_SET_VOLTAGE = 2,
	REG_MODEL_T_GET_VOLTAGE = 3,
	REG_MODEL_T_SET_CURRENT_LIMIT = 4,
	REG_MODEL_T_GET_CURRENT_LIMIT = 5,
	REG_MODEL_T_SET_MODE = 6,
	REG_MODEL_T_GET_MODE = 7,
	REG_MODEL_T_SET_LOAD = 8,
};

struct reg_model_reg {
	const char *name;		/* < 20 bytes */
	uint32_t min_mV, max_mV;	/* output range */
	uint32_t step_mV;		/* selectable voltages min + k * step (0: 1 mV) */
	uint32_t default_mV;
	uint32_t modes;			/* REG_MODEL_MODE_* it supports */
	uint32_t default_mode;
	uint32_t max_uA;		/* largest current limit and load */
	uint32_t default_limit_uA;
};

struct reg_model_cfg {
	const struct reg_model_reg *regs;
	unsigned int nregs;		/* <= REG_MODEL_MAX_REGS */
};

struct reg_model_state {
	bool enabled;
	uint32_t mV;
	uint32_t mode;
	uint32_t load_uA;
	uint32_t limit_uA;
};

struct reg_model {
	const struct reg_model_cfg *cfg;
	struct reg_model_state st[REG_MODEL_MAX_REGS];
	struct model_faults f;
	struct model_stats stats;
};

/* Bind cfg (kept by pointer), clear knobs and counters, power-on state. */
void reg_model_init(struct reg_model *m, const struct reg_model_cfg *cfg);

/* Reset / power cut: every regulator off, at its default voltage, mode and limit. */
void reg_model_reset(struct reg_model *m);

/* Device feature bits: VERSION_1 and EVENT_IDX. */
uint64_t reg_model_features(const struct reg_model *m);

/* Serve one chain; returns the used length or MODEL_DROP. */
int reg_model_serve(struct reg_model *m, const struct model_chain *ch);

/* Index of the regulator called name, or -1. */
int reg_model_find(const struct reg_model *m, const char *name);

/* The platform the qemu-virt board table (board/qemu-virt/supplies.c) names. */
extern const struct reg_model_cfg reg_model_qemu_virt;

#endif
