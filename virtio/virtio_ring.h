/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_RING_H
#define VMIO_VIRTIO_RING_H

/*
 * Split virtqueue layout (virtio 1.2, 2.7). Every field is little-endian
 * in memory; only the virtqueue*.c files touch these structures. One storage
 * block satisfies both transports: the descriptor table starts on a
 * VRING_ALIGN boundary, the driver ring follows it directly and the
 * device ring starts at the next VRING_ALIGN boundary, which is the
 * legacy layout (QueueAlign = 4096) and more than the modern alignment
 * (16 / 2 / 4).
 */
#include <stdint.h>

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_DESC_F_INDIRECT	4
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

/*
 * Packed virtqueue layout (virtio 1.2, 2.8), in the same storage block:
 * the descriptor ring at offset 0, then the driver event suppression
 * structure, then the device's. 16 * num + 8 bytes never exceed
 * VRING_SIZE(num), so every split ring storage can hold a packed ring.
 */
#define VRING_PACKED_DESC_F_AVAIL	(1u << 7)
#define VRING_PACKED_DESC_F_USED	(1u << 15)
#define VRING_PACKED_EVENT_ENABLE	0u
#define VRING_PACKED_EVENT_DISABLE	1u
#define VRING_PACKED_EVENT_DESC		2u
#define VRING_PACKED_EVENT_WRAP		(1u << 15)

struct vring_packed_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t id;
	uint16_t flags;
};

struct vring_packed_event {
	uint16_t off_wrap;	/* descriptor offset, wrap counter in bit 15 */
	uint16_t flags;		/* VRING_PACKED_EVENT_* */
};

#define VRING_PACKED_DRIVER_OFF(num)	(16u * (num))
#define VRING_PACKED_DEVICE_OFF(num)	(16u * (num) + 4u)
#define VRING_PACKED_SIZE(num)		(16u * (num) + 8u)

_Static_assert(sizeof(struct vring_desc) == 16 &&
	       sizeof(struct vring_packed_desc) == 16,
	       "descriptors are 16 bytes in both layouts");

#endif
