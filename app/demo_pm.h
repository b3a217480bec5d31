/* SPDX-License-Identifier: MIT */
#ifndef VMIO_DEMO_PM_H
#define VMIO_DEMO_PM_H

/*
 * The supplies and power-management part of the demo: configure the
 * clocks and regulators a board would, then one suspend/resume cycle
 * with its trace. Each returns 0, or non-zero when a step failed; with
 * no clock/regulator device (no monitor) the supplies step is skipped.
 */
int demo_supplies(void);
int demo_suspend_resume(void);

#endif
