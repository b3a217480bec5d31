// SPDX-License-Identifier: MIT
/* Helpers shared by the virtio host tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>
#include "tests/host/support/vt_util.h"
#include "tests/host/support/host_board.h"
#include "tests/sim/sim.h"
#include "virtio/virtio.h"

unsigned int vt_log_count(unsigned int dev)
{
	unsigned int i, n = 0;

	for (i = 0; i < sim_log_len(); i++)
		n += sim_log_get(i)->dev == dev;
	return n;
}

static void vt_dump(unsigned int dev, const struct vt_exp *exp, unsigned int n)
{
	unsigned int i, k = 0;

	fprintf(stderr, "  expected:\n");
	for (i = 0; i < n; i++)
		fprintf(stderr, "    %2u %c 0x%03x = 0x%08x\n", i, exp[i].op, exp[i].off, exp[i].val);
	fprintf(stderr, "  got:\n");
	for (i = 0; i < sim_log_len(); i++) {
		const struct sim_access *a = sim_log_get(i);

		if (a->dev == dev)
			fprintf(stderr, "    %2u %c 0x%03x = 0x%08x (#%u)\n", k++,
				a->write ? 'W' : 'R', a->off, a->val, a->seq);
	}
}

int vt_log_match(unsigned int dev, const struct vt_exp *exp, unsigned int n)
{
	unsigned int i, k = 0;

	for (i = 0; i < sim_log_len(); i++) {
		const struct sim_access *a = sim_log_get(i);

		if (a->dev != dev)
			continue;
		if (k == n || (a->write ? 'W' : 'R') != exp[k].op || a->off != exp[k].off ||
		    (exp[k].val != VT_ANY && a->val != exp[k].val)) {
			vt_dump(dev, exp, n);
			return (int)k;
		}
		k++;
	}
	if (k != n) {
		vt_dump(dev, exp, n);
		return (int)k;
	}
	return -1;
}

void vt_reset(void)
{
	virtio_bus_clear();
	sim_reset_all();
	host_board_reset();
}

int vt_teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	vt_reset();
	return 0;
}
