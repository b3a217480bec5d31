# qemu-virt: QEMU's Arm virt board with a Cortex-A15 (GICv2 or GICv3).
BOARD_ARCH_FLAGS := -mcpu=cortex-a15 -mthumb -mfloat-abi=hard -mfpu=neon-vfpv4
BOARD_SHARED_SRCS := board/arm/pl011.c board/arm/cpu_irq.c board/arm/gic.c \
	board/arm/gicv2.c board/arm/gicv3.c board/arm/gic_dt.c board/arm/gtimer.c board/arm/qemu_sleep.c board/arm/console_log.c \
	board/arm/dma_coherent.c
# NOR flash0: 64 MiB at 0x0, what -drive if=pflash,unit=0 must be sized to.
BOARD_FLASH_SIZE := 67108864
BOARD_QEMU := virt
BOARD_HAS_MONITOR := 1
