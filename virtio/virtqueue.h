/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTQUEUE_H
#define VMIO_VIRTQUEUE_H

/*
 * Virtqueues on static storage. The device is not trusted: the driver
 * keeps a private shadow of every descriptor and never reads addr, len,
 * flags or next back from shared memory; a used entry naming anything
 * but the head of a chain in flight, or claiming more bytes than the
 * chain offered, breaks the queue (and marks the device FAILED) instead
 * of corrupting the free list.
 *
 * Two layouts sit behind this one API: split (virtqueue_split.c) and
 * packed (virtqueue_packed.c, when VIRTIO_F_RING_PACKED was negotiated).
 * The same storage serves both, and nothing outside the virtqueue*.c
 * files knows which one a queue has. Requests with many segments go
 * through an indirect table (virtqueue_indirect.c) when the device
 * offers VIRTIO_F_INDIRECT_DESC and the queue was given a pool.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmio/compiler.h"
#include "virtio/virtio_ring.h"

struct virtio_device;

/*
 * Rings live in the DMA area: page-aligned NOLOAD .dma in firmware (so
 * its contents are garbage at boot; the ring code clears what it uses).
 * The host build names the section "vmio_dma" so that the linker makes
 * __start_vmio_dma for the test support's DMA address mapping.
 */
#ifdef VMIO_HOST
#define VIRTQ_DMA_SECTION __attribute__((section("vmio_dma")))
#else
#define VIRTQ_DMA_SECTION __attribute__((section(".dma")))
#endif

/* One buffer segment handed to the device. */
struct virtio_sg {
	const void *addr;
	uint32_t len;
};

/*
 * Private shadow of one descriptor; cookie is set only on an in-flight
 * head. A packed ring uses the index of a chain's head shadow as its
 * buffer ID, so shadows stay per chain however the device completes.
 */
struct vq_desc_state {
	void *cookie;
	const void *buf;
	uint32_t len;
	uint16_t next;
	uint16_t flags;
};

struct virtqueue {
	struct virtio_device *vdev;
	void (*callback)(struct virtqueue *vq);
	void *priv;			/* driver data */
	uint8_t *ring;			/* VRING_SIZE(num_max) bytes, VRING_ALIGN aligned */
	struct vq_desc_state *state;	/* num_max entries */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t num_max;		/* storage capacity */
	uint16_t num;			/* size negotiated with the device */
	uint16_t index;
	uint16_t free_head;
	uint16_t num_free;
	uint16_t avail_idx;		/* shadow of avail->idx */
	uint16_t last_used;
	uint16_t kicked_idx;		/* avail_idx when we last decided about a kick */
	uint16_t avail_flags;		/* shadow of avail->flags */
	bool event_idx;
	bool broken;
	bool packed;			/* VIRTIO_F_RING_PACKED: the packed layout */
	/*
	 * Packed layout: avail_idx and last_used count ring slots modulo
	 * 2^16, so a position is idx % num and its wrap counter is the
	 * parity of idx / num (num divides 2^16).
	 */
	struct vring_packed_desc *pdesc;
	struct vring_packed_event *driver_event;	/* ours: interrupt suppression */
	struct vring_packed_event *device_event;	/* theirs: notification suppression */
	uint16_t driver_event_flags;	/* shadow of driver_event->flags */
	/* Indirect table pool (VIRTQ_DEFINE_INDIRECT); ind_count 0 without one. */
	struct vq_indirect *ind;
};

/*
 * A static pool of indirect descriptor tables for one queue: count tables
 * of size descriptors in the DMA area, their private shadows, and a free
 * list through the shadows. See VIRTQ_DEFINE_INDIRECT.
 */
struct vq_ind_shadow {
	const void *buf;
	uint32_t len;
	uint16_t flags;
	uint16_t next_free;		/* entry 0 of a free table: next free table */
};

struct vq_indirect {
	uint8_t *tables;		/* count * size * 16 bytes, DMA */
	struct vq_ind_shadow *shadow;	/* count * size entries */
	uint16_t count;			/* tables */
	uint16_t size;			/* descriptors per table */
	uint16_t free_head;
	uint16_t num_free;
	bool enabled;			/* VIRTIO_F_INDIRECT_DESC negotiated */
};

/*
 * Ring features the virtqueue code can use, which the core negotiates for
 * every driver: indirect tables, and the packed layout unless a build
 * keeps every queue split with -DVIRTQ_PACKED=0.
 */
#ifndef VIRTQ_PACKED
#define VIRTQ_PACKED			1
#endif
#define VIRTQ_RING_FEATURES						\
	(BIT_ULL(VIRTIO_F_INDIRECT_DESC) |				\
	 (VIRTQ_PACKED ? BIT_ULL(VIRTIO_F_RING_PACKED) : 0))

/*
 * Requests of at least this many segments go through an indirect table
 * when one is free: below it, the device's extra table fetch costs more
 * than the ring slots saved. A request that would not fit the free ring
 * slots also goes indirect, whatever its size.
 */
#ifndef VIRTQ_INDIRECT_MIN_SEGS
#define VIRTQ_INDIRECT_MIN_SEGS		4
#endif

/*
 * Define a static virtqueue `name` of num entries (a power of two) with
 * its ring in the DMA area and its shadow state in ordinary memory.
 * Expands to static definitions: use it at file scope.
 */
#define VIRTQ_DEFINE(name, qnum) VIRTQ_DEFINE_POOL_(name, qnum, NULL)

/* VIRTQ_DEFINE with indp as its indirect pool (NULL: none). */
#define VIRTQ_DEFINE_POOL_(name, qnum, indp)				\
	_Static_assert((qnum) > 0 && (qnum) <= VRING_MAX_NUM &&		\
		       ((qnum) & ((qnum) - 1)) == 0,			\
		       "virtqueue size must be a power of two");	\
	static uint8_t name##_vring[VRING_SIZE(qnum)]			\
		__aligned(VRING_ALIGN) VIRTQ_DMA_SECTION;		\
	static struct vq_desc_state name##_state[qnum];			\
	static struct virtqueue name = {				\
		.ring = name##_vring,					\
		.state = name##_state,					\
		.num_max = (qnum),					\
		.ind = (indp),						\
	}

/*
 * VIRTQ_DEFINE plus a pool of ntables indirect tables of tsize descriptors
 * each (static: 16 * tsize bytes of DMA area and a shadow per descriptor
 * per table). The pool is used only when the device offers
 * VIRTIO_F_INDIRECT_DESC.
 */
#define VIRTQ_INDIRECT_DEFINE(name, ntables, tsize)			\
	_Static_assert((ntables) > 0 && (ntables) < 0xffff &&		\
		       (tsize) >= 2 && (tsize) <= 0xffff,		\
		       "indirect pool shape");				\
	static uint8_t name##_ind_tables[(ntables) * (tsize) * 16u]	\
		__aligned(16) VIRTQ_DMA_SECTION;			\
	static struct vq_ind_shadow name##_ind_shadow[(ntables) * (tsize)]; \
	static struct vq_indirect name = {				\
		.tables = name##_ind_tables,				\
		.shadow = name##_ind_shadow,				\
		.count = (ntables),					\
		.size = (tsize),					\
	}

#define VIRTQ_DEFINE_INDIRECT(name, qnum, ntables, tsize)		\
	VIRTQ_INDIRECT_DEFINE(name##_indpool, ntables, tsize);		\
	VIRTQ_DEFINE_POOL_(name, qnum, &name##_indpool)

/*
 * Queue a request: nout device-readable segments then nin device-writable
 * ones, as one descriptor chain (or one descriptor naming an indirect
 * table, see VIRTQ_INDIRECT_MIN_SEGS), and publish it (avail idx, or the
 * head's flags on a packed ring) without notifying. cookie (non-NULL)
 * comes back from get_buf. Context: any, IRQs may be masked (callers
 * racing the IRQ callback on the same queue must mask it); no wait.
 * Errors: -ENOSPC when fewer than nout + nin descriptors are free and no
 * indirect table can take the request, -EINVAL (no segment, NULL cookie, writable
 * length overflow; a writable segment not on a BOARD_DMA_ALIGN boundary,
 * logged), -EIO on a broken queue. Every segment is synced for the device
 * here and every writable one for the CPU before get_buf returns it
 * (board.h, the DMA contract): the caller neither syncs nor touches a
 * buffer between the two.
 */
int virtqueue_add_sgs(struct virtqueue *vq, const struct virtio_sg *out,
		      unsigned int nout, const struct virtio_sg *in,
		      unsigned int nin, void *cookie);

/*
 * Decide whether the device needs a notification for what was published
 * since the last decision, honouring VIRTIO_F_EVENT_IDX (avail_event) or
 * else VRING_USED_F_NO_NOTIFY. Context: any; no MMIO.
 */
bool virtqueue_kick_prepare(struct virtqueue *vq);

/* Notify the device (one MMIO write, QueueNotify). Context: any, after DRIVER_OK. */
void virtqueue_notify(struct virtqueue *vq);

/* kick_prepare then notify if needed; returns true when it notified. */
bool virtqueue_kick(struct virtqueue *vq);

/*
 * Take the next used buffer: returns its cookie and stores the bytes the
 * device wrote in *len (may be NULL), or NULL when there is none or the
 * queue is broken. A bad used entry (id out of range or not an in-flight
 * head, length beyond the writable bytes offered, used idx more than the
 * ring size ahead) is logged once, breaks the queue and marks the device
 * FAILED; the affected requests stay in flight for
 * virtqueue_detach_unused() so their owners can fail them with -EIO.
 * Context: any, IRQs may be masked; no MMIO, no wait.
 */
void *virtqueue_get_buf(struct virtqueue *vq, uint32_t *len);

/* True when a used buffer is waiting (or the queue is broken). No MMIO. */
bool virtqueue_poll(struct virtqueue *vq);

/*
 * Polled completion: spin (board_udelay steps) until a used buffer is
 * waiting, at most timeout_us. For noirq code with IRQs masked.
 * Errors: -ETIMEDOUT, -EIO (broken queue).
 */
int virtqueue_poll_wait(struct virtqueue *vq, uint32_t timeout_us);

/*
 * Ask the device not to interrupt for this queue (best effort: the
 * device may still). Context: any; no MMIO.
 */
void virtqueue_disable_cb(struct virtqueue *vq);

/*
 * Re-enable used-buffer interrupts; returns false if buffers arrived
 * meanwhile (the caller should drain them). Context: any; no MMIO.
 */
bool virtqueue_enable_cb(struct virtqueue *vq);

/*
 * virtqueue_enable_cb() for bulk reaping: with EVENT_IDX the device is
 * asked to interrupt only once three quarters of what is in flight now
 * has completed (at the next completion without EVENT_IDX, or when little
 * is in flight). Returns false if buffers are waiting already (drain them
 * and call again). Context: any; no MMIO.
 */
bool virtqueue_enable_cb_delayed(struct virtqueue *vq);

/*
 * Hand back one request still in flight (its descriptors return to the
 * free list), or NULL when none is left. Only after the device was reset
 * or the queue broke. Context: any.
 */
void *virtqueue_detach_unused(struct virtqueue *vq);

/*
 * Return the queue to its just-set-up state in place: indices, flags,
 * ring memory, free list, shadow state; clears `broken`. Context: any,
 * IRQs may be masked; no MMIO. Errors: -EBUSY (logged) while buffers are
 * in flight (detach them first).
 */
int virtqueue_reinit_vring(struct virtqueue *vq);

static inline bool virtqueue_is_broken(const struct virtqueue *vq)
{
	return vq->broken;
}

static inline unsigned int virtqueue_get_vring_size(const struct virtqueue *vq)
{
	return vq->num;
}

/* --- for the transport and the core only --- */

/*
 * Bind vq to dev as queue index, sized to the largest power of two not
 * above dev_max nor the storage; lay out and clear the ring. Returns 0 or
 * -ENOENT (dev_max 0) without logging (the transport logs).
 */
int virtqueue_init(struct virtqueue *vq, struct virtio_device *dev,
		   unsigned int index, uint32_t dev_max);

/*
 * Device (DMA) address of one of the three ring parts (enum virtq_area):
 * descriptor table or ring, driver area (avail ring or driver event
 * suppression), device area (used ring or device event suppression).
 * Context: any.
 */
enum virtq_area {
	VIRTQ_AREA_DESC,
	VIRTQ_AREA_DRIVER,
	VIRTQ_AREA_DEVICE,
};
uint64_t virtqueue_area_addr(const struct virtqueue *vq, unsigned int area);

/* Used-buffer interrupt for vq: run its callback if work is waiting. */
void virtqueue_interrupt(struct virtqueue *vq);

#endif
