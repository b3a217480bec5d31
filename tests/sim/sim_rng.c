// SPDX-License-Identifier: MIT
/*
 * Entropy backend (virtio 1.2, 5.4): one queue, fills every writable
 * segment with a predictable byte sequence so tests can check the data
 * really went where the descriptors said.
 */
#include "tests/sim/sim.h"

static int rng_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	uint8_t *next = &d->priv[0];
	unsigned int i, j;

	(void)q;
	for (i = 0; i < r->nin; i++)
		for (j = 0; j < r->in[i].len; j++)
			r->in[i].p[j] = (*next)++;
	return (int)r->in_len;
}

static void rng_reset(struct sim_dev *d)
{
	d->priv[0] = 0;
}

const struct sim_backend sim_rng_backend = {
	.name = "rng",
	.device_id = 4,
	.features = (1ull << 29) | (1ull << 32),	/* EVENT_IDX, VERSION_1 */
	.nqueues = 1,
	.queue_num_max = 64,
	.reset = rng_reset,
	.handle = rng_handle,
};
