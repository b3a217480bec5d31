// SPDX-License-Identifier: MIT
/*
 * Simulator glue of the virtio-clock model: converts a sim chain to a
 * model chain and back. The model itself (model_clock.c) is freestanding.
 */
#include "tests/sim/sim_clkreg.h"

static struct clk_model clk_models[SIM_MAX_DEVS];

struct clk_model *sim_clock_model(struct sim_dev *d)
{
	return &clk_models[d->index];
}

void sim_clock_configure(struct sim_dev *d, const struct clk_model_cfg *cfg)
{
	struct clk_model *m = sim_clock_model(d);

	clk_model_init(m, cfg);
	clk_model_config(m, d->config, SIM_CONFIG_SIZE);
}

static void sim_clk_init(struct sim_dev *d)
{
	sim_clock_configure(d, &clk_model_qemu_virt);
}

static void sim_clk_reset(struct sim_dev *d)
{
	clk_model_reset(sim_clock_model(d));
}

static int sim_clk_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
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
	n = clk_model_serve(sim_clock_model(d), &ch);
	return n == MODEL_DROP ? SIM_HOLD : n;
}

#define CLK_SIM_BASE_FEATURES (1ull << MODEL_F_VERSION_1 | 1ull << MODEL_F_EVENT_IDX)

const struct sim_backend sim_clock_backend = {
	.name = "clock",
	.device_id = 0xC000,
	.features = CLK_SIM_BASE_FEATURES | 1ull << CLK_MODEL_F_RESET |
		    1ull << CLK_MODEL_F_NAME,
	.nqueues = 1,
	.queue_num_max = 16,
	.init = sim_clk_init,
	.reset = sim_clk_reset,
	.handle = sim_clk_handle,
};

const struct sim_backend sim_clock_backend_basic = {
	.name = "clock-basic",
	.device_id = 0xC000,
	.features = CLK_SIM_BASE_FEATURES,
	.nqueues = 1,
	.queue_num_max = 16,
	.init = sim_clk_init,
	.reset = sim_clk_reset,
	.handle = sim_clk_handle,
};
