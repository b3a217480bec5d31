/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_MMIO_H
#define VMIO_VIRTIO_MMIO_H

/*
 * The virtio-mmio transport, Version 1 (legacy) and 2 (modern). Every
 * register is written once per bring-up and never read back when a
 * shadow knows its value: under a hypervisor each access is a VM exit.
 */
#include <stdint.h>
#include "virtio/virtio.h"

/*
 * Probe slot's window: check MagicValue and Version, read DeviceID, and
 * fill dev (slot, base, IRQ included) for the mmio ops (3 MMIO reads).
 * Does not reset or otherwise touch the device. Context: any; no wait. Errors: -ENODEV
 * (logged) for a bad magic or an unsupported version (only 1 and 2 are
 * accepted); -ENOENT (silent) for an empty slot (DeviceID 0).
 */
int virtio_mmio_init_device(struct virtio_device *dev,
			    const struct board_virtio_slot *slot);

/*
 * Register accesses made by the transport since boot (all devices, IRQ
 * handlers included), for benches and tests: take differences. Exact
 * when read with IRQs masked or with no interrupt in between.
 */
uint32_t virtio_mmio_access_count(void);

/* The bus's entry for BOARD_TRANSPORT_MMIO windows (virtio_transports.c). */
extern const struct virtio_transport virtio_mmio_transport;

#endif
