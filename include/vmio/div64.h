/* SPDX-License-Identifier: MIT */
#ifndef VMIO_DIV64_H
#define VMIO_DIV64_H

#include <stdint.h>

/*
 * n / d with the remainder in *rem (when rem is not NULL), d != 0. The
 * C operator on a uint64_t calls libgcc's __aeabi_uldivmod, about 950
 * bytes the firmware needs nowhere else; this costs a tenth of that.
 * Quotients that fit 32 bits take one hardware division, others at most
 * 32 shift-and-subtract steps. Context: any; no wait.
 */
uint64_t vmio_div64(uint64_t n, uint32_t d, uint32_t *rem);

#endif
