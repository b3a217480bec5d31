// SPDX-License-Identifier: MIT
/*
 * The GIC's device-tree interrupt specifier, for board/common/dt_discovery:
 * <type num flags> (a fourth cell, the PPI partition, is accepted and
 * ignored). SPI (type 0) num is INTID 32 + num, PPI (type 1) 16 + num.
 * GICv2 and GICv3 encode SPIs and PPIs alike.
 */
#include <errno.h>
#include "board/common/dt_discovery.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "arm.h"

static const char *const gic_compats[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
	"arm,gic-v3",
	NULL,
};

static int gic_decode(const struct dtb *dt, int node, const uint8_t *spec, uint32_t ncells,
		      unsigned int *intid)
{
	uint32_t type = get_be32(spec), num = get_be32(spec + 4);

	(void)ncells;
	if (type == 0 && num < 988) {
		*intid = 32 + num;
		return 0;
	}
	if (type == 1 && num < 16) {
		*intid = 16 + num;
		return 0;
	}
	pr_err("dtb: %s: GIC interrupt <%u %u> is neither an SPI nor a PPI",
	       dtb_node_label(dt, node), (unsigned int)type, (unsigned int)num);
	return -EINVAL;
}

const struct dt_irq_decoder gic_dt_irq_decoder = {
	.name = "GIC",
	.compatible = gic_compats,
	.min_cells = 3,
	.max_cells = 4,
	.decode = gic_decode,
};
