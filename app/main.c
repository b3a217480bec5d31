// SPDX-License-Identifier: MIT
/*
 * The demo firmware behind `make run`: what the board found, every
 * virtio-mmio slot as its registers describe it, then the drivers at
 * work: probe, what each found, a blk write/read round trip, entropy,
 * a line on the virtio console. Exits 0 only if every step worked.
 */
#include <stdint.h>
#include <string.h>
#include "board/board.h"
#include "board/io.h"
#include "app/demo_pm.h"
#include "drivers/drivers.h"
#include "startup/cpu.h"
#include "virtio/virtio.h"
#include "vmio/print.h"

static const char *virtio_id_name(uint32_t id)
{
	switch (id) {
	case 0: return "(empty)";
	case 1: return "net";
	case 2: return "block";
	case 3: return "console";
	case 4: return "entropy";
	case 5: return "balloon";
	case 9: return "9p";
	case 16: return "gpu";
	case 18: return "input";
	case 0xc000: return "clock";
	case 0xc001: return "regulator";
	default: return "other";
	}
}

static void print_slots(const struct board_info *bi)
{
	unsigned int i;

	vmio_printf("virtio-mmio slots:\n");
	vmio_printf("  slot  address     irq  version  device  name\n");
	for (i = 0; i < bi->nvirtio; i++) {
		const struct board_virtio_slot *s = &bi->virtio[i];
		uint32_t magic = mmio_read32(s->base + 0x000);
		uint32_t ver = mmio_read32(s->base + 0x004);
		uint32_t id = mmio_read32(s->base + 0x008);

		if (magic != 0x74726976u) {
			vmio_printf("  %4u  0x%08lx  %3u  bad magic 0x%08lx\n", i,
				    (unsigned long)s->base, s->irq, (unsigned long)magic);
			continue;
		}
		vmio_printf("  %4u  0x%08lx  %3u  %7lu  0x%04lx  %s\n", i,
			    (unsigned long)s->base, s->irq, (unsigned long)ver,
			    (unsigned long)id, virtio_id_name(id));
	}
}

/* rbuf is device-writable: it starts on, and fills, whole cache lines. */
static uint8_t wbuf[4096], rbuf[4096] __aligned(BOARD_DMA_ALIGN);
#define DEMO_BLK_SECTORS (sizeof(wbuf) / VIRTIO_BLK_SECTOR_SIZE)

/*
 * No disk was picked for the write test: say why, with the numbers
 * (a disk too small for the test region was already named above).
 */
static void demo_blk_none(unsigned int read_only, unsigned int small)
{
	if (!virtio_blk_count())
		vmio_printf("blk: no virtio-blk disk found\n");
	else
		vmio_printf("blk: no disk for the write test: %u read-only, %u smaller "
			    "than its %u-byte region\n", read_only, small,
			    (unsigned int)sizeof(wbuf));
}

static int demo_blk(void)
{
	struct virtio_blk *b = NULL;
	const struct virtio_blk_info *in;
	uint64_t sector;
	unsigned int i;
	uint32_t x = (uint32_t)board_time_us() | 1;
	unsigned int read_only = 0, small = 0;
	int err;

	for (i = 0; i < virtio_blk_count(); i++) {
		in = virtio_blk_get_info(virtio_blk_get(i));
		vmio_printf("blk%u: %llu sectors (%llu KiB), block size %lu, %s, %s, "
			    "max request %lu bytes\n", i,
			    (unsigned long long)in->capacity,
			    (unsigned long long)(in->capacity / 2),
			    (unsigned long)in->blk_size,
			    in->read_only ? "read-only" : "read-write",
			    in->flush ? "write cache" : "write-through",
			    (unsigned long)in->max_req);
		if (in->read_only) {
			read_only++;
		} else if (in->capacity < DEMO_BLK_SECTORS) {
			small++;
			vmio_printf("blk%u: too small for the demo's test region: %llu bytes "
				    "(%llu sectors), it needs %u bytes (%u sectors)\n", i,
				    (unsigned long long)in->capacity * VIRTIO_BLK_SECTOR_SIZE,
				    (unsigned long long)in->capacity,
				    (unsigned int)sizeof(wbuf), (unsigned int)DEMO_BLK_SECTORS);
		} else if (!b) {
			b = virtio_blk_get(i);
		}
	}
	if (!b) {
		demo_blk_none(read_only, small);
		return -1;
	}
	for (i = 0; i < sizeof(wbuf); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		wbuf[i] = (uint8_t)x;
	}
	in = virtio_blk_get_info(b);
	sector = in->capacity - sizeof(wbuf) / 512;
	memset(rbuf, 0, sizeof(rbuf));
	err = virtio_blk_write(b, sector, wbuf, sizeof(wbuf));
	if (!err)
		err = virtio_blk_flush(b);
	if (!err)
		err = virtio_blk_read(b, sector, rbuf, sizeof(rbuf));
	if (!err && memcmp(wbuf, rbuf, sizeof(rbuf)))
		err = -1;
	vmio_printf("blk: wrote, flushed and read back %u bytes at sector %llu "
		    "(interrupt-driven): %s (%d)\n", (unsigned int)sizeof(wbuf),
		    (unsigned long long)sector, err ? "FAILED" : "ok", err);
	return err;
}

static int demo_rng(void)
{
	uint8_t r[16];
	unsigned int i;
	int n;

	if (!virtio_rng_present()) {
		vmio_printf("rng: no device found\n");
		return -1;
	}
	n = virtio_rng_read(r, sizeof(r), 1000000);
	if (n != (int)sizeof(r)) {
		vmio_printf("rng: read FAILED (%d)\n", n);
		return -1;
	}
	vmio_printf("rng: 16 bytes of entropy:");
	for (i = 0; i < sizeof(r); i++)
		vmio_printf(" %02x", r[i]);
	vmio_printf("\n");
	return 0;
}

static int demo_console(void)
{
	static const char line[] = "hello from the vmio demo on the virtio console\n";
	int n;

	if (!virtio_console_present()) {
		vmio_printf("console: no virtio console attached, skipped\n");
		return 0;
	}
	n = virtio_console_write(line, sizeof(line) - 1, 1000000);
	vmio_printf("console: wrote %d bytes to port 0: %s\n", n,
		    n == (int)sizeof(line) - 1 ? "ok" : "FAILED");
	return n == (int)sizeof(line) - 1 ? 0 : -1;
}

static int demo_drivers(void)
{
	unsigned int i;
	int n, bad = 0;

	if (drivers_register_all()) {
		vmio_printf("driver registration FAILED\n");
		return 1;
	}
	n = virtio_probe_all();
	vmio_printf("virtio: %d devices probed\n", n);
	for (i = 0; i < virtio_device_count(); i++) {
		struct virtio_device *d = virtio_get_device(i);

		vmio_printf("  virtio%u  0x%08lx  id %lu  v%u  %s%s\n", d->index,
			    (unsigned long)d->base, (unsigned long)d->id, d->version,
			    d->driver ? d->driver->name : "(no driver)",
			    d->failed ? "  FAILED" : "");
		bad += d->failed;
	}
	/* Completions by interrupt from here on. */
	board_irq_unmask();
	bad += demo_supplies() != 0;
	bad += demo_blk() != 0;
	bad += demo_rng() != 0;
	bad += demo_console() != 0;
	bad += demo_suspend_resume() != 0;
	vmio_printf("after resume:\n");
	bad += demo_blk() != 0;
	bad += demo_rng() != 0;
	bad += demo_console() != 0;
	return bad;
}

int main(void)
{
	int bad;

	const struct board_info *bi = board_get_info();
	unsigned int i;

	vmio_printf("\nvmio demo on %s\n", bi->name);
	vmio_printf("boot mode: %s, now %s; timer %lu Hz\n",
		    boot_cpu_mode == CPU_MODE_HYP ? "HYP" : "SVC",
		    (cpu_read_cpsr() & 0x1f) == CPU_MODE_SVC ? "SVC" : "?",
		    (unsigned long)board_timer_hz());
	vmio_printf("devices from: %s\n", bi->from_dtb ? "DTB" : "board table");
	for (i = 0; i < bi->nmem; i++)
		vmio_printf("memory: 0x%08llx, %llu MiB\n",
			    (unsigned long long)bi->mem[i].base,
			    (unsigned long long)(bi->mem[i].size >> 20));
	print_slots(bi);
	bad = demo_drivers();
	vmio_printf("demo done: %s\n", bad ? "FAILED" : "all ok");
	return bad ? 1 : 0;
}
