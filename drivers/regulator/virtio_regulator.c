// SPDX-License-Identifier: MIT
/*
 * virtio-regulator driver: regulators named by the board, their
 * constraints checked here before anything is sent, one message per
 * operation over the message channel shared with virtio-clock, and a
 * record of what the device accepted for replay after a power loss.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "board/board.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "vmio/supplies.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/reqchan/reqchan.h"
#include "drivers/regulator/virtio_regulator.h"

#define VIRTIO_ID_REGULATOR_OLD	31

/* Request types, as on the wire. */
enum {
	REG_T_ENABLE = 0, REG_T_DISABLE = 1,
	REG_T_SET_VOLTAGE = 2, REG_T_GET_VOLTAGE = 3,
	REG_T_SET_CURRENT_LIMIT = 4, REG_T_GET_CURRENT_LIMIT = 5,
	REG_T_SET_MODE = 6, REG_T_GET_MODE = 7,
	REG_T_SET_LOAD = 8,
};

/* u8 name[20]; le32 type; le32 result; le32 data[4] */
#define REG_NAME_LEN		20u
#define REG_HDR_OFF		20u
#define REG_MSG_SIZE		44u

_Static_assert(REG_HDR_OFF <= VMSG_MAX_PREFIX, "regulator prefix fits the channel");

/*
 * The replay's passes, in order (reg_replay_item()), and what each
 * records: the request the device last accepted, by reg_set().
 */
enum { REG_R_VOLTAGE, REG_R_MODE, REG_R_ILIM, REG_R_LOAD, REG_R_ENABLE, REG_R_PASSES };

/* Each pass's request type, in pass order. */
static const uint8_t reg_pass_type[REG_R_PASSES] = { REG_T_SET_VOLTAGE, REG_T_SET_MODE,
	REG_T_SET_CURRENT_LIMIT, REG_T_SET_LOAD, REG_T_ENABLE };

struct regulator {
	struct virtio_regulator *vr;
	const struct board_supply_desc *desc;
	unsigned int use_count;
	bool on;
	uint8_t set;			/* bit per pass: rec[pass] holds a value */
	/* data[0..1] of each pass's request: [min, max] mV, mode, [min, max] uA, load uA */
	uint32_t rec[REG_R_ENABLE][2];
};

struct virtio_regulator {
	struct reqchan rc;		/* rc.n: regulators named by the board */
	struct regulator regs[VIRTIO_REGULATOR_MAX_REGS];
};

REQCHAN_DEFINE(reg, struct virtio_regulator, VIRTIO_REGULATOR_MAX_DEVICES, REG_MSG_SIZE);

static const char *const reg_type_names[] = {
	[REG_T_ENABLE] = "ENABLE", [REG_T_DISABLE] = "DISABLE",
	[REG_T_SET_VOLTAGE] = "SET_VOLTAGE", [REG_T_GET_VOLTAGE] = "GET_VOLTAGE",
	[REG_T_SET_CURRENT_LIMIT] = "SET_CURRENT_LIMIT",
	[REG_T_GET_CURRENT_LIMIT] = "GET_CURRENT_LIMIT",
	[REG_T_SET_MODE] = "SET_MODE", [REG_T_GET_MODE] = "GET_MODE",
	[REG_T_SET_LOAD] = "SET_LOAD",
};

static const char *rname(const struct regulator *reg)
{
	return reg->desc->name;
}

/* The regulator state around rc, or NULL for NULL. */
static struct virtio_regulator *reg_dev(const struct reqchan *rc)
{
	return rc ? container_of(rc, struct virtio_regulator, rc) : NULL;
}

/* The message prefix naming regulator i: its NUL-padded name. */
static void reg_prefix(const struct reqchan *rc, unsigned int i, uint8_t *prefix)
{
	const char *name = rname(&reg_dev(rc)->regs[i]);

	memset(prefix, 0, REG_HDR_OFF);
	memcpy(prefix, name, strlen(name));
}

static void *reg_obj(const struct reqchan *rc, unsigned int i)
{
	return &reg_dev(rc)->regs[i];
}

static const char *reg_target(const struct reqchan *rc, unsigned int i)
{
	return rname(&reg_dev(rc)->regs[i]);
}

static int reg_req(struct regulator *reg, uint32_t type, uint32_t d0,
		   uint32_t d1, uint32_t *reply0)
{
	return reqchan_call(&reg->vr->rc, (unsigned int)(reg - reg->vr->regs), type,
			    d0, d1, reply0);
}

/* Checks common to every consumer call, logged under the request's type name. */
static int reg_check(const struct regulator *reg, uint32_t type)
{
	return reqchan_check_call(reg ? &reg->vr->rc : NULL, "regulator",
				  reg ? rname(reg) : NULL, reg_type_names[type]);
}

/* Send pass's setting (data d0, d1); once accepted, the replay sends it again. */
static int reg_set(struct regulator *reg, unsigned int pass, uint32_t d0, uint32_t d1)
{
	int err = reg_req(reg, reg_pass_type[pass], d0, d1, NULL);

	if (!err) {
		reg->rec[pass][0] = d0;
		reg->rec[pass][1] = d1;
		reg->set |= 1u << pass;
	}
	return err;
}

struct regulator *regulator_get(const char *name)
{
	return reqchan_lookup(&virtio_regulator_driver, name);
}

const char *regulator_name(const struct regulator *reg)
{
	return reg ? rname(reg) : NULL;
}

int regulator_is_enabled(const struct regulator *reg)
{
	return reg ? reg->on : -EINVAL;
}

unsigned int regulator_use_count(const struct regulator *reg)
{
	return reg ? reg->use_count : 0;
}

int regulator_enable(struct regulator *reg)
{
	int err = reg_check(reg, REG_T_ENABLE);

	if (err)
		return err;
	if (reg->use_count == UINT_MAX) {
		pr_err("regulator %s: enable count overflow", rname(reg));
		return -EINVAL;
	}
	if (!reg->on) {
		err = reg_req(reg, REG_T_ENABLE, 0, 0, NULL);
		if (err)
			return err;
		reg->on = true;
	}
	reg->use_count++;
	return 0;
}

int regulator_disable(struct regulator *reg)
{
	int err = reg_check(reg, REG_T_DISABLE);
	unsigned int floor;

	if (err)
		return err;
	/* The always-on reference belongs to the board, not to a consumer. */
	floor = reg->desc->always_on ? 1 : 0;
	if (reg->use_count <= floor) {
		pr_err("regulator %s: disable without an enable%s", rname(reg),
		       floor ? " (always-on)" : "");
		return -EINVAL;
	}
	if (reg->use_count == 1 && reg->on) {
		err = reg_req(reg, REG_T_DISABLE, 0, 0, NULL);
		if (err)
			return err;
		reg->on = false;
	}
	reg->use_count--;
	return 0;
}

/*
 * The consumer checks of a voltage (volt) or current limit request, then
 * [*min, *max] clipped to the board's constraint for it (both 0: none).
 * Returns 0 or -errno, logged.
 */
static int reg_range(struct regulator *reg, bool volt, int *min, int *max)
{
	const char *what = volt ? "voltage" : "current limit";
	int32_t cmin, cmax;
	int err = reg_check(reg, volt ? REG_T_SET_VOLTAGE : REG_T_SET_CURRENT_LIMIT);

	if (err)
		return err;
	cmin = volt ? reg->desc->min_uV : reg->desc->min_uA;
	cmax = volt ? reg->desc->max_uV : reg->desc->max_uA;
	if (*min < 0 || *max < *min) {
		pr_err("regulator %s: %s range [%d, %d] invalid", rname(reg), what,
		       *min, *max);
		return -EINVAL;
	}
	if (!cmin && !cmax)
		return 0;
	if (*max < cmin || *min > cmax) {
		pr_err("regulator %s: %s [%d, %d] outside constraints [%d, %d]",
		       rname(reg), what, *min, *max, (int)cmin, (int)cmax);
		return -EINVAL;
	}
	if (*min < cmin)
		*min = cmin;
	if (*max > cmax)
		*max = cmax;
	return 0;
}

int regulator_set_voltage(struct regulator *reg, int min_uV, int max_uV)
{
	int err = reg_range(reg, true, &min_uV, &max_uV);
	uint32_t min_mV, max_mV;

	if (err)
		return err;
	/* Rounded up without a 64-bit division (libgcc's costs ~944 bytes). */
	min_mV = (uint32_t)min_uV / 1000 + ((uint32_t)min_uV % 1000 != 0);
	max_mV = (uint32_t)max_uV / 1000;
	if (min_mV > max_mV) {
		pr_err("regulator %s: voltage [%d, %d] uV holds no whole mV",
		       rname(reg), min_uV, max_uV);
		return -EINVAL;
	}
	return reg_set(reg, REG_R_VOLTAGE, min_mV, max_mV);
}

/*
 * A GET request: the reply's value as a positive int, scaled; -EIO
 * (logged) when it cannot be one.
 */
static int reg_get(struct regulator *reg, uint32_t type, uint32_t scale)
{
	int err = reg_check(reg, type);
	uint32_t v;

	if (!err)
		err = reg_req(reg, type, 0, 0, &v);
	if (err)
		return err;
	if (v > (uint32_t)INT_MAX / scale) {
		pr_err("regulator %s: %s: implausible value %u from the device", rname(reg),
		       reg_type_names[type], (unsigned int)v);
		return -EIO;
	}
	return (int)(v * scale);
}

int regulator_get_voltage(struct regulator *reg)
{
	return reg_get(reg, REG_T_GET_VOLTAGE, 1000);
}

static bool reg_mode_valid(uint32_t mode)
{
	return mode && !(mode & (mode - 1)) && mode <= REGULATOR_MODE_STANDBY;
}

int regulator_set_mode(struct regulator *reg, unsigned int mode)
{
	int err = reg_check(reg, REG_T_SET_MODE);

	if (err)
		return err;
	if (!reg_mode_valid(mode)) {
		pr_err("regulator %s: mode 0x%x is not one REGULATOR_MODE_*", rname(reg),
		       mode);
		return -EINVAL;
	}
	return reg_set(reg, REG_R_MODE, mode, 0);
}

int regulator_get_mode(struct regulator *reg)
{
	return reg_get(reg, REG_T_GET_MODE, 1);
}

int regulator_set_load(struct regulator *reg, int load_uA)
{
	int err = reg_check(reg, REG_T_SET_LOAD);

	if (err)
		return err;
	if (load_uA < 0) {
		pr_err("regulator %s: load %d uA refused", rname(reg), load_uA);
		return -EINVAL;
	}
	return reg_set(reg, REG_R_LOAD, (uint32_t)load_uA, 0);
}

int regulator_set_current_limit(struct regulator *reg, int min_uA, int max_uA)
{
	int err = reg_range(reg, false, &min_uA, &max_uA);

	return err ? err : reg_set(reg, REG_R_ILIM, (uint32_t)min_uA, (uint32_t)max_uA);
}

int regulator_get_current_limit(struct regulator *reg)
{
	return reg_get(reg, REG_T_GET_CURRENT_LIMIT, 1);
}

/* Replay request of reg in pass, if it has one: false when nothing was recorded. */
static bool reg_replay_item(const struct reqchan *rc, unsigned int pass,
			    unsigned int level, unsigned int i, uint32_t *type,
			    uint32_t data[4])
{
	const struct regulator *reg = &reg_dev(rc)->regs[i];

	(void)level;
	memset(data, 0, 4 * sizeof(data[0]));
	*type = reg_pass_type[pass];
	if (pass == REG_R_ENABLE)
		return reg->on;
	data[0] = reg->rec[pass][0];
	data[1] = reg->rec[pass][1];
	return reg->set & (1u << pass);
}

/*
 * The output's level and mode before the output itself: a regulator
 * must never come up at a voltage its consumers were not set for. Each
 * pass (voltages, modes, current limits, loads, enables) is one batch
 * (more when the pool or the ring is smaller): requests about different
 * regulators are independent, and a batch completes before the next is
 * posted, so every voltage is in place before any enable is sent. The
 * first error stops the replay.
 */
struct reqchan *virtio_regulator_chan(struct virtio_regulator *vr)
{
	return &vr->rc;
}

struct virtio_regulator *virtio_regulator_get(unsigned int n)
{
	return reg_dev(reqchan_get(&virtio_regulator_driver, n));
}

static bool reg_pair_ok(int32_t lo, int32_t hi)
{
	return (!lo && !hi) || (lo >= 0 && lo <= hi);
}

/* What the regulator protocol adds to reqchan's table checks: constraints. */
static const char *reg_check_entry(const struct reqchan *rc,
				   const struct board_supply_table *t, unsigned int i)
{
	const struct board_supply_desc *d = &t->descs[i];

	(void)rc;
	if (!reg_pair_ok(d->min_uV, d->max_uV) || !reg_pair_ok(d->min_uA, d->max_uA))
		return "constraint range invalid";
	return NULL;
}

static void reg_bind(struct reqchan *rc, const struct board_supply_table *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		reg_dev(rc)->regs[i].vr = reg_dev(rc);
		reg_dev(rc)->regs[i].desc = &t->descs[i];
	}
}

/*
 * Probe, queue ready: always-on and boot-on regulators come up now.
 * Requests need DRIVER_OK; the core then leaves it as it is.
 */
static int reg_start(struct reqchan *rc)
{
	struct virtio_regulator *vr = reg_dev(rc);
	unsigned int i;
	int err;

	virtio_device_ready(rc->chan.vdev);
	for (i = 0; i < vr->rc.n; i++) {
		struct regulator *reg = &vr->regs[i];

		if (!reg->desc->always_on && !reg->desc->boot_on)
			continue;
		err = reg_req(reg, REG_T_ENABLE, 0, 0, NULL);
		if (err)
			return err;
		reg->on = true;
		if (reg->desc->always_on)
			reg->use_count = 1;
	}
	return 0;
}

/* The regulator protocol, for the shared glue (reqchan.h). */
static const struct reqchan_ops reg_ops = {
	.name = "regulator", .type_names = reg_type_names, .ntypes = ARRAY_SIZE(reg_type_names),
	.hdr_off = REG_HDR_OFF, .name_len = REG_NAME_LEN,
	.max_objs = VIRTIO_REGULATOR_MAX_REGS, .mem = &reg_mem,
	/* probe: no config space; always-on and boot-on outputs come up */
	.check_entry = reg_check_entry, .bind = reg_bind, .start = reg_start,
	/* objects, requests, and the replay: voltages ... enables */
	.obj = reg_obj, .prefix = reg_prefix, .target = reg_target,
	.passes = REG_R_PASSES, .replay_item = reg_replay_item,
};

struct reqchan_driver virtio_regulator_driver = {
	.drv = { .name = "virtio-regulator", .pm_class = VIRTIO_PM_REGULATOR },
	.device_id = VIRTIO_ID_REGULATOR_QCOM, .old_device_id = VIRTIO_ID_REGULATOR_OLD,
	.ops = &reg_ops,
};

int virtio_regulator_register(void)
{
	return reqchan_register(&virtio_regulator_driver);
}
