// SPDX-License-Identifier: MIT
/*
 * virtio-clock device model; freestanding, see model_common.h. The
 * device checks everything a driver sends (name and id agree, rate in
 * range, parent allowed, reset line present) and answers errors with a
 * result code, never by misbehaving on the ring.
 */
#include "tests/sim/model_clock.h"

static const uint32_t xo_rates[] = { 19200000 };
static const uint32_t uart_rates[] = { 1843200, 7372800, 19200000, 48000000 };
static const uint32_t usb_rates[] = { 60000000, 120000000 };
static const uint32_t i2c_rates[] = { 100000, 400000, 1000000, 19200000 };

static const struct clk_model_clock qemu_virt_clocks[] = {
	{ .name = "xo", .rates = xo_rates, .nrates = 1, .default_hz = 19200000 },
	{ .name = "pll0", .min_hz = 100000000, .max_hz = 1200000000,
	  .default_hz = 600000000, .parents = { 0 }, .nparents = 1 },
	{ .name = "uart_clk", .rates = uart_rates, .nrates = 4, .default_hz = 19200000,
	  .parents = { 0, 1 }, .nparents = 2 },
	{ .name = "sdhc_clk", .min_hz = 400000, .max_hz = 200000000,
	  .default_hz = 19200000, .parents = { 0, 1 }, .nparents = 2 },
	{ .name = "usb_clk", .rates = usb_rates, .nrates = 2, .default_hz = 60000000,
	  .parents = { 1 }, .nparents = 1, .default_parent = 1 },
	{ .name = "i2c_clk", .rates = i2c_rates, .nrates = 4, .default_hz = 19200000,
	  .parents = { 0 }, .nparents = 1 },
	{ .name = "spi_clk", .min_hz = 1000000, .max_hz = 100000000,
	  .default_hz = 19200000, .parents = { 0, 1 }, .nparents = 2 },
	{ .name = "gpu_clk", .min_hz = 100000000, .max_hz = 800000000,
	  .default_hz = 300000000, .parents = { 1 }, .nparents = 1, .default_parent = 1 },
};

const struct clk_model_cfg clk_model_qemu_virt = {
	.name = "qemu-virt-clk",
	.num_resets = 8,
	.feat_reset = true,
	.feat_name = true,
	.clocks = qemu_virt_clocks,
	.nclks = sizeof(qemu_virt_clocks) / sizeof(qemu_virt_clocks[0]),
};

static unsigned int clk_model_count(const struct clk_model *m)
{
	return m->cfg->nclks < CLK_MODEL_MAX_CLKS ? m->cfg->nclks : CLK_MODEL_MAX_CLKS;
}

void clk_model_reset(struct clk_model *m)
{
	unsigned int i;

	memset(m->st, 0, sizeof(m->st));
	for (i = 0; i < clk_model_count(m); i++) {
		m->st[i].rate = m->cfg->clocks[i].default_hz;
		m->st[i].parent = m->cfg->clocks[i].default_parent;
	}
	m->stats.resets++;
}

void clk_model_init(struct clk_model *m, const struct clk_model_cfg *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	clk_model_reset(m);
	m->stats.resets = 0;
}

uint64_t clk_model_features(const struct clk_model *m)
{
	uint64_t f = 1ull << MODEL_F_VERSION_1 | 1ull << MODEL_F_EVENT_IDX;

	if (m->cfg->feat_reset)
		f |= 1ull << CLK_MODEL_F_RESET;
	if (m->cfg->feat_name)
		f |= 1ull << CLK_MODEL_F_NAME;
	return f;
}

void clk_model_config(const struct clk_model *m, uint8_t *cfg, uint32_t len)
{
	uint8_t c[CLK_MODEL_CONFIG_SIZE];
	size_t l = m->cfg->name ? strlen(m->cfg->name) : 0;

	memset(c, 0, sizeof(c));
	model_put_le32(c, clk_model_count(m));
	model_put_le32(c + 4, m->cfg->num_resets);
	memcpy(c + 8, m->cfg->name, l < 20 ? l : 20);
	memset(cfg, 0, len);
	memcpy(cfg, c, len < sizeof(c) ? len : sizeof(c));
}

int clk_model_find(const struct clk_model *m, const char *name)
{
	unsigned int i;

	for (i = 0; i < clk_model_count(m); i++)
		if (!strcmp(m->cfg->clocks[i].name, name))
			return (int)i;
	return -1;
}

/* The rate SET_RATE(hz) would give, or 0 when there is none. */
static uint32_t clk_model_round(const struct clk_model_clock *c, uint32_t hz)
{
	unsigned int i;
	uint32_t best = 0;

	if (!c->nrates)
		return hz >= c->min_hz && hz <= c->max_hz ? hz : 0;
	/* The largest listed rate not above hz, else the smallest. */
	for (i = 0; i < c->nrates; i++)
		if (c->rates[i] <= hz)
			best = c->rates[i];
	return best ? best : c->rates[0];
}

static bool clk_model_parent_ok(const struct clk_model_clock *c, uint32_t p)
{
	unsigned int i;

	for (i = 0; i < c->nparents && i < CLK_MODEL_MAX_PARENTS; i++)
		if (c->parents[i] == p)
			return true;
	return false;
}

/* Carry out one well-formed request on clock id; returns the result code. */
static int32_t clk_model_do(struct clk_model *m, uint32_t id, uint32_t type,
			    uint8_t *data)
{
	const struct clk_model_clock *c = &m->cfg->clocks[id];
	struct clk_model_state *s = &m->st[id];
	uint32_t d0 = model_get_le32(data), r;

	switch (type) {
	case CLK_MODEL_T_ENABLE:
		s->enabled = true;
		return MODEL_RES_OK;
	case CLK_MODEL_T_DISABLE:
		s->enabled = false;
		return MODEL_RES_OK;
	case CLK_MODEL_T_SET_RATE:
		r = clk_model_round(c, d0);
		if (!d0 || !r)
			return MODEL_RES_EINVAL;
		s->rate = r;
		return MODEL_RES_OK;
	case CLK_MODEL_T_GET_RATE:
		model_put_le32(data, s->rate);
		return MODEL_RES_OK;
	case CLK_MODEL_T_ROUND_RATE:
		r = clk_model_round(c, d0);
		if (!d0 || !r)
			return MODEL_RES_EINVAL;
		model_put_le32(data, r);
		return MODEL_RES_OK;
	case CLK_MODEL_T_RESET:
		if (!m->cfg->feat_reset)
			return MODEL_RES_EOPNOTSUPP;
		if (id >= m->cfg->num_resets || d0 > 1)
			return MODEL_RES_EINVAL;
		s->reset_asserted = d0 == 1;
		return MODEL_RES_OK;
	case CLK_MODEL_T_SET_FLAGS:
		s->flags = d0;
		return MODEL_RES_OK;
	case CLK_MODEL_T_SET_PARENT:
		if (!clk_model_parent_ok(c, d0))
			return MODEL_RES_EINVAL;
		s->parent = d0;
		return MODEL_RES_OK;
	default:
		return MODEL_RES_EOPNOTSUPP;
	}
}

int clk_model_serve(struct clk_model *m, const struct model_chain *ch)
{
	uint8_t msg[CLK_MODEL_MSG_SIZE];
	uint32_t n, id, type;
	int32_t res;
	bool in_place;

	m->stats.requests++;
	if (m->f.drop_next) {
		m->f.drop_next--;
		m->stats.dropped++;
		return MODEL_DROP;
	}
	memset(msg, 0, sizeof(msg));
	n = model_gather(ch, msg, sizeof(msg), &in_place);
	m->stats.in_place += in_place;
	id = model_get_le32(msg + 40);
	type = model_get_le32(msg + CLK_MODEL_TYPE_OFF);
	if (type < 16)
		m->stats.by_type[type]++;
	model_note(&m->stats, type, msg + CLK_MODEL_TYPE_OFF + 8);
	memset(msg + CLK_MODEL_TYPE_OFF + 4, 0, 4);
	if (n < sizeof(msg))
		res = MODEL_RES_EINVAL;
	else if (id >= clk_model_count(m) ||
		 !model_name_eq(msg, 40, m->cfg->clocks[id].name))
		res = MODEL_RES_ENOENT;
	else if (m->f.error_next && m->f.error_next--)
		res = m->f.error_code ? m->f.error_code : MODEL_RES_EIO;
	else
		res = clk_model_do(m, id, type, msg + CLK_MODEL_TYPE_OFF + 8);
	model_put_le32(msg + CLK_MODEL_TYPE_OFF + 4, (uint32_t)res);
	return model_finish(&m->f, &m->stats, ch, msg, sizeof(msg), CLK_MODEL_TYPE_OFF);
}
