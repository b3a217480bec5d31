// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the clock/regulator request channel
 * (drivers/reqchan/reqchan.c) against an untrusted device. The real
 * channel, virtqueue and device core run on a fake transport whose
 * device takes every notified request off the avail ring and answers it
 * from the fuzz input: it reads the request through the descriptors (as
 * a device must), then writes any reply bytes, any amount of them, and
 * any used id, used length and used idx step, now, a few ticks later or
 * never, with or without an interrupt, so a replay's batch completes in
 * any order. Between calls the input can also make the device post
 * stray used entries, ask for a reset (NEEDS_RESET), refuse FEATURES_OK
 * or hang its reset, and make the driver freeze the channel, go through
 * a sleep cycle (re-init and replay) or recover it, or switch between
 * the split and the in-place request form. The owner's replay is a
 * script too: batches of requests, closed or left open, with a plain
 * call among them that must be refused. Request slots (1 to 4) are heap memory with poisoned
 * gaps, so ASan sees any access past a message.
 *
 * After every call: the result is one the contract allows; the channel
 * is idle, nothing staged or in flight and its queue empty (a channel
 * that leaks a descriptor is dead); data_out is written only on
 * success, and a success really is a complete, echoed, result-0 reply
 * the device wrote during this call. When a call posted exactly one
 * request and the device answered it once, the outcome is also exact:
 * a correct reply in time must succeed with the device's data (or fail
 * with the device's result, mapped), and a reply with a wrong used id,
 * a used length other than the message size, or a wrong echo must fail,
 * and a good reply followed by an extra used entry must succeed. A FAILED
 * device answers -EIO at once, without a notify. An IRQ handler that
 * tries the channel while a call or a replay holds it is turned away
 * with -EBUSY. Every completion is taken once: the channel's count of
 * requests in flight never goes below zero (it is 0 after every call).
 *
 *   make O=/tmp/fz /tmp/fz/fuzz/fuzz_clkreg_reply && /tmp/fz/fuzz/fuzz_clkreg_reply
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/asan_interface.h>

#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/reqchan/reqchan.h"
#include "tests/fuzz/fuzz_stubs.h"

#define CQ_MAX		8	/* room for a batch of 4 split requests; the device may offer less */
#define MAX_STEPS	256
#define NEVER		0xffu	/* answer delay: the device never answers */
#define DATA_SENTINEL	0xa5a5a5a5u

VIRTQ_DEFINE(cvq, CQ_MAX);

static struct virtio_device fdev;
static struct vmsg_chan chan;
static struct fuzz_in *script;
static bool call_polled;	/* the call in progress waits with IRQs masked */

/* The device behind the fake transport. */
static struct {
	uint8_t status;		/* Status register */
	uint32_t isr;		/* InterruptStatus */
	bool refuse_features;	/* clears FEATURES_OK when the driver sets it */
	bool reset_stuck;	/* reset never completes */
	bool live;		/* queue programmed and not reset since */
	uint16_t last_avail;
	uint16_t used_idx;	/* the device's own used idx */
	/* requests taken from the avail ring, answered when their delay runs out */
	unsigned int npend;
	uint16_t pend_head[CQ_MAX];
	unsigned int pend_ticks[CQ_MAX];
	/* per call, for the oracle */
	unsigned int notifies;
	unsigned int answers;
	unsigned int taken;	/* requests taken off the avail ring */
	uint16_t taken_head;	/* the last of them */
	bool answered_taken;	/* the last answer was to that request */
	bool must_succeed;
	bool must_fail;
	uint32_t result;
	uint32_t data[4];
} d;

static uint32_t get_le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32_to_cpu(v);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	v = cpu_to_le32(v);
	memcpy(p, &v, 4);
}

static void raise_irq(uint32_t why)
{
	d.isr |= why;
	fuzz_irq_line = true;
}

/* Reset: a device stops touching memory and forgets what it was doing. */
static void dev_reset(void)
{
	d.status = 0;
	d.isr = 0;
	d.live = false;
	d.npend = 0;
	fuzz_irq_line = false;
}

/* The device's view of one descriptor: it only has the ring to go by. */
static const struct vring_desc *dev_desc(uint16_t i)
{
	return &cvq.desc[i & (cvq.num - 1)];
}

/*
 * Answer the request at head as the script says. Bytes of the request
 * come through the descriptors; the reply goes to the first
 * device-writable one, never beyond its length (a device that writes
 * outside its buffers corrupts memory no driver can protect).
 */
static void dev_answer(uint16_t head)
{
	uint8_t msg[VMSG_MAX_SIZE], reply[VMSG_MAX_SIZE];
	uint8_t how = fuzz_u8(script), how2 = fuzz_u8(script);
	uint32_t mlen = 0, wlen = 0, nwrite, id, ulen, step, k;
	uint8_t *wbuf = NULL;
	bool ok_echo, clean;
	uint16_t i;

	memset(msg, 0, sizeof(msg));
	i = head;
	for (k = 0; k < cvq.num; k++) {
		const struct vring_desc *desc = dev_desc(i);
		uint8_t *buf = (uint8_t *)(uintptr_t)le64_to_cpu(desc->addr);
		uint32_t len = le32_to_cpu(desc->len);
		uint16_t fl = le16_to_cpu(desc->flags);

		/* ASan checks that the driver's descriptors name real memory. */
		if (!(fl & VRING_DESC_F_WRITE) || !wbuf) {
			uint32_t n = len < sizeof(msg) - mlen ? len : (uint32_t)sizeof(msg) - mlen;

			memcpy(msg + mlen, buf, n);
			mlen += n;
		}
		if ((fl & VRING_DESC_F_WRITE) && !wbuf) {
			wbuf = buf;
			wlen = len;
		}
		if (!(fl & VRING_DESC_F_NEXT))
			break;
		i = le16_to_cpu(desc->next);
	}

	/* The reply: the request echoed, or noise, then result and data. */
	memcpy(reply, msg, sizeof(reply));
	switch (how & 3) {
	case 0:		/* echo, a result from the protocol or any */
		put_le32(reply + chan.hdr_off + 4, (how & 0x80) ? fuzz_u32(script) :
			 (uint32_t)-(int32_t)(fuzz_u8(script) % 112));
		break;
	case 1:		/* echo, a few bytes changed */
		for (k = fuzz_u8(script) % 4; k; k--)
			reply[fuzz_u8(script) % chan.size] = fuzz_u8(script);
		break;
	case 2:		/* noise */
		for (k = 0; k < chan.size; k++)
			reply[k] = fuzz_u8(script);
		break;
	case 3:		/* echo, success */
		put_le32(reply + chan.hdr_off + 4, 0);
		break;
	}
	if ((how & 3) != 2)
		for (k = 0; k < 4; k++)
			put_le32(reply + chan.hdr_off + 8 + 4 * k, fuzz_u32(script));
	nwrite = (how & 4) ? fuzz_u8(script) : chan.size;
	if (nwrite > wlen)
		nwrite = wlen;
	if (wbuf)
		memcpy(wbuf, reply, nwrite);

	switch ((how >> 3) & 3) {
	case 2:
		id = fuzz_u8(script) % (2 * cvq.num);
		break;
	case 3:
		id = fuzz_u32(script);
		break;
	default:
		id = head;
	}
	switch ((how2 >> 2) & 3) {
	case 0:		/* what it wrote */
		ulen = nwrite;
		break;
	case 1:		/* the whole message, whatever it wrote */
		ulen = chan.size;
		break;
	case 2:
		ulen = fuzz_u32(script) % (2 * chan.size + 1);
		break;
	default:
		ulen = fuzz_u32(script);
	}
	step = (how & 0x40) ? fuzz_u8(script) % 4 : 1;
	if (step == 3)
		step = fuzz_u16(script);

	/* The outcome this answer demands, judged on the bytes now in the buffer. */
	clean = d.used_idx == cvq.last_used;
	ok_echo = wbuf && !memcmp(wbuf, msg, chan.hdr_off + 4);
	d.answers++;
	/* Not a request of an earlier post the device still held. */
	d.answered_taken = d.taken && head == d.taken_head;
	/*
	 * In the split form the driver fills the reply buffer before each
	 * request, so a reply the device did not write up to its result
	 * can never pass (stale bytes of an earlier reply must not either).
	 */
	d.must_fail = clean && (id != head || ulen != chan.size || !ok_echo ||
				(!chan.in_place && nwrite < chan.hdr_off + 8));
	/*
	 * A step of 2 publishes one more entry (stale ring contents): a
	 * reply delivered twice, or one nobody asked for. The good reply
	 * before it must stand all the same (unless the ring has one entry:
	 * then the index ran further than the ring is long, a broken queue).
	 */
	d.must_succeed = clean && id == head && ulen == chan.size && ok_echo &&
			 (step == 1 || (step == 2 && cvq.num >= 2)) && wbuf &&
			 wlen == chan.size;
	if (wbuf) {
		d.result = get_le32(wbuf + chan.hdr_off + 4);
		for (k = 0; k < 4; k++)
			d.data[k] = get_le32(wbuf + chan.hdr_off + 8 + 4 * k);
	}

	cvq.used->ring[d.used_idx & (cvq.num - 1)].id = cpu_to_le32(id);
	cvq.used->ring[d.used_idx & (cvq.num - 1)].len = cpu_to_le32(ulen);
	d.used_idx = (uint16_t)(d.used_idx + step);
	cvq.used->idx = cpu_to_le16(d.used_idx);
	if (how2 & 1) {
		/* no interrupt: only a polled driver sees the reply */
		d.must_succeed = d.must_succeed && call_polled;
	} else {
		raise_irq(VIRTIO_ISR_VRING);
	}
	if (how2 & 2) {
		d.status |= VIRTIO_STATUS_NEEDS_RESET;
		raise_irq(VIRTIO_ISR_CONFIG);
	}
}

/* The device's clock: delayed answers come due, in the order they were taken. */
static void dev_tick(void)
{
	unsigned int k = 0, j;

	while (k < d.npend) {
		if (d.pend_ticks[k] == NEVER || --d.pend_ticks[k]) {
			k++;
			continue;
		}
		dev_answer(d.pend_head[k]);
		for (j = k + 1; j < d.npend; j++) {
			d.pend_head[j - 1] = d.pend_head[j];
			d.pend_ticks[j - 1] = d.pend_ticks[j];
		}
		d.npend--;
	}
}

/* --- the fake transport --- */

static uint8_t fk_get_status(struct virtio_device *dev)
{
	(void)dev;
	return d.status;
}

static void fk_set_status(struct virtio_device *dev, uint8_t status)
{
	(void)dev;
	if (!status) {
		dev_reset();
		return;
	}
	if (d.refuse_features)
		status &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
	d.status = status | (d.status & VIRTIO_STATUS_NEEDS_RESET);
}

static int fk_reset(struct virtio_device *dev)
{
	(void)dev;
	/* A hung reset still stops this device's answers: see DESIGN 5b for the real worry. */
	dev_reset();
	if (d.reset_stuck) {
		fuzz_now_us += VIRTIO_RESET_TIMEOUT_US;
		return -ETIMEDOUT;
	}
	return 0;
}

static uint64_t fk_get_features(struct virtio_device *dev)
{
	return dev->features;
}

static void fk_nop(struct virtio_device *dev)
{
	(void)dev;
}

static void fk_read_config(struct virtio_device *dev, unsigned int off,
			   void *buf, unsigned int len)
{
	(void)dev;
	(void)off;
	memset(buf, 0, len);
}

static void fk_write_config(struct virtio_device *dev, unsigned int off,
			    const void *buf, unsigned int len)
{
	(void)dev;
	(void)off;
	(void)buf;
	(void)len;
}

static uint32_t fk_generation(struct virtio_device *dev)
{
	(void)dev;
	return 0;
}

static uint16_t dev_qmax;

static int fk_setup_vqs(struct virtio_device *dev, bool reinit)
{
	if (!reinit && (dev->nvqs != 1 || virtqueue_init(dev->vqs[0], dev, 0, dev_qmax)))
		return -ENOENT;
	d.live = true;
	d.last_avail = 0;
	d.used_idx = 0;
	return 0;
}

/*
 * Take every new request off the avail ring; each is answered now, after
 * a few ticks or never (the driver must time out and reset), so a batch
 * completes in any order the script likes.
 */
static void fk_notify(struct virtqueue *vq)
{
	uint16_t head;
	uint8_t delay;

	(void)vq;
	if (!d.live)
		return;
	d.notifies++;
	while (le16_to_cpu(cvq.avail->idx) != d.last_avail && d.npend < CQ_MAX) {
		head = le16_to_cpu(cvq.avail->ring[d.last_avail & (cvq.num - 1)]);
		d.taken++;
		d.taken_head = head;
		d.last_avail++;
		/* With EVENT_IDX, ask to hear of the very next request (virtio 1.2, 2.7.10). */
		*(uint16_t *)&cvq.used->ring[cvq.num] = cpu_to_le16(d.last_avail);
		delay = fuzz_u8(script) % 8;
		if (!delay) {
			dev_answer(head);
			continue;
		}
		d.pend_head[d.npend] = head;
		d.pend_ticks[d.npend++] = delay == 7 ? NEVER : delay;
	}
}

static uint32_t fk_isr(struct virtio_device *dev, bool ack)
{
	uint32_t isr = d.isr;

	(void)dev;
	if (!ack)
		return isr;
	d.isr = 0;
	fuzz_irq_line = false;
	return isr;
}

static uint32_t fk_get_vendor(struct virtio_device *dev)
{
	(void)dev;
	return 0x554d4551;
}

static const struct virtio_config_ops fake_ops = {
	.get_status = fk_get_status,
	.set_status = fk_set_status,
	.reset = fk_reset,
	.get_features = fk_get_features,
	.finalize_features = fk_nop,
	.read_config = fk_read_config,
	.write_config = fk_write_config,
	.generation = fk_generation,
	.setup_vqs = fk_setup_vqs,
	.notify = fk_notify,
	.isr = fk_isr,
	.get_vendor = fk_get_vendor,
	.noirq_safe = true,
};

/* --- the driver side --- */

static const char *const type_names[] = { "ENABLE", "DISABLE", "SET_RATE", "GET_RATE" };

static bool irq_meddles;	/* the IRQ handler also tries to use the channel */

static void irq_handler(void *arg)
{
	static const uint8_t prefix[VMSG_MAX_PREFIX];

	/*
	 * A call or a replay in progress owns the channel: anyone else is
	 * turned away, between a replay's batches too.
	 */
	if (irq_meddles && chan.busy) {
		if (vmsg_call(&chan, "irq", prefix, 1, NULL, NULL) != -EBUSY ||
		    vmsg_freeze(&chan) != -EBUSY || vmsg_recover(&chan) != -EBUSY)
			fuzz_bug();
	}
	virtio_interrupt(arg);
}

static bool allowed(int ret);

/*
 * What the owner's replay sends, as the drivers' replays do: batches of
 * independent requests closed level by level, the last one left open
 * for the channel to post. A plain call among them is refused (-EBUSY):
 * the replay holds the channel and only batches.
 */
static int replay_script(struct vmsg_chan *c)
{
	static const uint8_t prefix[VMSG_MAX_PREFIX];
	uint8_t plan = fuzz_u8(script);
	unsigned int k, n = plan % 8;
	uint32_t din[4] = { 0 };
	int ret = 0;

	for (k = 0; k < n && !ret; k++) {
		din[0] = k;
		if ((plan >> 3) & 1 && k == n / 2 &&
		    vmsg_call(c, "replay", prefix, 2, din, NULL) != -EBUSY)
			fuzz_bug();
		ret = vmsg_batch_add(c, "replay", prefix, k & 1, din);
		if (!ret && (plan >> 4) & 1 && k == n / 2)
			ret = vmsg_batch_end(c);
	}
	/* -EINVAL here is a device result: batching inside a replay is allowed. */
	if (!allowed(ret))
		fuzz_bug();
	return ret;
}

/* The device result codes the header documents, and -EIO for any other. */
static int expect_result(uint32_t res)
{
	switch ((int32_t)res) {
	case 0:
		return 0;
	case -1:
		return -EPERM;
	case -2:
		return -ENOENT;
	case -16:
		return -EBUSY;
	case -22:
		return -EINVAL;
	case -34:
		return -ERANGE;
	case -95:
		return -EOPNOTSUPP;
	case -110:
		return -ETIMEDOUT;
	default:
		return -EIO;
	}
}

static bool allowed(int ret)
{
	switch (ret) {
	case 0: case -EIO: case -ETIMEDOUT: case -EAGAIN: case -ENODEV:
	case -ENOSPC: case -EPERM: case -ENOENT: case -EBUSY: case -EINVAL:
	case -ERANGE: case -EOPNOTSUPP:
		return true;
	}
	return false;
}

/* Between calls the channel is idle and its one queue empty. */
static void check_idle(void)
{
	if (chan.busy || chan.recovering || chan.inflight || chan.nstaged)
		fuzz_bug();
	if (cvq.num_free != cvq.num)
		fuzz_bug();
	if (cvq.broken && !fdev.failed)
		fuzz_bug();
}

static void step_call(struct fuzz_in *in)
{
	uint8_t prefix[VMSG_MAX_PREFIX];
	uint32_t din[4], dout[4], type, requests, recoveries;
	uint8_t shape = fuzz_u8(in);
	bool masked = shape & 1, was_failed;
	const uint8_t *r;
	unsigned int k;
	unsigned long flags = 0;
	int ret;

	memset(prefix, fuzz_u8(in), sizeof(prefix));
	prefix[fuzz_u8(in) % sizeof(prefix)] = fuzz_u8(in);
	type = (shape >> 1) % 10;	/* 8 and 9: types the device never heard of */
	for (k = 0; k < 4; k++) {
		din[k] = (shape & 0x40) ? fuzz_u32(in) : 0;
		dout[k] = DATA_SENTINEL;
	}
	d.notifies = d.answers = d.taken = 0;
	requests = chan.requests;
	recoveries = chan.recoveries;
	d.must_succeed = d.must_fail = false;
	was_failed = fdev.failed;

	call_polled = masked;
	if (masked)
		flags = board_irq_save();	/* the noirq phase: polled */
	ret = vmsg_call(&chan, "clk", prefix, type, (shape & 0x80) ? NULL : din, dout);
	if (masked)
		board_irq_restore(flags);

	if (!allowed(ret))
		fuzz_bug();
	if (was_failed && (ret != -EIO || d.notifies))
		fuzz_bug();	/* a FAILED device answers at once */
	if (ret) {
		for (k = 0; k < 4; k++)
			if (dout[k] != DATA_SENTINEL)
				fuzz_bug();	/* data from a failed reply leaked out */
	} else {
		/* A success is a full, echoed, result-0 reply the device wrote. */
		r = chan.in_place ? chan.req : chan.rsp;
		if (!d.answers || chan.used_len < chan.size ||
		    memcmp(r, prefix, chan.hdr_off) || get_le32(r + chan.hdr_off) != type ||
		    get_le32(r + chan.hdr_off + 4))
			fuzz_bug();
		for (k = 0; k < 4; k++)
			if (dout[k] != get_le32(r + chan.hdr_off + 8 + 4 * k))
				fuzz_bug();
	}
	/*
	 * One request posted (no recovery, no replay before it), taken by
	 * the device and answered once: exact. (A device may still hold a
	 * request of an earlier post that the driver took for done, e.g.
	 * after a stray used entry named it; its answer is not this one's.)
	 */
	if (chan.requests - requests == 1 && chan.recoveries == recoveries &&
	    d.notifies == 1 && d.taken == 1 && d.answers == 1 && d.answered_taken) {
		if (d.must_fail && !ret)
			fuzz_bug();
		if (d.must_succeed && ret != expect_result(d.result))
			fuzz_bug();
		if (d.must_succeed && !ret)
			for (k = 0; k < 4; k++)
				if (dout[k] != d.data[k])
					fuzz_bug();
	}
	check_idle();
}

/* The device posts a used entry nobody asked for, and interrupts. */
static void step_stray(struct fuzz_in *in)
{
	struct vring_used_elem *e = &cvq.used->ring[d.used_idx & (cvq.num - 1)];

	if (!d.live)
		return;
	e->id = cpu_to_le32(fuzz_u8(in) % (2 * cvq.num));
	e->len = cpu_to_le32(fuzz_u8(in));
	d.used_idx = (uint16_t)(d.used_idx + 1 + fuzz_u8(in) % 2);
	cvq.used->idx = cpu_to_le16(d.used_idx);
	raise_irq(VIRTIO_ISR_VRING);
	fuzz_irq_poll();
	check_idle();
}

static void step_chan(struct fuzz_in *in)
{
	uint8_t op = fuzz_u8(in);
	int ret = 0;

	switch (op % 6) {
	case 0:
		ret = vmsg_recover(&chan);
		break;
	case 1:
		ret = vmsg_freeze(&chan);
		if (ret)
			fuzz_bug();	/* nothing is ever in flight between calls */
		break;
	case 2:
		/*
		 * A system sleep as the PM core runs it: freeze, the device
		 * loses its state, the core re-initialises it, and only a
		 * device that came back live is replayed (vmsg_replay()'s
		 * contract; the core leaves a failed one FAILED).
		 */
		if (vmsg_freeze(&chan))
			fuzz_bug();
		dev_reset();
		ret = virtio_device_reinit(&fdev);
		if (!allowed(ret))
			fuzz_bug();
		if (!ret)
			ret = vmsg_replay(&chan);
		break;
	case 3:
		chan.in_place = !chan.in_place;
		break;
	case 4:
		d.reset_stuck = op & 0x40;
		d.refuse_features = op & 0x80;
		/* Batches belong to replays: refused anywhere else. */
		if (vmsg_batch_add(&chan, "clk", chan.req, 0, NULL) != -EINVAL)
			fuzz_bug();
		break;
	case 5:
		/* The device announces it needs a reset, with a config interrupt. */
		d.status |= VIRTIO_STATUS_NEEDS_RESET;
		raise_irq(VIRTIO_ISR_CONFIG);
		fuzz_irq_poll();
		if (!fdev.needs_reset)
			fuzz_bug();
		break;
	}
	if (!allowed(ret))
		fuzz_bug();
	check_idle();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_stubs_reset();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void (*const callbacks[])(struct virtqueue *vq) = { vmsg_vq_done };
	struct virtqueue *const vqs[] = { &cvq };
	struct fuzz_in in = { data, size, 0 };
	uint32_t msize, hdr_off, stride;
	unsigned int steps = 0, nslots, k;
	uint8_t setup, setup2;
	uint8_t *req, *rsp;

	fuzz_stubs_reset();
	memset(&d, 0, sizeof(d));
	memset(&fdev, 0, sizeof(fdev));
	memset(&chan, 0, sizeof(chan));
	script = &in;
	fuzz_udelay_hook = dev_tick;

	setup = fuzz_u8(&in);
	/* The two protocols: clock (name[40], id) and regulator (name[20]). */
	if (setup & 1) {
		msize = 68;
		hdr_off = 44;
	} else {
		msize = 44;
		hdr_off = 20;
	}
	fdev.config = &fake_ops;
	fdev.version = (setup & 2) ? 2 : 1;
	if (fdev.version == 2)
		fdev.features = 1ull << VIRTIO_F_VERSION_1;
	if (setup & 4)
		fdev.features |= 1ull << VIRTIO_F_EVENT_IDX;
	/* 0: no queue; 1: too small for the split form; 7: more than the storage */
	dev_qmax = (uint16_t)((setup >> 5) == 7 ? 64 : setup >> 5);
	if (virtio_find_vqs(&fdev, 1, vqs, callbacks)) {
		if (dev_qmax)
			fuzz_bug();
		return 0;
	}
	fuzz_dma_region(cvq.ring, VRING_SIZE(cvq.num));
	if (board_irq_register(0, BOARD_IRQ_LEVEL, irq_handler, &fdev))
		fuzz_bug();
	virtio_add_status(&fdev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			  (fdev.version == 2 ? VIRTIO_STATUS_FEATURES_OK : 0));
	virtio_device_ready(&fdev);

	/*
	 * Request slots on the heap, a message each with a poisoned gap
	 * after it: ASan sees one byte past any slot's message.
	 */
	setup2 = fuzz_u8(&in);
	nslots = 1 + (setup2 >> 1) % 4;
	/* Slots on cache lines of their own, as the DMA contract wants (board.h). */
	stride = (uint32_t)BOARD_DMA_ROUND(msize + 16u);
	req = aligned_alloc(BOARD_DMA_ALIGN, nslots * stride);
	rsp = aligned_alloc(BOARD_DMA_ALIGN, nslots * stride);
	if (!req || !rsp)
		fuzz_bug();
	for (k = 0; k < nslots; k++) {
		ASAN_POISON_MEMORY_REGION(req + k * stride + msize, stride - msize);
		ASAN_POISON_MEMORY_REGION(rsp + k * stride + msize, stride - msize);
	}
	vmsg_init(&chan, &fdev, &cvq, req, rsp, msize, hdr_off);
	vmsg_set_pool(&chan, req, rsp, stride, nslots);
	chan.kind = (setup & 1) ? "clock" : "regulator";
	chan.type_names = type_names;
	chan.ntypes = sizeof(type_names) / sizeof(type_names[0]);
	chan.in_place = setup & 8;
	chan.replay = (setup & 0x10) ? replay_script : NULL;
	irq_meddles = setup2 & 1;

	while (fuzz_more(&in) && steps++ < MAX_STEPS) {
		switch (fuzz_u8(&in) % 4) {
		case 0:
		case 1:
			step_call(&in);
			break;
		case 2:
			step_stray(&in);
			break;
		case 3:
			step_chan(&in);
			break;
		}
	}
	/* The device must stop before its buffers go away. */
	dev_reset();
	fuzz_udelay_hook = NULL;
	ASAN_UNPOISON_MEMORY_REGION(req, nslots * stride);
	ASAN_UNPOISON_MEMORY_REGION(rsp, nslots * stride);
	free(req);
	free(rsp);
	return 0;
}
