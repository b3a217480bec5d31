/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_CONSOLE_H
#define VMIO_VIRTIO_CONSOLE_H

/*
 * virtio-console consumer API (device ID 3, virtio 1.2 section 5.3):
 * port 0 only (no MULTIPORT), receiveq 0 and transmitq 1, both polled.
 * VIRTIO_CONSOLE_RX_BUFS receive buffers of VIRTIO_CONSOLE_RX_SIZE bytes
 * stay posted so the host can send while nobody reads; writes go through
 * one VIRTIO_CONSOLE_TX_SIZE-byte DMA buffer. One device.
 *
 * DEVICE_NEEDS_RESET (config interrupt, or Status read every
 * VIRTIO_CONSOLE_STATUS_POLL_US by a wait with IRQs masked) is recovered
 * by the next read or write, or by the wait that notices it, as a
 * freeze and restore would: reset, filled receive buffers kept (their
 * input is read first), the device re-initialised in place, DRIVER_OK,
 * the other receive buffers posted again; a transmit chunk in flight is
 * lost (the write waiting for it fails with -EIO). One line logged;
 * waits at most twice VIRTIO_RESET_TIMEOUT_US.
 *
 * System sleep (virtio/pm.h): from the freeze step to the restore step
 * reads and writes fail with -EAGAIN. Input received before the sleep
 * and not read yet is kept and read first; the host's further input
 * waits on its side while no buffer is posted.
 */
#include <stddef.h>
#include <stdint.h>

/*
 * Devices bound at most (static queues and buffers for each); one more is
 * refused at probe with one line (-ENOSPC, the device FAILED). Build option.
 */
#ifndef VIRTIO_CONSOLE_MAX_DEVICES
#define VIRTIO_CONSOLE_MAX_DEVICES	1
#endif
#ifndef VIRTIO_CONSOLE_RX_BUFS
#define VIRTIO_CONSOLE_RX_BUFS	4
#endif
#ifndef VIRTIO_CONSOLE_RX_SIZE
#define VIRTIO_CONSOLE_RX_SIZE	64
#endif
#ifndef VIRTIO_CONSOLE_TX_SIZE
#define VIRTIO_CONSOLE_TX_SIZE	128
#endif
/*
 * Empty receive buffers (0 bytes used) in a row after which a read gives
 * up with -EIO: a device that returns nothing in a loop is faulty.
 */
#ifndef VIRTIO_CONSOLE_MAX_EMPTY
#define VIRTIO_CONSOLE_MAX_EMPTY	8
#endif
/* With IRQs masked, a wait polls Status for DEVICE_NEEDS_RESET this often. */
#ifndef VIRTIO_CONSOLE_STATUS_POLL_US
#define VIRTIO_CONSOLE_STATUS_POLL_US	10000u
#endif

/*
 * Register the virtio-console driver with the virtio core; call before
 * virtio_probe_all(). Context: thread, once. Errors: those of
 * virtio_register_driver().
 */
int virtio_console_register(void);

/* True when a virtio-console device is bound and usable. Context: any. */
int virtio_console_present(void);

/* virtio-console devices bound, in probe order. Context: any. */
unsigned int virtio_console_count(void);

/*
 * Send len bytes on port 0 and wait until the device has taken all of
 * them, at most timeout_us in all (checked on every pass). Context:
 * thread or IRQs masked (polled); not reentrant. Returns len. Errors (one
 * line logged): -ENODEV (no device), -EIO (device failed, broken queue,
 * the chunk in flight lost to DEVICE_NEEDS_RESET), -ETIMEDOUT
 * (part may have been sent; the pending chunk is waited for by the next
 * call, or dropped by a system sleep that comes first), -EAGAIN (frozen
 * for system sleep).
 */
int virtio_console_write(const void *buf, size_t len, uint32_t timeout_us);

/*
 * Copy up to len bytes that arrived on port 0 into buf: waits at most
 * timeout_us for the first byte (0: no wait), then takes only what is
 * already there; the deadline is checked on every pass. Consumed
 * receive buffers are posted again at once. Context: thread or IRQs
 * masked (polled); not reentrant. Returns the number of bytes copied, 0
 * when nothing arrived in time. Errors (one line logged): -ENODEV, -EIO
 * (device failed, broken queue, VIRTIO_CONSOLE_MAX_EMPTY empty receive
 * buffers in a row: the device is faulty; the buffers stay posted),
 * -EAGAIN (frozen for system sleep).
 */
int virtio_console_read(void *buf, size_t len, uint32_t timeout_us);

/*
 * virtio_console_write()/_read() on port 0 of the n-th bound device
 * (probe order; n = 0 is the one the calls above use). Same context and
 * errors; -ENODEV when there are not n + 1 devices.
 */
int virtio_console_write_dev(unsigned int n, const void *buf, size_t len, uint32_t timeout_us);
int virtio_console_read_dev(unsigned int n, void *buf, size_t len, uint32_t timeout_us);

#endif
