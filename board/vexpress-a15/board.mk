# vexpress-a15: Versatile Express with a CoreTile Cortex-A15 (QEMU -M vexpress-a15).
BOARD_ARCH_FLAGS := -mcpu=cortex-a15 -mthumb -mfloat-abi=hard -mfpu=neon-vfpv4
BOARD_SHARED_SRCS := board/arm/pl011.c board/arm/cpu_irq.c board/arm/gic.c \
	board/arm/gicv2.c board/arm/gtimer.c board/arm/qemu_sleep.c \
	board/arm/console_log.c board/arm/dma_coherent.c
# NOR flash0: 64 MiB at 0x0.
BOARD_FLASH_SIZE := 67108864
