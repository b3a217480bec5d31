// SPDX-License-Identifier: MIT
/* PL011 console. QEMU needs no baud setup; a real board sets IBRD/FBRD first. */
#include <stddef.h>
#include "board/board.h"
#include "board/io.h"
#include "arm.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIMSC 0x38
#define FR_TXFF (1u << 5)
#define FR_RXFE (1u << 4)
#define LCR_FEN_8N1 0x70u
#define CR_UARTEN_TXE_RXE 0x301u
/* A full FIFO drains in well under this many polls at any sane baud rate. */
#define TX_SPIN_MAX 1000000u

static uintptr_t uart_base;	/* 0: not set up yet, output dropped */

void pl011_init(uintptr_t base)
{
	uart_base = base;
	mmio_write32(uart_base + UARTIMSC, 0);
	mmio_write32(uart_base + UARTLCR_H, LCR_FEN_8N1);
	mmio_write32(uart_base + UARTCR, CR_UARTEN_TXE_RXE);
}

void board_console_putc(char c)
{
	unsigned int spin = TX_SPIN_MAX;

	if (!uart_base)
		return;
	while ((mmio_read32(uart_base + UARTFR) & FR_TXFF) && --spin)
		;
	mmio_write32(uart_base + UARTDR, (uint8_t)c);
}

void board_console_write(const char *s, size_t len)
{
	while (len--) {
		if (*s == '\n')
			board_console_putc('\r');
		board_console_putc(*s++);
	}
}
