/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors and the reset entry. QEMU starts us at the ELF entry
 * in SVC mode, or in HYP mode with -M virt,virtualization=on; a real
 * board's boot loader may do either. Everything after the drop to SVC
 * runs the same way.
 */
	.syntax unified
	.arch armv7ve
	.arch_extension virt
	.fpu neon-vfpv4
	.arm

#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define PSR_AIF 0x1c0

	.section .vectors, "ax"
	.global _vectors
_vectors:
	b	_start
	b	und_entry
	b	svc_entry
	b	pabt_entry
	b	dabt_entry
	b	.		/* reserved (HYP trap in HYP's own table) */
	b	irq_entry
	b	fiq_entry

	.section .text.boot, "ax"
	.global _start
	.type _start, %function
_start:
	cpsid	aif
	mrs	r4, cpsr
	and	r4, r4, #0x1f		/* r4 = boot mode, handed to C */
	cmp	r4, #MODE_HYP
	bne	in_svc

	/*
	 * HYP: leave no trap or offset behind that would make SVC code see
	 * a different machine: no stage-2 or trapping (HCR = 0), PL1 may use
	 * the physical counter and timer, virtual counter == physical, no
	 * coprocessor traps (VFP/NEON must work at PL1).
	 */
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 0	/* HCR */
	mcr	p15, 4, r0, c1, c1, 3	/* HSTR */
	ldr	r1, =0x33ff
	mcr	p15, 4, r1, c1, c1, 2	/* HCPTR: TCP10/11, TASE, TTA clear */
	mov	r1, #3
	mcr	p15, 4, r1, c14, c1, 0	/* CNTHCTL: PL1PCTEN | PL1PCEN */
	mcrr	p15, 4, r0, r0, c14	/* CNTVOFF = 0 */
	/*
	 * A GICv3 CPU interface (ID_PFR1.GIC != 0): PL1 may use its ICC_*
	 * registers only with ICC_HSRE.Enable set; SRE too, since the
	 * interface is only reachable through them (ICC_HSRE = SRE | DFB |
	 * DIB | Enable). The register does not exist without one.
	 */
	mrc	p15, 0, r1, c0, c1, 1	/* ID_PFR1 */
	lsrs	r1, r1, #28
	beq	1f
	mrc	p15, 4, r1, c12, c9, 5	/* ICC_HSRE */
	orr	r1, r1, #0xf
	mcr	p15, 4, r1, c12, c9, 5
	isb
1:
	mov	r1, #(MODE_SVC | PSR_AIF)
	msr	spsr_cxsf, r1		/* our own SPSR: banked SPSR_hyp is UNPREDICTABLE from HYP */
	adr	r1, in_svc
	msr	elr_hyp, r1
	eret

in_svc:
	/* One stack per exception mode; each stays in its mode. */
	cps	#MODE_IRQ
	ldr	sp, =__stack_irq_top
	cps	#MODE_ABT
	ldr	sp, =__stack_abt_top
	cps	#MODE_UND
	ldr	sp, =__stack_und_top
	cps	#MODE_FIQ
	ldr	sp, =__stack_fiq_top
	cps	#MODE_SVC
	ldr	sp, =__stack_svc_top

	/* Vectors at VBAR (SCTLR.V = 0), exceptions taken in ARM state (TE = 0). */
	ldr	r0, =_vectors
	mcr	p15, 0, r0, c12, c0, 0
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(1 << 13)
	bic	r0, r0, #(1 << 30)
	mcr	p15, 0, r0, c1, c0, 0
	isb

	/*
	 * VFP/NEON before any C: with the hard-float ABI the compiler may
	 * use VFP registers in any function, memcpy included.
	 */
	mrc	p15, 0, r0, c1, c0, 2
	orr	r0, r0, #(0xf << 20)	/* CPACR: cp10, cp11 full access */
	mcr	p15, 0, r0, c1, c0, 2
	isb
	mov	r0, #0x40000000
	vmsr	fpexc, r0		/* FPEXC.EN */

	mov	r0, r4
	bl	c_start
	b	.
	.ltorg

	.text
/*
 * IRQ: non-nesting, on the IRQ stack. The caller-saved VFP state is saved
 * too, since handlers are ordinary hard-float C.
 */
irq_entry:
	sub	lr, lr, #4
	push	{r0-r3, r12, lr}
	vmrs	r0, fpscr
	vpush	{d0-d7}
	vpush	{d16-d31}
	push	{r0, r1}
	bl	board_irq_dispatch
	pop	{r0, r1}
	vpop	{d16-d31}
	vpop	{d0-d7}
	vmsr	fpscr, r0
	ldmfd	sp!, {r0-r3, r12, pc}^

/*
 * Faults never return: save r0-r12 and the exception LR as a frame on
 * the mode's stack and report. r0 = kind, r1 = frame.
 */
.macro FAULT kind
	push	{r0-r12, lr}
	mov	r0, #\kind
	mov	r1, sp
	bl	fault_report
	b	.
.endm

und_entry:
	FAULT 0
svc_entry:
	FAULT 1
pabt_entry:
	FAULT 2
dabt_entry:
	FAULT 3
fiq_entry:
	FAULT 4
