/* SPDX-License-Identifier: MIT */
#ifndef VMIO_STARTUP_CPU_H
#define VMIO_STARTUP_CPU_H

/* AArch32 system-register access, for startup/ and board/ code only. */
#include <stdint.h>

#define CP15_READ(op1, crn, crm, op2) ({ \
	uint32_t __v; \
	__asm__ __volatile__("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			     : "=r"(__v)); \
	__v; })
#define CP15_WRITE(op1, crn, crm, op2, v) \
	__asm__ __volatile__("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			     : : "r"((uint32_t)(v)) : "memory")
#define CP15_READ64(op1, crm) ({ \
	uint32_t __lo, __hi; \
	__asm__ __volatile__("mrrc p15, " #op1 ", %0, %1, " #crm \
			     : "=r"(__lo), "=r"(__hi)); \
	((uint64_t)__hi << 32) | __lo; })

#define isb() __asm__ __volatile__("isb" ::: "memory")
#define dsb() __asm__ __volatile__("dsb sy" ::: "memory")

static inline uint32_t cpu_read_cpsr(void)
{
	uint32_t v;

	__asm__ __volatile__("mrs %0, cpsr" : "=r"(v));
	return v;
}

#define CPSR_I (1u << 7)
#define CPU_MODE_SVC 0x13
#define CPU_MODE_HYP 0x1a

/* Mode the CPU was in at reset (0x13 SVC, 0x1a HYP), recorded by c_start(). */
extern uint32_t boot_cpu_mode;

/*
 * Identity-map the address space the board describes and turn on the MMU
 * and caches. Called once from c_start() before board_init().
 */
void mmu_init(void);

#endif
