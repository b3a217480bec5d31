/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_RNG_H
#define VMIO_VIRTIO_RNG_H

/*
 * virtio-rng consumer API (device ID 4, virtio 1.2 section 5.4): one
 * entropy device, one request queue, polled (the device is asked not to
 * interrupt). The device fills a static DMA buffer of
 * VIRTIO_RNG_BUF_SIZE bytes that is copied out and wiped.
 */
#include <stddef.h>
#include <stdint.h>

#ifndef VIRTIO_RNG_BUF_SIZE
#define VIRTIO_RNG_BUF_SIZE	64
#endif

/*
 * Register the virtio-rng driver with the virtio core; call before
 * virtio_probe_all(). Context: thread, once. Errors: those of
 * virtio_register_driver().
 */
int virtio_rng_register(void);

/* True when a virtio-rng device is bound and usable. Context: any. */
int virtio_rng_present(void);

/*
 * Fill buf with len bytes from the device, waiting at most timeout_us in
 * all (polled: works with IRQs masked; not reentrant, one caller at a
 * time). Returns len. Errors (one line logged): -ENODEV (no device),
 * -EIO (device failed or broken queue), -ETIMEDOUT (buf may be partly
 * filled; the request stays posted and the next call picks it up, unless
 * a system sleep comes first: its freeze step takes the request back),
 * -EAGAIN (frozen for system sleep: retry once pm_suspend() returned).
 */
int virtio_rng_read(void *buf, size_t len, uint32_t timeout_us);

#endif
