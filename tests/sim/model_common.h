/* SPDX-License-Identifier: MIT */
#ifndef VMIO_MODEL_COMMON_H
#define VMIO_MODEL_COMMON_H

/*
 * Shared pieces of the virtio-clock and virtio-regulator device models
 * (model_clock.c, model_regulator.c). The models are freestanding C11
 * (<stdint.h> <stddef.h> <stdbool.h> <string.h> only, no allocation, no
 * I/O) so that the same files run behind the host simulator
 * (sim_clkreg.c) and inside the EL2 monitor.
 *
 * A model sees one descriptor chain at a time as two segment lists in
 * memory it can touch: device-readable (out) and device-writable (in)
 * segments. It accepts both request forms: a readable request plus a
 * writable reply, or (no readable segment) one writable buffer holding
 * the request that the reply overwrites in place. It answers with the
 * number of bytes it wrote (the used length) or MODEL_DROP.
 *
 * Protocol constants are written out here independently of drivers/ on
 * purpose: a wrong constant in a driver must not be mirrored by the
 * device it is tested against.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* serve() result: the request is never answered (fault knob drop_next). */
#define MODEL_DROP		(-1)

/* Result codes on the wire: Linux errno numbers, negated. */
#define MODEL_RES_OK		0
#define MODEL_RES_EPERM		(-1)
#define MODEL_RES_ENOENT	(-2)
#define MODEL_RES_EIO		(-5)
#define MODEL_RES_EINVAL	(-22)
#define MODEL_RES_EOPNOTSUPP	(-95)

/* Feature bits offered by both models (virtio 1.2, 6). */
#define MODEL_F_EVENT_IDX	29
#define MODEL_F_VERSION_1	32

struct model_seg {
	uint8_t *p;
	uint32_t len;
};

struct model_chain {
	const struct model_seg *out;	/* device-readable */
	unsigned int nout;
	const struct model_seg *in;	/* device-writable */
	unsigned int nin;
};

/*
 * Fault knobs common to both models, on top of the transport's own
 * (refuse FEATURES_OK, stuck reset, bad used entries, NEEDS_RESET live
 * in the register window: struct sim_faults or the monitor's). Counters
 * count down one per request; they survive a reset.
 */
struct model_faults {
	unsigned int error_next;	/* answer result = error_code, change nothing */
	int32_t error_code;		/* 0 means MODEL_RES_EIO */
	unsigned int short_next;	/* used length 4 bytes short of the message */
	unsigned int drop_next;		/* never answer (MODEL_DROP) */
	unsigned int garble_next;	/* reply with a type the request did not have */
	unsigned int unwritten_next;	/* report a full reply but write nothing */
};

/* Counters a test or the monitor's report can read. */
struct model_stats {
	uint32_t requests;		/* chains served, dropped ones included */
	uint32_t by_type[16];		/* requests per message type (< 16) */
	uint32_t errors;		/* replies with a non-zero result */
	uint32_t dropped;
	uint32_t in_place;		/* requests in the single-buffer form */
	uint32_t resets;		/* model_reset() calls: power cuts */
	uint32_t last_type;		/* type and data[] of the last request, as sent */
	uint32_t last_data[4];
};

/* Record type and data[4] (at p) of a request in the stats. */
static inline void model_note(struct model_stats *st, uint32_t type, const uint8_t *p)
{
	unsigned int i;

	st->last_type = type;
	for (i = 0; i < 4; i++)
		st->last_data[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
				   (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
}

static inline uint32_t model_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void model_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * Copy the request (at most len bytes) into buf: from the readable
 * segments, or from the writable ones in the in-place form. Returns the
 * bytes copied; *in_place tells which form it was.
 */
static inline uint32_t model_gather(const struct model_chain *ch, uint8_t *buf,
				    uint32_t len, bool *in_place)
{
	const struct model_seg *s = ch->nout ? ch->out : ch->in;
	unsigned int n = ch->nout ? ch->nout : ch->nin, i;
	uint32_t done = 0, c;

	*in_place = !ch->nout;
	for (i = 0; i < n && done < len; i++) {
		c = s[i].len < len - done ? s[i].len : len - done;
		memcpy(buf + done, s[i].p, c);
		done += c;
	}
	return done;
}

/* Write len bytes of buf over the writable segments; returns the bytes written. */
static inline uint32_t model_scatter(const struct model_chain *ch,
				     const uint8_t *buf, uint32_t len)
{
	uint32_t done = 0, c;
	unsigned int i;

	for (i = 0; i < ch->nin && done < len; i++) {
		c = ch->in[i].len < len - done ? ch->in[i].len : len - done;
		memcpy(ch->in[i].p, buf + done, c);
		done += c;
	}
	return done;
}

/* Does the NUL-padded wire field f (n bytes) hold exactly name? */
static inline bool model_name_eq(const uint8_t *f, size_t n, const char *name)
{
	size_t l = strlen(name);

	return l < n && !memcmp(f, name, l) && !f[l];
}

/*
 * Apply the reply-side knobs and the counters to a reply of size bytes
 * in msg (type at type_off, result after it), then scatter it. Returns
 * the used length. For model_*.c only.
 */
static inline int model_finish(struct model_faults *f, struct model_stats *st,
			       const struct model_chain *ch, uint8_t *msg,
			       uint32_t size, uint32_t type_off)
{
	uint32_t n;

	if (model_get_le32(msg + type_off + 4))
		st->errors++;
	if (f->garble_next) {
		f->garble_next--;
		model_put_le32(msg + type_off, model_get_le32(msg + type_off) ^ 0x80u);
	}
	if (f->unwritten_next) {
		f->unwritten_next--;
		return (int)(ch->nin ? size : 0);
	}
	n = model_scatter(ch, msg, size);
	if (f->short_next && n >= 4) {
		f->short_next--;
		n -= 4;
	}
	return (int)n;
}

#endif
