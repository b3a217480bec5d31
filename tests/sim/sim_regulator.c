// SPDX-License-Identifier: MIT
/*
 * Simulator glue of the virtio-regulator model: converts a sim chain to
 * a model chain and back. The model (model_regulator.c) is freestanding.
 */
#include "tests/sim/sim_clkreg.h"

static struct reg_model reg_models[SIM_MAX_DEVS];

struct reg_model *sim_regulator_model(struct sim_dev *d)
{
	return &reg_models[d->index];
}

void sim_regulator_configure(struct sim_dev *d, const struct reg_model_cfg *cfg)
{
	reg_model_init(sim_regulator_model(d), cfg);
}

static void sim_reg_init(struct sim_dev *d)
{
	sim_regulator_configure(d, &reg_model_qemu_virt);
}

static void sim_reg_reset(struct sim_dev *d)
{
	reg_model_reset(sim_regulator_model(d));
}

static int sim_reg_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
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
	n = reg_model_serve(sim_regulator_model(d), &ch);
	return n == MODEL_DROP ? SIM_HOLD : n;
}

const struct sim_backend sim_regulator_backend = {
	.name = "regulator",
	.device_id = 0xC001,
	.features = 1ull << MODEL_F_VERSION_1 | 1ull << MODEL_F_EVENT_IDX,
	.nqueues = 1,
	.queue_num_max = 16,
	.init = sim_reg_init,
	.reset = sim_reg_reset,
	.handle = sim_reg_handle,
};
