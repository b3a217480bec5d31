/* SPDX-License-Identifier: MIT */
#ifndef VMIO_RING_FUZZ_COMMON_H
#define VMIO_RING_FUZZ_COMMON_H

/*
 * The harness the two ring fuzz targets share (fuzz_used_ring.c for the
 * split layout, fuzz_packed_ring.c for the packed one): the requests the
 * driver posted (their addresses are the cookies), the part of the model
 * that does not depend on the layout, the checks of the private shadow,
 * and every script step that goes through the layout-free virtqueue API
 * (add_sgs, get_buf, detach_unused, reinit_vring, kick, callbacks, poll).
 * What a step must do on a given layout, and what the device writes, is
 * asked of the target through the ring_* hooks below, which each target
 * defines once.
 */
#include <stdbool.h>
#include <stdint.h>

#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "tests/fuzz/fuzz_stubs.h"

#define FQ_MAX		16		/* storage; the device may offer less */
#define NTOK		(2 * FQ_MAX)	/* more cookies than can ever be in flight */
#define MAX_SEGS	4		/* per direction: chains longer than small queues */
#define POOL_SIZE	4096
#define MAX_STEPS	4096

/* One request the driver posted; its address is the cookie. */
struct rf_tok {
	bool in_flight;
	bool indirect;		/* one ring slot pointing at an indirect table */
	uint16_t head;		/* as the device read it from the ring */
	uint16_t slots;		/* descriptors (= shadows) it holds in the ring */
	uint64_t offered;	/* device-writable bytes of the chain */
};

/* What the queue must look like, kept independently of it. */
struct rf_model {
	unsigned int in_flight_slots;
	unsigned int ind_in_flight;	/* indirect tables in use */
	bool broken;
};

/* What a script byte asks for; each target maps bytes to these. */
enum rf_step {
	RF_ADD, RF_GET, RF_DEV_USED, RF_DEV_USED2, RF_DEV_IDX, RF_DEV_SCRIBBLE,
	RF_DETACH_ONE, RF_DETACH_ALL, RF_REINIT, RF_KICK, RF_DISABLE_CB,
	RF_ENABLE_CB, RF_POLL, RF_POLL_WAIT,
};

extern struct rf_tok rf_toks[NTOK];
extern struct rf_model rf;
extern struct virtio_device rf_dev;

/*
 * Start an input afresh: stubs, requests, model and the fake device (no
 * features, the notify op only). The target then sets features, inits
 * its queue and calls rf_run().
 */
void rf_reset(void);

/*
 * Bring up @vq from the input's first two bytes: the queue size the
 * device offers (0, no queue, up to beyond the storage) and feature bits
 * on top of @features (bit 0: EVENT_IDX; bit 1: INDIRECT_DESC, if
 * @offer_indirect). virtqueue_init must succeed, or say -ENOENT for no
 * queue. Returns the offered size, 0 for no queue (the input ends there).
 */
unsigned int rf_init(struct virtqueue *vq, struct fuzz_in *in, uint64_t features,
		     bool offer_indirect);

/*
 * Run the script in @in against @vq: each step is table[byte % n], the
 * invariants are checked before the first step and after each, and at the
 * end the driver must be able to take back everything still in flight.
 */
void rf_run(struct virtqueue *vq, struct fuzz_in *in, const uint8_t *table, unsigned int n);

/* The cookie's request; anything but exactly one handed out is a bug. */
struct rf_tok *rf_tok_of(void *cookie);
/* The request in flight whose chain starts at @id, or NULL. */
struct rf_tok *rf_in_flight_head(uint32_t id);

/*
 * For the device steps: the request a used entry names (mode bits 0-1 set
 * and something in flight: one of those, else NULL), and its length
 * (mostly within or at the edge of what @t offered, else anything).
 */
struct rf_tok *rf_dev_pick(struct fuzz_in *in, uint8_t mode);
uint32_t rf_dev_len(struct fuzz_in *in, uint8_t mode, const struct rf_tok *t);

/* The hooks: each target defines these for its layout. */

/* Whether add_sgs must go indirect for @total segments, @nfree slots free. */
bool ring_add_indirect(struct virtqueue *vq, unsigned int total, unsigned int nfree);
/*
 * After a successful add_sgs: check what was handed to the device, and
 * return the head (buffer id) the device reads; @slots ring slots went.
 */
uint16_t ring_posted(struct virtqueue *vq, bool indirect, unsigned int slots);
/*
 * Before get_buf: what it must return, from what the device wrote at
 * the driver's used position (*breaks: the queue must break instead;
 * *ulen: the device's length for the returned request).
 */
struct rf_tok *ring_get_expect(struct virtqueue *vq, bool *breaks, uint32_t *ulen);
/* get_buf returned @t: the driver's used position moves past it. */
void ring_consumed(struct rf_tok *t);
/* Whether poll must report something to do (a used entry, or broken). */
bool ring_pending(struct virtqueue *vq);
/* A successful reinit_vring: the device starts over; check the ring is clean. */
void ring_reinit(struct virtqueue *vq);
/*
 * What the device (or a stray DMA) writes. RF_DEV_USED: a used entry
 * (@first: split publishes it at once, packed writes it at the used
 * position); RF_DEV_USED2 the same with @first false (split: unpublished;
 * packed: just past the used position); RF_DEV_IDX: a used idx jump
 * (split only: packed has no used idx and leaves it out of its table);
 * RF_DEV_SCRIBBLE: stray bytes in the ring memory.
 */
void ring_dev_used(struct virtqueue *vq, struct fuzz_in *in, bool first);
void ring_dev_idx(struct virtqueue *vq, struct fuzz_in *in);
void ring_dev_scribble(struct virtqueue *vq, struct fuzz_in *in);
/* The layout's own invariants, after each step. */
void ring_check(struct virtqueue *vq);

#endif
