// SPDX-License-Identifier: MIT
/*
 * Console backend (virtio 1.2, 5.3), port 0 only: receive buffers are
 * held until the test queues input, transmit buffers are collected. The
 * config space offers 80x25 and, for a test that sets MULTIPORT, a port
 * count it chooses.
 */
#include <string.h>
#include "tests/sim/sim_console.h"

#define CON_RXQ 0
#define CON_TXQ 1

_Static_assert(sizeof(struct sim_console_state) <= SIM_PRIV_SIZE, "fits the private area");

struct sim_console_state *sim_console(struct sim_dev *d)
{
	return (struct sim_console_state *)(void *)d->priv;
}

static void con_init(struct sim_dev *d)
{
	memset(d->priv, 0, sizeof(struct sim_console_state));
	d->config[0] = 80;	/* cols */
	d->config[2] = 25;	/* rows */
	d->config[4] = 1;	/* max_nr_ports */
}

static int con_rx(struct sim_console_state *st, struct sim_req *r)
{
	uint32_t n = st->in_len - st->in_off;

	if (st->empty_rx) {
		st->rx_used++;
		return 0;
	}
	if (!n || !r->nin)
		return SIM_HOLD;
	if (n > r->in[0].len)
		n = r->in[0].len;
	if (st->rx_chunk && n > st->rx_chunk)
		n = st->rx_chunk;
	memcpy(r->in[0].p, st->in + st->in_off, n);
	st->in_off += n;
	st->rx_used++;
	return (int)n;
}

static int con_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	struct sim_console_state *st = sim_console(d);
	unsigned int i;

	if (q == CON_RXQ)
		return con_rx(st, r);
	if (st->hold_tx)
		return SIM_HOLD;
	for (i = 0; i < r->nout; i++) {
		uint32_t n = r->out[i].len;

		if (n > SIM_CONSOLE_OUT_MAX - st->out_len)
			n = SIM_CONSOLE_OUT_MAX - st->out_len;
		memcpy(st->out + st->out_len, r->out[i].p, n);
		st->out_len += n;
	}
	return 0;
}

void sim_console_input(struct sim_dev *d, const void *p, uint32_t len)
{
	struct sim_console_state *st = sim_console(d);

	if (len > SIM_CONSOLE_IN_MAX - st->in_len)
		len = SIM_CONSOLE_IN_MAX - st->in_len;
	memcpy(st->in + st->in_len, p, len);
	st->in_len += len;
	sim_process(d, CON_RXQ);
}

const struct sim_backend sim_console_backend = {
	.name = "console",
	.device_id = 3,
	.features = (1ull << 29) | (1ull << 32),	/* EVENT_IDX, VERSION_1 */
	.nqueues = 2,
	.queue_num_max = 64,
	.init = con_init,
	.handle = con_handle,
};
