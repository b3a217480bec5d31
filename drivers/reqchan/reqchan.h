/* SPDX-License-Identifier: MIT */
#ifndef VMIO_REQCHAN_H
#define VMIO_REQCHAN_H

/*
 * The request/response channel shared by the virtio-clock and
 * virtio-regulator drivers (DESIGN.md section 5). Both protocols use
 * one virtqueue and one fixed-size message whose tail is the same:
 *
 *   <prefix: clock u8 name[40] + le32 id | regulator u8 name[20]>
 *   le32 type; le32 result; le32 data[4];
 *
 * so one implementation serves both, parameterised by the message size
 * and the offset of `type`.
 *
 * Consumer calls (vmsg_call) are one round trip each, serialised by a
 * busy flag (a second caller, e.g. an IRQ handler interrupting a call,
 * gets -EBUSY; so does any caller while a replay runs, between its
 * batches too). The owner's replay of its saved state (c->replay, run
 * by vmsg_replay() and by the recovery) sends batches instead: it adds
 * independent requests with vmsg_batch_add() and closes each dependency
 * level with vmsg_batch_end(), which posts the batch, notifies the
 * device once and waits for every completion before it returns, so a
 * later batch never starts before an earlier one is complete. Each
 * request in a batch has its own slot of DMA memory (vmsg_set_pool():
 * up to VIRTIO_CLKREG_BATCH slots per device); a batch larger than the
 * pool or than the free descriptors of the ring is split into several
 * posts, in order. Completions are matched to slots by cookie, so the
 * device may complete a batch in any order. Two request forms: by
 * default a device-readable request plus a device-writable reply (two
 * descriptors per request, spec-clean); with in_place, one
 * device-writable buffer that holds the request and receives the reply
 * (what Qualcomm's Linux drivers post).
 *
 * Completion: by the device interrupt when IRQs are unmasked at the CPU;
 * by polling the used ring (virtqueue_poll_wait) when they are masked,
 * as in the PM noirq phase. Either way a post waits until all of its
 * requests completed and fails with -ETIMEDOUT when
 * VIRTIO_CLKREG_TIMEOUT_US pass without any completion (the wait starts
 * again at each one: a device that serves one request after the other
 * gets the time it had with one in flight, and a post of n requests
 * waits at most n times the timeout). On a timeout the device is reset
 * (so that it can no longer write into the buffers; the reset's own wait,
 * up to VIRTIO_RESET_TIMEOUT_US, runs with IRQs as the caller has them,
 * never masked by the channel), every request is taken back and the
 * device is marked down; the next call first recovers it:
 * virtio_device_reinit(), DRIVER_OK, and the owner's replay of all
 * tracked state. A latched DEVICE_NEEDS_RESET is recovered the same way.
 * A used entry when nothing is in flight (a reply delivered twice, or
 * one never asked for) is never read as a reply: the replies already
 * taken stand, the device is reset with one line and recovered by the
 * next call. A broken queue (bad used entry among the requests in
 * flight) leaves the device FAILED until the PM restore or
 * virtio_*_recover() re-initialises it; a FAILED device answers every
 * call with -EIO at once, frozen or not (e.g. after a failed resume).
 *
 * Device result codes are Linux errno numbers, negated, as a le32: 0 is
 * success; -1 EPERM, -2 ENOENT, -16 EBUSY, -22 EINVAL, -34 ERANGE,
 * -95 EOPNOTSUPP and -110 ETIMEDOUT map to the same local errno; any
 * other non-zero value is -EIO. A reply shorter than the message (used
 * length), or one that does not echo the request's prefix and type, is
 * -EIO. Every failed request logs one line; a post returns the error of
 * the first failed request in the order they were added.
 */
#include <stdbool.h>
#include <stdint.h>

struct virtio_device;
struct virtqueue;

/* Longest wait for the next completion, in microseconds. */
#ifndef VIRTIO_CLKREG_TIMEOUT_US
#define VIRTIO_CLKREG_TIMEOUT_US	50000u
#endif
/*
 * Requests one replay post can hold: the DMA slots per device. A power
 * of two, so that the owners' rings (2 descriptors per request in the
 * split form) are one too.
 */
#ifndef VIRTIO_CLKREG_BATCH
#define VIRTIO_CLKREG_BATCH		8u
#endif
_Static_assert(VIRTIO_CLKREG_BATCH >= 1 && VIRTIO_CLKREG_BATCH <= 128 &&
	       (VIRTIO_CLKREG_BATCH & (VIRTIO_CLKREG_BATCH - 1)) == 0,
	       "VIRTIO_CLKREG_BATCH must be a power of two, 1 to 128");
/* Wait step while an interrupt-driven request is outstanding. */
#define VIRTIO_CLKREG_WAIT_STEP_US	10u
/* Largest message (the clock's, 68 bytes) and its prefix. */
#define VMSG_MAX_SIZE			68u
#define VMSG_MAX_PREFIX			44u

/* One request of a post: its DMA buffers and what its reply must echo. */
struct vmsg_slot {
	uint8_t *req;			/* DMA: request (and in-place reply) */
	uint8_t *rsp;			/* DMA: reply of the split form */
	const char *target;		/* clock or regulator, for log lines */
	uint32_t type;
	uint32_t used_len;
	bool posted;			/* the device owns the buffers */
	/* Private copy: in the in-place form the request buffer is overwritten. */
	uint8_t prefix[VMSG_MAX_PREFIX];
};

struct vmsg_chan {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	uint8_t *req;			/* slot 0's buffers: those of vmsg_call() */
	uint8_t *rsp;
	uint32_t size;			/* whole message, bytes */
	uint32_t hdr_off;		/* offset of le32 type */
	const char *kind;		/* "clock" / "regulator", for log lines */
	const char *const *type_names;
	unsigned int ntypes;
	/* Re-send the owner's tracked state (called with the channel held). */
	int (*replay)(struct vmsg_chan *c);
	bool in_place;
	bool busy;			/* a call (or a replay) owns the channel */
	bool recovering;		/* replaying: batches allowed */
	bool down;			/* reset by us after a timeout; recover first */
	bool frozen;			/* system sleep: consumer calls get -EAGAIN */
	uint32_t used_len;		/* used length of vmsg_call()'s last reply */
	unsigned int nslots;		/* slots with buffers (1 until vmsg_set_pool()) */
	unsigned int nstaged;		/* batch: slots written, not posted yet */
	unsigned int inflight;		/* posted, not completed (reaping counts down) */
	struct vmsg_slot slot[VIRTIO_CLKREG_BATCH];
	/* Statistics: requests and posts (notify decisions), timeouts, recoveries. */
	uint32_t requests;
	uint32_t posts;
	uint32_t timeouts;
	uint32_t recoveries;
};

/*
 * Set up c after virtio_find_vqs() bound vq (vq->priv is pointed at c;
 * the queue's callback must be vmsg_vq_done), with one request slot:
 * req and rsp, size bytes each. Context: probe. No MMIO.
 */
void vmsg_init(struct vmsg_chan *c, struct virtio_device *vdev,
	       struct virtqueue *vq, uint8_t *req, uint8_t *rsp, uint32_t size,
	       uint32_t hdr_off);

/*
 * Give c n request slots (at most VIRTIO_CLKREG_BATCH) for batches: slot
 * k's request at req + k * stride, its reply at rsp + k * stride, both
 * DMA memory of c->size bytes, each on cache lines of its own. Slot 0
 * also serves vmsg_call(). Context: probe, after vmsg_init(). No MMIO.
 */
void vmsg_set_pool(struct vmsg_chan *c, uint8_t *req, uint8_t *rsp,
		   uint32_t stride, unsigned int n);

/* The virtqueue callback: records completions of c's requests. IRQ context. */
void vmsg_vq_done(struct virtqueue *vq);

/*
 * One round trip: send prefix (hdr_off bytes: name, id), type and
 * data_in[4] (NULL: zeros); on success copy the reply's data[4] to
 * data_out (may be NULL). target names the clock or regulator in the log
 * line. Context: thread, or IRQs masked (then polled); not from an IRQ
 * handler, nor from the owner's replay (which batches). Waits at most
 * VIRTIO_CLKREG_TIMEOUT_US for the reply, plus, when the device must be
 * recovered first, the replay's waits, plus after a timeout the
 * device's reset (VIRTIO_RESET_TIMEOUT_US at most). Errors (exactly one
 * line logged, except a broken queue, which the queue code logged):
 * -ENODEV (no device), -EBUSY (another call or a replay in progress),
 * -EIO (device FAILED, checked first; broken queue, short or malformed
 * reply, unknown result code), -EAGAIN (frozen for system sleep: between
 * the driver's freeze and its restore), -ETIMEDOUT, -ENOSPC (ring too
 * small), the mapped device result, or an error of the recovery.
 */
int vmsg_call(struct vmsg_chan *c, const char *target, const void *prefix,
	      uint32_t type, const uint32_t data_in[4], uint32_t data_out[4]);

/*
 * Only from the owner's replay (the channel is held): add one request
 * (as vmsg_call() would send it, reply data ignored) to the batch being
 * built. When the batch already fills the slots or the ring's free
 * descriptors, it is posted and completed first. Context: that of the
 * replay. Waits: that post's, as vmsg_batch_end(). Errors: -EINVAL
 * (logged) outside a replay, else those of vmsg_batch_end().
 */
int vmsg_batch_add(struct vmsg_chan *c, const char *target, const void *prefix,
		   uint32_t type, const uint32_t data_in[4]);

/*
 * Only from the owner's replay: post the batch built so far, notify once,
 * and wait until every request in it completed; an empty batch sends
 * nothing. Context: thread (interrupt-driven) or IRQs masked (polled,
 * interrupts suppressed for the queue). Waits: until no completion came
 * for VIRTIO_CLKREG_TIMEOUT_US, so at most that times the requests.
 * Errors (each failed request logged once; the first in batch order
 * returned): -EIO (broken queue: the device is FAILED; short or
 * malformed reply; unknown result), -ETIMEDOUT (the device is reset and
 * marked down, nothing is left in flight), -ENOSPC (ring too small),
 * the mapped device result; -EIO (logged) too when a used entry came
 * beyond the batch's requests: the device was reset, the replay cannot
 * go on.
 */
int vmsg_batch_end(struct vmsg_chan *c);

/*
 * Replay the owner's state now (c->replay) on a device that is live
 * (e.g. re-initialised by the PM core's noirq phase): sets DRIVER_OK if
 * the status shadow lacks it, clears `down` and `frozen`. Context: as
 * vmsg_call(); bounded by the waits of the replay's batches. Errors:
 * -EBUSY (logged), or the first error of the replay, which stops there.
 */
int vmsg_replay(struct vmsg_chan *c);

/*
 * Re-initialise the device with what the core knows (virtio_device_reinit,
 * DRIVER_OK) and replay. For a device left FAILED or down. Context: as
 * vmsg_call(). Errors: -EBUSY (logged), those of virtio_device_reinit(),
 * or the first error of the replay.
 */
int vmsg_recover(struct vmsg_chan *c);

/*
 * PM freeze (IRQs on): from now on consumer calls get -EAGAIN until a
 * replay (restore_noirq, or restore after a rolled-back suspend). The
 * queue is already empty: every call and batch waits for its
 * completions. Errors: -EBUSY (logged) when a call is in flight.
 */
int vmsg_freeze(struct vmsg_chan *c);

#endif
