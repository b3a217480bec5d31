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

struct reqchan *reqchan_find(const struct reqchan_driver *rd, const char *name,
			     unsigned int *i)
{
	unsigned int d;

	for (d = 0; d < rd->ops->mem->ndevs; d++) {
		struct reqchan *rc = reqchan_at(rd, d);

		for (*i = 0; rc->vdev && *i < rc->n; (*i)++)
			if (!strcmp(rd->ops->target(rc, *i), name))
				return rc;
	}
	return NULL;
}

void *reqchan_lookup(const struct reqchan_driver *rd, const char *name)
{
	struct reqchan *rc = NULL;
	unsigned int i;

	if (name)
		rc = reqchan_find(rd, name, &i);
	if (!rc) {
		pr_err("%s: no %s named '%s'", rd->ops->name, rd->ops->name,
		       name ? name : "(null)");
		return NULL;
	}
	return rd->ops->obj(rc, i);
}

int reqchan_check_call(const struct reqchan *rc, const char *kind,
		       const char *name, const char *op)
{
	if (!rc) {
		pr_err("%s: %s on a NULL %s", kind, op, kind);
		return -EINVAL;
	}
	if (!rc->vdev) {
		pr_err("%s %s: %s: device removed", kind, name, op);
		return -ENODEV;
	}
	return 0;
}

static const struct reqchan_driver *reqchan_drv(const struct virtio_device *vdev)
{
	return container_of(vdev->driver, struct reqchan_driver, drv);
}

int reqchan_call(struct reqchan *rc, unsigned int i, uint32_t type, uint32_t d0,
		 uint32_t d1, uint32_t *reply0)
{
	const struct reqchan_ops *ops = rc->ops;
	uint8_t prefix[VMSG_MAX_PREFIX];
	uint32_t in[4] = { d0, d1, 0, 0 }, out[4];
	int err;

	ops->prefix(rc, i, prefix);
	err = vmsg_call(&rc->chan, ops->target(rc, i), prefix, type, in, out);
	if (!err && reply0)
		*reply0 = out[0];
	return err;
}

/*
 * The channel's replay (channel held): every pass in order, each level
 * of a pass one batch, complete before the next; the first error stops
 * it.
 */
static int reqchan_run_replay(struct vmsg_chan *c)
{
	struct reqchan *rc = container_of(c, struct reqchan, chan);
	const struct reqchan_ops *ops = rc->ops;
	uint8_t prefix[VMSG_MAX_PREFIX];
	unsigned int pass, lv, nlv, i;
	uint32_t type, data[4];
	int err;

	for (pass = 0; pass < ops->passes; pass++) {
		nlv = ops->levels ? ops->levels(rc, pass) : 1;
		for (lv = 0; lv < nlv; lv++) {
			for (i = 0; i < rc->n; i++) {
				if (!ops->replay_item(rc, pass, lv, i, &type, data))
					continue;
				ops->prefix(rc, i, prefix);
				err = vmsg_batch_add(c, ops->target(rc, i), prefix, type, data);
				if (err)
					return err;
			}
			err = vmsg_batch_end(c);
			if (err)
				return err;
		}
	}
	return 0;
}

int reqchan_replay(struct reqchan *rc)
{
	return vmsg_replay(&rc->chan);
}

int reqchan_recover(struct reqchan *rc)
{
	return vmsg_recover(&rc->chan);
}

void reqchan_set_in_place(struct reqchan *rc, bool in_place)
{
	rc->chan.in_place = in_place;
}

void reqchan_get_info(const struct reqchan *rc, struct reqchan_info *info)
{
	info->in_place = rc->chan.in_place;
	info->n = rc->n;
	info->requests = rc->chan.requests;
	info->posts = rc->chan.posts;
	info->timeouts = rc->chan.timeouts;
	info->recoveries = rc->chan.recoveries;
}

/* Refuse a board table the device or the wire cannot serve (one line). */
static int reqchan_check_table(const struct reqchan_driver *rd,
			       const struct reqchan *rc, const struct virtio_device *vdev,
			       const struct board_supply_table *t)
{
	const struct reqchan_ops *ops = rd->ops;
	unsigned int i, j;
	const char *why;

	if (t->n > ops->max_objs) {
		drv_err(vdev, "%u %ss named, the build allows %u", t->n, ops->name,
			ops->max_objs);
		return -ENOSPC;
	}
	for (i = 0; i < t->n; i++) {
		const char *name = t->descs[i].name;

		why = NULL;
		if (!name || !name[0] || strlen(name) >= ops->name_len)
			why = "name empty or too long for the message";
		else if (ops->check_entry)
			why = ops->check_entry(rc, t, i);
		if (!why && reqchan_find(rd, name, &j))
			why = "name already used by another device";
		for (j = 0; !why && j < i; j++)
			if (!strcmp(t->descs[j].name, name))
				why = "duplicate name";
		if (why) {
			drv_err(vdev, "entry %u ('%s'): %s", i, name ? name : "(null)", why);
			return -EINVAL;
		}
	}
	return 0;
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
	vmsg_init(&rc->chan, vdev, vq, dma, dma + m->rsp_off, m->msg_size,
		  ops->hdr_off);
	vmsg_set_pool(&rc->chan, dma, dma + m->rsp_off, m->slot_size,
		      VIRTIO_CLKREG_BATCH);
	rc->chan.kind = ops->name;
	rc->chan.type_names = ops->type_names;
	rc->chan.ntypes = ops->ntypes;
	rc->chan.replay = reqchan_run_replay;
	rc->chan.echo_ok = ops->echo_ok;
	return 0;
}

/*
 * The device's part of the board's description, before anything is
 * claimed: VERSION_1, and the objects the board names for it (one line
 * when there are none).
 */
static int reqchan_supplies(const struct reqchan_ops *ops, struct virtio_device *vdev,
			    struct board_supply_table *t)
{
	int err;

	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		drv_err(vdev, "VERSION_1 not negotiated (legacy transport?)");
		return -ENODEV;
	}
	err = vdev->slot ? board_virtio_supplies(vdev->slot, t) : -ENOENT;
	if (err == -ENOENT) {
		drv_err(vdev, "the board names no %ss for this device", ops->name);
		err = -ENODEV;
	}
	return err;
}

static int reqchan_probe(struct virtio_device *vdev)
{
	const struct reqchan_driver *rd = reqchan_drv(vdev);
	const struct reqchan_ops *ops = rd->ops;
	struct board_supply_table t;
	struct reqchan *rc;
	unsigned int i;
	int err;

	for (i = 0; i < ops->mem->ndevs && reqchan_at(rd, i)->vdev; i++)
		;
	if (i == ops->mem->ndevs) {
		drv_err(vdev, "more than %u devices", ops->mem->ndevs);
		return -ENOSPC;
	}
	err = reqchan_supplies(ops, vdev, &t);
	if (err)
		return err;
	rc = reqchan_at(rd, i);
	memset(rc, 0, ops->mem->dev_size);
	rc->ops = ops;
	err = ops->read_config ? ops->read_config(rc, vdev) : 0;
	if (!err)
		err = reqchan_check_table(rd, rc, vdev, &t);
	if (!err)
		err = reqchan_setup_chan(vdev, rc, ops, i);
	if (err)
		return err;
	ops->bind(rc, &t);
	rc->n = t.n;
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
	memset(rd->ids, 0, sizeof(rd->ids));
	rd->ids[0].device = rd->device_id;
	if (rd->old_device_id && board_virtio_clkreg_old_ids())
		rd->ids[1].device = rd->old_device_id;
	rd->ids[0].vendor = rd->ids[1].vendor = VIRTIO_DEV_ANY_ID;
	rd->drv.id_table = rd->ids;
	rd->drv.probe = reqchan_probe;
	rd->drv.remove = reqchan_remove;
	rd->drv.freeze = reqchan_freeze;
	rd->drv.restore = reqchan_restore;
	rd->drv.restore_noirq = reqchan_restore_noirq;
	return virtio_register_driver(&rd->drv);
}
