// SPDX-License-Identifier: MIT
/*
 * Packed virtqueues (virtio 1.2, 2.8) on the same static storage and the
 * same shadow chains as the split layout (virtqueue_split.c dispatches
 * here). The buffer ID of a chain is the index of its head shadow, so a
 * device may complete chains in any order. Nothing is read back from the
 * ring but the device's used entries, and those are checked against the
 * shadow before anything is freed: the ID must name an in-flight head,
 * the length must fit the writable bytes offered, and the entry's
 * AVAIL/USED bits must follow the wrap protocol. A device that breaks any
 * of this breaks the queue and is marked FAILED, with one line logged.
 */
#include <errno.h>
#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "virtio/virtio_barrier.h"
#include "virtio/virtqueue_priv.h"

/* What the driver finds at its used position. */
enum vqp_slot {
	VQP_PENDING,	/* nothing new */
	VQP_USED,	/* a used entry of the current lap */
	VQP_BAD,	/* flags no honest device leaves there */
};

static uint16_t vqp_pos(const struct virtqueue *vq, uint16_t idx)
{
	return idx & (vq->num - 1);
}

/* Wrap counter of a free-running index: 1 on the first lap. */
static bool vqp_wrap(const struct virtqueue *vq, uint16_t idx)
{
	return !((idx / vq->num) & 1);
}

static uint16_t vqp_off_wrap(const struct virtqueue *vq, uint16_t idx)
{
	return (uint16_t)(vqp_pos(vq, idx) |
			  (vqp_wrap(vq, idx) ? VRING_PACKED_EVENT_WRAP : 0));
}

void vqp_init(struct virtqueue *vq)
{
	vq->desc = NULL;
	vq->avail = NULL;
	vq->used = NULL;
	vq->pdesc = (struct vring_packed_desc *)vq->ring;
	vq->driver_event = (struct vring_packed_event *)
		(vq->ring + VRING_PACKED_DRIVER_OFF(vq->num));
	vq->device_event = (struct vring_packed_event *)
		(vq->ring + VRING_PACKED_DEVICE_OFF(vq->num));
}

/*
 * The ring memory is already zero: every descriptor reads as a used entry
 * of wrap 0, which the first lap (wrap 1) never takes for its own, and
 * both event structures say "enable".
 */
void vqp_reset(struct virtqueue *vq)
{
	vq->driver_event_flags = VRING_PACKED_EVENT_ENABLE;
}

int vqp_add(struct virtqueue *vq, const struct virtio_sg *out, unsigned int nout,
	    const struct virtio_sg *in, unsigned int nin, uint16_t ind_flag,
	    void *cookie)
{
	unsigned int k, total = nout + nin;
	uint16_t head = vq->free_head, i = head, idx = vq->avail_idx;
	uint16_t head_flags = 0;
	struct vring_packed_desc *d;

	for (k = 0; k < total; k++, idx++) {
		const struct virtio_sg *sg = k < nout ? &out[k] : &in[k - nout];
		struct vq_desc_state *st = &vq->state[i];
		uint16_t f;

		st->buf = sg->addr;
		st->len = sg->len;
		st->flags = (k < nout ? 0 : VRING_DESC_F_WRITE) | ind_flag;
		if (k + 1 < total)
			st->flags |= VRING_DESC_F_NEXT;
		f = st->flags | (vqp_wrap(vq, idx) ? VRING_PACKED_DESC_F_AVAIL :
						     VRING_PACKED_DESC_F_USED);
		d = &vq->pdesc[vqp_pos(vq, idx)];
		d->addr = cpu_to_le64(board_dma_addr(sg->addr));
		d->len = cpu_to_le32(sg->len);
		d->id = cpu_to_le16(head);
		/* The head's flags go last: they hand the whole chain over. */
		if (k)
			WRITE_ONCE(d->flags, cpu_to_le16(f));
		else
			head_flags = f;
		board_dma_sync_for_device(sg->addr, sg->len);
		board_dma_sync_for_device(d, sizeof(*d));
		i = st->next;
	}
	vq->free_head = i;
	vq->num_free -= (uint16_t)total;
	vq->state[head].cookie = cookie;

	d = &vq->pdesc[vqp_pos(vq, vq->avail_idx)];
	virtio_wmb();
	WRITE_ONCE(d->flags, cpu_to_le16(head_flags));
	board_dma_sync_for_device(&d->flags, sizeof(d->flags));
	vq->avail_idx = idx;
	return 0;
}

/*
 * The device's event (offset, wrap) as a free-running index: in the lap
 * of new_idx when the wrap counters agree, else in the lap before.
 */
static uint16_t vqp_event_idx(const struct virtqueue *vq, uint16_t off_wrap,
			      uint16_t new_idx)
{
	uint16_t base = (uint16_t)(new_idx - vqp_pos(vq, new_idx));
	bool wrap = off_wrap & VRING_PACKED_EVENT_WRAP;

	if (wrap != vqp_wrap(vq, new_idx))
		base = (uint16_t)(base - vq->num);
	return (uint16_t)(base + (off_wrap & ~VRING_PACKED_EVENT_WRAP));
}

bool vqp_kick_prepare(struct virtqueue *vq)
{
	uint16_t new_idx = vq->avail_idx, old_idx = vq->kicked_idx;
	uint16_t off_wrap, flags, ev;

	vq->kicked_idx = new_idx;
	if (new_idx == old_idx || vq->broken)
		return false;
	/* Our descriptor stores must be visible before we sample the device's wishes. */
	virtio_mb();
	board_dma_sync_for_cpu(vq->device_event, sizeof(*vq->device_event));
	off_wrap = le16_to_cpu(READ_ONCE(vq->device_event->off_wrap));
	flags = le16_to_cpu(READ_ONCE(vq->device_event->flags));
	if (flags == VRING_PACKED_EVENT_DISABLE)
		return false;
	/* A descriptor event without EVENT_IDX, or off the ring: notify. */
	if (flags != VRING_PACKED_EVENT_DESC || !vq->event_idx ||
	    (off_wrap & ~VRING_PACKED_EVENT_WRAP) >= vq->num)
		return true;
	ev = vqp_event_idx(vq, off_wrap, new_idx);
	return (uint16_t)(new_idx - ev - 1) < (uint16_t)(new_idx - old_idx);
}

/*
 * Classify the descriptor at the used position. While chains are in
 * flight that slot was written by us this lap (AVAIL = wrap, USED =
 * !wrap) until the device turns it into a used entry (both = wrap); any
 * other pattern there is a device breaking the wrap protocol. With
 * nothing in flight, a stale entry of the previous lap is normal, and
 * only a used entry of this lap is a lie (get_buf catches it).
 */
static enum vqp_slot vqp_slot_state(struct virtqueue *vq, uint16_t *flags)
{
	struct vring_packed_desc *d = &vq->pdesc[vqp_pos(vq, vq->last_used)];
	bool wrap = vqp_wrap(vq, vq->last_used), a, u;
	uint16_t f;

	board_dma_sync_for_cpu(&d->flags, sizeof(d->flags));
	f = le16_to_cpu(READ_ONCE(d->flags));
	*flags = f;
	a = f & VRING_PACKED_DESC_F_AVAIL;
	u = f & VRING_PACKED_DESC_F_USED;
	if (a == wrap && u == wrap)
		return VQP_USED;
	if (vq->num_free == vq->num || (a == wrap && u != wrap))
		return VQP_PENDING;
	return VQP_BAD;
}

bool vqp_poll(struct virtqueue *vq)
{
	uint16_t f;

	return vq->broken || vqp_slot_state(vq, &f) != VQP_PENDING;
}

void *vqp_get_buf(struct virtqueue *vq, uint32_t *len)
{
	struct vring_packed_desc *d;
	enum vqp_slot state;
	uint16_t f, id;
	uint32_t ulen;
	uint64_t offered;

	if (vq->broken)
		return NULL;
	state = vqp_slot_state(vq, &f);
	if (state == VQP_PENDING)
		return NULL;
	if (state == VQP_BAD) {
		vq_break(vq, "used flags break the wrap protocol", f, vq->last_used);
		return NULL;
	}
	if (vq->num_free == vq->num) {
		vq_break(vq, "used entry with nothing in flight", f, vq->last_used);
		return NULL;
	}
	/* The flags said "used": only now are id and len the device's answer. */
	virtio_rmb();
	d = &vq->pdesc[vqp_pos(vq, vq->last_used)];
	board_dma_sync_for_cpu(d, sizeof(*d));
	id = le16_to_cpu(READ_ONCE(d->id));
	ulen = le32_to_cpu(READ_ONCE(d->len));
	if (id >= vq->num || !vq->state[id].cookie) {
		vq_break(vq, "used id not in flight", id, vq->num);
		return NULL;
	}
	/*
	 * The length counts whatever the used entry's WRITE flag says: QEMU
	 * never sets it, and the bound below holds either way.
	 */
	offered = vq_in_len(vq, id);
	if (ulen > offered) {
		vq_break(vq, "used len beyond offer", ulen, (uint32_t)offered);
		return NULL;
	}
	vq->last_used = (uint16_t)(vq->last_used + vq_chain_len(vq, id));
	if (vq->event_idx && vq->driver_event_flags != VRING_PACKED_EVENT_DISABLE) {
		WRITE_ONCE(vq->driver_event->off_wrap,
			   cpu_to_le16(vqp_off_wrap(vq, vq->last_used)));
		board_dma_sync_for_device(&vq->driver_event->off_wrap, sizeof(uint16_t));
		if (vq->driver_event_flags != VRING_PACKED_EVENT_DESC) {
			vq->driver_event_flags = VRING_PACKED_EVENT_DESC;
			virtio_wmb();
			WRITE_ONCE(vq->driver_event->flags,
				   cpu_to_le16(VRING_PACKED_EVENT_DESC));
			board_dma_sync_for_device(&vq->driver_event->flags, sizeof(uint16_t));
		}
		/*
		 * The device must see the new event before we next read a
		 * descriptor's flags, or it may skip the interrupt for the
		 * entry we then miss: a store-load order, so a full barrier.
		 */
		virtio_mb();
	}
	if (len)
		*len = ulen;
	return vq_detach(vq, id);
}

void vqp_disable_cb(struct virtqueue *vq)
{
	vq->driver_event_flags = VRING_PACKED_EVENT_DISABLE;
	WRITE_ONCE(vq->driver_event->flags, cpu_to_le16(VRING_PACKED_EVENT_DISABLE));
	board_dma_sync_for_device(&vq->driver_event->flags, sizeof(uint16_t));
}

/* Ask for an interrupt when the used position passes last_used + ahead. */
static bool vqp_arm(struct virtqueue *vq, uint16_t ahead)
{
	uint16_t flags = vq->event_idx ? VRING_PACKED_EVENT_DESC :
					 VRING_PACKED_EVENT_ENABLE;

	if (vq->event_idx) {
		WRITE_ONCE(vq->driver_event->off_wrap,
			   cpu_to_le16(vqp_off_wrap(vq, (uint16_t)(vq->last_used + ahead))));
		/* The event position is in place before the flags point at it. */
		virtio_wmb();
	}
	vq->driver_event_flags = flags;
	WRITE_ONCE(vq->driver_event->flags, cpu_to_le16(flags));
	board_dma_sync_for_device(vq->driver_event, sizeof(*vq->driver_event));
	/* Re-armed before we look, or a completion in between is lost. */
	virtio_mb();
	return !vqp_poll(vq);
}

bool vqp_enable_cb(struct virtqueue *vq)
{
	return vqp_arm(vq, 0);
}

/* Slots rather than buffers: the used position moves by whole chains. */
bool vqp_enable_cb_delayed(struct virtqueue *vq)
{
	return vqp_arm(vq, (uint16_t)((uint16_t)(vq->avail_idx - vq->last_used) * 3u / 4u));
}
