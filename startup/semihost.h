/* SPDX-License-Identifier: MIT */
#ifndef VMIO_SEMIHOST_H
#define VMIO_SEMIHOST_H

/*
 * Arm semihosting through HLT (A32 #0xF000, T32 #0x3C). QEMU 7.2 does not
 * intercept SVC #0x123 from EL1, so newlib's rdimon cannot be used; this
 * is the project's own minimal layer. Only meaningful under a debugger or
 * an emulator with semihosting enabled: on bare hardware HLT is a
 * debug-halt or UNDEFINED.
 */
#include <stddef.h>

/* Write a NUL-terminated string to the host's console (SYS_WRITE0). */
void semihost_write0(const char *s);

/* Exit the emulator with an exit code (SYS_EXIT_EXTENDED). Never returns. */
void semihost_exit(int code) __attribute__((noreturn));

/*
 * Copy the command line the emulator was given (-append) into buf
 * (SYS_GET_CMDLINE). Returns its length, or -1 when the host has none.
 */
int semihost_get_cmdline(char *buf, size_t size);

#endif
