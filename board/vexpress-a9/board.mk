# vexpress-a9: Versatile Express with a CoreTile Cortex-A9 (QEMU -M vexpress-a9).
# VFPv3 with NEON (32 D registers, which the IRQ entry saves); no
# virtualization extensions, no generic timer.
BOARD_ARCH_FLAGS := -mcpu=cortex-a9 -mthumb -mfloat-abi=hard -mfpu=neon
BOARD_SHARED_SRCS := board/arm/pl011.c board/arm/cpu_irq.c board/arm/gic.c \
	board/arm/gicv2.c board/arm/a9_timer.c board/arm/qemu_sleep.c \
	board/arm/console_log.c board/arm/dma_coherent.c
# NOR flash0: 64 MiB at 0x0.
BOARD_FLASH_SIZE := 67108864
