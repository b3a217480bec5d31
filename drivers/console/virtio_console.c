// SPDX-License-Identifier: MIT
/*
 * virtio-console driver (virtio 1.2, 5.3), port 0 only: receive buffers
 * kept posted on receiveq, one transmit buffer on transmitq; all polled.
 *
 * The receive buffers are never idle, so a system sleep must take them
 * back from the device (reset, then detach); the ones it had already
 * filled hold input nobody read yet and are kept, in arrival order, to
 * be read before anything received after the resume.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/console/virtio_console.h"

#define CON_RX_QSIZE 4
_Static_assert(VIRTIO_CONSOLE_RX_BUFS <= CON_RX_QSIZE, "one descriptor per rx buffer");

VIRTQ_DEFINE(con_rxq, CON_RX_QSIZE);
VIRTQ_DEFINE(con_txq, 2);
static uint8_t con_rx[VIRTIO_CONSOLE_RX_BUFS][VIRTIO_CONSOLE_RX_SIZE] VIRTQ_DMA_SECTION;
static uint8_t con_tx[VIRTIO_CONSOLE_TX_SIZE] VIRTQ_DMA_SECTION;

/* A receive buffer filled before a freeze and not read yet. */
struct con_held {
	uint8_t *buf;
	uint32_t len;
};

static struct {
	struct virtio_device *vdev;
	uint8_t *cur;		/* received buffer being consumed */
	uint32_t cur_len, cur_off;
	bool tx_busy;		/* con_tx still owned by the device */
	bool frozen;		/* system sleep: reads and writes refused */
	unsigned int nheld;
	struct con_held held[VIRTIO_CONSOLE_RX_BUFS];	/* oldest first */
} con;

int virtio_console_present(void)
{
	return con.vdev && !con.vdev->failed;
}

static int con_post_rx(uint8_t *b)
{
	struct virtio_sg sg = { b, VIRTIO_CONSOLE_RX_SIZE };

	return virtqueue_add_sgs(&con_rxq, NULL, 0, &sg, 1, b);
}

static int con_err(const char *what, int err)
{
	pr_err("virtio%u: console %s failed (%d)", con.vdev ? con.vdev->index : 0,
	       what, err);
	return err;
}

/*
 * The config interrupt that announces DEVICE_NEEDS_RESET cannot be taken
 * with IRQs masked: a polled wait reads Status itself, once per
 * VIRTIO_CONSOLE_STATUS_POLL_US (*last: when it last did).
 */
static void con_poll_status(uint64_t *last, uint64_t now)
{
	if (!board_irqs_masked() || now - *last < VIRTIO_CONSOLE_STATUS_POLL_US)
		return;
	*last = now;
	virtio_check_needs_reset(con.vdev);
}

static int con_recover(void);

/*
 * 0 when the port may be used now, else -ENODEV, -EAGAIN (frozen) or
 * -EIO (a DEVICE_NEEDS_RESET recovery failed), logged. A latched
 * DEVICE_NEEDS_RESET is recovered here first.
 */
static int con_usable(const char *what)
{
	if (!con.vdev)
		return con_err(what, -ENODEV);
	if (con.frozen)
		return con_err(what, -EAGAIN);
	if (con.vdev->needs_reset && !con.vdev->failed && con_recover())
		return -EIO;
	return 0;
}

/* The next received buffer: those kept over a system sleep come first. */
static uint8_t *con_next_rx(uint32_t *len)
{
	uint8_t *b = con.held[0].buf;

	if (!con.nheld)
		return virtqueue_get_buf(&con_rxq, len);
	*len = con.held[0].len;
	con.nheld--;
	memmove(con.held, con.held + 1, con.nheld * sizeof(con.held[0]));
	return b;
}

/*
 * Wait for the device to hand back con_tx, at most until t0 + timeout_us,
 * checking the deadline and a latched DEVICE_NEEDS_RESET on every pass.
 * Returns 0, -ETIMEDOUT, -EIO (broken queue) or -ECONNRESET (the device
 * needs a reset; the caller recovers).
 */
static int con_tx_wait(uint64_t t0, uint32_t timeout_us)
{
	uint64_t now = board_time_us(), st = now;

	while (con.tx_busy) {
		if (now - t0 >= timeout_us)
			return -ETIMEDOUT;
		/* A chunk the device took before it failed was sent. */
		if (virtqueue_poll(&con_txq)) {
			if (!virtqueue_get_buf(&con_txq, NULL))
				return -EIO;
			con.tx_busy = false;
			break;
		}
		if (READ_ONCE(con.vdev->needs_reset))
			return -ECONNRESET;
		con_poll_status(&st, now);
		board_udelay(1);
		now = board_time_us();
	}
	return 0;
}

int virtio_console_write(const void *buf, size_t len, uint32_t timeout_us)
{
	uint64_t t0 = board_time_us();
	const uint8_t *p = buf;
	size_t done = 0;
	struct virtio_sg sg = { con_tx, 0 };
	int err = con_usable("write");

	if (err)
		return err;
	for (;;) {
		err = con_tx_wait(t0, timeout_us);
		if (err == -ECONNRESET) {
			/* The chunk in flight is lost; the recovery logged it. */
			con_recover();
			return -EIO;
		}
		if (err || done == len)
			break;
		sg.len = len - done < sizeof(con_tx) ? (uint32_t)(len - done) :
		      (uint32_t)sizeof(con_tx);
		memcpy(con_tx, p + done, sg.len);
		err = virtqueue_add_sgs(&con_txq, &sg, 1, NULL, 0, con_tx);
		if (err)
			break;
		con.tx_busy = true;
		virtqueue_kick(&con_txq);
		done += sg.len;
	}
	return err ? con_err("write", err) : (int)len;
}

/* Give a consumed receive buffer back to the device. */
static int con_repost(void)
{
	int err = con_post_rx(con.cur);

	con.cur = NULL;
	if (err)
		return con_err("read", -EIO);
	virtqueue_kick(&con_rxq);
	return 0;
}

int virtio_console_read(void *buf, size_t len, uint32_t timeout_us)
{
	uint64_t t0 = board_time_us(), now = t0, st = t0;
	unsigned int empty = 0;
	uint8_t *p = buf;
	size_t n = 0;
	uint32_t c;
	int err = con_usable("read");

	if (err)
		return err;
	while (n < len) {
		if (!con.cur) {
			/* Unread input is kept by the recovery: read on. */
			if (READ_ONCE(con.vdev->needs_reset) && !con.vdev->failed &&
			    con_recover())
				return -EIO;
			con.cur = con_next_rx(&con.cur_len);
			con.cur_off = 0;
			if (!con.cur) {
				if (virtqueue_is_broken(&con_rxq) || con.vdev->failed)
					return con_err("read", -EIO);
				if (n || now - t0 >= timeout_us)
					break;
				con_poll_status(&st, now);
				board_udelay(1);
				now = board_time_us();
				continue;
			}
			if (!con.cur_len) {
				/* Nothing in it: a device that keeps doing this is faulty. */
				if (con_repost())
					return -EIO;
				if (++empty >= VIRTIO_CONSOLE_MAX_EMPTY) {
					drv_err(con.vdev, "%u empty receive buffers in a row, device faulty (%d)",
					        empty, -EIO);
					return -EIO;
				}
				now = board_time_us();
				if (n || now - t0 >= timeout_us)
					break;
				continue;
			}
			empty = 0;
		}
		c = con.cur_len - con.cur_off;
		if (c > len - n)
			c = (uint32_t)(len - n);
		memcpy(p + n, con.cur + con.cur_off, c);
		n += c;
		con.cur_off += c;
		if (con.cur_off == con.cur_len && con_repost())
			return -EIO;
	}
	return (int)n;
}

/*
 * Start receiving on freshly set-up (or re-initialised, empty) queues:
 * both polled, DRIVER_OK, then every receive buffer that holds no unread
 * input posted (the queue has a descriptor for each, so this cannot
 * fail) and announced with one kick.
 */
static void con_start(struct virtio_device *vdev)
{
	unsigned int i, k;

	virtqueue_disable_cb(&con_rxq);
	virtqueue_disable_cb(&con_txq);
	/* Buffers may be announced only after DRIVER_OK. */
	virtio_device_ready(vdev);
	for (i = 0; i < VIRTIO_CONSOLE_RX_BUFS; i++) {
		for (k = 0; k < con.nheld && con.held[k].buf != con_rx[i]; k++)
			;
		if (k == con.nheld && con_rx[i] != con.cur)
			con_post_rx(con_rx[i]);
	}
	virtqueue_kick(&con_rxq);
}

static int con_probe(struct virtio_device *vdev)
{
	static struct virtqueue *const vqs[] = { &con_rxq, &con_txq };
	int err;

	if (con.vdev) {
		drv_err(vdev, "only one device supported");
		return -ENOSPC;
	}
	err = virtio_find_vqs(vdev, 2, vqs, NULL);
	if (err)
		return err;
	memset(&con, 0, sizeof(con));
	con.vdev = vdev;
	con_start(vdev);
	return 0;
}

/*
 * Reset the device so that it lets go of the buffers, keep the receive
 * buffers it had filled (unread input, in arrival order) and take the
 * rest back; a transmit chunk in flight is dropped. Waits at most
 * VIRTIO_RESET_TIMEOUT_US. Errors: -ETIMEDOUT (logged by the reset, the
 * device is FAILED).
 */
static int con_take_back(struct virtio_device *vdev)
{
	uint32_t len;
	uint8_t *b;
	int err = virtio_reset_device(vdev);

	if (err)
		return err;
	/*
	 * Each buffer is the current one, held, or on the queue, once, so
	 * held[] cannot overflow: get_buf returns only chains in flight.
	 */
	while ((b = virtqueue_get_buf(&con_rxq, &len))) {
		con.held[con.nheld].buf = b;
		con.held[con.nheld++].len = len;
	}
	while (virtqueue_detach_unused(&con_rxq))
		;
	while (virtqueue_detach_unused(&con_txq))
		;
	con.tx_busy = false;
	return 0;
}

/*
 * DEVICE_NEEDS_RESET was latched: take the buffers back (unread input
 * kept), re-initialise in place with the known features and rings (the
 * noirq path of the PM restore), then start again as after a restore:
 * DRIVER_OK, receive buffers posted. Waits at most twice
 * VIRTIO_RESET_TIMEOUT_US; thread context or IRQs masked. Returns 0, or
 * the error that left the device FAILED. One line logged.
 */
static int con_recover(void)
{
	struct virtio_device *vdev = con.vdev;
	bool tx_lost = con.tx_busy;
	int err = con_take_back(vdev);

	if (!err)
		err = virtio_device_reinit(vdev);
	if (err) {
		drv_err(vdev, "device needs reset, recovery failed (%d)", err);
		return err;
	}
	con_start(vdev);
	drv_err(vdev, "device needs reset: %s, recovered",
	        tx_lost ? "transmit chunk in flight dropped" : "nothing lost");
	return 0;
}

/*
 * PM freeze (virtio/pm.h), IRQs on: refuse reads and writes (-EAGAIN)
 * until restore, reset the device so that it lets go of the receive
 * buffers, keep those it had filled (unread input, in arrival order)
 * and detach the rest. A transmit chunk still in flight, left by a
 * write that timed out, is dropped with the device's state. Waits at
 * most VIRTIO_RESET_TIMEOUT_US. Errors: -ETIMEDOUT (logged by the reset,
 * the device is FAILED); the port is open again, to fail with -EIO.
 */
static int con_freeze(struct virtio_device *vdev)
{
	int err;

	con.frozen = true;
	err = con_take_back(vdev);
	if (err)
		con.frozen = false;
	return err;
}

/*
 * PM restore, IRQs on: the core has re-initialised the device with both
 * queues empty and their interrupts on. Interrupts off again (polled),
 * DRIVER_OK, re-post the receive buffers that hold no unread input,
 * kick receiveq, then open the port. No wait, cannot fail.
 */
static int con_restore(struct virtio_device *vdev)
{
	con_start(vdev);
	con.frozen = false;
	return 0;
}

static void con_remove(struct virtio_device *vdev)
{
	(void)vdev;
	con.vdev = NULL;
}

static const struct virtio_device_id con_ids[] = {
	{ VIRTIO_ID_CONSOLE, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static struct virtio_driver con_driver = {
	.name = "virtio-console",
	.id_table = con_ids,
	.pm_class = VIRTIO_PM_NORMAL,
	.probe = con_probe,
	.remove = con_remove,
	.freeze = con_freeze,
	.restore = con_restore,
};

int virtio_console_register(void)
{
	return virtio_register_driver(&con_driver);
}
