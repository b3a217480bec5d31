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

/*
 * One field of len (1, 2 or 4) bytes through a 32-bit value: its first
 * len bytes in memory are the field, so le32_to_cpu() is right for every
 * width and either CPU byte order. One body for the six accessors (kept
 * out of line: inlined, each accessor carries its own copy).
 */
static __attribute__((noinline)) uint32_t
virtio_cread(struct virtio_device *dev, unsigned int off, unsigned int len)
{
	uint32_t v = 0;

	dev->config->read_config(dev, off, &v, len);
	return le32_to_cpu(v);
}

static __attribute__((noinline)) void
virtio_cwrite(struct virtio_device *dev, unsigned int off, uint32_t v,
	      unsigned int len)
{
	v = cpu_to_le32(v);
	dev->config->write_config(dev, off, &v, len);
}

uint8_t virtio_cread8(struct virtio_device *dev, unsigned int off)
{
	return (uint8_t)virtio_cread(dev, off, 1);
}

uint16_t virtio_cread16(struct virtio_device *dev, unsigned int off)
{
	return (uint16_t)virtio_cread(dev, off, 2);
}

uint32_t virtio_cread32(struct virtio_device *dev, unsigned int off)
{
	return virtio_cread(dev, off, 4);
}

void virtio_cwrite8(struct virtio_device *dev, unsigned int off, uint8_t v)
{
	virtio_cwrite(dev, off, v, 1);
}

void virtio_cwrite16(struct virtio_device *dev, unsigned int off, uint16_t v)
{
	virtio_cwrite(dev, off, v, 2);
}

void virtio_cwrite32(struct virtio_device *dev, unsigned int off, uint32_t v)
{
	virtio_cwrite(dev, off, v, 4);
}

int virtio_cread_fields(struct virtio_device *dev, unsigned int off,
			void *buf, unsigned int len, unsigned int width)
{
	uint8_t *p = buf;
	unsigned int tries, i;
	uint32_t gen;

	/* width 1, 2 or 4 (bits of 0x16); then len % width is a mask. */
	if (width > 4 || !((0x16u >> width) & 1) || (len & (width - 1))) {
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
