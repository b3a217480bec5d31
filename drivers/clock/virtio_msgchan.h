/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_MSGCHAN_H
#define VMIO_VIRTIO_MSGCHAN_H

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
 * One request in flight per device: calls are serialised by a busy flag
 * (a second caller, e.g. an IRQ handler interrupting a call, gets
 * -EBUSY). Two request forms: by default a device-readable request plus
 * a device-writable reply (two descriptors, spec-clean); with in_place,
 * one device-writable buffer that holds the request and receives the
 * reply (what Qualcomm's Linux drivers post).
 *
 * Completion: by the device interrupt when IRQs are unmasked at the CPU;
 * by polling the used ring (virtqueue_poll_wait) when they are masked,
 * as in the PM noirq phase. Either way a request waits at most
 * VIRTIO_CLKREG_TIMEOUT_US. On a timeout the device is reset (so that it
 * can no longer write into the buffer) and marked down; the next call
 * first recovers it: virtio_device_reinit(), DRIVER_OK, and the owner's
 * replay of all tracked state. A latched DEVICE_NEEDS_RESET is recovered
 * the same way. A broken queue (bad used entry) leaves the device FAILED
 * until the PM restore or virtio_*_recover() re-initialises it.
 *
 * Device result codes are Linux errno numbers, negated, as a le32: 0 is
 * success; -1 EPERM, -2 ENOENT, -16 EBUSY, -22 EINVAL, -34 ERANGE,
 * -95 EOPNOTSUPP and -110 ETIMEDOUT map to the same local errno; any
 * other non-zero value is -EIO. A reply shorter than the message (used
 * length), or one that does not echo the request's prefix and type, is
 * -EIO.
 */
#include <stdbool.h>
#include <stdint.h>

struct virtio_device;
struct virtqueue;

/* Longest wait for one reply, in microseconds. */
#ifndef VIRTIO_CLKREG_TIMEOUT_US
#define VIRTIO_CLKREG_TIMEOUT_US	50000u
#endif
/* Wait step while an interrupt-driven request is outstanding. */
#define VIRTIO_CLKREG_WAIT_STEP_US	10u
/* Largest message (the clock's, 68 bytes) and its prefix. */
#define VMSG_MAX_SIZE			68u
#define VMSG_MAX_PREFIX			44u

struct vmsg_chan {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	uint8_t *req;			/* DMA: request (and in-place reply) */
	uint8_t *rsp;			/* DMA: reply of the split form */
	uint32_t size;			/* whole message, bytes */
	uint32_t hdr_off;		/* offset of le32 type */
	const char *kind;		/* "clock" / "regulator", for log lines */
	const char *const *type_names;
	unsigned int ntypes;
	/* Re-send the owner's tracked state (called with the channel held). */
	int (*replay)(struct vmsg_chan *c);
	bool in_place;
	bool busy;			/* a call (or a replay) owns the channel */
	bool recovering;		/* replaying: nested calls allowed, no recovery */
	bool down;			/* reset by us after a timeout; recover first */
	bool frozen;			/* system sleep: consumer calls get -EAGAIN */
	volatile bool done;		/* set by the queue callback */
	uint32_t used_len;
	/* Statistics: requests posted, timeouts, recoveries. */
	uint32_t requests;
	uint32_t timeouts;
	uint32_t recoveries;
};

/*
 * Set up c after virtio_find_vqs() bound vq (vq->priv is pointed at c;
 * the queue's callback must be vmsg_vq_done). Context: probe. No MMIO.
 */
void vmsg_init(struct vmsg_chan *c, struct virtio_device *vdev,
	       struct virtqueue *vq, uint8_t *req, uint8_t *rsp, uint32_t size,
	       uint32_t hdr_off);

/* The virtqueue callback: records the completion of c's request. IRQ context. */
void vmsg_vq_done(struct virtqueue *vq);

/*
 * One round trip: send prefix (hdr_off bytes: name, id), type and
 * data_in[4] (NULL: zeros); on success copy the reply's data[4] to
 * data_out (may be NULL). target names the clock or regulator in the log
 * line. Context: thread, or IRQs masked (then polled); not from an IRQ
 * handler. Waits at most VIRTIO_CLKREG_TIMEOUT_US for the reply, plus,
 * when the device must be recovered first, one such wait per replayed
 * request. Errors (exactly one line logged, except a broken queue,
 * which the queue code logged): -ENODEV (no device), -EBUSY (another
 * call in progress), -EAGAIN (frozen for system sleep: between the
 * driver's freeze and its restore), -EIO (device FAILED, broken queue, short or
 * malformed reply, unknown result code), -ETIMEDOUT, the mapped device
 * result, or an error of the recovery.
 */
int vmsg_call(struct vmsg_chan *c, const char *target, const void *prefix,
	      uint32_t type, const uint32_t data_in[4], uint32_t data_out[4]);

/*
 * Replay the owner's state now (c->replay) on a device that is live
 * (e.g. re-initialised by the PM core's noirq phase): sets DRIVER_OK if
 * the status shadow lacks it, clears `down` and `frozen`. Context: as vmsg_call();
 * bounded by one reply wait per request sent. Errors: -EBUSY (logged),
 * or the first error of the replay.
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
 * queue is already empty: requests are synchronous. Errors: -EBUSY
 * (logged) when a call is in flight.
 */
int vmsg_freeze(struct vmsg_chan *c);

/* True when a replay loop must stop: the device is gone for now. */
bool vmsg_dead(const struct vmsg_chan *c);

#endif
