/* SPDX-License-Identifier: MIT */
#ifndef VMIO_SIM_H
#define VMIO_SIM_H

/*
 * Register-level virtio-mmio device simulator for host tests. Each
 * simulated device is a 0x200 window at SIM_SLOT_BASE + slot * 0x200
 * (the qemu-virt layout) implementing Version 1 or 2 of the transport;
 * the window walks the split rings itself through host memory and hands
 * each descriptor chain to a pluggable backend (block, rng, and later
 * the clock and regulator models). It checks the driver as it goes
 * (protocol violations are counted and printed) and logs every register
 * access with a sequence number.
 */
#include <stdbool.h>
#include <stdint.h>

#define SIM_MAX_DEVS		12
#define SIM_MAX_QUEUES		4
#define SIM_MAX_SEGS		16
#define SIM_CONFIG_SIZE		256
#define SIM_PRIV_SIZE		(32768 + 256)
#define SIM_SLOT_BASE		0x0a000000u
#define SIM_SLOT_STRIDE		0x200u
#define SIM_SLOT_IRQ0		48u
#define SIM_LOG_MAX		8192
#define SIM_VENDOR		0x554d4551u	/* "QEMU" */

/* Return value of a backend's handle(): leave the chain unanswered for now. */
#define SIM_HOLD		(-1)

struct sim_dev;

struct sim_seg {
	uint8_t *p;
	uint32_t len;
};

/* One descriptor chain as the device sees it. */
struct sim_req {
	uint16_t head;
	unsigned int nout, nin;
	struct sim_seg out[SIM_MAX_SEGS];
	struct sim_seg in[SIM_MAX_SEGS];
	uint32_t out_len, in_len;
	unsigned int indirect;	/* indirect descriptors the chain used */
};

struct sim_backend {
	const char *name;
	uint32_t device_id;
	uint64_t features;
	unsigned int nqueues;
	uint32_t queue_num_max;
	/* Fill config space and backend state: at sim_add() and after a power cut. */
	void (*init)(struct sim_dev *d);
	/* Status written 0: drop transient state (may be NULL). */
	void (*reset)(struct sim_dev *d);
	/* Serve one chain: bytes written into req->in, or SIM_HOLD. */
	int (*handle)(struct sim_dev *d, unsigned int q, struct sim_req *req);
	/* The driver wrote len bytes of config at off (may be NULL). */
	void (*config_written)(struct sim_dev *d, unsigned int off, unsigned int len);
};

struct sim_queue {
	uint32_t num, ready, pfn, align;
	uint64_t desc, avail, used;
	uint16_t last_avail, used_idx;
};

/* Fault knobs. The used_* ones are one-shot: they corrupt the next used entry. */
struct sim_faults {
	uint32_t magic;			/* non-zero: MagicValue reads this */
	uint32_t version;		/* non-zero: Version reads this */
	bool refuse_features_ok;
	bool reset_stuck;		/* Status never reads 0 after a reset */
	bool queue_num_max_zero;
	bool defer;			/* QueueNotify only queues work: sim_process() */
	bool no_notify;			/* set VRING_USED_F_NO_NOTIFY */
	bool used_bad_id;		/* id out of range */
	bool used_dup_id;		/* the entry is published twice */
	bool used_len_over;		/* len one beyond what was offered */
	bool used_idx_jump;		/* used idx moves num + 1 too far (split) */
	bool used_idx_back;		/* used idx moves num + 1 back, behind the driver (split) */
	bool used_wrap_bad;		/* packed: the used entry carries the wrong wrap counter */
	unsigned int gen_bumps;		/* ConfigGeneration changes on the next N reads */
	/* Who comes back after a power cut (set them in the sleep hook): */
	bool vanished;			/* the window reads 0 and ignores writes */
	uint32_t device_id;		/* non-zero: DeviceID reads this */
	uint64_t features_clear;	/* these bits are no longer offered */
	uint32_t queue_num_max;		/* non-zero: QueueNumMax reads this */
	bool queue_ready_stuck;		/* a reset leaves every QueueReady at 1 */
	/* Interrupts: */
	bool ignore_ack;		/* InterruptACK does nothing: the line stays up */
	bool irq_at_queue_sel;		/* a spurious VRING interrupt on every QueueSel write */
	bool used_at_ready;		/* modern, split: QueueReady publishes a used entry (id 0)
					 * the driver never made, with a VRING interrupt */
};

struct sim_dev {
	bool present;
	unsigned int slot, irq, index;
	uintptr_t base;
	uint32_t version;
	const struct sim_backend *be;
	uint32_t status, dev_feat_sel, drv_feat_sel, queue_sel, page_size, isr;
	uint64_t driver_features;
	uint32_t generation;
	uint8_t config[SIM_CONFIG_SIZE];
	struct sim_queue q[SIM_MAX_QUEUES];
	struct sim_faults f;
	uint64_t extra_features;	/* offered on top of the backend's (packed, indirect) */
	unsigned int notifies, interrupts, resets, violations;
	unsigned int indirect_reqs;	/* chains served through an indirect table */
	uint8_t priv[SIM_PRIV_SIZE];	/* backend state */
};

struct sim_access {
	uint32_t seq;
	uint8_t dev;		/* sim_dev index */
	bool write;
	uint8_t width;		/* bytes */
	uint16_t off;
	uint32_t val;
};

/*
 * Create the device in slot (0..31) with transport version 1 or 2;
 * be NULL makes an empty slot (DeviceID 0). The slot is also appended to
 * the host board's discovery table.
 */
struct sim_dev *sim_add(unsigned int slot, uint32_t version,
			const struct sim_backend *be);

/* Remove every device and clear the access log and the violation count. */
void sim_reset_all(void);

/* Serve the avail entries of queue q now (for f.defer). */
void sim_process(struct sim_dev *d, unsigned int q);

/* The device loses all state, as after a power cut; the driver is not told. */
void sim_power_cut(struct sim_dev *d);

/* Config space changed: bump ConfigGeneration, raise a config interrupt. */
void sim_config_change(struct sim_dev *d);

/*
 * Raise InterruptStatus bits (VRING 1, CONFIG 2) with nothing behind
 * them: a spurious interrupt. Delivered at once when unmasked.
 */
void sim_raise_irq(struct sim_dev *d, uint32_t bits);

/* Set DEVICE_NEEDS_RESET and announce it with a config interrupt. */
void sim_set_needs_reset(struct sim_dev *d);

/* Protocol violations seen by all devices since sim_reset_all(). */
unsigned int sim_violations(void);

/* The access log. */
void sim_log_clear(void);
unsigned int sim_log_len(void);
const struct sim_access *sim_log_get(unsigned int i);
void sim_log_dump(void);

/*
 * The bus side of the device windows: on the host board/io.h routes every
 * mmio_*() here; the EL2 monitor calls them for each trapped access.
 */
uint32_t host_mmio_read32(uintptr_t addr);
void host_mmio_write32(uintptr_t addr, uint32_t val);
uint16_t host_mmio_read16(uintptr_t addr);
void host_mmio_write16(uintptr_t addr, uint16_t val);
uint8_t host_mmio_read8(uintptr_t addr);
void host_mmio_write8(uintptr_t addr, uint8_t val);

/*
 * The simulator's environment: the host test support and the EL2 monitor
 * (tests/monitor) each provide these two, so that sim.c and the device
 * models stay freestanding C that both can build.
 */
void sim_env_report(const char *line);
void sim_env_fatal(const char *msg) __attribute__((noreturn));

/* Backends. */
extern const struct sim_backend sim_blk_backend;
extern const struct sim_backend sim_rng_backend;

#define SIM_BLK_SECTORS		64
#define SIM_BLK_SEG_MAX		8

#endif
