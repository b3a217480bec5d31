// SPDX-License-Identifier: MIT
/*
 * Split virtqueues (virtio 1.2, 2.7) on static storage. The shadow in
 * vq->state is the only truth about descriptors: the free list is linked
 * through it, chains are walked through it, and the device's used
 * entries are checked against it before anything is freed. The shadow
 * chain helpers here serve the packed layout too; every public function
 * hands a packed queue to virtqueue_packed.c. Every store the device
 * must see is followed by board_dma_sync_for_device() and every load of
 * what it wrote preceded by board_dma_sync_for_cpu(), in the order the
 * DMA contract of board/board.h lays down.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "virtio/virtio_barrier.h"
#include "virtio/virtqueue_priv.h"

#define VQ_POLL_STEP_US 1

/* The device writes the used ring: it must not share a line with the avail ring. */
_Static_assert(VRING_ALIGN % BOARD_DMA_ALIGN == 0,
	       "the used ring must start on a cache line of its own");

/* le16 used_event sits after the driver ring, avail_event after the device ring. */
static uint16_t *vq_used_event(struct virtqueue *vq)
{
	return &vq->avail->ring[vq->num];
}

static uint16_t *vq_avail_event(struct virtqueue *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

#if VMIO_LOG_MAX_LEVEL > 0	/* at 0 no line is printed: no caller */
void vq_log(const struct virtqueue *vq, const char *fmt, ...)
{
	char head[24];
	va_list ap;

	vmio_snprintf(head, sizeof(head), "virtio%u vq%u: ",
		      vq->vdev ? vq->vdev->index : 0, vq->index);
	va_start(ap, fmt);
	vmio_vlog(VMIO_LOG_ERR, head, fmt, ap);
	va_end(ap);
}
#endif

void vq_break(struct virtqueue *vq, const char *why, uint32_t a, uint32_t b)
{
	vq_err(vq, "%s (%u, %u), queue broken", why, (unsigned int)a, (unsigned int)b);
	vq->broken = true;
	if (vq->vdev)
		virtio_mark_failed(vq->vdev);
}

/*
 * A device-writable buffer shares its first cache line with other data:
 * the for-cpu sync after completion would drop that data's stores on a
 * non-coherent board (board.h, the DMA contract). Refused on every board
 * so that the mistake shows on QEMU too.
 */
static int vq_misaligned(const struct virtqueue *vq, const void *p)
{
	vq_err(vq, "writable buffer %08x not %u-byte aligned",
	       (unsigned int)(uintptr_t)p, (unsigned int)BOARD_DMA_ALIGN);
	return -EINVAL;
}

static void vring_reset(struct virtqueue *vq)
{
	unsigned int i, n = vq->num;

	memset(vq->ring, 0, VRING_SIZE(n));
	for (i = 0; i < n; i++)
		vq->state[i] = (struct vq_desc_state){ .next = (uint16_t)(i + 1) };
	vq->free_head = 0;
	vq->num_free = (uint16_t)n;
	vq->avail_idx = 0;
	vq->last_used = 0;
	vq->kicked_idx = 0;
	vq->avail_flags = 0;
	vq->broken = false;
	vq->event_idx = vq->vdev &&
			virtio_has_feature(vq->vdev, VIRTIO_F_EVENT_IDX);
	vq_ind_reset(vq);
	if (vq->packed)
		vqp_reset(vq);
	board_dma_sync_for_device(vq->ring, VRING_SIZE(n));
}

int virtqueue_init(struct virtqueue *vq, struct virtio_device *dev,
		   unsigned int index, uint32_t dev_max)
{
	unsigned int n = vq->num_max;

	if (!dev_max)
		return -ENOENT;
	while (n > dev_max)
		n >>= 1;
	vq->vdev = dev;
	vq->index = (uint16_t)index;
	vq->num = (uint16_t)n;
	vq->packed = dev && virtio_has_feature(dev, VIRTIO_F_RING_PACKED);
	if (vq->packed) {
		vqp_init(vq);
	} else {
		vq->desc = (struct vring_desc *)vq->ring;
		vq->avail = (struct vring_avail *)(vq->ring + VRING_AVAIL_OFF(n));
		vq->used = (struct vring_used *)(vq->ring + VRING_USED_OFF(n));
	}
	vring_reset(vq);
	return 0;
}

uint64_t virtqueue_area_addr(const struct virtqueue *vq, unsigned int area)
{
	/* Both layouts start with their descriptors at ring. */
	const void *p = vq->ring;

	if (area == VIRTQ_AREA_DRIVER)
		p = vq->packed ? (const void *)vq->driver_event : (const void *)vq->avail;
	else if (area == VIRTQ_AREA_DEVICE)
		p = vq->packed ? (const void *)vq->device_event : (const void *)vq->used;
	return board_dma_addr(p);
}

int virtqueue_add_sgs(struct virtqueue *vq, const struct virtio_sg *out,
		      unsigned int nout, const struct virtio_sg *in,
		      unsigned int nin, void *cookie)
{
	unsigned int k, total = nout + nin;
	uint16_t head, i, *slot, ind = 0;
	const struct virtio_sg *sg;
	struct virtio_sg one;

	if (vq->broken)
		return -EIO;
	if (!cookie || !total)
		return -EINVAL;
	for (k = 0; k < nin; k++)
		if ((uintptr_t)in[k].addr & (BOARD_DMA_ALIGN - 1))
			return vq_misaligned(vq, in[k].addr);
	if (vq->num_free && vq_ind_wanted(vq, total) &&
	    vq_ind_fill(vq, out, nout, in, nin, &one)) {
		out = &one;
		nout = total = 1;
		nin = 0;
		ind = VRING_DESC_F_INDIRECT;
	}
	if (total > vq->num_free)
		return -ENOSPC;
	if (vq->packed)
		return vqp_add(vq, out, nout, in, nin, ind, cookie);
	head = i = vq->free_head;
	sg = out;
	for (k = 0; k < total; k++, sg++) {
		struct vq_desc_state *st = &vq->state[i];
		struct vring_desc *d = &vq->desc[i];
		uint16_t flags = ind;

		if (k == nout)
			sg = in;
		if (k >= nout)
			flags |= VRING_DESC_F_WRITE;
		if (k + 1 < total)
			flags |= VRING_DESC_F_NEXT;
		st->buf = sg->addr;
		st->len = sg->len;
		st->flags = flags;
		d->len = cpu_to_le32(sg->len);
		d->flags = cpu_to_le16(flags);
		d->next = cpu_to_le16(st->next);
		d->addr = cpu_to_le64(board_dma_addr(sg->addr));
		board_dma_sync_for_device(sg->addr, sg->len);
		board_dma_sync_for_device(d, sizeof(*d));
		i = st->next;
	}
	vq->free_head = i;
	vq->num_free -= (uint16_t)total;
	vq->state[head].cookie = cookie;

	slot = &vq->avail->ring[vq->avail_idx & (vq->num - 1)];
	*slot = cpu_to_le16(head);
	board_dma_sync_for_device(slot, sizeof(*slot));
	virtio_wmb();
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, cpu_to_le16(vq->avail_idx));
	board_dma_sync_for_device(&vq->avail->idx, sizeof(vq->avail->idx));
	return 0;
}

bool virtqueue_kick_prepare(struct virtqueue *vq)
{
	uint16_t new_idx = vq->avail_idx, old_idx = vq->kicked_idx;
	uint16_t *p, v;

	if (vq->packed)
		return vqp_kick_prepare(vq);
	vq->kicked_idx = new_idx;
	if (new_idx == old_idx || vq->broken)
		return false;
	/* Our avail idx store must be visible before we sample the device's wishes. */
	virtio_mb();
	/* avail_event with EVENT_IDX, else used->flags. */
	p = vq->event_idx ? vq_avail_event(vq) : &vq->used->flags;
	board_dma_sync_for_cpu(p, sizeof(*p));
	v = le16_to_cpu(READ_ONCE(*p));
	if (vq->event_idx)
		return (uint16_t)(new_idx - v - 1) < (uint16_t)(new_idx - old_idx);
	return !(v & VRING_USED_F_NO_NOTIFY);
}

void virtqueue_notify(struct virtqueue *vq)
{
	vq->vdev->config->notify(vq);
}

bool virtqueue_kick(struct virtqueue *vq)
{
	if (!virtqueue_kick_prepare(vq))
		return false;
	virtqueue_notify(vq);
	return true;
}

static uint16_t vq_used_idx(struct virtqueue *vq)
{
	board_dma_sync_for_cpu(&vq->used->idx, sizeof(vq->used->idx));
	return le16_to_cpu(READ_ONCE(vq->used->idx));
}

bool virtqueue_poll(struct virtqueue *vq)
{
	if (vq->packed)
		return vqp_poll(vq);
	return vq->broken || vq_used_idx(vq) != vq->last_used;
}

void *vq_detach(struct virtqueue *vq, uint16_t head)
{
	void *cookie = vq->state[head].cookie;
	uint16_t i = head, n = 1;

	vq->state[head].cookie = NULL;
	if (vq->state[head].flags & VRING_DESC_F_INDIRECT)
		vq_ind_release(vq, vq->state[head].buf);
	while (vq->state[i].flags & VRING_DESC_F_NEXT) {
		i = vq->state[i].next;
		n++;
	}
	vq->state[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
	return cookie;
}

uint16_t vq_chain_len(const struct virtqueue *vq, uint16_t head)
{
	uint16_t i = head, n = 1;

	while (vq->state[i].flags & VRING_DESC_F_NEXT) {
		i = vq->state[i].next;
		n++;
	}
	return n;
}

uint64_t vq_in_len(struct virtqueue *vq, uint16_t head)
{
	const struct vq_desc_state *st;
	uint64_t sum = 0;
	uint16_t i = head;

	for (;;) {
		st = &vq->state[i];
		if (st->flags & VRING_DESC_F_INDIRECT)
			return vq_ind_in_len(vq, st->buf, st->len);
		if (st->flags & VRING_DESC_F_WRITE) {
			board_dma_sync_for_cpu(st->buf, st->len);
			sum += st->len;
		}
		if (!(st->flags & VRING_DESC_F_NEXT))
			return sum;
		i = st->next;
	}
}

void *virtqueue_get_buf(struct virtqueue *vq, uint32_t *len)
{
	struct vring_used_elem *e;
	uint16_t idx, ahead;
	uint32_t id, ulen;
	uint64_t offered;

	if (vq->packed)
		return vqp_get_buf(vq, len);
	if (vq->broken)
		return NULL;
	idx = vq_used_idx(vq);
	ahead = (uint16_t)(idx - vq->last_used);
	if (!ahead)
		return NULL;
	if (ahead > vq->num) {
		vq_break(vq, VQ_WHY("used idx jumped"), idx, vq->last_used);
		return NULL;
	}
	virtio_rmb();
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	board_dma_sync_for_cpu(e, sizeof(*e));
	id = le32_to_cpu(READ_ONCE(e->id));
	ulen = le32_to_cpu(READ_ONCE(e->len));
	if (id >= vq->num || !vq->state[id].cookie) {
		vq_break(vq, VQ_WHY("used id not in flight"), id, vq->num);
		return NULL;
	}
	offered = vq_in_len(vq, (uint16_t)id);
	if (ulen > offered) {
		vq_break(vq, VQ_WHY("used len beyond offer"), ulen, (uint32_t)offered);
		return NULL;
	}
	vq->last_used++;
	if (vq->event_idx && !(vq->avail_flags & VRING_AVAIL_F_NO_INTERRUPT)) {
		uint16_t *ue = vq_used_event(vq);

		WRITE_ONCE(*ue, cpu_to_le16(vq->last_used));
		board_dma_sync_for_device(ue, sizeof(*ue));
		/*
		 * The device must see the new used_event before we next read
		 * used idx: otherwise it can publish an entry, read the stale
		 * used_event, skip the interrupt, while we read the old idx
		 * and wait for that interrupt. Only a full barrier orders a
		 * store before a later load.
		 */
		virtio_mb();
	}
	if (len)
		*len = ulen;
	return vq_detach(vq, (uint16_t)id);
}

int virtqueue_poll_wait(struct virtqueue *vq, uint32_t timeout_us)
{
	uint64_t start = board_time_us();

	while (!virtqueue_poll(vq)) {
		if (board_time_us() - start >= timeout_us)
			return -ETIMEDOUT;
		board_udelay(VQ_POLL_STEP_US);
	}
	return vq->broken ? -EIO : 0;
}

/*
 * Tell the device whether we want interrupts, in the one control the
 * negotiated features give: avail->flags from the shadow without
 * EVENT_IDX, used_event = last_used + ahead with it (the flags must then
 * stay 0).
 */
__attribute__((noinline)) static void vq_publish_cb(struct virtqueue *vq,
						     uint16_t ahead)
{
	uint16_t *p = &vq->avail->flags, v = vq->avail_flags;

	if (vq->event_idx) {
		p = vq_used_event(vq);
		v = (uint16_t)(vq->last_used + ahead);
	}
	WRITE_ONCE(*p, cpu_to_le16(v));
	board_dma_sync_for_device(p, sizeof(*p));
}

void virtqueue_disable_cb(struct virtqueue *vq)
{
	if (vq->packed) {
		vqp_disable_cb(vq);
		return;
	}
	vq->avail_flags |= VRING_AVAIL_F_NO_INTERRUPT;
	/*
	 * With EVENT_IDX leaving used_event stale is not enough: after a
	 * ring reset it is 0, and the very next completion would interrupt.
	 * Half the index space away, the device stays silent for 32768
	 * completions, and every get_buf while disabled leaves it there.
	 */
	vq_publish_cb(vq, 0x8000u);
}

/* Re-arm interrupts at ahead entries past last_used; false if some are pending. */
__attribute__((noinline)) static bool vq_arm_cb(struct virtqueue *vq, uint16_t ahead)
{
	vq->avail_flags &= (uint16_t)~VRING_AVAIL_F_NO_INTERRUPT;
	vq_publish_cb(vq, ahead);
	/* Re-armed before we look, or a completion in between is lost. */
	virtio_mb();
	return !virtqueue_poll(vq);
}

bool virtqueue_enable_cb(struct virtqueue *vq)
{
	if (vq->packed)
		return vqp_enable_cb(vq);
	return vq_arm_cb(vq, 0);
}

bool virtqueue_enable_cb_delayed(struct virtqueue *vq)
{
	if (vq->packed)
		return vqp_enable_cb_delayed(vq);
	/* Without EVENT_IDX ahead is not used: the same as enable_cb. */
	return vq_arm_cb(vq, (uint16_t)((uint16_t)(vq->avail_idx - vq->last_used) * 3u / 4u));
}

void *virtqueue_detach_unused(struct virtqueue *vq)
{
	uint16_t i;

	for (i = 0; i < vq->num; i++)
		if (vq->state[i].cookie)
			return vq_detach(vq, i);
	return NULL;
}

int virtqueue_reinit_vring(struct virtqueue *vq)
{
	if (vq->num_free != vq->num) {
		vq_err(vq, "reinit refused, %u buffers in flight",
		       (unsigned int)(vq->num - vq->num_free));
		return -EBUSY;
	}
	vring_reset(vq);
	return 0;
}

void virtqueue_interrupt(struct virtqueue *vq)
{
	if (vq->callback && !vq->broken && virtqueue_poll(vq))
		vq->callback(vq);
}
