/* SPDX-License-Identifier: MIT */
#ifndef VMIO_SIM_CONSOLE_H
#define VMIO_SIM_CONSOLE_H

/*
 * Console backend (virtio 1.2, 5.3) for host tests: receiveq 0 and
 * transmitq 1 of port 0. The test queues host input, which fills the
 * receive buffers the driver posted, one chunk per buffer; whatever the
 * driver transmits is collected. Knobs make the device misbehave.
 */
#include <stdbool.h>
#include <stdint.h>
#include "tests/sim/sim.h"

#define SIM_CONSOLE_IN_MAX	1024
#define SIM_CONSOLE_OUT_MAX	4096

struct sim_console_state {
	uint8_t in[SIM_CONSOLE_IN_MAX];
	uint32_t in_len, in_off;	/* queued host input, and how much was delivered */
	uint8_t out[SIM_CONSOLE_OUT_MAX];
	uint32_t out_len;		/* bytes the driver transmitted */
	uint32_t rx_chunk;		/* most bytes per receive buffer (0: the whole buffer) */
	bool empty_rx;			/* hand every receive buffer back with 0 bytes */
	bool hold_tx;			/* never complete a transmit buffer */
	unsigned int rx_used;		/* receive buffers handed back */
};

extern const struct sim_backend sim_console_backend;

/* The backend state of a console device. */
struct sim_console_state *sim_console(struct sim_dev *d);

/* Queue host input and serve the receive buffers posted so far. */
void sim_console_input(struct sim_dev *d, const void *p, uint32_t len);

#endif
