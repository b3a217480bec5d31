// SPDX-License-Identifier: MIT
/*
 * Indirect descriptor tables (virtio 1.2, 2.7.5.3 and 2.8.11) from a
 * static per-queue pool. A request with many segments then takes one
 * ring slot instead of one per segment, so more requests fit in flight.
 * The tables are written in the layout of the queue's ring; like ring
 * descriptors they are never read back: a private shadow of each entry
 * answers every later question (writable bytes, what to invalidate).
 * An empty pool is not an error: the request goes direct.
 */
#include "board/board.h"
#include "vmio/byteorder.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "virtio/virtqueue_priv.h"

#define VQ_IND_NONE 0xffffu

void vq_ind_reset(struct virtqueue *vq)
{
	struct vq_indirect *ind = vq->ind;
	uint16_t t;

	if (!ind)
		return;
	ind->enabled = vq->vdev &&
		       virtio_has_feature(vq->vdev, VIRTIO_F_INDIRECT_DESC);
	for (t = 0; t < ind->count; t++)
		ind->shadow[(unsigned int)t * ind->size].next_free =
			t + 1 < ind->count ? (uint16_t)(t + 1) : VQ_IND_NONE;
	ind->free_head = 0;
	ind->num_free = ind->count;
}

bool vq_ind_wanted(const struct virtqueue *vq, unsigned int total)
{
	const struct vq_indirect *ind = vq->ind;

	return ind && ind->enabled && ind->num_free && total > 1 &&
	       total <= ind->size &&
	       (total >= VIRTQ_INDIRECT_MIN_SEGS || total > vq->num_free);
}

bool vq_ind_fill(struct virtqueue *vq, const struct virtio_sg *out,
		 unsigned int nout, const struct virtio_sg *in,
		 unsigned int nin, struct virtio_sg *one)
{
	struct vq_indirect *ind = vq->ind;
	unsigned int k, total = nout + nin;
	struct vq_ind_shadow *sh;
	uint8_t *table;
	uint16_t t;

	if (!ind->num_free)
		return false;
	t = ind->free_head;
	sh = &ind->shadow[(unsigned int)t * ind->size];
	ind->free_head = sh->next_free;
	ind->num_free--;
	table = ind->tables + (unsigned int)t * ind->size * 16u;
	for (k = 0; k < total; k++, sh++) {
		const struct virtio_sg *sg = k < nout ? &out[k] : &in[k - nout];

		sh->buf = sg->addr;
		sh->len = sg->len;
		sh->flags = k < nout ? 0 : VRING_DESC_F_WRITE;
		if (vq->packed) {
			/* Packed tables are sequential: no NEXT, no id (2.8.11). */
			struct vring_packed_desc *d =
				(struct vring_packed_desc *)table + k;

			d->addr = cpu_to_le64(board_dma_addr(sg->addr));
			d->len = cpu_to_le32(sg->len);
			d->id = 0;
			d->flags = cpu_to_le16(sh->flags);
		} else {
			struct vring_desc *d = (struct vring_desc *)table + k;

			d->addr = cpu_to_le64(board_dma_addr(sg->addr));
			d->len = cpu_to_le32(sg->len);
			d->flags = cpu_to_le16(sh->flags |
					       (k + 1 < total ? VRING_DESC_F_NEXT : 0));
			d->next = cpu_to_le16((uint16_t)(k + 1));
		}
		board_dma_sync_for_device(sg->addr, sg->len);
	}
	one->addr = table;
	one->len = total * 16u;
	return true;
}

static unsigned int vq_ind_table(const struct vq_indirect *ind, const void *table)
{
	return (unsigned int)((const uint8_t *)table - ind->tables) /
	       (ind->size * 16u);
}

void vq_ind_release(struct virtqueue *vq, const void *table)
{
	struct vq_indirect *ind = vq->ind;
	unsigned int t = vq_ind_table(ind, table);

	ind->shadow[t * ind->size].next_free = ind->free_head;
	ind->free_head = (uint16_t)t;
	ind->num_free++;
}

uint64_t vq_ind_in_len(struct virtqueue *vq, const void *table, uint32_t bytes)
{
	const struct vq_indirect *ind = vq->ind;
	const struct vq_ind_shadow *sh =
		&ind->shadow[vq_ind_table(ind, table) * ind->size];
	unsigned int k, n = bytes / 16u;
	uint64_t sum = 0;

	for (k = 0; k < n; k++, sh++)
		if (sh->flags & VRING_DESC_F_WRITE) {
			board_dma_sync_for_cpu(sh->buf, sh->len);
			sum += sh->len;
		}
	return sum;
}
