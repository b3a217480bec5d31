// SPDX-License-Identifier: MIT
/*
 * Simulator glue of the virtio-clock and virtio-regulator models:
 * converts a sim chain to a model chain and back, one model instance per
 * sim device. The models themselves (model_clock.c, model_regulator.c)
 * are freestanding.
 */
#include "tests/sim/sim_clkreg.h"

#define SIM_ID_REGULATOR	0xC001u
#define SIM_ID_REGULATOR_OLD	31u	/* a test's copy of the backend may use it */

static struct clk_model clk_models[SIM_MAX_DEVS];
static struct reg_model reg_models[SIM_MAX_DEVS];

static bool sim_is_regulator(const struct sim_dev *d)
{
	return d->be->device_id == SIM_ID_REGULATOR ||
	       d->be->device_id == SIM_ID_REGULATOR_OLD;
}

struct clk_model *sim_clock_model(struct sim_dev *d)
{
	return &clk_models[d->index];
}

struct reg_model *sim_regulator_model(struct sim_dev *d)
{
	return &reg_models[d->index];
}

void sim_clock_configure(struct sim_dev *d, const struct clk_model_cfg *cfg)
{
	struct clk_model *m = sim_clock_model(d);

	clk_model_init(m, cfg);
	clk_model_config(m, d->config, SIM_CONFIG_SIZE);
}

void sim_regulator_configure(struct sim_dev *d, const struct reg_model_cfg *cfg)
{
	reg_model_init(sim_regulator_model(d), cfg);
}

/* Both models start with the qemu-virt platform's table. */
static void sim_clkreg_init(struct sim_dev *d)
{
	if (sim_is_regulator(d))
		sim_regulator_configure(d, &reg_model_qemu_virt);
	else
		sim_clock_configure(d, &clk_model_qemu_virt);
}

static void sim_clkreg_reset(struct sim_dev *d)
{
	if (sim_is_regulator(d))
		reg_model_reset(sim_regulator_model(d));
	else
		clk_model_reset(sim_clock_model(d));
}

static int sim_clkreg_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	struct model_seg out[SIM_MAX_SEGS], in[SIM_MAX_SEGS];
	struct model_chain ch = { out, r->nout, in, r->nin };
	unsigned int i;
	int n;

	(void)q;
	for (i = 0; i < r->nout; i++)
		out[i] = (struct model_seg){ r->out[i].p, r->out[i].len };
	for (i = 0; i < r->nin; i++)
		in[i] = (struct model_seg){ r->in[i].p, r->in[i].len };
	n = sim_is_regulator(d) ? reg_model_serve(sim_regulator_model(d), &ch) :
				  clk_model_serve(sim_clock_model(d), &ch);
	return n == MODEL_DROP ? SIM_HOLD : n;
}

#define CLKREG_SIM_BASE_FEATURES (1ull << MODEL_F_VERSION_1 | 1ull << MODEL_F_EVENT_IDX)

const struct sim_backend sim_clock_backend = {
	.name = "clock",
	.device_id = 0xC000,
	.features = CLKREG_SIM_BASE_FEATURES | 1ull << CLK_MODEL_F_RESET |
		    1ull << CLK_MODEL_F_NAME,
	.nqueues = 1,
	.queue_num_max = 16,
	.init = sim_clkreg_init,
	.reset = sim_clkreg_reset,
	.handle = sim_clkreg_handle,
};

/* The clock without RESET and NAME. */
const struct sim_backend sim_clock_backend_basic = {
	.name = "clock-basic", .device_id = 0xC000, .features = CLKREG_SIM_BASE_FEATURES,
	.nqueues = 1, .queue_num_max = 16,
	.init = sim_clkreg_init, .reset = sim_clkreg_reset, .handle = sim_clkreg_handle,
};

const struct sim_backend sim_regulator_backend = {
	.name = "regulator", .device_id = SIM_ID_REGULATOR, .features = CLKREG_SIM_BASE_FEATURES,
	.nqueues = 1, .queue_num_max = 16,
	.init = sim_clkreg_init, .reset = sim_clkreg_reset, .handle = sim_clkreg_handle,
};
