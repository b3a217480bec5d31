/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_BARRIER_H
#define VMIO_VIRTIO_BARRIER_H

/*
 * Ring barriers, named for what they protect. The device is another bus
 * master in the outer-shareable domain, so they map onto the dma_*
 * barriers of board/io.h (also correct for VIRTIO_F_ORDER_PLATFORM).
 */
#include "board/io.h"

/* Descriptors and ring entries visible before the avail idx that publishes them. */
#define virtio_wmb()	dma_wmb()
/* Used idx read before the used entries it covers. */
#define virtio_rmb()	dma_rmb()
/* Our idx/event store ordered before the device's flags/event load. */
#define virtio_mb()	dma_mb()

#endif
