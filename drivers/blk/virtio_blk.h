/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTIO_BLK_H
#define VMIO_VIRTIO_BLK_H

/*
 * virtio-blk consumer API (device ID 2, virtio 1.2 section 5.2).
 *
 * The unit of the protocol is the 512-byte sector whatever blk_size the
 * device reports. Storage is static: VIRTIO_BLK_MAX_DEVICES devices, each
 * with VIRTIO_BLK_SLOTS request slots whose header and status byte live in
 * the DMA area; data buffers are the caller's and must stay untouched
 * until the request completes.
 *
 * Completions are interrupt-driven by default: the device interrupt drains
 * the queue and runs the completion callbacks in IRQ context. After
 * virtio_blk_set_polled(b, true) the device is asked not to interrupt and
 * completions happen only inside virtio_blk_poll() (or the synchronous
 * calls), which work with IRQs masked. The synchronous calls also poll by
 * themselves whenever IRQs are masked at the CPU, so they work in both
 * modes and in noirq code.
 *
 * Requests are as large as the device allows: without VIRTIO_BLK_F_SIZE_MAX
 * a buffer (physically contiguous, as all memory is here) is one data
 * descriptor whatever its length; with it, up to SEG_MAX segments of
 * SIZE_MAX bytes (and VIRTIO_BLK_MAX_SEGS). info.max_req says the result.
 *
 * Asynchronous API: virtio_blk_queue() adds requests without telling the
 * device, virtio_blk_kick() tells it about all of them with at most one
 * notification (none when EVENT_IDX says the device is still busy with
 * the queue), virtio_blk_submit() does both for one request. Every request
 * accepted (return 0) completes exactly once through its callback, with
 * its error; a refused one (negative return) never calls it. Completion
 * order is the device's, not submission order: requests in flight
 * together may complete in any order, and nothing orders a write before
 * a later read of the same sectors unless the first completed before the
 * second was queued. Completions are reaped in bulk: one interrupt (or
 * one virtio_blk_poll()) runs every callback that is ready; in interrupt
 * mode with EVENT_IDX the device is asked to interrupt only when most of
 * what is in flight has completed. Requests queued from a callback are
 * kicked when that reaping ends.
 *
 * Running out of slots or ring space: virtio_blk_queue/submit return
 * -ENOSPC (the caller reaps or waits for a completion and retries); the
 * synchronous calls wait for their own requests to complete and only fail
 * with -ENOSPC if other users hold every slot.
 *
 * DEVICE_NEEDS_RESET (announced by a config interrupt, or found in Status
 * by a synchronous call waiting with IRQs masked) is recovered by the
 * next call into the driver (submit, poll, a synchronous call or its
 * wait): the device is reset with IRQs as the caller has them, every
 * request in flight completes with -EIO, the device is re-initialised in
 * place with the known features and rings, and the completion mode is
 * put back; one line is logged. A request submitted during the recovery
 * (from a completion callback) is refused with -EAGAIN. If the recovery
 * fails the device is FAILED and requests fail with -EIO.
 *
 * System sleep (virtio/pm.h): the freeze step refuses every new request
 * with -EAGAIN (nothing is queued; retry once pm_suspend() returned) and
 * waits, at most VIRTIO_BLK_FREEZE_TIMEOUT_US, for those in flight to
 * complete, polling them; if some never complete it fails with -EBUSY
 * and the suspend is rolled back. Restore reopens submission and keeps
 * the completion mode (interrupt or polled) chosen before.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTIO_BLK_SECTOR_SIZE	512u

/* Build-time limits; override with -D. */
#ifndef VIRTIO_BLK_MAX_DEVICES
#define VIRTIO_BLK_MAX_DEVICES	4
#endif
/*
 * Requests in flight per device. Each costs 24 bytes of DMA area and 16
 * of state; 64 fill a 256-entry ring with three-descriptor requests
 * (header, data, status) so that small requests go out in batches large
 * enough for QEMU to merge them.
 */
#ifndef VIRTIO_BLK_SLOTS
#define VIRTIO_BLK_SLOTS	64
#endif
/* Data segments per request (used only when the device sets SIZE_MAX). */
#ifndef VIRTIO_BLK_MAX_SEGS
#define VIRTIO_BLK_MAX_SEGS	16
#endif
/*
 * Ring entries per device, the static budget: the queue is as large as
 * the device offers up to this (a power of two). Default 256 (QEMU's
 * virtio-blk default queue-size): 12 KiB of DMA area for the split ring
 * (which also holds a packed ring) and 4 KiB of descriptor shadows.
 */
#ifndef VIRTIO_BLK_QUEUE_SIZE
#define VIRTIO_BLK_QUEUE_SIZE	256
#endif
/*
 * Indirect descriptor tables per device (used when the device offers
 * VIRTIO_F_INDIRECT_DESC, for requests of many segments or when the ring
 * is short): VIRTIO_BLK_MAX_SEGS + 2 descriptors each, 288 bytes of DMA
 * area and 216 of shadow at the default. 0: none.
 */
#ifndef VIRTIO_BLK_INDIRECT_TABLES
#define VIRTIO_BLK_INDIRECT_TABLES 8
#endif
/*
 * Largest data length of one request. Not a throughput limit: it only
 * keeps a request below QEMU's block layer maximum (2 GiB - 512) and
 * within a 32-bit descriptor length; the device's own limits apply too.
 */
#ifndef VIRTIO_BLK_MAX_REQ_BYTES
#define VIRTIO_BLK_MAX_REQ_BYTES (1u << 30)
#endif
/* Longest a synchronous call waits for the next completion. */
#ifndef VIRTIO_BLK_TIMEOUT_US
#define VIRTIO_BLK_TIMEOUT_US	5000000u
#endif

/*
 * With IRQs masked a synchronous call cannot take the config interrupt
 * that announces DEVICE_NEEDS_RESET: while it waits without progress it
 * reads Status itself, once per this period.
 */
#ifndef VIRTIO_BLK_STATUS_POLL_US
#define VIRTIO_BLK_STATUS_POLL_US	10000u
#endif

/*
 * Longest the system-sleep freeze step waits for requests in flight: a
 * stuck request fails the suspend (which may be retried) rather than
 * holding it up for a full VIRTIO_BLK_TIMEOUT_US.
 */
#ifndef VIRTIO_BLK_FREEZE_TIMEOUT_US
#define VIRTIO_BLK_FREEZE_TIMEOUT_US	1000000u
#endif

/* Request types, as on the wire (VIRTIO_BLK_T_*). */
#define VIRTIO_BLK_T_IN		0u
#define VIRTIO_BLK_T_OUT	1u
#define VIRTIO_BLK_T_FLUSH	4u

struct virtio_blk;

/* What the driver found at probe time. */
struct virtio_blk_info {
	uint64_t capacity;	/* in 512-byte sectors */
	uint32_t blk_size;	/* device's preferred block size (512 if not offered) */
	uint32_t max_req;	/* largest data length of one request, bytes */
	bool read_only;		/* VIRTIO_BLK_F_RO: writes fail with -EROFS */
	bool flush;		/* VIRTIO_BLK_F_FLUSH: the device has a write cache to flush */
};

/*
 * Completion callback: err is 0, -EIO (device IOERR, broken queue, a read
 * whose used length shows the data was not all written, the device
 * reported DEVICE_NEEDS_RESET),
 * -EOPNOTSUPP (device UNSUPP), -ETIMEDOUT or -ENODEV (request abandoned
 * when the device was reset). Runs in IRQ context in interrupt mode, else
 * inside virtio_blk_poll() or a synchronous call; IRQs are masked; it may
 * submit new requests.
 */
typedef void (*virtio_blk_done_fn)(void *arg, int err);

/*
 * Register the virtio-blk driver with the virtio core; call before
 * virtio_probe_all(). Context: thread, once. Errors: those of
 * virtio_register_driver() (-EBUSY when already registered).
 */
int virtio_blk_register(void);

/*
 * Number of virtio-blk devices bound so far, and the nth of them (probe
 * order), or NULL when n is out of range. Context: any; no MMIO.
 */
unsigned int virtio_blk_count(void);
struct virtio_blk *virtio_blk_get(unsigned int n);

/*
 * The facts of b (never NULL). Context: any; no MMIO, except one config
 * read on the first call when the device offers its block-size hint.
 */
const struct virtio_blk_info *virtio_blk_get_info(struct virtio_blk *b);

/*
 * Switch b between interrupt-driven (polled = false, the default) and
 * polled completion. Switching to interrupts drains what already
 * completed. Context: any, IRQs masked OK; no MMIO, no wait.
 */
void virtio_blk_set_polled(struct virtio_blk *b, bool polled);

/*
 * Queue one request without notifying the device (virtio_blk_kick() does,
 * for everything queued); done(arg, err) runs once when it completes
 * (done may be NULL). Arguments, context and errors as
 * virtio_blk_submit().
 */
int virtio_blk_queue(struct virtio_blk *b, uint32_t type, uint64_t sector,
		     void *buf, size_t len, virtio_blk_done_fn done, void *arg);

/*
 * Tell the device about every request queued since the last kick: at most
 * one MMIO write, none when the device said (EVENT_IDX) that it will look
 * anyway. Context: any, IRQs masked OK; no wait. Returns true when it
 * notified.
 */
bool virtio_blk_kick(struct virtio_blk *b);

/*
 * Queue one request and notify the device; done(arg, err) runs once when
 * it completes (done may be NULL). type is VIRTIO_BLK_T_IN (read len
 * bytes at sector into buf), VIRTIO_BLK_T_OUT (write), or
 * VIRTIO_BLK_T_FLUSH with len 0 (sent with sector 0 whatever sector
 * says; without VIRTIO_BLK_F_FLUSH it completes at once with 0, the
 * device being write-through). Context: any, IRQs masked OK; no wait,
 * except a pending DEVICE_NEEDS_RESET recovery (at most twice
 * VIRTIO_RESET_TIMEOUT_US). Errors (one line logged, nothing sent, done
 * not called): -EINVAL (any other type, len 0 on a read or write, len
 * not a multiple of 512 or above info.max_req, range beyond capacity or
 * overflowing, data on a flush), -EROFS (write to a read-only device),
 * -ENOSPC (no free slot or descriptors), -EIO (device failed), -EAGAIN
 * (frozen for system sleep, or a device reset in progress).
 */
int virtio_blk_submit(struct virtio_blk *b, uint32_t type, uint64_t sector,
		      void *buf, size_t len, virtio_blk_done_fn done, void *arg);

/*
 * Complete every request the device has finished (running their
 * callbacks); a broken queue fails all in-flight requests with -EIO, and
 * so does a DEVICE_NEEDS_RESET recovery. Returns the number completed.
 * Context: any, IRQs masked OK; no wait except a recovery's resets.
 */
int virtio_blk_poll(struct virtio_blk *b);

/* Requests of b in flight. Context: any; no MMIO. */
unsigned int virtio_blk_inflight(const struct virtio_blk *b);

/*
 * Synchronous I/O: read (VIRTIO_BLK_T_IN) or write (VIRTIO_BLK_T_OUT) len
 * bytes at sector, split into requests of at most info.max_req bytes with
 * up to VIRTIO_BLK_SLOTS of them in flight (one notify per batch), and
 * wait until all completed; or a data-less command (VIRTIO_BLK_T_FLUSH
 * with len 0). Context: thread or IRQs masked (then it polls); not from a
 * completion callback. Waits at most VIRTIO_BLK_TIMEOUT_US for each
 * completion; on a timeout the device is reset (with IRQs as the caller
 * has them) and marked failed. Every pass of the wait checks the
 * deadline and a latched DEVICE_NEEDS_RESET (then the call fails with
 * -EIO after the recovery).
 * Errors: the checks of virtio_blk_submit() except the max_req limit,
 * made before anything is sent (-EINVAL, -EROFS, -EIO, -EAGAIN), then -EIO,
 * -EOPNOTSUPP, -ETIMEDOUT, or -ENOSPC (other users hold every slot).
 * After an error, parts of the range may have been transferred. Exactly
 * one line is logged, where the error arose.
 */
int virtio_blk_rw(struct virtio_blk *b, uint32_t type, uint64_t sector,
		  void *buf, size_t len);

/* virtio_blk_rw() for reading len bytes at sector into buf. */
static inline int virtio_blk_read(struct virtio_blk *b, uint64_t sector,
				  void *buf, size_t len)
{
	return virtio_blk_rw(b, VIRTIO_BLK_T_IN, sector, buf, len);
}

/* virtio_blk_rw() for writing len bytes of buf at sector. */
static inline int virtio_blk_write(struct virtio_blk *b, uint64_t sector,
				   const void *buf, size_t len)
{
	return virtio_blk_rw(b, VIRTIO_BLK_T_OUT, sector, (void *)(uintptr_t)buf, len);
}

/*
 * Make completed writes durable (VIRTIO_BLK_T_FLUSH) and wait; 0 at once
 * without VIRTIO_BLK_F_FLUSH (write-through device). As virtio_blk_rw().
 */
static inline int virtio_blk_flush(struct virtio_blk *b)
{
	return virtio_blk_rw(b, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

#endif
