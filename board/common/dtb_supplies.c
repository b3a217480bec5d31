// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "board/common/dtb_supplies.h"
#include "vmio/log.h"

static int clock_names(const struct dtb *dt, int node, struct board_supply_desc *descs,
		       unsigned int max, unsigned int *n)
{
	const char *p, *end;
	const void *val;
	uint32_t len;

	if (dtb_prop(dt, node, "clock-output-names", &val, &len))
		return -ENOENT;
	p = val;
	end = p + len;
	if (!len || end[-1] != '\0') {
		pr_err("dtb: %s: clock-output-names is not a string list",
		       dtb_node_name(dt, node));
		return -EINVAL;
	}
	for (*n = 0; p < end; p += strlen(p) + 1) {
		if (*n == max) {
			pr_err("dtb: %s: more than %u clocks, the rest ignored",
			       dtb_node_name(dt, node), max);
			return -ENOSPC;
		}
		memset(&descs[*n], 0, sizeof(descs[*n]));
		descs[*n].name = p;
		descs[*n].id = *n;
		(*n)++;
	}
	return 0;
}

/* An optional u32 property; absent leaves *out alone. */
static int opt_u32(const struct dtb *dt, int node, const char *name, int32_t *out)
{
	uint32_t v;
	int err = dtb_prop_u32(dt, node, name, &v);

	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (v > INT32_MAX) {
		pr_err("dtb: %s: %s out of range", dtb_node_name(dt, node), name);
		return -EINVAL;
	}
	*out = (int32_t)v;
	return 0;
}

static int one_regulator(const struct dtb *dt, int child, struct board_supply_desc *d)
{
	int err;

	memset(d, 0, sizeof(*d));
	err = dtb_prop_string(dt, child, "regulator-name", &d->name);
	if (err == -ENOENT) {
		pr_err("dtb: regulator %s has no regulator-name", dtb_node_name(dt, child));
		return -EINVAL;
	}
	if (!err)
		err = opt_u32(dt, child, "regulator-min-microvolt", &d->min_uV);
	if (!err)
		err = opt_u32(dt, child, "regulator-max-microvolt", &d->max_uV);
	if (!err)
		err = opt_u32(dt, child, "regulator-min-microamp", &d->min_uA);
	if (!err)
		err = opt_u32(dt, child, "regulator-max-microamp", &d->max_uA);
	d->always_on = !dtb_prop(dt, child, "regulator-always-on", NULL, NULL);
	d->boot_on = !dtb_prop(dt, child, "regulator-boot-on", NULL, NULL);
	return err;
}

int dtb_virtio_supplies(const struct dtb *dt, int node, struct board_supply_desc *descs,
			unsigned int max, unsigned int *n)
{
	int child, err;

	*n = 0;
	err = clock_names(dt, node, descs, max, n);
	if (err != -ENOENT)
		return err;
	dtb_for_each_child(dt, node, child) {
		if (*n == max) {
			pr_err("dtb: %s: more than %u regulators, the rest ignored",
			       dtb_node_name(dt, node), max);
			return -ENOSPC;
		}
		err = one_regulator(dt, child, &descs[*n]);
		if (err)
			return err;
		(*n)++;
	}
	return *n ? 0 : -ENOENT;
}
