/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_RNG_H
#define VMIO_VIRTIO_RNG_H

/*
 * virtio-rng consumer API (device ID 4, virtio 1.2 section 5.4): up to
 * VIRTIO_RNG_MAX_DEVICES entropy devices, each one request queue, polled (the device is asked not to
 * interrupt). The device fills a static DMA buffer of
 * VIRTIO_RNG_BUF_SIZE bytes that is copied out and wiped.
 */
#include <stddef.h>
#include <stdint.h>

/*
 * Devices bound at most (static storage for each); one more is refused at
 * probe with one line (-ENOSPC, the device FAILED). Build option.
 */
#ifndef VIRTIO_RNG_MAX_DEVICES
#define VIRTIO_RNG_MAX_DEVICES	1
#endif
#ifndef VIRTIO_RNG_BUF_SIZE
#define VIRTIO_RNG_BUF_SIZE	64
#endif
/*
 * Empty buffers in a row (0 bytes used) after which a read gives up with
 * -EIO: a device that returns nothing is faulty, not slow.
 */
#ifndef VIRTIO_RNG_MAX_EMPTY
#define VIRTIO_RNG_MAX_EMPTY	8
#endif
/* With IRQs masked a read polls Status for DEVICE_NEEDS_RESET this often. */
#ifndef VIRTIO_RNG_STATUS_POLL_US
#define VIRTIO_RNG_STATUS_POLL_US	10000u
#endif

/*
 * Register the virtio-rng driver with the virtio core; call before
 * virtio_probe_all(). Context: thread, once. Errors: those of
 * virtio_register_driver().
 */
int virtio_rng_register(void);

/* True when a virtio-rng device is bound and usable. Context: any. */
int virtio_rng_present(void);

/* virtio-rng devices bound, in probe order. Context: any. */
unsigned int virtio_rng_count(void);

/*
 * Fill buf with len bytes from the device, waiting at most timeout_us in
 * all (polled: works with IRQs masked; not reentrant, one caller at a
 * time); the deadline is checked on every pass. DEVICE_NEEDS_RESET
 * (config interrupt, or Status read every VIRTIO_RNG_STATUS_POLL_US with
 * IRQs masked) is recovered at once: the device is reset and
 * re-initialised (waits at most twice VIRTIO_RESET_TIMEOUT_US); a read
 * in flight then fails with -EIO, one found latched at the start goes
 * on. Returns len. Errors (one line logged): -ENODEV (no device),
 * -EIO (device failed, broken queue, VIRTIO_RNG_MAX_EMPTY empty buffers
 * in a row, a request lost to DEVICE_NEEDS_RESET), -ETIMEDOUT (buf may be partly
 * filled; the request stays posted and the next call picks it up, unless
 * a system sleep comes first: its freeze step takes the request back),
 * -EAGAIN (frozen for system sleep: retry once pm_suspend() returned).
 */
int virtio_rng_read(void *buf, size_t len, uint32_t timeout_us);

/*
 * virtio_rng_read() from the n-th bound device (probe order; n = 0 is the
 * one virtio_rng_read() uses). Same context and errors; -ENODEV when
 * there are not n + 1 devices.
 */
int virtio_rng_read_dev(unsigned int n, void *buf, size_t len, uint32_t timeout_us);

#endif
