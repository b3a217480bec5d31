// SPDX-License-Identifier: MIT
/*
 * The virtio-mmio window model and its split- and packed-ring engines. Register
 * offsets and ring layout are written out here independently of
 * virtio/ on purpose: a wrong constant in the driver must not be
 * mirrored by the device it is tested against.
 */
#include <stdarg.h>
#include <string.h>
#include "vmio/log.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"

enum {
	R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_VENDOR = 0x00c,
	R_DEV_FEAT = 0x010, R_DEV_FEAT_SEL = 0x014, R_DRV_FEAT = 0x020,
	R_DRV_FEAT_SEL = 0x024, R_PAGE_SIZE = 0x028, R_QUEUE_SEL = 0x030,
	R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038, R_QUEUE_ALIGN = 0x03c,
	R_QUEUE_PFN = 0x040, R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050,
	R_ISR = 0x060, R_ISR_ACK = 0x064, R_STATUS = 0x070,
	R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_DRIVER_LO = 0x090,
	R_DRIVER_HI = 0x094, R_DEVICE_LO = 0x0a0, R_DEVICE_HI = 0x0a4,
	R_GENERATION = 0x0fc, R_CONFIG = 0x100,
};

#define S_ACK		0x01
#define S_DRIVER	0x02
#define S_DRIVER_OK	0x04
#define S_FEATURES_OK	0x08
#define S_NEEDS_RESET	0x40
#define S_FAILED	0x80
#define F_EVENT_IDX	(1ull << 29)
#define F_VERSION_1	(1ull << 32)
#define F_INDIRECT	(1ull << 28)
#define F_RING_PACKED	(1ull << 34)
#define D_NEXT		1
#define D_WRITE		2
#define D_INDIRECT	4
#define P_AVAIL		(1u << 7)
#define P_USED		(1u << 15)

static struct sim_dev devs[SIM_MAX_DEVS];
static unsigned int ndevs;
static struct sim_access log_buf[SIM_LOG_MAX];
static unsigned int log_len;
static uint32_t log_seq;
static unsigned int total_violations;
static unsigned int mmio_depth;

static void violation(struct sim_dev *d, const char *fmt, ...)
{
	va_list ap;

	char msg[128], line[160];

	d->violations++;
	total_violations++;
	va_start(ap, fmt);
	vmio_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vmio_snprintf(line, sizeof(line), "  [sim dev%u] protocol violation: %s",
		      d->index, msg);
	sim_env_report(line);
}

unsigned int sim_violations(void)
{
	return total_violations;
}

/* --- access log --- */

void sim_log_clear(void)
{
	log_len = 0;
}

unsigned int sim_log_len(void)
{
	return log_len;
}

const struct sim_access *sim_log_get(unsigned int i)
{
	return i < log_len ? &log_buf[i] : NULL;
}

void sim_log_dump(void)
{
	char line[64];
	unsigned int i;

	for (i = 0; i < log_len; i++) {
		vmio_snprintf(line, sizeof(line), "  #%lu dev%u %c%u 0x%03x = 0x%08lx",
			      (unsigned long)log_buf[i].seq, log_buf[i].dev,
			      log_buf[i].write ? 'W' : 'R', log_buf[i].width * 8,
			      log_buf[i].off, (unsigned long)log_buf[i].val);
		sim_env_report(line);
	}
}

static void log_access(struct sim_dev *d, bool write, unsigned int width,
		       unsigned int off, uint32_t val)
{
	struct sim_access *a;

	log_seq++;
	if (log_len == SIM_LOG_MAX)
		return;
	a = &log_buf[log_len++];
	a->seq = log_seq;
	a->dev = (uint8_t)d->index;
	a->write = write;
	a->width = (uint8_t)width;
	a->off = (uint16_t)off;
	a->val = val;
}

/* --- device state --- */

static void irq_update(struct sim_dev *d)
{
	host_irq_set_level(d->irq, d->isr != 0);
}

static void raise_isr(struct sim_dev *d, uint32_t bits)
{
	d->isr |= bits;
	d->interrupts++;
	irq_update(d);
}

static void device_reset(struct sim_dev *d)
{
	d->status = 0;
	d->dev_feat_sel = d->drv_feat_sel = d->queue_sel = 0;
	d->driver_features = 0;
	d->isr = 0;
	memset(d->q, 0, sizeof(d->q));
	if (d->f.queue_ready_stuck) {
		unsigned int i;

		for (i = 0; i < SIM_MAX_QUEUES; i++)
			d->q[i].ready = 1;
	}
	d->resets++;
	irq_update(d);
	if (d->be && d->be->reset)
		d->be->reset(d);
}

static bool modern(const struct sim_dev *d)
{
	return d->version == 2;
}

static uint64_t offered(const struct sim_dev *d)
{
	uint64_t f = d->be ? (d->be->features | d->extra_features) & ~d->f.features_clear : 0;

	/* A legacy device speaks 32 feature bits and never VERSION_1. */
	return modern(d) ? f : (uint32_t)f;
}

static unsigned int nqueues(const struct sim_dev *d)
{
	return d->be ? d->be->nqueues : 0;
}

static uint32_t queue_num_max(const struct sim_dev *d)
{
	return d->f.queue_num_max ? d->f.queue_num_max : d->be->queue_num_max;
}

static struct sim_queue *selq(struct sim_dev *d)
{
	if (d->queue_sel >= nqueues(d)) {
		violation(d, "queue register with QueueSel %u out of range", d->queue_sel);
		return NULL;
	}
	return &d->q[d->queue_sel];
}

/* --- rings --- */

static bool event_idx(const struct sim_dev *d)
{
	return d->driver_features & F_EVENT_IDX;
}

/* Legacy addresses derive from the PFN; modern ones were given. */
static bool ring_addrs(struct sim_dev *d, struct sim_queue *q, uint8_t **desc,
		       uint8_t **avail, uint8_t **used)
{
	if (modern(d)) {
		if (!q->ready)
			return false;
		*desc = host_dma_ptr(q->desc);
		*avail = host_dma_ptr(q->avail);
		*used = host_dma_ptr(q->used);
		return true;
	}
	if (!q->pfn)
		return false;
	{
		uint64_t base = (uint64_t)q->pfn * d->page_size;
		uint64_t a = base + 16ull * q->num;
		uint64_t u = (a + 6 + 2ull * q->num + q->align - 1) & ~(uint64_t)(q->align - 1);

		*desc = host_dma_ptr(base);
		*avail = host_dma_ptr(a);
		*used = host_dma_ptr(u);
	}
	return true;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)v);
	wr16(p + 2, (uint16_t)(v >> 16));
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Append one buffer to the request; false if it cannot be one. */
static bool req_add_seg(struct sim_dev *d, struct sim_req *r, uint16_t flags,
			uint64_t addr, uint32_t len)
{
	struct sim_seg *s;

	if (flags & D_WRITE) {
		if (r->nin == SIM_MAX_SEGS)
			return false;
		s = &r->in[r->nin++];
		r->in_len += len;
	} else {
		if (r->nin) {
			violation(d, "readable descriptor after a writable one");
			return false;
		}
		if (r->nout == SIM_MAX_SEGS)
			return false;
		s = &r->out[r->nout++];
		r->out_len += len;
	}
	s->p = host_dma_ptr(addr);
	s->len = len;
	return true;
}

/* An indirect descriptor may not come with others, nor be too short. */
static bool indirect_ok(struct sim_dev *d, const struct sim_req *r,
			uint16_t flags, uint32_t len)
{
	if (!(d->driver_features & F_INDIRECT))
		violation(d, "indirect descriptor without VIRTIO_F_INDIRECT_DESC");
	else if (r->nout || r->nin || (flags & D_NEXT))
		violation(d, "indirect descriptor chained with others");
	else if (!len || len % 16 || len / 16 > SIM_MAX_SEGS)
		violation(d, "indirect table of %u bytes", len);
	else
		return true;
	return false;
}

/* The entries of a split indirect table, chained through next. */
static bool walk_split_table(struct sim_dev *d, struct sim_req *r, uint8_t *t,
			     uint32_t n)
{
	uint32_t i = 0, k;

	for (k = 0; k < n; k++) {
		uint8_t *e = t + 16u * i;
		uint16_t flags = rd16(e + 12);

		if (flags & D_INDIRECT) {
			violation(d, "indirect descriptor inside an indirect table");
			return false;
		}
		if (!req_add_seg(d, r, flags, rd64(e), rd32(e + 8)))
			return false;
		if (!(flags & D_NEXT))
			return true;
		i = rd16(e + 14);
		if (i >= n) {
			violation(d, "indirect next %u beyond table of %u", i, n);
			return false;
		}
	}
	violation(d, "indirect table loops");
	return false;
}

/* Collect the chain at head; false (and a violation) if it is malformed. */
static bool walk_chain(struct sim_dev *d, struct sim_queue *q, uint8_t *desc,
		       uint16_t head, struct sim_req *r)
{
	uint16_t i = head;
	unsigned int n;

	memset(r, 0, sizeof(*r));
	r->head = head;
	for (n = 0; n < q->num; n++) {
		uint8_t *e;
		uint16_t flags;

		if (i >= q->num) {
			violation(d, "descriptor index %u >= queue size %u", i, q->num);
			return false;
		}
		e = desc + 16u * i;
		flags = rd16(e + 12);
		if (flags & D_INDIRECT) {
			r->indirect++;
			return indirect_ok(d, r, flags, rd32(e + 8)) &&
			       walk_split_table(d, r, host_dma_ptr(rd64(e)),
						rd32(e + 8) / 16);
		}
		if (!req_add_seg(d, r, flags, rd64(e), rd32(e + 8)))
			return false;
		if (!(flags & D_NEXT))
			return true;
		i = rd16(e + 14);
	}
	violation(d, "descriptor chain at %u loops", head);
	return false;
}

static void used_put(struct sim_queue *q, uint8_t *used, uint32_t id, uint32_t len)
{
	uint8_t *e = used + 4 + 8u * (q->used_idx & (q->num - 1));

	wr32(e, id);
	wr32(e + 4, len);
	q->used_idx++;
}

static void push_used(struct sim_dev *d, struct sim_queue *q, uint8_t *used,
		      const struct sim_req *r, uint32_t len)
{
	uint32_t id = r->head;

	if (d->f.used_bad_id) {
		d->f.used_bad_id = false;
		id = q->num + 3;
	}
	if (d->f.used_len_over) {
		d->f.used_len_over = false;
		len = r->in_len + 1;
	}
	used_put(q, used, id, len);
	if (d->f.used_dup_id) {
		d->f.used_dup_id = false;
		used_put(q, used, id, len);
	}
	if (d->f.used_idx_jump) {
		d->f.used_idx_jump = false;
		q->used_idx = (uint16_t)(q->used_idx + q->num + 1);
	}
	if (d->f.used_idx_back) {
		d->f.used_idx_back = false;
		q->used_idx = (uint16_t)(q->used_idx - q->num - 1);
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr16(used + 2, q->used_idx);
}

/* --- packed rings (virtio 1.2, 2.8) --- */

static uint16_t p_pos(const struct sim_queue *q, uint16_t idx)
{
	return idx % q->num;
}

static bool p_wrap(const struct sim_queue *q, uint16_t idx)
{
	return !((idx / q->num) & 1);
}

/* Collect the packed chain at q->last_avail: n ring slots, its buffer id. */
static bool walk_packed(struct sim_dev *d, struct sim_queue *q, uint8_t *ring,
			struct sim_req *r, uint16_t *slots)
{
	uint16_t idx = q->last_avail;
	unsigned int n;

	memset(r, 0, sizeof(*r));
	for (n = 0; n < q->num; n++, idx++) {
		uint8_t *e = ring + 16u * p_pos(q, idx);
		uint16_t flags = rd16(e + 14);
		bool w = p_wrap(q, idx);

		if (n && (!(flags & P_AVAIL) != !w || !(flags & P_USED) == !w)) {
			violation(d, "packed chain slot %u not available", p_pos(q, idx));
			return false;
		}
		r->head = rd16(e + 12);
		if (flags & D_INDIRECT) {
			uint8_t *t = host_dma_ptr(rd64(e));
			uint32_t k, len = rd32(e + 8);

			r->indirect++;
			if (!indirect_ok(d, r, flags, len))
				return false;
			for (k = 0; k < len / 16; k++) {
				uint16_t tf = rd16(t + 16u * k + 14);

				if (tf & D_INDIRECT) {
					violation(d, "indirect descriptor inside an indirect table");
					return false;
				}
				if (!req_add_seg(d, r, tf, rd64(t + 16u * k),
						 rd32(t + 16u * k + 8)))
					return false;
			}
		} else if (!req_add_seg(d, r, flags, rd64(e), rd32(e + 8))) {
			return false;
		}
		if (!(flags & D_NEXT)) {
			*slots = (uint16_t)(n + 1);
			return true;
		}
	}
	violation(d, "packed chain at %u loops", p_pos(q, q->last_avail));
	return false;
}

/* Write one used entry at q->used_idx: id and len, then the flags. */
static void packed_used_put(struct sim_queue *q, uint8_t *ring, uint16_t id,
			    uint32_t len, bool write, bool wrong_wrap)
{
	uint8_t *e = ring + 16u * p_pos(q, q->used_idx);
	bool w = p_wrap(q, q->used_idx) != wrong_wrap;

	wr16(e + 12, id);
	wr32(e + 8, len);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr16(e + 14, (uint16_t)((w ? P_AVAIL | P_USED : 0) | (write ? D_WRITE : 0)));
}

/* Did the used index cross the driver's event (off, wrap) going old -> new? */
static bool packed_event_crossed(const struct sim_queue *q, uint16_t off_wrap,
				 uint16_t old_idx, uint16_t new_idx)
{
	uint16_t base = (uint16_t)(new_idx - p_pos(q, new_idx));
	uint16_t ev;

	if (!(off_wrap >> 15) != !p_wrap(q, new_idx))
		base = (uint16_t)(base - q->num);
	ev = (uint16_t)(base + (off_wrap & 0x7fff));
	return (uint16_t)(new_idx - ev - 1) < (uint16_t)(new_idx - old_idx);
}

static void process_packed(struct sim_dev *d, unsigned int qi, struct sim_queue *q,
			   uint8_t *ring, uint8_t *drv_ev, uint8_t *dev_ev)
{
	uint16_t old_used = q->used_idx, slots, dflags;
	struct sim_req r;
	int n;

	for (;;) {
		uint8_t *e = ring + 16u * p_pos(q, q->last_avail);
		uint16_t flags = rd16(e + 14);
		bool w = p_wrap(q, q->last_avail);

		if (!(flags & P_AVAIL) != !w || !(flags & P_USED) == !w)
			break;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (!walk_packed(d, q, ring, &r, &slots))
			break;
		n = d->be->handle(d, qi, &r);
		if (n == SIM_HOLD)
			break;
		d->indirect_reqs += r.indirect != 0;
		if (d->f.used_bad_id) {
			d->f.used_bad_id = false;
			r.head = (uint16_t)(q->num + 3);
		}
		if (d->f.used_len_over) {
			d->f.used_len_over = false;
			n = (int)r.in_len + 1;
		}
		packed_used_put(q, ring, r.head, (uint32_t)n, r.nin != 0,
				d->f.used_wrap_bad);
		d->f.used_wrap_bad = false;
		q->used_idx = (uint16_t)(q->used_idx + slots);
		if (d->f.used_dup_id) {
			d->f.used_dup_id = false;
			packed_used_put(q, ring, r.head, (uint32_t)n, r.nin != 0, false);
			q->used_idx++;
		}
		q->last_avail = (uint16_t)(q->last_avail + slots);
	}
	/* Our wishes: notify for the next descriptor (EVENT_IDX), or not at all. */
	wr16(dev_ev, (uint16_t)(p_pos(q, q->last_avail) |
				(p_wrap(q, q->last_avail) ? 0x8000u : 0)));
	wr16(dev_ev + 2, d->f.no_notify ? 1 : event_idx(d) ? 2 : 0);
	if (q->used_idx == old_used)
		return;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	dflags = rd16(drv_ev + 2);
	if (dflags == 1)
		return;
	if (dflags == 2) {
		if (!event_idx(d))
			violation(d, "driver event DESC without EVENT_IDX");
		else if (!packed_event_crossed(q, rd16(drv_ev), old_used, q->used_idx))
			return;
	}
	raise_isr(d, 1);
}

void sim_process(struct sim_dev *d, unsigned int qi)
{
	struct sim_queue *q = &d->q[qi];
	uint8_t *desc, *avail, *used;
	uint16_t avail_idx, old_used = q->used_idx;
	struct sim_req r;
	int n;

	if (!d->be || qi >= nqueues(d) || !ring_addrs(d, q, &desc, &avail, &used))
		return;
	if (d->driver_features & F_RING_PACKED) {
		process_packed(d, qi, q, desc, avail, used);
		return;
	}
	wr16(used, d->f.no_notify ? 1 : 0);
	avail_idx = rd16(avail + 2);
	if ((uint16_t)(avail_idx - q->last_avail) > q->num)
		violation(d, "avail idx %u runs %u ahead", avail_idx,
			  (uint16_t)(avail_idx - q->last_avail));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (q->last_avail != avail_idx) {
		uint16_t head = rd16(avail + 4 + 2u * (q->last_avail & (q->num - 1)));

		if (!walk_chain(d, q, desc, head, &r))
			break;
		n = d->be->handle(d, qi, &r);
		if (n == SIM_HOLD)
			break;
		d->indirect_reqs += r.indirect != 0;
		push_used(d, q, used, &r, (uint32_t)n);
		q->last_avail++;
	}
	if (event_idx(d))
		wr16(used + 4 + 8u * q->num, q->last_avail);
	if (q->used_idx == old_used)
		return;
	if (event_idx(d)) {
		uint16_t ev = rd16(avail + 4 + 2u * q->num);

		if ((uint16_t)(q->used_idx - ev - 1) >= (uint16_t)(q->used_idx - old_used))
			return;
	} else if (rd16(avail) & 1) {
		return;
	}
	raise_isr(d, 1);
}

/* --- registers --- */

static uint32_t reg_read(struct sim_dev *d, unsigned int off)
{
	struct sim_queue *q;

	switch (off) {
	case R_MAGIC:
		return d->f.magic ? d->f.magic : 0x74726976;
	case R_VERSION:
		return d->f.version ? d->f.version : d->version;
	case R_DEVICE_ID:
		if (d->f.device_id)
			return d->f.device_id;
		return d->be ? d->be->device_id : 0;
	case R_VENDOR:
		return SIM_VENDOR;
	case R_DEV_FEAT:
		if (!modern(d) && d->dev_feat_sel)
			return 0;
		return d->dev_feat_sel < 2 ? (uint32_t)(offered(d) >> (32 * d->dev_feat_sel)) : 0;
	case R_QUEUE_NUM_MAX:
		if (d->queue_sel >= nqueues(d) || d->f.queue_num_max_zero)
			return 0;
		return queue_num_max(d);
	case R_QUEUE_READY:
		if (!modern(d))
			break;
		q = selq(d);
		return q ? q->ready : 0;
	case R_QUEUE_PFN:
		if (modern(d))
			break;
		q = selq(d);
		return q ? q->pfn : 0;
	case R_ISR:
		return d->isr;
	case R_STATUS:
		return d->status;
	case R_GENERATION:
		if (!modern(d))
			break;
		if (d->f.gen_bumps) {
			d->f.gen_bumps--;
			return d->generation++;
		}
		return d->generation;
	default:
		break;
	}
	violation(d, "read of register 0x%03x (write-only, reserved or wrong version)", off);
	return 0;
}

static void write_status(struct sim_dev *d, uint32_t v)
{
	if (!v) {
		if (d->f.reset_stuck) {
			d->status |= S_ACK;
			return;
		}
		device_reset(d);
		return;
	}
	/* A device stuck in reset has no defined status to protect. */
	if ((d->status & ~v & ~(uint32_t)S_NEEDS_RESET) && !d->f.reset_stuck)
		violation(d, "status 0x%02x clears bits of 0x%02x without a reset", v, d->status);
	if ((v & S_DRIVER) && !(v & S_ACK))
		violation(d, "DRIVER before ACKNOWLEDGE");
	if ((v & S_FEATURES_OK) && !(d->status & S_FEATURES_OK)) {
		if (!modern(d))
			violation(d, "FEATURES_OK on a legacy device");
		if (d->f.refuse_features_ok || (d->driver_features & ~offered(d)) ||
		    !(d->driver_features & F_VERSION_1))
			v &= ~(uint32_t)S_FEATURES_OK;
	}
	if ((v & S_DRIVER_OK) && !(d->status & S_DRIVER_OK) && modern(d) &&
	    !(v & S_FEATURES_OK) && !(v & S_FAILED))
		violation(d, "DRIVER_OK without FEATURES_OK");
	d->status = (d->status & S_NEEDS_RESET) | v;
}

static void write_queue(struct sim_dev *d, unsigned int off, uint32_t v)
{
	struct sim_queue *q = selq(d);

	if (!q)
		return;
	if (q->ready && off != R_QUEUE_READY)
		violation(d, "queue %u register 0x%03x written while ready", d->queue_sel, off);
	switch (off) {
	case R_QUEUE_NUM:
		if (!v || v > queue_num_max(d) || (v & (v - 1)))
			violation(d, "QueueNum %u (max %u)", v, queue_num_max(d));
		q->num = v;
		break;
	case R_QUEUE_ALIGN:
		if (!v || (v & (v - 1)))
			violation(d, "QueueAlign %u", v);
		q->align = v;
		break;
	case R_QUEUE_PFN:
		if (v && (!d->page_size || !q->num || !q->align))
			violation(d, "QueuePFN before GuestPageSize/QueueNum/QueueAlign");
		q->pfn = v;
		q->last_avail = q->used_idx = 0;
		break;
	case R_QUEUE_READY:
		if (v && (!q->num || (q->desc & 15) || (q->avail & 1) || (q->used & 3) ||
			  !q->desc || !q->avail || !q->used))
			violation(d, "QueueReady with num %u desc 0x%llx avail 0x%llx used 0x%llx",
				  q->num, (unsigned long long)q->desc,
				  (unsigned long long)q->avail, (unsigned long long)q->used);
		q->ready = v & 1;
		q->last_avail = q->used_idx = 0;
		if (q->ready && d->f.used_at_ready) {
			uint8_t *u = host_dma_ptr(q->used);

			memset(u + 4, 0, 8);
			wr16(u + 2, q->used_idx = 1);
			sim_raise_irq(d, 1);
		}
		break;
	case R_DESC_LO: q->desc = (q->desc & ~0xffffffffull) | v; break;
	case R_DESC_HI: q->desc = (q->desc & 0xffffffffull) | (uint64_t)v << 32; break;
	case R_DRIVER_LO: q->avail = (q->avail & ~0xffffffffull) | v; break;
	case R_DRIVER_HI: q->avail = (q->avail & 0xffffffffull) | (uint64_t)v << 32; break;
	case R_DEVICE_LO: q->used = (q->used & ~0xffffffffull) | v; break;
	case R_DEVICE_HI: q->used = (q->used & 0xffffffffull) | (uint64_t)v << 32; break;
	}
}

static bool legacy_only(unsigned int off)
{
	return off == R_PAGE_SIZE || off == R_QUEUE_ALIGN || off == R_QUEUE_PFN;
}

static bool modern_only(unsigned int off)
{
	return off == R_QUEUE_READY || (off >= R_DESC_LO && off <= R_DEVICE_HI);
}

static void reg_write(struct sim_dev *d, unsigned int off, uint32_t v)
{
	if ((modern(d) && legacy_only(off)) || (!modern(d) && modern_only(off))) {
		violation(d, "write of 0x%03x, not a version %u register", off, d->version);
		return;
	}
	switch (off) {
	case R_DEV_FEAT_SEL:
		d->dev_feat_sel = v;
		return;
	case R_DRV_FEAT_SEL:
		d->drv_feat_sel = v;
		return;
	case R_DRV_FEAT:
		if (d->status & S_FEATURES_OK)
			violation(d, "DriverFeatures written after FEATURES_OK");
		if (d->drv_feat_sel == 0)
			d->driver_features = (d->driver_features & ~0xffffffffull) | v;
		else if (d->drv_feat_sel == 1 && modern(d))
			d->driver_features = (d->driver_features & 0xffffffffull) | (uint64_t)v << 32;
		return;
	case R_PAGE_SIZE:
		d->page_size = v;
		return;
	case R_QUEUE_SEL:
		d->queue_sel = v;
		if (d->f.irq_at_queue_sel)
			sim_raise_irq(d, 1);
		return;
	case R_QUEUE_NOTIFY:
		d->notifies++;
		if (!(d->status & S_DRIVER_OK))
			violation(d, "QueueNotify before DRIVER_OK");
		if (v >= nqueues(d))
			violation(d, "QueueNotify of queue %u", v);
		else if (!d->f.defer)
			sim_process(d, v);
		return;
	case R_ISR_ACK:
		if (!d->f.ignore_ack)
			d->isr &= ~v;
		irq_update(d);
		return;
	case R_STATUS:
		write_status(d, v);
		return;
	case R_QUEUE_NUM: case R_QUEUE_ALIGN: case R_QUEUE_PFN: case R_QUEUE_READY:
	case R_DESC_LO: case R_DESC_HI: case R_DRIVER_LO: case R_DRIVER_HI:
	case R_DEVICE_LO: case R_DEVICE_HI:
		write_queue(d, off, v);
		return;
	default:
		violation(d, "write of register 0x%03x (read-only or reserved)", off);
	}
}

/* --- config space --- */

static uint32_t cfg_read(struct sim_dev *d, unsigned int off, unsigned int w)
{
	uint32_t v = 0;
	unsigned int i;

	if (off % w)
		violation(d, "unaligned %u-byte config read at 0x%x", w, off);
	for (i = 0; i < w; i++)
		if (off + i < SIM_CONFIG_SIZE)
			v |= (uint32_t)d->config[off + i] << (8 * i);
	return v;
}

static void cfg_write(struct sim_dev *d, unsigned int off, unsigned int w, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < w; i++)
		if (off + i < SIM_CONFIG_SIZE)
			d->config[off + i] = (uint8_t)(v >> (8 * i));
	if (d->be && d->be->config_written)
		d->be->config_written(d, off, w);
}

/* --- bus dispatch: the host side of board/io.h --- */

static struct sim_dev *find(uintptr_t addr, unsigned int *off)
{
	unsigned int i;

	for (i = 0; i < ndevs; i++) {
		if (devs[i].present && addr - devs[i].base < SIM_SLOT_STRIDE) {
			*off = (unsigned int)(addr - devs[i].base);
			return &devs[i];
		}
	}
	{
		char msg[80];

		vmio_snprintf(msg, sizeof(msg), "sim: access to unmapped address 0x%lx",
			      (unsigned long)addr);
		sim_env_fatal(msg);
	}
}

static uint32_t bus_read(uintptr_t addr, unsigned int w)
{
	unsigned int off;
	struct sim_dev *d = find(addr, &off);
	uint32_t v;

	mmio_depth++;
	if (d->f.vanished) {
		v = 0;
	} else if (off >= R_CONFIG) {
		v = cfg_read(d, off - R_CONFIG, w);
	} else if (w != 4 || (off & 3)) {
		violation(d, "%u-byte register read at 0x%03x", w, off);
		v = 0;
	} else {
		v = reg_read(d, off);
	}
	log_access(d, false, w, off, v);
	if (!--mmio_depth)
		host_irq_poll();
	return v;
}

static void bus_write(uintptr_t addr, unsigned int w, uint32_t v)
{
	unsigned int off;
	struct sim_dev *d = find(addr, &off);

	mmio_depth++;
	log_access(d, true, w, off, v);
	if (d->f.vanished)
		;	/* nothing answers */
	else if (off >= R_CONFIG)
		cfg_write(d, off - R_CONFIG, w, v);
	else if (w != 4 || (off & 3))
		violation(d, "%u-byte register write at 0x%03x", w, off);
	else
		reg_write(d, off, v);
	if (!--mmio_depth)
		host_irq_poll();
}

uint32_t host_mmio_read32(uintptr_t addr)
{
	return bus_read(addr, 4);
}

void host_mmio_write32(uintptr_t addr, uint32_t val)
{
	bus_write(addr, 4, val);
}

uint16_t host_mmio_read16(uintptr_t addr)
{
	return (uint16_t)bus_read(addr, 2);
}

void host_mmio_write16(uintptr_t addr, uint16_t val)
{
	bus_write(addr, 2, val);
}

uint8_t host_mmio_read8(uintptr_t addr)
{
	return (uint8_t)bus_read(addr, 1);
}

void host_mmio_write8(uintptr_t addr, uint8_t val)
{
	bus_write(addr, 1, val);
}

/* --- life cycle --- */

struct sim_dev *sim_add(unsigned int slot, uint32_t version,
			const struct sim_backend *be)
{
	struct sim_dev *d;

	if (ndevs == SIM_MAX_DEVS || slot >= 32) {
		sim_env_fatal("sim: no room for a device in that slot");
	}
	d = &devs[ndevs];
	memset(d, 0, sizeof(*d));
	d->present = true;
	d->index = ndevs++;
	d->slot = slot;
	d->base = SIM_SLOT_BASE + slot * SIM_SLOT_STRIDE;
	d->irq = SIM_SLOT_IRQ0 + slot;
	d->version = version;
	d->be = be;
	if (be && be->init)
		be->init(d);
	host_board_add_virtio(d->base, d->irq);
	return d;
}

void sim_reset_all(void)
{
	memset(devs, 0, sizeof(devs));
	ndevs = 0;
	log_len = 0;
	total_violations = 0;
	mmio_depth = 0;
}

void sim_power_cut(struct sim_dev *d)
{
	/* Transport and backend state go (backend reset); storage stays. */
	device_reset(d);
	d->page_size = 0;
}

void sim_config_change(struct sim_dev *d)
{
	d->generation++;
	raise_isr(d, 2);
	host_irq_poll();
}

void sim_raise_irq(struct sim_dev *d, uint32_t bits)
{
	raise_isr(d, bits);
	host_irq_poll();
}

void sim_set_needs_reset(struct sim_dev *d)
{
	d->status |= S_NEEDS_RESET;
	if (d->status & S_DRIVER_OK) {
		raise_isr(d, 2);
		host_irq_poll();
	}
}
