// SPDX-License-Identifier: MIT
/*
 * Device configuration space accessors. Fields are little-endian (and
 * guest-endian, i.e. little-endian, on the legacy transport of the Arm
 * guests we support) and every access has the width of its field
 * (virtio 1.2, 4.2.2.2). Only multi-access reads pay for the
 * ConfigGeneration loop.
 */
#include <errno.h>
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio.h"

uint8_t virtio_cread8(struct virtio_device *dev, unsigned int off)
{
	uint8_t v;

	dev->config->read_config(dev, off, &v, sizeof(v));
	return v;
}

uint16_t virtio_cread16(struct virtio_device *dev, unsigned int off)
{
	uint16_t v;

	dev->config->read_config(dev, off, &v, sizeof(v));
	return le16_to_cpu(v);
}

uint32_t virtio_cread32(struct virtio_device *dev, unsigned int off)
{
	uint32_t v;

	dev->config->read_config(dev, off, &v, sizeof(v));
	return le32_to_cpu(v);
}

void virtio_cwrite8(struct virtio_device *dev, unsigned int off, uint8_t v)
{
	dev->config->write_config(dev, off, &v, sizeof(v));
}

void virtio_cwrite16(struct virtio_device *dev, unsigned int off, uint16_t v)
{
	v = cpu_to_le16(v);
	dev->config->write_config(dev, off, &v, sizeof(v));
}

void virtio_cwrite32(struct virtio_device *dev, unsigned int off, uint32_t v)
{
	v = cpu_to_le32(v);
	dev->config->write_config(dev, off, &v, sizeof(v));
}

int virtio_cread_fields(struct virtio_device *dev, unsigned int off,
			void *buf, unsigned int len, unsigned int width)
{
	uint8_t *p = buf;
	unsigned int tries, i;
	uint32_t gen;

	if ((width != 1 && width != 2 && width != 4) || len % width) {
		vdev_err(dev, "config read of %u bytes in %u-byte fields", len, width);
		return -EINVAL;
	}
	for (tries = 0; tries < VIRTIO_CONFIG_RETRIES; tries++) {
		gen = dev->config->generation(dev);
		for (i = 0; i < len; i += width)
			dev->config->read_config(dev, off + i, p + i, width);
		if (dev->config->generation(dev) == gen)
			return 0;
	}
	vdev_err(dev, "config generation still changing after %u reads", tries);
	return -EIO;
}

int virtio_cread_bytes(struct virtio_device *dev, unsigned int off,
		       void *buf, unsigned int len)
{
	return virtio_cread_fields(dev, off, buf, len, 1);
}

int virtio_cread64(struct virtio_device *dev, unsigned int off, uint64_t *val)
{
	uint64_t v;
	int ret = virtio_cread_fields(dev, off, &v, sizeof(v), 4);

	*val = le64_to_cpu(v);
	return ret;
}
