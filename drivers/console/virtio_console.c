// SPDX-License-Identifier: MIT
/*
 * virtio-console driver (virtio 1.2, 5.3), port 0 only: receive buffers
 * kept posted on receiveq, one transmit buffer on transmitq; all polled.
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

static struct {
	struct virtio_device *vdev;
	uint8_t *cur;		/* received buffer being consumed */
	uint32_t cur_len, cur_off;
	bool tx_busy;		/* con_tx still owned by the device */
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
	int err = -ENODEV;

	if (!con.vdev)
		return con_err("write", err);
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

	if (!con.vdev)
		return con_err("read", -ENODEV);
	while (n < len) {
		if (!con.cur) {
			con.cur = virtqueue_get_buf(&con_rxq, &con.cur_len);
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

static int con_probe(struct virtio_device *vdev)
{
	static struct virtqueue *const vqs[] = { &con_rxq, &con_txq };
	unsigned int i;
	int err;

	if (con.vdev) {
		pr_err("virtio%u: console: only one device supported", vdev->index);
		return -ENOSPC;
	}
	err = virtio_find_vqs(vdev, 2, vqs, NULL);
	if (err)
		return err;
	virtqueue_disable_cb(&con_rxq);
	virtqueue_disable_cb(&con_txq);
	for (i = 0; i < VIRTIO_CONSOLE_RX_BUFS; i++)
		con_post_rx(con_rx[i]);
	memset(&con, 0, sizeof(con));
	con.vdev = vdev;
	/* Buffers may be announced only after DRIVER_OK. */
	virtio_device_ready(vdev);
	virtqueue_kick(&con_rxq);
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
};

int virtio_console_register(void)
{
	return virtio_register_driver(&con_driver);
}
