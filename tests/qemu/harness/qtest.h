/* SPDX-License-Identifier: MIT */
#ifndef VMIO_QTEST_H
#define VMIO_QTEST_H

/*
 * The tiny harness of the semihosted QEMU test images: one line per test
 * ("ok N - name" or "not ok N - name: why"), then "N passed, N failed",
 * and the exit code (0 only when nothing failed).
 */
#include <stdint.h>
#include "vmio/compiler.h"

struct qtest_case {
	const char *name;
	int (*fn)(void);	/* 0 = pass; a QT_ASSERT failure returns -1 */
};

int qtest_run(const struct qtest_case *cases, unsigned int n);
void qtest_fail(const char *file, int line, const char *what,
		unsigned long long a, unsigned long long b, int show);

/* The semihosting command line (-append / arg=), "" when none. */
const char *qtest_cmdline(void);
/* Value of "key=value" in the command line, or NULL. */
const char *qtest_arg(const char *key);

#define QT_ASSERT(c) do { \
	if (!(c)) { \
		qtest_fail(__FILE__, __LINE__, #c, 0, 0, 0); \
		return -1; \
	} } while (0)

#define QT_ASSERT_OP(a, op, b) do { \
	unsigned long long __a = (unsigned long long)(a); \
	unsigned long long __b = (unsigned long long)(b); \
	if (!(__a op __b)) { \
		qtest_fail(__FILE__, __LINE__, #a " " #op " " #b, __a, __b, 1); \
		return -1; \
	} } while (0)

#define QT_ASSERT_EQ(a, b) QT_ASSERT_OP(a, ==, b)
#define QT_ASSERT_NE(a, b) QT_ASSERT_OP(a, !=, b)
#define QT_ASSERT_LE(a, b) QT_ASSERT_OP(a, <=, b)
#define QT_ASSERT_GE(a, b) QT_ASSERT_OP(a, >=, b)
#define QT_ASSERT_LT(a, b) QT_ASSERT_OP(a, <, b)

#define QTEST(fn) { #fn, fn }

#endif
