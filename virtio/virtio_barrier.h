/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_BARRIER_H
#define VMIO_VIRTIO_BARRIER_H

/*
 * Ring barriers, named for what they protect. The device is another bus
 * master in the outer-shareable domain, so they map onto the dma_*
 * barriers of board/io.h (also correct for VIRTIO_F_ORDER_PLATFORM).
 *
 * Host builds also report each one to host_ring_barrier() when the
 * program defines it (the host test support does; the fuzz targets do
 * not, and the weak reference is then NULL): the tests check the order
 * of barriers against the ring's cache maintenance calls.
 */
#include "board/io.h"

#ifdef VMIO_HOST
extern void host_ring_barrier(char kind) __attribute__((weak));
#define VIRTIO_BARRIER_TRACE(k)						\
	do {								\
		if (host_ring_barrier)					\
			host_ring_barrier(k);				\
	} while (0)
#else
#define VIRTIO_BARRIER_TRACE(k) do { } while (0)
#endif

/* Descriptors and ring entries visible before the avail idx that publishes them. */
#define virtio_wmb()	do { dma_wmb(); VIRTIO_BARRIER_TRACE('W'); } while (0)
/* Used idx read before the used entries it covers. */
#define virtio_rmb()	do { dma_rmb(); VIRTIO_BARRIER_TRACE('R'); } while (0)
/*
 * A store of ours (avail idx, used_event) ordered before our next load of
 * the device's side (its flags, avail_event, used idx): the only barrier
 * that orders a store before a later load.
 */
#define virtio_mb()	do { dma_mb(); VIRTIO_BARRIER_TRACE('M'); } while (0)

#endif
