// SPDX-License-Identifier: MIT
/*
 * The driver glue of request/reply devices: probe, remove, the PM
 * callbacks and the instance table, written once for every protocol
 * (clock, regulator) that rides the message channel of reqchan.c; see
 * reqchan.h.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "vmio/supplies.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/reqchan/reqchan.h"

struct reqchan *reqchan_at(const struct reqchan_driver *rd, unsigned int i)
{
	const struct reqchan_mem *m = rd->ops->mem;

	return (struct reqchan *)((uint8_t *)m->devs + i * m->dev_size);
}

struct reqchan *reqchan_get(const struct reqchan_driver *rd, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < rd->ops->mem->ndevs; i++)
		if (reqchan_at(rd, i)->vdev && !n--)
			return reqchan_at(rd, i);
	return NULL;
}

unsigned int reqchan_count(const struct reqchan_driver *rd)
{
	unsigned int n = 0;

	while (reqchan_get(rd, n))
		n++;
	return n;
}

struct reqchan *reqchan_of(const struct reqchan_driver *rd,
			   const struct virtio_device *vdev)
{
	unsigned int i;

	for (i = 0; vdev && i < rd->ops->mem->ndevs; i++)
		if (reqchan_at(rd, i)->vdev == vdev)
			return reqchan_at(rd, i);
	return NULL;
}

static const struct reqchan_driver *reqchan_drv(const struct virtio_device *vdev)
{
	return container_of(vdev->driver, struct reqchan_driver, drv);
}

/* Instance i's queue, its request pool and the protocol's channel parameters. */
static int reqchan_setup_chan(struct virtio_device *vdev, struct reqchan *rc,
			      const struct reqchan_ops *ops, unsigned int i)
{
	static void (*const cbs[])(struct virtqueue *vq) = { vmsg_vq_done };
	const struct reqchan_mem *m = ops->mem;
	struct virtqueue *vq = &m->vqs[i];
	uint8_t *dma = m->dma + i * m->dma_size;
	int err;

	vq->ring = m->rings + i * m->ring_size;
	vq->state = m->vq_state + i * REQCHAN_QUEUE_SIZE;
	vq->num_max = REQCHAN_QUEUE_SIZE;
	err = virtio_find_vqs(vdev, 1, &vq, cbs);
	if (err)
		return err;
	vmsg_init(&rc->chan, vdev, vq, dma, dma + m->rsp_off, ops->msg_size,
		  ops->hdr_off);
	vmsg_set_pool(&rc->chan, dma, dma + m->rsp_off, m->slot_size,
		      VIRTIO_CLKREG_BATCH);
	rc->chan.kind = ops->name;
	rc->chan.type_names = ops->type_names;
	rc->chan.ntypes = ops->ntypes;
	rc->chan.replay = ops->replay;
	rc->chan.echo_ok = ops->echo_ok;
	return 0;
}

static int reqchan_probe(struct virtio_device *vdev)
{
	const struct reqchan_ops *ops = reqchan_drv(vdev)->ops;
	struct board_supply_table t;
	struct reqchan *rc;
	unsigned int i;
	int err;

	for (i = 0; i < ops->mem->ndevs && reqchan_at(reqchan_drv(vdev), i)->vdev; i++)
		;
	if (i == ops->mem->ndevs) {
		pr_err("virtio%u: %s: more than %u devices", vdev->index, ops->name,
		       ops->mem->ndevs);
		return -ENOSPC;
	}
	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		pr_err("virtio%u: %s: VERSION_1 not negotiated (legacy transport?)",
		       vdev->index, ops->name);
		return -ENODEV;
	}
	rc = reqchan_at(reqchan_drv(vdev), i);
	memset(rc, 0, ops->mem->dev_size);
	err = vdev->slot ? board_virtio_supplies(vdev->slot, &t) : -ENOENT;
	if (err) {
		if (err == -ENOENT)
			pr_err("virtio%u: %s: the board names no %ss for this device",
			       vdev->index, ops->name, ops->name);
		return err == -ENOENT ? -ENODEV : err;
	}
	err = ops->bind(rc, vdev, &t);
	if (!err)
		err = reqchan_setup_chan(vdev, rc, ops, i);
	if (err)
		return err;
	rc->chan.in_place = t.in_place;
	err = ops->start ? ops->start(rc) : 0;
	if (err) {
		rc->chan.vdev = NULL;
		rc->n = 0;
		return err;
	}
	rc->vdev = vdev;
	vdev->priv = rc;
	return 0;
}

static void reqchan_remove(struct virtio_device *vdev)
{
	struct reqchan *rc = reqchan_of(reqchan_drv(vdev), vdev);

	if (!rc)
		return;
	rc->vdev = NULL;
	rc->chan.vdev = NULL;
	rc->n = 0;
	vdev->priv = NULL;
}

static int reqchan_freeze(struct virtio_device *vdev)
{
	struct reqchan *rc = reqchan_of(reqchan_drv(vdev), vdev);

	return rc ? vmsg_freeze(&rc->chan) : 0;
}

/* IRQs masked, the core re-initialised the device: replay, polled. */
static int reqchan_restore_noirq(struct virtio_device *vdev)
{
	struct reqchan *rc = reqchan_of(reqchan_drv(vdev), vdev);

	return rc ? vmsg_replay(&rc->chan) : 0;
}

/*
 * IRQs on. After restore_noirq there is nothing left to do; after a
 * suspend that was rolled back before the noirq phase, the core has just
 * re-initialised (reset) the device and the state must be replayed here.
 */
static int reqchan_restore(struct virtio_device *vdev)
{
	struct reqchan *rc = reqchan_of(reqchan_drv(vdev), vdev);

	return rc && rc->chan.frozen ? vmsg_replay(&rc->chan) : 0;
}

int reqchan_register(struct reqchan_driver *rd)
{
	const struct reqchan_ops *ops = rd->ops;
	unsigned int n = 0;

	memset(rd->ids, 0, sizeof(rd->ids));
	rd->ids[n++].device = ops->device_id;
	if (ops->old_device_id && board_virtio_clkreg_old_ids())
		rd->ids[n].device = ops->old_device_id;
	rd->ids[0].vendor = rd->ids[1].vendor = VIRTIO_DEV_ANY_ID;
	rd->drv.id_table = rd->ids;
	rd->drv.probe = reqchan_probe;
	rd->drv.remove = reqchan_remove;
	rd->drv.freeze = reqchan_freeze;
	rd->drv.restore = reqchan_restore;
	rd->drv.restore_noirq = reqchan_restore_noirq;
	return virtio_register_driver(&rd->drv);
}
