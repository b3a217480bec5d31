/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_CONFIG_H
#define VMIO_VIRTIO_CONFIG_H

/*
 * Numbers fixed by the virtio 1.2 specification (2.1 status, 6 reserved
 * feature bits) and the build-time limits of the static device model.
 */

/* Device status bits (virtio 1.2, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

/* Reserved (transport and ring) feature bits (virtio 1.2, 6). */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33
#define VIRTIO_F_RING_PACKED		34
#define VIRTIO_F_IN_ORDER		35
#define VIRTIO_F_ORDER_PLATFORM		36
#define VIRTIO_F_NOTIFICATION_DATA	38
#define VIRTIO_F_RING_RESET		40

/* Interrupt reasons reported by the transport's isr op. */
#define VIRTIO_ISR_VRING		0x1
#define VIRTIO_ISR_CONFIG		0x2

/* Build-time limits; a board or test may override them with -D. */
#ifndef VIRTIO_MAX_DEVICES
#define VIRTIO_MAX_DEVICES		8
#endif
#ifndef VIRTIO_MAX_VQS
#define VIRTIO_MAX_VQS			2
#endif
/* Longest wait for Status to read 0 after a reset (virtio 1.2, 4.2.3.1). */
#ifndef VIRTIO_RESET_TIMEOUT_US
#define VIRTIO_RESET_TIMEOUT_US		100000
#endif
/*
 * Interrupt storm: a device's handler ran this many times in a row
 * without consuming anything and its InterruptStatus still read set
 * after the acknowledgement (or read 0 with the line up): the IRQ is
 * disabled and the device FAILED. A healthy device never reaches 2.
 */
#ifndef VIRTIO_IRQ_STORM_RUNS
#define VIRTIO_IRQ_STORM_RUNS		32
#endif
/* Attempts at a config read before giving up on a changing ConfigGeneration. */
#ifndef VIRTIO_CONFIG_RETRIES
#define VIRTIO_CONFIG_RETRIES		8
#endif

#endif
