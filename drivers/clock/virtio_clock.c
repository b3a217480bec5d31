// SPDX-License-Identifier: MIT
/*
 * virtio-clock driver: clocks named by the board, one message per
 * operation over the shared message channel, and a record of every
 * state change the device accepted so that a device that lost power can
 * be brought back to where its consumers left it.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "vmio/supplies.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/clock/virtio_clock.h"
#include "drivers/reqchan/reqchan.h"

#define VIRTIO_CLK_F_RESET	1
#define VIRTIO_CLK_F_NAME	2
#define VIRTIO_ID_CLOCK_OLD	30

/* Request types, as on the wire (7 is not used). */
enum {
	CLK_T_ENABLE = 0, CLK_T_DISABLE = 1, CLK_T_SET_RATE = 2, CLK_T_GET_RATE = 3,
	CLK_T_ROUND_RATE = 4, CLK_T_RESET = 5, CLK_T_SET_FLAGS = 6, CLK_T_SET_PARENT = 8,
};

/* u8 name[40]; le32 id; le32 type; le32 result; le32 data[4] */
#define CLK_NAME_LEN		40u
#define CLK_HDR_OFF		44u
#define CLK_MSG_SIZE		68u
/* Config: le32 num_clks; le32 num_resets; u8 name[20] */
#define CLK_CFG_NUM_CLKS	0u
#define CLK_CFG_NUM_RESETS	4u
#define CLK_CFG_NAME		8u
#define CLK_CFG_NAME_LEN	20u

_Static_assert(CLK_HDR_OFF <= VMSG_MAX_PREFIX, "clock prefix fits the channel");
_Static_assert(VIRTIO_CLOCK_MAX_CLKS <= 255, "rate levels are kept in a u8");

/*
 * The replay's passes, in order (clk_replay_item()), and the request
 * each sends again: what the device last accepted, recorded by clk_set().
 */
enum { CLK_R_PARENT, CLK_R_RATE, CLK_R_FLAGS, CLK_R_ENABLE, CLK_R_RESET, CLK_R_PASSES };

/* Each pass's request type, in pass order. */
static const uint8_t clk_pass_type[CLK_R_PASSES] = { CLK_T_SET_PARENT, CLK_T_SET_RATE,
	CLK_T_SET_FLAGS, CLK_T_ENABLE, CLK_T_RESET };

struct clk {
	struct virtio_clock *vc;
	const char *name;
	uint32_t id;
	unsigned int enable_count;
	struct clk *parent;
	/* Bit per pass: rec[pass] (parent id, rate, flags, 1: reset asserted) is replayed. */
	uint8_t set;
	uint32_t rec[CLK_R_PASSES];
};

struct virtio_clock {
	struct reqchan rc;		/* rc.n: clocks named by the board */
	uint32_t num_clks;
	uint32_t num_resets;
	char name[CLK_CFG_NAME_LEN + 1];
	struct clk clks[VIRTIO_CLOCK_MAX_CLKS];
	uint8_t level[VIRTIO_CLOCK_MAX_CLKS];	/* replay: clk_rate_levels() */
};

REQCHAN_DEFINE(clk, struct virtio_clock, VIRTIO_CLOCK_MAX_DEVICES, CLK_MSG_SIZE);

static const char *const clk_type_names[] = {
	[CLK_T_ENABLE] = "ENABLE", [CLK_T_DISABLE] = "DISABLE",
	[CLK_T_SET_RATE] = "SET_RATE", [CLK_T_GET_RATE] = "GET_RATE",
	[CLK_T_ROUND_RATE] = "ROUND_RATE", [CLK_T_RESET] = "RESET",
	[CLK_T_SET_FLAGS] = "SET_FLAGS", [CLK_T_SET_PARENT] = "SET_PARENT",
};

/* The clock state around rc, or NULL for NULL. */
static struct virtio_clock *clk_dev(const struct reqchan *rc)
{
	return rc ? container_of(rc, struct virtio_clock, rc) : NULL;
}

/* The message prefix naming clock i: NUL-padded name, le32 index. */
static void clk_prefix(const struct reqchan *rc, unsigned int i, uint8_t *prefix)
{
	const struct clk *clk = &clk_dev(rc)->clks[i];
	uint32_t id = cpu_to_le32(clk->id);

	memset(prefix, 0, CLK_HDR_OFF);
	memcpy(prefix, clk->name, strlen(clk->name));
	memcpy(prefix + CLK_NAME_LEN, &id, 4);
}

static void *clk_obj(const struct reqchan *rc, unsigned int i)
{
	return &clk_dev(rc)->clks[i];
}

static const char *clk_target(const struct reqchan *rc, unsigned int i)
{
	return clk_dev(rc)->clks[i].name;
}

/* One request about clk; reply0 may be NULL. */
static int clk_req(struct clk *clk, uint32_t type, uint32_t d0,
		   uint32_t *reply0)
{
	return reqchan_call(&clk->vc->rc, (unsigned int)(clk - clk->vc->clks), type,
			    d0, 0, reply0);
}

/* Checks common to every consumer call: 0 or -errno, logged under the type's name. */
static int clk_check(const struct clk *clk, uint32_t type)
{
	return reqchan_check_call(clk ? &clk->vc->rc : NULL, "clk",
				  clk ? clk->name : NULL, clk_type_names[type]);
}

/* clk_check(), and a rate of 0 Hz refused (logged). */
static int clk_check_rate(const struct clk *clk, uint32_t type, uint32_t hz)
{
	int err = clk_check(clk, type);

	if (!err && !hz) {
		pr_err("clk %s: rate 0 Hz refused", clk->name);
		err = -EINVAL;
	}
	return err;
}

/*
 * Send pass's request with d0; once accepted, record d0 for the replay,
 * which sends it again while keep holds.
 */
static int clk_set(struct clk *clk, unsigned int pass, uint32_t d0, bool keep)
{
	int err = clk_req(clk, clk_pass_type[pass], d0, NULL);

	if (!err) {
		clk->rec[pass] = d0;
		clk->set = (uint8_t)((clk->set & ~(1u << pass)) | ((unsigned int)keep << pass));
	}
	return err;
}

struct clk *clk_get(const char *name)
{
	return reqchan_lookup(&virtio_clock_driver, name);
}

const char *clk_name(const struct clk *clk)
{
	return clk ? clk->name : NULL;
}

unsigned int clk_enable_count(const struct clk *clk)
{
	return clk ? clk->enable_count : 0;
}

int clk_enable(struct clk *clk)
{
	int err = clk_check(clk, CLK_T_ENABLE);

	/* Only the first enable reaches the device. */
	if (!err && !clk->enable_count)
		err = clk_req(clk, CLK_T_ENABLE, 0, NULL);
	if (!err)
		clk->enable_count++;
	return err;
}

int clk_disable(struct clk *clk)
{
	int err = clk_check(clk, CLK_T_DISABLE);

	if (err)
		return err;
	if (!clk->enable_count) {
		pr_err("clk %s: disable without an enable", clk->name);
		return -EINVAL;
	}
	if (clk->enable_count > 1) {
		clk->enable_count--;
		return 0;
	}
	err = clk_req(clk, CLK_T_DISABLE, 0, NULL);
	if (!err)
		clk->enable_count = 0;
	return err;
}

int clk_set_rate(struct clk *clk, uint32_t hz)
{
	int err = clk_check_rate(clk, CLK_T_SET_RATE, hz);

	return err ? err : clk_set(clk, CLK_R_RATE, hz, true);
}

int clk_get_rate(struct clk *clk, uint32_t *hz)
{
	int err = clk_check(clk, CLK_T_GET_RATE);

	return err ? err : clk_req(clk, CLK_T_GET_RATE, 0, hz);
}

int clk_round_rate(struct clk *clk, uint32_t hz, uint32_t *rounded)
{
	int err = clk_check_rate(clk, CLK_T_ROUND_RATE, hz);

	return err ? err : clk_req(clk, CLK_T_ROUND_RATE, hz, rounded);
}

int clk_set_parent(struct clk *clk, struct clk *parent)
{
	int err = clk_check(clk, CLK_T_SET_PARENT);

	if (err)
		return err;
	if (!parent || parent == clk || parent->vc != clk->vc) {
		pr_err("clk %s: parent %s refused (must be another clock of the same device)",
		       clk->name, parent ? parent->name : "(null)");
		return -EINVAL;
	}
	err = clk_set(clk, CLK_R_PARENT, parent->id, true);
	if (!err)
		clk->parent = parent;
	return err;
}

struct clk *clk_get_parent(const struct clk *clk)
{
	return clk ? clk->parent : NULL;
}

int clk_set_flags(struct clk *clk, uint32_t flags)
{
	int err = clk_check(clk, CLK_T_SET_FLAGS);

	return err ? err : clk_set(clk, CLK_R_FLAGS, flags, true);
}

int clk_reset(struct clk *clk, bool assert)
{
	int err = clk_check(clk, CLK_T_RESET);

	if (err)
		return err;
	if (!virtio_has_feature(clk->vc->rc.vdev, VIRTIO_CLK_F_RESET) ||
	    clk->id >= clk->vc->num_resets) {
		pr_err("clk %s: no reset line (RESET feature %s, %u lines)", clk->name,
		       virtio_has_feature(clk->vc->rc.vdev, VIRTIO_CLK_F_RESET) ?
		       "on" : "off", (unsigned int)clk->vc->num_resets);
		return -EOPNOTSUPP;
	}
	return clk_set(clk, CLK_R_RESET, assert, assert);
}

/*
 * Rate level of each clock: how many clocks with a recorded rate sit
 * above it on its known parent chain (a clock is only ever sent after
 * every such ancestor's rate completed). Returns the number of levels.
 *
 * Known parents are those a consumer set with clk_set_parent(). The
 * driver does not know a clock's default parent (the protocol cannot
 * ask for it), so a clock never re-parented counts as a root here, and
 * the rates of such clocks go out in the same post. The requests of a
 * post sit in the ring in board-table order, the order the former
 * one-at-a-time replay used, so a device that serves its ring one
 * request after the other, in order (as the simulator's models do),
 * ends in the same state as before. A device that serves a post out of
 * order or concurrently could set a child's divider against its default
 * parent's old rate: that case is not safe, and no driver-side order
 * can make it safe without knowing the tree. Consumers whose rates
 * depend on each other should name the parent with clk_set_parent(),
 * which orders them here.
 */
static unsigned int clk_rate_levels(struct virtio_clock *vc)
{
	uint8_t *level = vc->level;
	unsigned int i, n, levels = 1;
	const struct clk *p;

	for (i = 0; i < vc->rc.n; i++) {
		level[i] = 0;
		/* Bounded: a parent loop (the device should have refused it) ends here. */
		for (p = vc->clks[i].parent, n = 0; p && n < vc->rc.n; p = p->parent, n++)
			if (p->set & (1u << CLK_R_RATE))
				level[i]++;
		if ((vc->clks[i].set & (1u << CLK_R_RATE)) && level[i] >= levels)
			levels = level[i] + 1u;
	}
	return levels;
}

/*
 * Parents before rates (a rate is relative to the parent), rates before
 * enables (no glitch at a wrong rate), resets last; each pass is one
 * batch (more when the pool or the ring is smaller), complete before the
 * next starts. Rates go out by level (clk_rate_levels()). Parents,
 * flags, enables and resets of different clocks are independent: each
 * names one clock, and the consumer API already relies on the device to
 * do for a clock's parents what an ENABLE needs (a consumer may enable a
 * child alone). The first error stops the replay.
 */
static unsigned int clk_levels(struct reqchan *rc, unsigned int pass)
{
	return pass == CLK_R_RATE ? clk_rate_levels(clk_dev(rc)) : 1;
}

static bool clk_replay_item(const struct reqchan *rc, unsigned int pass,
			    unsigned int level, unsigned int i, uint32_t *type,
			    uint32_t data[4])
{
	const struct virtio_clock *vc = clk_dev(rc);
	const struct clk *clk = &vc->clks[i];

	memset(data, 0, 4 * sizeof(data[0]));
	*type = clk_pass_type[pass];
	data[0] = clk->rec[pass];
	if (pass == CLK_R_ENABLE)
		return clk->enable_count;
	return (clk->set & (1u << pass)) && (pass != CLK_R_RATE || vc->level[i] == level);
}

struct reqchan *virtio_clock_chan(struct virtio_clock *vc)
{
	return &vc->rc;
}

void virtio_clock_get_info(const struct virtio_clock *vc,
			   struct virtio_clock_info *info)
{
	memset(info, 0, sizeof(*info));
	reqchan_get_info(&vc->rc, &info->chan);
	info->num_clks = vc->num_clks;
	info->num_resets = vc->num_resets;
	memcpy(info->name, vc->name, sizeof(info->name));
	info->reset = vc->rc.vdev && virtio_has_feature(vc->rc.vdev, VIRTIO_CLK_F_RESET);
}

struct virtio_clock *virtio_clock_get(unsigned int n)
{
	return clk_dev(reqchan_get(&virtio_clock_driver, n));
}

/* Probe: the config space, read before the board table is checked. */
static int clk_read_config(struct reqchan *rc, struct virtio_device *vdev)
{
	struct virtio_clock *vc = clk_dev(rc);
	int err = 0;

	vc->num_clks = virtio_cread32(vdev, CLK_CFG_NUM_CLKS);
	vc->num_resets = virtio_cread32(vdev, CLK_CFG_NUM_RESETS);
	if (virtio_has_feature(vdev, VIRTIO_CLK_F_NAME)) {
		err = virtio_cread_bytes(vdev, CLK_CFG_NAME, vc->name, CLK_CFG_NAME_LEN);
		vc->name[CLK_CFG_NAME_LEN] = 0;
	}
	return err;
}

/* What the clock protocol adds to reqchan's table checks: indices. */
static const char *clk_check_entry(const struct reqchan *rc,
				   const struct board_supply_table *t, unsigned int i)
{
	unsigned int j;

	if (t->descs[i].id >= clk_dev(rc)->num_clks)
		return "index beyond the device's num_clks";
	for (j = 0; j < i; j++)
		if (t->descs[j].id == t->descs[i].id)
			return "duplicate index";
	return NULL;
}

static void clk_bind(struct reqchan *rc, const struct board_supply_table *t)
{
	struct clk *clk = clk_dev(rc)->clks;
	unsigned int i;

	for (i = 0; i < t->n; i++, clk++) {
		clk->vc = clk_dev(rc);
		clk->name = t->descs[i].name;
		clk->id = t->descs[i].id;
	}
}

static const unsigned int clk_features[] = { VIRTIO_CLK_F_RESET, VIRTIO_CLK_F_NAME };

/* The clock protocol, for the shared glue (reqchan.h). */
static const struct reqchan_ops clk_ops = {
	.name = "clock", .mem = &clk_mem, .max_objs = VIRTIO_CLOCK_MAX_CLKS,
	/* the wire: u8 name[40]; le32 id; then type, result, data[4] */
	.hdr_off = CLK_HDR_OFF, .name_len = CLK_NAME_LEN,
	.type_names = clk_type_names, .ntypes = ARRAY_SIZE(clk_type_names),
	.obj = clk_obj, .prefix = clk_prefix, .target = clk_target,
	/* probe: config space, indices, then the clocks */
	.read_config = clk_read_config, .check_entry = clk_check_entry, .bind = clk_bind,
	/* replay: parents, rates by level, flags, enables, resets */
	.passes = CLK_R_PASSES, .levels = clk_levels, .replay_item = clk_replay_item,
};

struct reqchan_driver virtio_clock_driver = {
	.drv = { .name = "virtio-clock", .pm_class = VIRTIO_PM_CLOCK,
		 .feature_table = clk_features, .feature_table_size = ARRAY_SIZE(clk_features) },
	.device_id = VIRTIO_ID_CLOCK_QCOM, .old_device_id = VIRTIO_ID_CLOCK_OLD,
	.ops = &clk_ops,
};

int virtio_clock_register(void)
{
	return reqchan_register(&virtio_clock_driver);
}
