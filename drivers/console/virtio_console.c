// SPDX-License-Identifier: MIT
/*
 * virtio-console driver (virtio 1.2, 5.3), port 0 only: receive buffers
 * kept posted on receiveq, one transmit buffer on transmitq; all polled.
 * Up to VIRTIO_CONSOLE_MAX_DEVICES devices, each with its own static
 * queues and buffers.
 *
 * The receive buffers are never idle, so a system sleep must take them
 * back from the device (reset, then detach); the ones it had already
 * filled hold input nobody read yet and are kept, in arrival order, to
 * be read before anything received after the resume.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/console/virtio_console.h"

#define CON_RX_QSIZE 4
_Static_assert(VIRTIO_CONSOLE_RX_BUFS <= CON_RX_QSIZE, "one descriptor per rx buffer");

#define CON_TX_QSIZE 2


/* Device-writable rx: each buffer on whole cache lines of its own (board.h). */
struct con_dma {
	uint8_t rx[VIRTIO_CONSOLE_RX_BUFS][BOARD_DMA_ROUND(VIRTIO_CONSOLE_RX_SIZE)];
	uint8_t tx[VIRTIO_CONSOLE_TX_SIZE];
} __aligned(BOARD_DMA_ALIGN);

/*
 * Static storage for VIRTIO_CONSOLE_MAX_DEVICES devices, taken in probe
 * order. The rings of one kind sit a stride apart, each VRING_ALIGN-
 * aligned; the last one is not padded, so that one device costs what it
 * always did.
 */
#define CON_RX_STRIDE ALIGN_UP(VRING_SIZE(CON_RX_QSIZE), VRING_ALIGN)
#define CON_TX_STRIDE ALIGN_UP(VRING_SIZE(CON_TX_QSIZE), VRING_ALIGN)
static uint8_t con_rx_rings[(VIRTIO_CONSOLE_MAX_DEVICES - 1) * CON_RX_STRIDE +
			    VRING_SIZE(CON_RX_QSIZE)] __aligned(VRING_ALIGN) VIRTQ_DMA_SECTION;
static uint8_t con_tx_rings[(VIRTIO_CONSOLE_MAX_DEVICES - 1) * CON_TX_STRIDE +
			    VRING_SIZE(CON_TX_QSIZE)] __aligned(VRING_ALIGN) VIRTQ_DMA_SECTION;
static struct con_dma con_dma[VIRTIO_CONSOLE_MAX_DEVICES] VIRTQ_DMA_SECTION;
static struct vq_desc_state con_rx_state[VIRTIO_CONSOLE_MAX_DEVICES][CON_RX_QSIZE];
static struct vq_desc_state con_tx_state[VIRTIO_CONSOLE_MAX_DEVICES][CON_TX_QSIZE];

/* A receive buffer filled before a freeze and not read yet. */
struct con_held {
	uint8_t *buf;
	uint32_t len;
};

struct virtio_con {
	struct virtio_device *vdev;	/* NULL: instance free */
	struct virtqueue rxq, txq;
	struct con_dma *dma;
	uint8_t *cur;		/* received buffer being consumed */
	uint32_t cur_len, cur_off;
	bool tx_busy;		/* dma->tx still owned by the device */
	bool frozen;		/* system sleep: reads and writes refused */
	unsigned int nheld;
	struct con_held held[VIRTIO_CONSOLE_RX_BUFS];	/* oldest first */
};

static struct virtio_con cons[VIRTIO_CONSOLE_MAX_DEVICES];

/* The n-th bound device in probe order, or NULL. */
static struct virtio_con *con_get(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_CONSOLE_MAX_DEVICES; i++)
		if (cons[i].vdev && !n--)
			return &cons[i];
	return NULL;
}

unsigned int virtio_console_count(void)
{
	unsigned int n = 0;

	while (con_get(n))
		n++;
	return n;
}

int virtio_console_present(void)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_CONSOLE_MAX_DEVICES; i++)
		if (cons[i].vdev && !cons[i].vdev->failed)
			return 1;
	return 0;
}

static int con_post_rx(struct virtio_con *c, uint8_t *b)
{
	struct virtio_sg sg = { b, VIRTIO_CONSOLE_RX_SIZE };

	return virtqueue_add_sgs(&c->rxq, NULL, 0, &sg, 1, b);
}

static int con_err(struct virtio_con *c, const char *what, int err)
{
	pr_err("virtio%u: console %s failed (%d)", c && c->vdev ? c->vdev->index : 0,
	       what, err);
	return err;
}

/* A polled wait of a read or a write: its start, the time now, the last Status read. */
struct con_wait {
	uint64_t t0, now, st;
	uint32_t timeout_us;
};

/* Read the time: has the wait run out? */
static bool con_expired(struct con_wait *w)
{
	w->now = board_time_us();
	return w->now - w->t0 >= w->timeout_us;
}

/*
 * One pass of a polled wait: false once it ran out, else a 1 us pause.
 * The config interrupt that announces DEVICE_NEEDS_RESET cannot be taken
 * with IRQs masked: then the pass reads Status itself, once per
 * VIRTIO_CONSOLE_STATUS_POLL_US.
 */
static bool con_step(struct virtio_con *c, struct con_wait *w)
{
	if (con_expired(w))
		return false;
	if (board_irqs_masked() && w->now - w->st >= VIRTIO_CONSOLE_STATUS_POLL_US) {
		w->st = w->now;
		virtio_check_needs_reset(c->vdev);
	}
	board_udelay(1);
	return true;
}

static int con_recover(struct virtio_con *c);

/* A latched DEVICE_NEEDS_RESET recovered now: 0, or -EIO when that failed (logged). */
static int con_fix(struct virtio_con *c)
{
	return READ_ONCE(c->vdev->needs_reset) && !c->vdev->failed && con_recover(c) ?
	       -EIO : 0;
}

/*
 * 0 when the port may be used now, else -ENODEV, -EAGAIN (frozen) or
 * -EIO (a DEVICE_NEEDS_RESET recovery failed), logged. A latched
 * DEVICE_NEEDS_RESET is recovered here first.
 */
static int con_usable(struct virtio_con *c, const char *what)
{
	if (!c)
		return con_err(c, what, -ENODEV);
	if (c->frozen)
		return con_err(c, what, -EAGAIN);
	return con_fix(c);
}

/*
 * Start a read or a write (what) on device n, its wait timeout_us from
 * now: *cp is the device; 0, or the error of con_usable() (logged).
 */
static int con_begin(unsigned int n, const char *what, uint32_t timeout_us,
		     struct con_wait *w, struct virtio_con **cp)
{
	w->t0 = w->now = w->st = board_time_us();
	w->timeout_us = timeout_us;
	*cp = con_get(n);
	return con_usable(*cp, what);
}

/* The next received buffer: those kept over a system sleep come first. */
static uint8_t *con_next_rx(struct virtio_con *c, uint32_t *len)
{
	uint8_t *b = c->held[0].buf;

	if (!c->nheld)
		return virtqueue_get_buf(&c->rxq, len);
	*len = c->held[0].len;
	c->nheld--;
	memmove(c->held, c->held + 1, c->nheld * sizeof(c->held[0]));
	return b;
}

/*
 * Wait for the device to hand back dma->tx, within w, checking the
 * deadline and a latched DEVICE_NEEDS_RESET on every pass. Returns 0,
 * -ETIMEDOUT, -EIO (broken queue) or -ECONNRESET (the device needs a
 * reset; the caller recovers).
 */
static int con_tx_wait(struct virtio_con *c, struct con_wait *w)
{
	while (c->tx_busy) {
		/* A chunk the device took before it failed was sent. */
		if (virtqueue_poll(&c->txq)) {
			if (!virtqueue_get_buf(&c->txq, NULL))
				return -EIO;
			c->tx_busy = false;
			break;
		}
		if (READ_ONCE(c->vdev->needs_reset))
			return -ECONNRESET;
		if (!con_step(c, w))
			return -ETIMEDOUT;
	}
	return 0;
}

int virtio_console_write_dev(unsigned int n, const void *buf, size_t len, uint32_t timeout_us)
{
	const uint8_t *p = buf;
	size_t done = 0;
	struct virtio_con *c;
	struct virtio_sg sg;
	struct con_wait w;
	int err = con_begin(n, "write", timeout_us, &w, &c);

	if (err)
		return err;
	sg = (struct virtio_sg){ c->dma->tx, 0 };
	for (;;) {
		err = con_tx_wait(c, &w);
		if (err == -ECONNRESET) {
			/* The chunk in flight is lost; the recovery logged it. */
			con_recover(c);
			return -EIO;
		}
		if (err || done == len)
			break;
		sg.len = len - done < VIRTIO_CONSOLE_TX_SIZE ? (uint32_t)(len - done) :
		      (uint32_t)VIRTIO_CONSOLE_TX_SIZE;
		memcpy(c->dma->tx, p + done, sg.len);
		err = virtqueue_add_sgs(&c->txq, &sg, 1, NULL, 0, c->dma->tx);
		if (err)
			break;
		c->tx_busy = true;
		virtqueue_kick(&c->txq);
		done += sg.len;
	}
	return err ? con_err(c, "write", err) : (int)len;
}

/* Give a consumed receive buffer back to the device. */
static int con_repost(struct virtio_con *c)
{
	int err = con_post_rx(c, c->cur);

	c->cur = NULL;
	if (err)
		return con_err(c, "read", -EIO);
	virtqueue_kick(&c->rxq);
	return 0;
}

int virtio_console_read_dev(unsigned int dev, void *buf, size_t len, uint32_t timeout_us)
{
	unsigned int empty = 0;
	uint8_t *p = buf;
	size_t n = 0;
	uint32_t chunk;
	struct virtio_con *c;
	struct con_wait w;
	int err = con_begin(dev, "read", timeout_us, &w, &c);

	if (err)
		return err;
	while (n < len) {
		if (!c->cur) {
			/* Unread input is kept by the recovery: read on. */
			if (con_fix(c))
				return -EIO;
			c->cur = con_next_rx(c, &c->cur_len);
			c->cur_off = 0;
			if (!c->cur) {
				if (virtqueue_is_broken(&c->rxq) || c->vdev->failed)
					return con_err(c, "read", -EIO);
				if (n || !con_step(c, &w))
					break;
				continue;
			}
			if (!c->cur_len) {
				/* Nothing in it: a device that keeps doing this is faulty. */
				if (con_repost(c))
					return -EIO;
				if (++empty >= VIRTIO_CONSOLE_MAX_EMPTY) {
					drv_err(c->vdev, "%u empty receive buffers in a row, device faulty (%d)",
						empty, -EIO);
					return -EIO;
				}
				if (n || con_expired(&w))
					break;
				continue;
			}
			empty = 0;
		}
		chunk = c->cur_len - c->cur_off;
		if (chunk > len - n)
			chunk = (uint32_t)(len - n);
		memcpy(p + n, c->cur + c->cur_off, chunk);
		n += chunk;
		c->cur_off += chunk;
		if (c->cur_off == c->cur_len && con_repost(c))
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
static void con_start(struct virtio_con *c)
{
	struct virtio_device *vdev = c->vdev;
	unsigned int i, k;

	virtqueue_disable_cb(&c->rxq);
	virtqueue_disable_cb(&c->txq);
	/* Buffers may be announced only after DRIVER_OK. */
	virtio_device_ready(vdev);
	for (i = 0; i < VIRTIO_CONSOLE_RX_BUFS; i++) {
		for (k = 0; k < c->nheld && c->held[k].buf != c->dma->rx[i]; k++)
			;
		if (k == c->nheld && c->dma->rx[i] != c->cur)
			con_post_rx(c, c->dma->rx[i]);
	}
	virtqueue_kick(&c->rxq);
}

static int con_probe(struct virtio_device *vdev)
{
	struct virtqueue *vqs[2];
	struct virtio_con *c;
	unsigned int i;
	int err;

	for (i = 0; i < VIRTIO_CONSOLE_MAX_DEVICES && cons[i].vdev; i++)
		;
	if (i == VIRTIO_CONSOLE_MAX_DEVICES) {
		drv_err(vdev, "too many devices, VIRTIO_CONSOLE_MAX_DEVICES is %u",
			(unsigned int)VIRTIO_CONSOLE_MAX_DEVICES);
		return -ENOSPC;
	}
	c = &cons[i];
	memset(c, 0, sizeof(*c));
	c->dma = &con_dma[i];
	c->rxq.ring = con_rx_rings + i * CON_RX_STRIDE;
	c->rxq.state = con_rx_state[i];
	c->rxq.num_max = CON_RX_QSIZE;
	c->txq.ring = con_tx_rings + i * CON_TX_STRIDE;
	c->txq.state = con_tx_state[i];
	c->txq.num_max = CON_TX_QSIZE;
	vqs[0] = &c->rxq;
	vqs[1] = &c->txq;
	err = virtio_find_vqs(vdev, 2, vqs, NULL);
	if (err)
		return err;
	vdev->priv = c;
	c->vdev = vdev;
	con_start(c);
	return 0;
}

/*
 * Reset the device so that it lets go of the buffers, keep the receive
 * buffers it had filled (unread input, in arrival order) and take the
 * rest back; a transmit chunk in flight is dropped. Waits at most
 * VIRTIO_RESET_TIMEOUT_US. Errors: -ETIMEDOUT (logged by the reset, the
 * device is FAILED).
 */
static int con_take_back(struct virtio_con *c)
{
	uint32_t len;
	uint8_t *b;
	int err = virtio_reset_device(c->vdev);

	if (err)
		return err;
	/*
	 * Each buffer is the current one, held, or on the queue, once, so
	 * held[] cannot overflow: get_buf returns only chains in flight.
	 */
	while ((b = virtqueue_get_buf(&c->rxq, &len))) {
		c->held[c->nheld].buf = b;
		c->held[c->nheld++].len = len;
	}
	while (virtqueue_detach_unused(&c->rxq))
		;
	while (virtqueue_detach_unused(&c->txq))
		;
	c->tx_busy = false;
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
static int con_recover(struct virtio_con *c)
{
	struct virtio_device *vdev = c->vdev;
	bool tx_lost = c->tx_busy;
	int err = con_take_back(c);

	if (!err)
		err = virtio_device_reinit(vdev);
	if (err) {
		drv_err(vdev, "device needs reset, recovery failed (%d)", err);
		return err;
	}
	con_start(c);
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
	struct virtio_con *c = vdev->priv;
	int err;

	c->frozen = true;
	err = con_take_back(c);
	if (err)
		c->frozen = false;
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
	struct virtio_con *c = vdev->priv;

	con_start(c);
	c->frozen = false;
	return 0;
}

static void con_remove(struct virtio_device *vdev)
{
	struct virtio_con *c = vdev->priv;

	if (c)
		c->vdev = NULL;
	vdev->priv = NULL;
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

int virtio_console_write(const void *buf, size_t len, uint32_t timeout_us)
{
	return virtio_console_write_dev(0, buf, len, timeout_us);
}

int virtio_console_read(void *buf, size_t len, uint32_t timeout_us)
{
	return virtio_console_read_dev(0, buf, len, timeout_us);
}
