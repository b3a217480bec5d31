// SPDX-License-Identifier: MIT
/*
 * Block-like backend (virtio 1.2, 5.2): one request queue, a RAM disk of
 * SIM_BLK_SECTORS sectors in the device's private area, IN / OUT /
 * FLUSH / GET_ID. Config: capacity, seg_max, blk_size.
 */
#include <string.h>
#include "tests/sim/sim.h"

#define BLK_T_IN	0
#define BLK_T_OUT	1
#define BLK_T_FLUSH	4
#define BLK_T_GET_ID	8
#define BLK_S_OK	0
#define BLK_S_IOERR	1
#define BLK_S_UNSUPP	2
#define SECTOR		512u

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

static void blk_init(struct sim_dev *d)
{
	put_le(d->config + 0, SIM_BLK_SECTORS, 8);	/* capacity */
	put_le(d->config + 12, SIM_BLK_SEG_MAX, 4);	/* seg_max */
	put_le(d->config + 20, SECTOR, 4);		/* blk_size */
}

/* Copy between the disk and the data segments, sector by sector. */
static int blk_rw(struct sim_dev *d, struct sim_req *r, uint32_t type, uint64_t sector)
{
	struct sim_seg *segs = type == BLK_T_IN ? r->in : r->out + 1;
	unsigned int i, n = type == BLK_T_IN ? r->nin - 1 : r->nout - 1;
	uint64_t off = sector * SECTOR;
	uint32_t done = 0;

	for (i = 0; i < n; i++) {
		if (off + segs[i].len > (uint64_t)SIM_BLK_SECTORS * SECTOR)
			return -1;
		if (type == BLK_T_IN)
			memcpy(segs[i].p, d->priv + off, segs[i].len);
		else
			memcpy(d->priv + off, segs[i].p, segs[i].len);
		off += segs[i].len;
		done += segs[i].len;
	}
	return type == BLK_T_IN ? (int)done : 0;
}

static int blk_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	const uint8_t *h;
	uint8_t *status;
	uint32_t type;
	uint64_t sector = 0;
	int n = 0;
	unsigned int i;

	(void)q;
	if (!r->nout || r->out[0].len < 16 || !r->nin || r->in[r->nin - 1].len < 1)
		return 0;
	h = r->out[0].p;
	type = h[0] | h[1] << 8 | h[2] << 16 | (uint32_t)h[3] << 24;
	for (i = 0; i < 8; i++)
		sector |= (uint64_t)h[8 + i] << (8 * i);
	status = r->in[r->nin - 1].p + r->in[r->nin - 1].len - 1;
	switch (type) {
	case BLK_T_IN:
	case BLK_T_OUT:
		n = blk_rw(d, r, type, sector);
		*status = n < 0 ? BLK_S_IOERR : BLK_S_OK;
		if (n < 0)
			n = 0;
		break;
	case BLK_T_FLUSH:
		*status = BLK_S_OK;
		break;
	case BLK_T_GET_ID:
		n = r->in[0].len < 20 ? (int)r->in[0].len : 20;
		memset(r->in[0].p, 0, (size_t)n);
		memcpy(r->in[0].p, "vmio-sim", 8);
		*status = BLK_S_OK;
		break;
	default:
		*status = BLK_S_UNSUPP;
		break;
	}
	return n + 1;
}

const struct sim_backend sim_blk_backend = {
	.name = "blk",
	.device_id = 2,
	/* SEG_MAX, BLK_SIZE, FLUSH, EVENT_IDX, VERSION_1 */
	.features = (1ull << 2) | (1ull << 6) | (1ull << 9) | (1ull << 29) | (1ull << 32),
	.nqueues = 1,
	.queue_num_max = 128,
	.init = blk_init,
	.handle = blk_handle,
};
