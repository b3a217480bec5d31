/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VT_UTIL_H
#define VMIO_VT_UTIL_H

/* Helpers shared by the virtio host tests. */
#include <stdbool.h>
#include <stdint.h>

#define VT_ANY 0xffffffffu	/* expected value: don't care */

struct vt_exp {
	char op;		/* 'R' or 'W' */
	uint16_t off;
	uint32_t val;		/* VT_ANY: any value */
};

/*
 * Compare the access log entries of sim device dev, from log index
 * *from on, with exp[0..n-1]. Returns -1 when they match exactly (and
 * no further access to dev follows), else the index of the first
 * mismatch, after printing both sequences.
 */
int vt_log_match(unsigned int dev, const struct vt_exp *exp, unsigned int n);

/* Number of logged accesses to sim device dev. */
unsigned int vt_log_count(unsigned int dev);

/* Fresh world: no devices, drivers, log, handlers; clock at 0. */
void vt_reset(void);

/*
 * cmocka teardown for tests that start from vt_reset()'s world: the
 * simulator saw no protocol violation, then a fresh world for the next.
 */
int vt_teardown(void **state);

#endif
