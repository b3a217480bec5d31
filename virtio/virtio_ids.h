/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_IDS_H
#define VMIO_VIRTIO_IDS_H

/*
 * Device IDs: the standard ones from virtio 1.2 section 5 and the clock
 * and regulator IDs of the protocol in DESIGN.md section 5 (not the
 * upstream 17/30/31, which mean other devices).
 */
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_CONSOLE	3
#define VIRTIO_ID_RNG		4
#define VIRTIO_ID_CLOCK_QCOM	0xC000
#define VIRTIO_ID_REGULATOR_QCOM 0xC001

/* Matches any vendor in a struct virtio_device_id. */
#define VIRTIO_DEV_ANY_ID	0xffffffffu

#endif
