/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_PRIV_H
#define VMIO_VIRTIO_PRIV_H

/* Shared between the files of virtio/ only. */
#include "virtio/virtio.h"

/*
 * Reset every ring of dev in place (virtqueue_reinit_vring), or none: a
 * ring with buffers in flight is refused with -EBUSY (logged) before any
 * ring is touched. Context: any, IRQs masked OK; no MMIO.
 */
int virtio_reinit_vrings(struct virtio_device *dev);

#endif
