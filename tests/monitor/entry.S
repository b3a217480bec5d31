/* SPDX-License-Identifier: MIT */
/*
 * Monitor entry and HYP vectors. QEMU starts us in HYP mode
 * (-M virt,virtualization=on); we set up stage 2, then enter the guest
 * firmware in SVC mode. Every stage-2 fault or trapped WFI comes back
 * through mon_trap, which saves the whole guest register state (VFP
 * included: the monitor's C may use it) as a frame for mon_trap_c().
 */
	.syntax unified
	.arch armv7ve
	.arch_extension virt
	.fpu neon-vfpv4
	.arm

	.section .text.mon_entry, "ax"
	.global _mon_start
_mon_start:
	cpsid	aif
	ldr	sp, =__mon_stack_top
	ldr	r0, =mon_vectors
	mcr	p15, 4, r0, c12, c0, 0		/* HVBAR */
	ldr	r0, =0x33ff
	mcr	p15, 4, r0, c1, c1, 2		/* HCPTR: no VFP traps */
	mov	r0, #0x40000000
	vmsr	fpexc, r0
	bl	mon_main			/* r0 = guest entry */
	mov	r1, #0x1d3			/* SVC, A, I, F masked */
	msr	spsr_cxsf, r1
	msr	elr_hyp, r0
	eret

	.balign 32
mon_vectors:
	b	mon_bad			/* reset */
	b	mon_bad			/* undefined, in HYP */
	b	mon_bad			/* HVC in HYP */
	b	mon_bad			/* prefetch abort, in HYP */
	b	mon_bad			/* data abort, in HYP */
	b	mon_trap		/* hyp trap: from the guest */
	b	mon_bad			/* IRQ (masked in HYP) */
	b	mon_bad			/* FIQ */

mon_trap:
	push	{r0-r12, lr}		/* guest r0-r12, LR_usr (HYP shares it) */
	vmrs	r2, fpscr
	vpush	{d0-d15}
	vpush	{d16-d31}
	mrs	r0, elr_hyp
	mrs	r1, spsr
	push	{r0-r3}			/* elr, spsr, fpscr, pad */
	mov	r0, sp
	bl	mon_trap_c
	pop	{r0-r3}
	msr	elr_hyp, r0
	msr	spsr_cxsf, r1
	vmsr	fpscr, r2
	vpop	{d16-d31}
	vpop	{d0-d15}
	pop	{r0-r12, lr}
	eret

/* An exception in the monitor itself: report HSR/ELR and stop. */
mon_bad:
	mrc	p15, 4, r0, c5, c2, 0		/* HSR */
	mrs	r1, elr_hyp
	bl	mon_fatal_exception
	b	.

/* Banked guest SP/LR access for trapped accesses with SRT 13/14. */
	.global mon_banked_get
	.type mon_banked_get, %function
mon_banked_get:				/* r0: mode, r1: 0 sp, 1 lr */
	cmp	r0, #0x13
	beq	1f
	cmp	r0, #0x12
	beq	2f
	cmp	r0, #0x17
	beq	3f
	cmp	r0, #0x1b
	beq	4f
	cmp	r1, #0
	mrseq	r0, sp_usr
	bxeq	lr
	mov	r0, #0			/* LR_usr lives in the frame */
	bx	lr
1:	cmp	r1, #0
	mrseq	r0, sp_svc
	mrsne	r0, lr_svc
	bx	lr
2:	cmp	r1, #0
	mrseq	r0, sp_irq
	mrsne	r0, lr_irq
	bx	lr
3:	cmp	r1, #0
	mrseq	r0, sp_abt
	mrsne	r0, lr_abt
	bx	lr
4:	cmp	r1, #0
	mrseq	r0, sp_und
	mrsne	r0, lr_und
	bx	lr

	.global mon_banked_set
	.type mon_banked_set, %function
mon_banked_set:				/* r0: mode, r1: 0 sp, 1 lr, r2: value */
	cmp	r0, #0x13
	beq	1f
	cmp	r0, #0x12
	beq	2f
	cmp	r0, #0x17
	beq	3f
	cmp	r0, #0x1b
	beq	4f
	cmp	r1, #0
	msreq	sp_usr, r2
	bx	lr
1:	cmp	r1, #0
	msreq	sp_svc, r2
	msrne	lr_svc, r2
	bx	lr
2:	cmp	r1, #0
	msreq	sp_irq, r2
	msrne	lr_irq, r2
	bx	lr
3:	cmp	r1, #0
	msreq	sp_abt, r2
	msrne	lr_abt, r2
	bx	lr
4:	cmp	r1, #0
	msreq	sp_und, r2
	msrne	lr_und, r2
	bx	lr
	.ltorg
