// SPDX-License-Identifier: MIT
/*
 * Devices and drivers. Drivers register explicitly: a linker-section
 * table would work in the firmware but silently lose drivers taken from
 * an archive (host tests), since nothing references them. Devices are
 * created from board discovery into a fixed array.
 */
#include <errno.h>
#include "board/board.h"
#include "vmio/log.h"
#include "virtio/virtio.h"

static struct virtio_driver *virtio_drivers;
static struct virtio_device virtio_devices[VIRTIO_MAX_DEVICES];
static unsigned int virtio_ndevices;

int virtio_register_driver(struct virtio_driver *drv)
{
	struct virtio_driver **pp;

	if (!drv || !drv->name || !drv->id_table || !drv->probe) {
		pr_err("virtio: driver without name, ID table or probe");
		return -EINVAL;
	}
	for (pp = &virtio_drivers; *pp; pp = &(*pp)->next) {
		if (*pp == drv) {
			pr_err("virtio: driver %s registered twice", drv->name);
			return -EBUSY;
		}
	}
	/* Appended: earlier registrations win a match. */
	drv->next = NULL;
	*pp = drv;
	return 0;
}

static bool virtio_id_match(struct virtio_device *dev,
			    const struct virtio_device_id *id)
{
	for (; id->device; id++)
		if (id->device == dev->id &&
		    (id->vendor == VIRTIO_DEV_ANY_ID ||
		     id->vendor == virtio_vendor_id(dev)))
			return true;
	return false;
}

static struct virtio_driver *virtio_find_driver(struct virtio_device *dev)
{
	struct virtio_driver *drv;

	for (drv = virtio_drivers; drv; drv = drv->next)
		if (virtio_id_match(dev, drv->id_table))
			return drv;
	return NULL;
}

/*
 * Which devices are kept when there are more than VIRTIO_MAX_DEVICES:
 * the first ones in board discovery order (board_get_info()->virtio[]).
 * That order is ascending address on every board that discovers with
 * dt_discover() (it sorts the DTB's nodes) or a table in slot
 * order, so the choice does not depend on how a DTB orders its nodes. On
 * QEMU virt, whose command line fills slots from 31 down, that drops the
 * devices given first. The others are identified (counted) and never
 * written; one line says how many and where the first one is.
 */
/* The built-in transport of slot's kind; NULL (logged) when there is none. */
static const struct virtio_transport *virtio_transport_of(const struct board_virtio_slot *s)
{
	const struct virtio_transport *const *t;

	for (t = virtio_transports; *t; t++)
		if ((*t)->kind == s->transport)
			return *t;
	pr_err("virtio: window 0x%08lx: no transport of kind %u built in",
	       (unsigned long)s->base, (unsigned int)s->transport);
	return NULL;
}

int virtio_probe_all(void)
{
	const struct board_info *bi = board_get_info();
	struct virtio_device spare, *dev;
	struct virtio_driver *drv;
	unsigned int i, ignored = 0;
	uintptr_t first_ignored = 0;

	for (i = 0; i < bi->nvirtio; i++) {
		const struct board_virtio_slot *s = &bi->virtio[i];
		const struct virtio_transport *t = virtio_transport_of(s);

		/*
		 * Identified in place (init_device fills the whole record);
		 * past the limit into spare, only to be counted.
		 */
		dev = &spare;
		if (virtio_ndevices < VIRTIO_MAX_DEVICES)
			dev = &virtio_devices[virtio_ndevices];
		/* Empty slots (-ENOENT) are normal; bad windows were logged. */
		if (!t || t->init_device(dev, s))
			continue;
		if (virtio_ndevices == VIRTIO_MAX_DEVICES) {
			if (!ignored++)
				first_ignored = s->base;
			continue;
		}
		dev->index = (uint16_t)virtio_ndevices++;
		drv = virtio_find_driver(dev);
		/* A failed bring-up leaves that device FAILED, logged; go on. */
		if (drv)
			virtio_device_probe(dev, drv);
	}
	if (ignored)
		pr_err("virtio: %u devices found, VIRTIO_MAX_DEVICES is %u: ignored the last %u (first at 0x%08lx)",
		       virtio_ndevices + ignored, (unsigned int)VIRTIO_MAX_DEVICES,
		       ignored, (unsigned long)first_ignored);
	return (int)virtio_ndevices;
}

struct virtio_device *virtio_get_device(unsigned int index)
{
	return index < virtio_ndevices ? &virtio_devices[index] : NULL;
}

unsigned int virtio_device_count(void)
{
	return virtio_ndevices;
}

void virtio_bus_clear(void)
{
	unsigned int i;

	for (i = 0; i < virtio_ndevices; i++)
		virtio_device_remove(&virtio_devices[i]);
	virtio_ndevices = 0;
	virtio_drivers = NULL;
}
