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

/* 0 when the port may be used now, else -ENODEV or -EAGAIN (frozen), logged. */
static int con_usable(const char *what)
{
	if (!con.vdev)
		return con_err(what, -ENODEV);
	return con.frozen ? con_err(what, -EAGAIN) : 0;
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

/* Wait for the device to hand back con_tx, at most until t0 + timeout_us. */
static int con_tx_wait(uint64_t t0, uint32_t timeout_us)
{
	uint64_t dt = board_time_us() - t0;
	int err;

	if (!con.tx_busy)
		return 0;
	err = dt >= timeout_us ? -ETIMEDOUT :
	      virtqueue_poll_wait(&con_txq, timeout_us - (uint32_t)dt);
	if (!err && !virtqueue_get_buf(&con_txq, NULL))
		err = -EIO;
	if (!err)
		con.tx_busy = false;
	return err;
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

int virtio_console_read(void *buf, size_t len, uint32_t timeout_us)
{
	uint64_t t0 = board_time_us();
	uint8_t *p = buf;
	size_t n = 0;
	uint32_t c;
	int err = con_usable("read");

	if (err)
		return err;
	while (n < len) {
		if (!con.cur) {
			con.cur = con_next_rx(&con.cur_len);
			con.cur_off = 0;
			if (!con.cur) {
				if (virtqueue_is_broken(&con_rxq) || con.vdev->failed)
					return con_err("read", -EIO);
				if (n || board_time_us() - t0 >= timeout_us)
					break;
				continue;
			}
		}
		c = con.cur_len - con.cur_off;
		if (c > len - n)
			c = (uint32_t)(len - n);
		memcpy(p + n, con.cur + con.cur_off, c);
		n += c;
		con.cur_off += c;
		if (con.cur_off == con.cur_len) {
			if (con_post_rx(con.cur))
				return con_err("read", -EIO);
			virtqueue_kick(&con_rxq);
			con.cur = NULL;
		}
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
		pr_err("virtio%u: console: only one device supported", vdev->index);
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
	uint32_t len;
	uint8_t *b;
	int err;

	con.frozen = true;
	err = virtio_reset_device(vdev);
	if (err) {
		con.frozen = false;
		return err;
	}
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
