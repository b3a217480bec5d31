// SPDX-License-Identifier: MIT
/*
 * virtio-regulator device model; freestanding, see model_common.h. The
 * device picks the lowest voltage step inside the requested window and
 * its own range, and refuses (result code) whatever it cannot do.
 */
#include "tests/sim/model_regulator.h"

#define ALL_MODES (REG_MODEL_MODE_FAST | REG_MODEL_MODE_NORMAL | \
		   REG_MODEL_MODE_IDLE | REG_MODEL_MODE_STANDBY)

static const struct reg_model_reg qemu_virt_regs[] = {
	{ .name = "vdd_core", .min_mV = 600, .max_mV = 1200, .step_mV = 5,
	  .default_mV = 900, .modes = REG_MODEL_MODE_NORMAL | REG_MODEL_MODE_IDLE,
	  .default_mode = REG_MODEL_MODE_NORMAL, .max_uA = 3000000,
	  .default_limit_uA = 2000000 },
	{ .name = "vdd_io", .min_mV = 1200, .max_mV = 3600, .step_mV = 50,
	  .default_mV = 1800, .modes = ALL_MODES, .default_mode = REG_MODEL_MODE_NORMAL,
	  .max_uA = 1000000, .default_limit_uA = 500000 },
	{ .name = "vdd_sd", .min_mV = 1800, .max_mV = 3300, .step_mV = 100,
	  .default_mV = 3300, .modes = ALL_MODES, .default_mode = REG_MODEL_MODE_NORMAL,
	  .max_uA = 800000, .default_limit_uA = 400000 },
	{ .name = "vdd_usb", .min_mV = 3300, .max_mV = 3300, .step_mV = 0,
	  .default_mV = 3300, .modes = REG_MODEL_MODE_NORMAL,
	  .default_mode = REG_MODEL_MODE_NORMAL, .max_uA = 1500000,
	  .default_limit_uA = 900000 },
};

const struct reg_model_cfg reg_model_qemu_virt = {
	.regs = qemu_virt_regs,
	.nregs = sizeof(qemu_virt_regs) / sizeof(qemu_virt_regs[0]),
};

static unsigned int reg_model_count(const struct reg_model *m)
{
	return m->cfg->nregs < REG_MODEL_MAX_REGS ? m->cfg->nregs : REG_MODEL_MAX_REGS;
}

void reg_model_reset(struct reg_model *m)
{
	unsigned int i;

	memset(m->st, 0, sizeof(m->st));
	for (i = 0; i < reg_model_count(m); i++) {
		m->st[i].mV = m->cfg->regs[i].default_mV;
		m->st[i].mode = m->cfg->regs[i].default_mode;
		m->st[i].limit_uA = m->cfg->regs[i].default_limit_uA;
	}
	m->stats.resets++;
}

void reg_model_init(struct reg_model *m, const struct reg_model_cfg *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	reg_model_reset(m);
	m->stats.resets = 0;
}

uint64_t reg_model_features(const struct reg_model *m)
{
	(void)m;
	return 1ull << MODEL_F_VERSION_1 | 1ull << MODEL_F_EVENT_IDX;
}

int reg_model_find(const struct reg_model *m, const char *name)
{
	unsigned int i;

	for (i = 0; i < reg_model_count(m); i++)
		if (!strcmp(m->cfg->regs[i].name, name))
			return (int)i;
	return -1;
}

static int reg_model_lookup(const struct reg_model *m, const uint8_t *name)
{
	unsigned int i;

	for (i = 0; i < reg_model_count(m); i++)
		if (model_name_eq(name, 20, m->cfg->regs[i].name))
			return (int)i;
	return -1;
}

/* Lowest selectable voltage in [lo, hi] mV, or 0 when there is none. */
static uint32_t reg_model_pick(const struct reg_model_reg *r, uint32_t lo, uint32_t hi)
{
	uint32_t step = r->step_mV ? r->step_mV : 1, v;

	if (lo < r->min_mV)
		lo = r->min_mV;
	v = r->min_mV + (lo - r->min_mV + step - 1) / step * step;
	return v <= hi && v <= r->max_mV ? v : 0;
}

static int32_t reg_model_do(struct reg_model *m, unsigned int i, uint32_t type,
			    uint8_t *data)
{
	const struct reg_model_reg *r = &m->cfg->regs[i];
	struct reg_model_state *s = &m->st[i];
	uint32_t d0 = model_get_le32(data), d1 = model_get_le32(data + 4), v;

	switch (type) {
	case REG_MODEL_T_ENABLE:
		s->enabled = true;
		return MODEL_RES_OK;
	case REG_MODEL_T_DISABLE:
		s->enabled = false;
		return MODEL_RES_OK;
	case REG_MODEL_T_SET_VOLTAGE:
		v = d0 <= d1 ? reg_model_pick(r, d0, d1) : 0;
		if (!v)
			return MODEL_RES_EINVAL;
		s->mV = v;
		return MODEL_RES_OK;
	case REG_MODEL_T_GET_VOLTAGE:
		model_put_le32(data, s->mV);
		return MODEL_RES_OK;
	case REG_MODEL_T_SET_CURRENT_LIMIT:
		v = d1 < r->max_uA ? d1 : r->max_uA;
		if (d0 > d1 || v < d0 || !v)
			return MODEL_RES_EINVAL;
		s->limit_uA = v;
		return MODEL_RES_OK;
	case REG_MODEL_T_GET_CURRENT_LIMIT:
		model_put_le32(data, s->limit_uA);
		return MODEL_RES_OK;
	case REG_MODEL_T_SET_MODE:
		if (!d0 || (d0 & (d0 - 1)) || !(d0 & r->modes))
			return MODEL_RES_EINVAL;
		s->mode = d0;
		return MODEL_RES_OK;
	case REG_MODEL_T_GET_MODE:
		model_put_le32(data, s->mode);
		return MODEL_RES_OK;
	case REG_MODEL_T_SET_LOAD:
		if (d0 > r->max_uA)
			return MODEL_RES_EINVAL;
		s->load_uA = d0;
		return MODEL_RES_OK;
	default:
		return MODEL_RES_EOPNOTSUPP;
	}
}

int reg_model_serve(struct reg_model *m, const struct model_chain *ch)
{
	uint8_t msg[REG_MODEL_MSG_SIZE];
	uint32_t n, type;
	int32_t res;
	bool in_place;
	int i;

	m->stats.requests++;
	if (m->f.drop_next) {
		m->f.drop_next--;
		m->stats.dropped++;
		return MODEL_DROP;
	}
	memset(msg, 0, sizeof(msg));
	n = model_gather(ch, msg, sizeof(msg), &in_place);
	m->stats.in_place += in_place;
	type = model_get_le32(msg + REG_MODEL_TYPE_OFF);
	if (type < 16)
		m->stats.by_type[type]++;
	model_note(&m->stats, type, msg + REG_MODEL_TYPE_OFF + 8);
	memset(msg + REG_MODEL_TYPE_OFF + 4, 0, 4);
	i = reg_model_lookup(m, msg);
	if (n < sizeof(msg))
		res = MODEL_RES_EINVAL;
	else if (i < 0)
		res = MODEL_RES_ENOENT;
	else if (m->f.error_next && m->f.error_next--)
		res = m->f.error_code ? m->f.error_code : MODEL_RES_EIO;
	else
		res = reg_model_do(m, (unsigned int)i, type, msg + REG_MODEL_TYPE_OFF + 8);
	model_put_le32(msg + REG_MODEL_TYPE_OFF + 4, (uint32_t)res);
	return model_finish(&m->f, &m->stats, ch, msg, sizeof(msg), REG_MODEL_TYPE_OFF);
}
