/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_RING_H
#define VMIO_VIRTIO_RING_H

/*
 * Split virtqueue layout (virtio 1.2, 2.7). Every field is little-endian
 * in memory; only virtqueue_split.c touches these structures. One storage
 * block satisfies both transports: the descriptor table starts on a
 * VRING_ALIGN boundary, the driver ring follows it directly and the
 * device ring starts at the next VRING_ALIGN boundary, which is the
 * legacy layout (QueueAlign = 4096) and more than the modern alignment
 * (16 / 2 / 4).
 */
#include <stdint.h>

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY	1

/* Legacy QueueAlign, and the page size written to GuestPageSize. */
#define VRING_ALIGN		4096u
#define VRING_MAX_NUM		32768u

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then le16 used_event */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];	/* then le16 avail_event */
};

#define VRING_AVAIL_OFF(num)	(16u * (num))
#define VRING_USED_OFF(num) \
	((VRING_AVAIL_OFF(num) + 6u + 2u * (num) + VRING_ALIGN - 1) & \
	 ~(VRING_ALIGN - 1))
#define VRING_SIZE(num)		(VRING_USED_OFF(num) + 6u + 8u * (num))

#endif
