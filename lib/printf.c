// SPDX-License-Identifier: MIT
/*
 * A small vsnprintf. newlib-nano's version drags in _malloc_r through its
 * asprintf path, and the firmware must link no heap, so vmio formats its
 * own text. Only what the project prints is supported (see log.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include "vmio/div64.h"
#include "vmio/log.h"

struct out {
	char *buf;
	size_t size;
	size_t pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

struct spec {
	bool left;
	bool zero;
	unsigned int width;
	int lenmod;	/* -2 hh, -1 h, 0 int, 1 l, 2 ll, 3 z */
};

static void pad(struct out *o, unsigned int n, char c)
{
	while (n--)
		put(o, c);
}

static void emit(struct out *o, const struct spec *s, const char *pfx,
		 const char *digits, unsigned int len)
{
	unsigned int plen = 0, total;

	while (pfx[plen])
		plen++;
	total = plen + len;
	if (!s->left && !s->zero && s->width > total)
		pad(o, s->width - total, ' ');
	while (*pfx)
		put(o, *pfx++);
	if (!s->left && s->zero && s->width > total)
		pad(o, s->width - total, '0');
	while (len--)
		put(o, *digits++);
	if (s->left && s->width > total)
		pad(o, s->width - total, ' ');
}

static void emit_num(struct out *o, const struct spec *s, uint64_t v,
		     unsigned int base, bool upper, const char *pfx)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	unsigned int n = sizeof(tmp);

	uint32_t r;

	do {
		v = vmio_div64(v, base, &r);
		tmp[--n] = dig[r];
	} while (v);
	emit(o, s, pfx, tmp + n, sizeof(tmp) - n);
}

static uint64_t get_unsigned(const struct spec *s, va_list *ap)
{
	switch (s->lenmod) {
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t get_signed(const struct spec *s, va_list *ap)
{
	switch (s->lenmod) {
	case -2: return (signed char)va_arg(*ap, int);
	case -1: return (short)va_arg(*ap, int);
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (int64_t)va_arg(*ap, size_t);
	default: return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *f, struct spec *s)
{
	s->left = false;
	s->zero = false;
	s->width = 0;
	s->lenmod = 0;
	for (;; f++) {
		if (*f == '-')
			s->left = true;
		else if (*f == '0')
			s->zero = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		s->width = s->width * 10 + (unsigned int)(*f++ - '0');
	for (;; f++) {
		if (*f == 'h')
			s->lenmod = s->lenmod < 0 ? -2 : -1;
		else if (*f == 'l')
			s->lenmod = s->lenmod > 0 ? 2 : 1;
		else if (*f == 'z')
			s->lenmod = 3;
		else
			break;
	}
	return f;
}

static void convert(struct out *o, struct spec *s, char c, va_list *ap)
{
	const char *str;
	unsigned int len;
	int64_t sv;
	char ch;

	switch (c) {
	case 'd':
	case 'i':
		sv = get_signed(s, ap);
		emit_num(o, s, sv < 0 ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv,
			 10, false, sv < 0 ? "-" : "");
		break;
	case 'u':
		emit_num(o, s, get_unsigned(s, ap), 10, false, "");
		break;
	case 'x':
	case 'X':
		emit_num(o, s, get_unsigned(s, ap), 16, c == 'X', "");
		break;
	case 'o':
		emit_num(o, s, get_unsigned(s, ap), 8, false, "");
		break;
	case 'p':
		s->lenmod = 0;
		emit_num(o, s, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		s->zero = false;
		emit(o, s, "", &ch, 1);
		break;
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		for (len = 0; str[len]; len++)
			;
		s->zero = false;
		emit(o, s, "", str, len);
		break;
	default:	/* '%%' and anything unknown print literally */
		put(o, c);
		break;
	}
}

int vmio_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	struct spec s;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &s);
		if (!*fmt)
			break;
		convert(&o, &s, *fmt++, &args);
	}
	va_end(args);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int vmio_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vmio_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
