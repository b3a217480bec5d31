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
#include <stddef.h>
#include <stdint.h>
#include "board/board.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"

struct board_supply_table;

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
	/*
	 * Does reply r answer slot s? NULL: it must echo the request's
	 * prefix (hdr_off bytes) and type. A protocol whose replies carry
	 * a token or a header of their own checks that here instead.
	 */
	bool (*echo_ok)(const struct vmsg_chan *c, const struct vmsg_slot *s,
			const uint8_t *r);
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

/*
 * The driver side: probe, remove, freeze, restore and restore_noirq of a
 * request/reply device, and its instances, written once here. A
 * protocol (clock, regulator) is a struct reqchan_ops plus its consumer
 * API; it keeps its state in a struct that begins with a struct reqchan
 * and defines its instances and DMA memory with REQCHAN_DEFINE().
 *
 * reqchan_probe(), for the device the core is binding: takes a free
 * instance (-ENOSPC, logged, when all are bound), requires VERSION_1
 * (-ENODEV, logged), asks the board which objects (clocks, regulators)
 * the device serves (board_virtio_supplies(); none named: -ENODEV,
 * logged), runs ops->read_config(), checks the table (count, name
 * length, names unique among all of the driver's devices, then
 * ops->check_entry(); -ENOSPC or -EINVAL, logged), sets up the one
 * queue and the request pool, lets ops->bind() take the table, then
 * runs ops->start() (optional: requests at probe, e.g. boot-on
 * regulators; it must set DRIVER_OK first). Consumer calls go through
 * reqchan_call(); the replay of the saved state is ops->passes passes
 * of ops->replay_item() per object, one batch per pass (or per level,
 * ops->levels()). freeze closes the consumer API (vmsg_freeze());
 * restore_noirq replays on the device the PM core re-initialised,
 * polled; restore replays only when restore_noirq did not run (a
 * suspend rolled back before the noirq phase).
 *
 * A third request/reply device (an SCMI transport, say) needs only its
 * protocol, in a folder of its own: its objects and their prefix, log
 * name and replay items in a struct reqchan_ops (echo_ok too when its
 * replies do not echo the request's prefix and type), REQCHAN_DEFINE()
 * for its instances and DMA memory (message size), a struct
 * reqchan_driver with its name, device ID, features and PM class, and
 * reqchan_register() as its register function; drivers/drivers.h calls
 * that. The channel carries messages of the form prefix, le32 type,
 * le32 result, le32 data[4]: a protocol with another layout (SCMI's
 * header word and token) maps its fields onto the prefix and data words
 * and checks its replies with echo_ok; one whose replies differ in size
 * from its requests would first need a reply size in the channel.
 */

/* Descriptors of a device's queue: two per request, a whole pool per post. */
#define REQCHAN_QUEUE_SIZE	(2 * VIRTIO_CLKREG_BATCH)

struct reqchan_driver;
struct reqchan_ops;

/* The part of a protocol's device state the shared glue owns. */
struct reqchan {
	struct vmsg_chan chan;
	const struct reqchan_ops *ops;	/* set at probe */
	struct virtio_device *vdev;	/* bound: probe succeeded, not removed */
	unsigned int n;			/* objects the board named (clocks...) */
};

/* Static memory of a protocol's devices: see REQCHAN_DEFINE(). */
struct reqchan_mem {
	uint8_t *rings;			/* per device: one VRING_ALIGN'ed ring */
	size_t ring_size;
	uint8_t *dma;			/* per device: VIRTIO_CLKREG_BATCH slots */
	size_t dma_size;		/* one device's slots */
	size_t slot_size;		/* one slot: request, then reply at rsp_off */
	size_t rsp_off;
	uint32_t msg_size;		/* request and reply, bytes */
	struct vq_desc_state *vq_state;	/* per device: REQCHAN_QUEUE_SIZE */
	struct virtqueue *vqs;
	void *devs;			/* the protocol's instances, reqchan first */
	size_t dev_size;
	unsigned int ndevs;
};

/* What a protocol supplies. */
struct reqchan_ops {
	const char *name;		/* "clock": log lines ("no clocks named") */
	unsigned int max_objs;		/* objects per device (the build's limit) */
	uint32_t name_len;		/* an object's name must be shorter */
	uint32_t hdr_off;		/* offset of le32 type: the prefix's size */
	const char *const *type_names;	/* for log lines; NULL entries print "?" */
	unsigned int ntypes;
	const struct reqchan_mem *mem;
	/*
	 * Probe, before the queue exists. read_config (optional): read the
	 * config space. check_entry (optional): why the board table's entry
	 * i cannot be served, beyond what reqchan checks for every protocol
	 * (count, name length, names unique among all devices), or NULL.
	 * bind: take the checked table (reqchan sets rc->n).
	 */
	int (*read_config)(struct reqchan *rc, struct virtio_device *vdev);
	const char *(*check_entry)(const struct reqchan *rc,
				   const struct board_supply_table *t, unsigned int i);
	void (*bind)(struct reqchan *rc, const struct board_supply_table *t);
	/* Probe, queue ready (optional): first requests; failure fails the probe. */
	int (*start)(struct reqchan *rc);
	/* Object i itself (a struct clk...), for reqchan_lookup(). */
	void *(*obj)(const struct reqchan *rc, unsigned int i);
	/* Object i's message prefix (hdr_off bytes) and name for log lines. */
	void (*prefix)(const struct reqchan *rc, unsigned int i, uint8_t *prefix);
	const char *(*target)(const struct reqchan *rc, unsigned int i);
	/*
	 * The replay of the saved state: passes, in order, each in levels
	 * (levels(): how many, optional, 1 without it); every level is one
	 * batch, complete before the next. replay_item() gives object i's
	 * request of that pass and level, false when it has none.
	 */
	unsigned int passes;
	unsigned int (*levels)(struct reqchan *rc, unsigned int pass);
	bool (*replay_item)(const struct reqchan *rc, unsigned int pass,
			    unsigned int level, unsigned int i, uint32_t *type,
			    uint32_t data[4]);
	bool (*echo_ok)(const struct vmsg_chan *c, const struct vmsg_slot *s,
			const uint8_t *r);
};

struct reqchan_driver {
	struct virtio_driver drv;	/* name, features, PM class: the protocol's */
	const struct reqchan_ops *ops;
	uint32_t device_id;
	uint32_t old_device_id;		/* also matched where the board opts in; 0: none */
	struct virtio_device_id ids[3];	/* filled by reqchan_register() */
};

/*
 * Define, at file scope, the instances `name`_devs[ndev] of type (whose
 * first member must be `struct reqchan rc`) and the rings, request slots
 * and queue state they use, and `name`_mem describing them for
 * reqchan_ops.mem. Each slot is a request and a reply of msize bytes,
 * each on cache lines of its own.
 */
#define REQCHAN_DEFINE(name, type, ndev, msize)				\
	_Static_assert(offsetof(type, rc) == 0, "struct reqchan comes first"); \
	_Static_assert((msize) <= VMSG_MAX_SIZE, "message fits the channel"); \
	struct name##_ring {							\
		uint8_t b[VRING_SIZE(REQCHAN_QUEUE_SIZE)];			\
	} __aligned(VRING_ALIGN);						\
	struct name##_slot {							\
		uint8_t req[BOARD_DMA_ROUND(msize)] __aligned(BOARD_DMA_ALIGN); \
		uint8_t rsp[BOARD_DMA_ROUND(msize)] __aligned(BOARD_DMA_ALIGN); \
	};									\
	static struct name##_ring name##_rings[ndev] VIRTQ_DMA_SECTION;	\
	static struct name##_slot name##_dma[ndev][VIRTIO_CLKREG_BATCH]	\
		VIRTQ_DMA_SECTION;						\
	static struct vq_desc_state name##_vq_state[ndev][REQCHAN_QUEUE_SIZE]; \
	static struct virtqueue name##_vqs[ndev];				\
	static type name##_devs[ndev];						\
	static const struct reqchan_mem name##_mem = {				\
		.rings = name##_rings[0].b,					\
		.ring_size = sizeof(struct name##_ring),			\
		.dma = name##_dma[0][0].req,					\
		.dma_size = sizeof(name##_dma[0]),				\
		.slot_size = sizeof(struct name##_slot),			\
		.rsp_off = offsetof(struct name##_slot, rsp),			\
		.msg_size = (msize),						\
		.vq_state = name##_vq_state[0],					\
		.vqs = name##_vqs,						\
		.devs = name##_devs,						\
		.dev_size = sizeof(type),					\
		.ndevs = (ndev),						\
	}

/*
 * Register rd with the virtio core: its probe, remove and PM callbacks
 * become reqchan's, its ID table rd->device_id, plus rd->old_device_id
 * where board_virtio_clkreg_old_ids() opts in. Before virtio_probe_all().
 * Context: thread, once. Errors: those of virtio_register_driver().
 */
int reqchan_register(struct reqchan_driver *rd);

/* rd's nth bound instance (probe order), or NULL. No MMIO. */
struct reqchan *reqchan_get(const struct reqchan_driver *rd, unsigned int n);

/* How many of rd's instances are bound. No MMIO. */
unsigned int reqchan_count(const struct reqchan_driver *rd);

/* rd's instance bound to vdev, or NULL. No MMIO. */
struct reqchan *reqchan_of(const struct reqchan_driver *rd,
			   const struct virtio_device *vdev);

/*
 * One consumer request about object i (vmsg_call()): data d0, d1, the
 * rest zero; reply0 (may be NULL) gets the reply's data[0] on success.
 * Context, waits and errors: those of vmsg_call().
 */
int reqchan_call(struct reqchan *rc, unsigned int i, uint32_t type, uint32_t d0,
		 uint32_t d1, uint32_t *reply0);

/*
 * Replay rc's saved state now (vmsg_replay()), or re-initialise the
 * device and replay (vmsg_recover()). Context, waits and errors: theirs.
 */
int reqchan_replay(struct reqchan *rc);
int reqchan_recover(struct reqchan *rc);

/* Request form from the next request on: one in-place buffer, or two. */
void reqchan_set_in_place(struct reqchan *rc, bool in_place);

/* What every request/reply device reports: request form and counters. */
struct reqchan_info {
	bool in_place;			/* request form in use */
	unsigned int n;			/* objects named by the board */
	uint32_t requests;		/* round trips posted since probe */
	uint32_t posts;			/* batches posted (one kick each) since probe */
	uint32_t timeouts;
	uint32_t recoveries;
};

/* Fill info from rc. No MMIO. */
void reqchan_get_info(const struct reqchan *rc, struct reqchan_info *info);

/*
 * The bound instance of rd serving the object called name, its index in
 * *i; NULL (nothing logged) when there is none. No MMIO.
 */
struct reqchan *reqchan_find(const struct reqchan_driver *rd, const char *name,
			     unsigned int *i);

/*
 * The object called name among all of rd's bound instances (what
 * ops->obj() returns), or NULL with one line logged (name NULL too).
 * No MMIO.
 */
void *reqchan_lookup(const struct reqchan_driver *rd, const char *name);

/*
 * Checks common to every consumer call on an object of rc (rc NULL: the
 * consumer passed a NULL object): 0, or -EINVAL (NULL object) or
 * -ENODEV (device removed), one line logged as "<kind>: <op> ..." or
 * "<kind> <name>: <op>: ...". No MMIO.
 */
int reqchan_check_call(const struct reqchan *rc, const char *kind,
		       const char *name, const char *op);

/*
 * rd's instance number i, bound or not (i < ops->mem->ndevs): for a
 * protocol's search through its objects. No MMIO.
 */
struct reqchan *reqchan_at(const struct reqchan_driver *rd, unsigned int i);

#endif
