/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VT_RING_H
#define VMIO_VT_RING_H

/*
 * Checks shared by the split and packed virtqueue host tests
 * (test_virtio_vq.c, test_virtio_packed.c): the same driver-visible
 * behaviour is asserted on both layouts. cmocka assertions: call from a
 * test only.
 */
#include <stddef.h>
#include <stdint.h>

struct virtqueue;
struct sim_dev;

/*
 * One polled 32-byte request on @vq against an rng backend: the buffer
 * comes back whole with the backend's counting bytes and the queue ends
 * with every descriptor free.
 */
void vt_rng_works(struct virtqueue *vq);

/* QUEUE_NOTIFY writes in the sim log (all devices). */
unsigned int vt_notifies(void);

/*
 * Inject one used-ring fault (the sim_faults flag at @knob) on @sd, whose
 * queue is @vq, with two requests queued. @good_first of them complete
 * first; then the queue must break with exactly one log line containing
 * @what, the device go FAILED, further calls refuse work quietly, and
 * @other (on another device) keep working. Reinit refuses while requests
 * are in flight, touching no register; they come back through
 * detach_unused; after reinit the queue works again, for a full ring.
 * Both devices must be up with rng backends.
 */
void vt_lying_device(struct virtqueue *vq, struct virtqueue *other, struct sim_dev *sd,
		     size_t knob, const char *what, unsigned int good_first);

/*
 * A blk write of 1 KiB (header, data, status: 3 descriptors, interrupt
 * delivered synchronously, so *@callbacks goes to 1) at @sector of @sd,
 * then a read of it back into two 512-byte segments: the data on the
 * backend and read back is the data written, lengths are the device's,
 * and every descriptor is free again. @vq is @sd's only queue, fresh.
 */
void vt_blk_roundtrip(struct virtqueue *vq, struct sim_dev *sd, uint64_t sector,
		      const unsigned int *callbacks);

/*
 * In the ring trace recorded since the last host_ring_trace_clear(): the
 * driver published one event index, a for-device sync at @store, and
 * later made a for-CPU sync of something in [@load, @load + @len) (its
 * next look at the ring); a full barrier lies between the two. Without
 * it a device on another core may read the stale event and skip the
 * interrupt (EVENT_IDX, split used_event or packed off_wrap).
 */
void vt_assert_store_mb_load(const void *store, const void *load, size_t len);

#endif
