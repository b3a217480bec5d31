// SPDX-License-Identifier: MIT
/*
 * The trapped virtio-mmio window: models in slots 0-1 (mon.slotN=...
 * moves them within 0-7), every other slot passed through to QEMU's own
 * transport, empty or not. A QEMU device in a slot a model holds is
 * hidden by it, and reported at start. Every access is counted per
 * slot, with the guest's IRQ mask at the time, and the monitor checks
 * the property the whole project exists for: after the platform slept,
 * the supplier devices (regulator, clock) are back at DRIVER_OK with
 * their state replayed, with IRQs masked, before any other device is
 * touched.
 */
#include <string.h>
#include "mon.h"
#include "board/io.h"
#include "tests/host/support/host_board.h"
#include "tests/sim/sim.h"
#include "tests/sim/sim_clkreg.h"

#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_STATUS 0x070
#define STATUS_DRIVER_OK 4u
#define STATUS_FAILED 128u
#define STATUS_NEEDS_RESET 0x40u
#define REG_ISR 0x060
#define REG_ISR_ACK 0x064
#define ISR_CONFIG 2u
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280


struct slot_stats {
	uint32_t total;
	uint32_t masked;
	uint32_t since_reset;
};

/* One suspend/resume cycle as seen from here. */
struct resume_watch {
	bool active;		/* after the power cut, until another device is touched */
	unsigned int count;
	uint32_t cut_seq;
	uint32_t ready_seq[MON_MODEL_SLOTS];
	uint32_t accesses;	/* to the models inside the window */
	uint32_t unmasked;	/* of those, taken with IRQs unmasked */
	bool ready_since_cut;	/* a model reached DRIVER_OK since the last cut */
	bool cut_pending;	/* every model reset with IRQs masked: power is going */
};

static struct sim_dev *model[MON_MODEL_SLOTS];
static const char *model_name[MON_MODEL_SLOTS];
static struct slot_stats stats[MON_VIRTIO_SLOTS];
static uint32_t seq;
static uint32_t version;
static struct resume_watch rw;
static bool irq_level[MON_VIRTIO_SLOTS + 64];
static bool trace_window;	/* mon.trace=1: print each access of resume 1 */

struct fault_arm {
	unsigned int slot;
	char knob[24];
	bool at_resume;
};

/* Consumer-visible model state when the platform cut it, to check the replay. */
static struct clk_model_state clk_saved[CLK_MODEL_MAX_CLKS];
static struct reg_model_state reg_saved[REG_MODEL_MAX_REGS];
static bool saved[MON_MODEL_SLOTS];

static struct fault_arm fault;
static bool fault_pending;

/* --- what the simulator needs from its environment --- */

void sim_env_report(const char *line)
{
	mon_printf("mon: %s\n", line);
}

void sim_env_fatal(const char *msg)
{
	mon_fatal(msg, NULL);
}

void *host_dma_ptr(uint64_t addr)
{
	return (void *)(uintptr_t)addr;	/* stage 2 is 1:1, our MMU is off */
}

void host_board_add_virtio(uintptr_t base, unsigned int irq)
{
	(void)base;
	(void)irq;
}

void host_irq_poll(void)
{
}

/*
 * A model's interrupt line: edges become GIC pending-state changes, and
 * a line still high when the model updates it (an InterruptACK that did
 * not lower it) is made pending again, as the GIC re-samples a level
 * line: a device that ignores the ACK storms as it would on hardware.
 */
void host_irq_set_level(unsigned int irq, bool high)
{
	if (irq >= ARRAY_SIZE(irq_level) || (irq_level[irq] == high && !high))
		return;
	irq_level[irq] = high;
	mmio_write32(MON_GICD_BASE + (high ? GICD_ISPENDR : GICD_ICPENDR) + (irq / 32) * 4,
		     1u << (irq % 32));
}

/* --- fault injection: mon.fault=SLOT:KNOB[@resume] --- */

static bool set_knob(struct sim_dev *d, const char *k)
{
	if (!strcmp(k, "refuse_features_ok"))
		d->f.refuse_features_ok = true;
	else if (!strcmp(k, "reset_stuck"))
		d->f.reset_stuck = true;
	else if (!strcmp(k, "used_bad_id"))
		d->f.used_bad_id = true;
	else if (!strcmp(k, "used_len_over"))
		d->f.used_len_over = true;
	else if (!strcmp(k, "used_dup_id"))
		d->f.used_dup_id = true;
	else if (!strcmp(k, "ignore_ack"))
		d->f.ignore_ack = true;
	else
		return false;
	return true;
}

/*
 * A passthrough slot's fault, mon.fault=SLOT:needs_reset[@N] with SLOT
 * 8-31: after N more accesses to the slot (0: the next), QEMU's device
 * seems to report DEVICE_NEEDS_RESET: Status reads with 0x40 until the
 * guest resets the device, InterruptStatus with the config bit until it
 * is acknowledged, and the slot's interrupt is made pending once so that
 * a guest with IRQs on hears of it.
 */
static struct {
	unsigned int slot;
	uint32_t left;		/* accesses until it fires */
	bool armed, status, isr;
} pt;

static bool pt_parse(const char *a)
{
	unsigned int slot = 0;
	const char *k = a;

	while (*k >= '0' && *k <= '9')
		slot = slot * 10 + (unsigned int)(*k++ - '0');
	if (k == a || *k != ':' || slot < MON_MODEL_SLOTS)
		return false;
	if (slot >= MON_VIRTIO_SLOTS || strncmp(k + 1, "needs_reset", 11) ||
	    (k[12] && k[12] != '@'))
		mon_fatal("mon.fault: a passthrough slot (8-31) knows only needs_reset[@N]", NULL);
	for (k += 12 + (k[12] == '@'); *k >= '0' && *k <= '9'; k++)
		pt.left = pt.left * 10 + (uint32_t)(*k - '0');
	pt.slot = slot;
	pt.armed = true;
	mon_printf("mon: fault armed: slot %u needs_reset after %lu accesses\n", slot,
		   (unsigned long)pt.left);
	return true;
}

/* An access to passthrough slot `slot` is about to happen. */
static void pt_tick(unsigned int slot)
{
	if (!pt.armed || slot != pt.slot || pt.left--)
		return;
	pt.armed = false;
	pt.status = pt.isr = true;
	mon_printf("mon: slot %u: fault fires: DEVICE_NEEDS_RESET\n", slot);
	mmio_write32(MON_GICD_BASE + GICD_ISPENDR + ((48 + slot) / 32) * 4,
		     1u << ((48 + slot) % 32));
}

static uint32_t pt_read(unsigned int slot, unsigned int off, uint32_t v)
{
	if (slot != pt.slot)
		return v;
	if (off == REG_STATUS && pt.status)
		v |= STATUS_NEEDS_RESET;
	if (off == REG_ISR && pt.isr)
		v |= ISR_CONFIG;
	return v;
}

static void pt_write(unsigned int slot, unsigned int off, uint32_t val)
{
	if (slot != pt.slot)
		return;
	if (off == REG_STATUS && !val)
		pt.status = pt.isr = false;
	if (off == REG_ISR_ACK && (val & ISR_CONFIG))
		pt.isr = false;
}

static void parse_fault(void)
{
	const char *a = mon_arg("mon.fault");
	const char *at;
	size_t n;

	if (!a || pt_parse(a))
		return;
	if (a[0] < '0' || a[0] > '7' || a[1] != ':')
		mon_fatal("mon.fault must be SLOT:KNOB[@resume]", NULL);
	fault.slot = (unsigned int)(a[0] - '0');
	at = strchr(a + 2, '@');
	n = at ? (size_t)(at - (a + 2)) : strlen(a + 2);
	if (n >= sizeof(fault.knob))
		mon_fatal("mon.fault: knob name too long", NULL);
	memcpy(fault.knob, a + 2, n);
	fault.at_resume = at && !strcmp(at, "@resume");
	fault_pending = true;
}

static void arm_fault(bool resume)
{
	if (!fault_pending || fault.at_resume != resume || !model[fault.slot])
		return;
	if (!set_knob(model[fault.slot], fault.knob))
		mon_fatal("mon.fault: unknown knob", NULL);
	mon_printf("mon: fault armed: slot %u %s\n", fault.slot, fault.knob);
	fault_pending = false;
}

/* --- set-up --- */

static const struct sim_backend *backend_by_name(const char *n)
{
	if (!strcmp(n, "clock"))
		return &sim_clock_backend;
	if (!strcmp(n, "regulator"))
		return &sim_regulator_backend;
	if (!strcmp(n, "rng"))
		return &sim_rng_backend;
	if (!strcmp(n, "blk"))
		return &sim_blk_backend;
	return NULL;
}

static void add_model(unsigned int slot, const char *dflt)
{
	static char key[] = "mon.slotN";
	const char *n;
	const struct sim_backend *be;

	key[8] = (char)('0' + slot);
	n = mon_arg(key);
	if (!n)
		n = dflt;
	if (!strcmp(n, "none"))
		return;
	be = backend_by_name(n);
	if (!be) {
		mon_printf("mon: no model '%s' for slot %u\n", n, slot);
		mon_fatal("unknown device model", NULL);
	}
	/* clock and regulator require VERSION_1, so a modern transport (DESIGN 5) */
	model[slot] = sim_add(slot, (be == &sim_clock_backend ||
				     be == &sim_regulator_backend) ? 2 : version, be);
	model_name[slot] = be->name;
	mon_printf("mon: slot %u: %s model, virtio-mmio version %lu\n", slot, be->name,
		   (unsigned long)model[slot]->version);
}

/*
 * What QEMU itself put in slots 0-7 (-device ...,bus=virtio-mmio-bus.N):
 * passed through where no model lives, hidden where one does; the
 * latter is said once here, not discovered later as a missing device.
 */
static void check_real_slots(void)
{
	unsigned int i;
	uint32_t id;

	for (i = 0; i < MON_MODEL_SLOTS; i++) {
		id = mmio_read32(MON_VIRTIO_BASE + i * MON_VIRTIO_STRIDE + REG_DEVICE_ID);
		if (id && model[i])
			mon_printf("mon: slot %u: QEMU's device (ID %lu) hidden by the %s model\n",
				   i, (unsigned long)id, model_name[i]);
	}
}

void mon_devices_init(void)
{
	/*
	 * The models speak the transport version QEMU gives its own devices
	 * (-global virtio-mmio.force-legacy), read from an empty slot above.
	 */
	version = mmio_read32(MON_VIRTIO_BASE + 8 * MON_VIRTIO_STRIDE + REG_VERSION);
	if (version != 1 && version != 2)
		version = 2;
	add_model(0, "clock");
	add_model(1, "regulator");
	check_real_slots();
	parse_fault();
	arm_fault(false);
	trace_window = mon_arg("mon.trace") != NULL;
}

/* --- the resume watch --- */

static bool is_model(unsigned int slot)
{
	return slot < MON_MODEL_SLOTS && model[slot];
}

static bool is_backend(unsigned int slot, const struct sim_backend *be)
{
	return model[slot] && model[slot]->be == be;
}

/* A live model is being reset: remember what its consumers had set. */
static void save_state(unsigned int slot)
{
	if (is_backend(slot, &sim_clock_backend))
		memcpy(clk_saved, sim_clock_model(model[slot])->st, sizeof(clk_saved));
	else if (is_backend(slot, &sim_regulator_backend))
		memcpy(reg_saved, sim_regulator_model(model[slot])->st, sizeof(reg_saved));
	else
		return;
	saved[slot] = true;
}

/* "yes" when the model holds again what it held before the cut. */
static const char *replayed(unsigned int slot)
{
	if (!saved[slot])
		return "n/a";
	if (is_backend(slot, &sim_clock_backend))
		return memcmp(clk_saved, sim_clock_model(model[slot])->st,
			      sizeof(clk_saved)) ? "NO" : "yes";
	return memcmp(reg_saved, sim_regulator_model(model[slot])->st,
		      sizeof(reg_saved)) ? "NO" : "yes";
}

/*
 * Cumulative trapped accesses per device. Printed after every resume:
 * the guest leaves through semihosting, which QEMU serves before any
 * trap routing, so the monitor never sees the exit itself.
 */
static void print_totals(void)
{
	uint32_t other = 0, other_masked = 0;
	unsigned int i;

	mon_printf("mon: trapped so far:");
	for (i = 0; i < MON_VIRTIO_SLOTS; i++) {
		if (is_model(i)) {
			mon_printf(" %s %lu (%lu masked),", model_name[i],
				   (unsigned long)stats[i].total, (unsigned long)stats[i].masked);
		} else {
			other += stats[i].total;
			other_masked += stats[i].masked;
		}
	}
	mon_printf(" QEMU's devices %lu (%lu masked)\n", (unsigned long)other,
		   (unsigned long)other_masked);
}

static void resume_report(unsigned int first_other_slot)
{
	bool ok = rw.unmasked == 0;
	unsigned int i;

	mon_printf("mon: resume %u: supplier accesses %lu (%lu with IRQs unmasked)",
		   rw.count, (unsigned long)rw.accesses, (unsigned long)rw.unmasked);
	for (i = 0; i < MON_MODEL_SLOTS; i++) {
		if (!model[i])
			continue;
		if (rw.ready_seq[i] && !(model[i]->status & STATUS_FAILED)) {
			const char *r = replayed(i);

			mon_printf(", %s DRIVER_OK #%lu state replayed %s", model_name[i],
				   (unsigned long)(rw.ready_seq[i] - rw.cut_seq), r);
			ok = ok && strcmp(r, "NO");
		} else {
			mon_printf(", %s NOT READY", model_name[i]);
			ok = false;
		}
	}
	mon_printf(", first other device (slot %u) #%lu: order %s\n", first_other_slot,
		   (unsigned long)(seq - rw.cut_seq), ok ? "ok" : "BAD");
	print_totals();
}

static void power_cut(void)
{
	unsigned int i;

	rw.active = true;
	rw.count++;
	rw.cut_seq = seq;
	rw.accesses = 0;
	rw.unmasked = 0;
	rw.ready_since_cut = false;
	rw.cut_pending = false;
	for (i = 0; i < MON_MODEL_SLOTS; i++) {
		rw.ready_seq[i] = 0;
		if (model[i])
			sim_power_cut(model[i]);
	}
	arm_fault(true);
}

static bool all_models_reset(void)
{
	unsigned int i;

	for (i = 0; i < MON_MODEL_SLOTS; i++)
		if (model[i] && model[i]->status != 0)
			return false;
	return true;
}

/*
 * WFI with IRQs masked after the guest reset every model: the platform is
 * going to sleep, and the models lose power (their state) as the real
 * devices would.
 */
void mon_guest_wfi(bool masked)
{
	if (masked && rw.ready_since_cut && all_models_reset())
		power_cut();
}

/*
 * The guest reset a model with IRQs masked. When that leaves every model
 * reset, the platform is cutting power: the cut is taken at the trapped
 * WFI or, since a WFI with an interrupt already pending (a wake timer
 * that expired while the host had the vCPU descheduled) completes
 * without trapping, at the guest's next access to a model, whichever
 * comes first. Nothing touches the models in between.
 */
static void model_reset(bool masked)
{
	if (masked && rw.ready_since_cut && all_models_reset())
		rw.cut_pending = true;
}

static void account(unsigned int slot, unsigned int off, bool write, uint32_t val,
		    bool masked)
{
	seq++;
	stats[slot].total++;
	stats[slot].masked += masked;
	stats[slot].since_reset++;
	if (write && off == REG_STATUS && val == 0)
		stats[slot].since_reset = 0;
	if (!is_model(slot)) {
		if (rw.active) {
			resume_report(slot);
			rw.active = false;
		}
		return;
	}
	if (write && off == REG_STATUS && (val & STATUS_DRIVER_OK)) {
		rw.ready_since_cut = true;
		if (rw.active)
			rw.ready_seq[slot] = seq;
		else
			mon_printf("mon: slot %u %s DRIVER_OK after %lu accesses since reset\n",
				   slot, model_name[slot],
				   (unsigned long)stats[slot].since_reset);
	}
	if (rw.active) {
		rw.accesses++;
		rw.unmasked += !masked;
		if (trace_window && rw.count == 1)
			mon_printf("mon:   #%lu slot %u %c 0x%03x 0x%08lx%s\n",
				   (unsigned long)(seq - rw.cut_seq), slot, write ? 'W' : 'R',
				   off, (unsigned long)val, masked ? "" : " (IRQs on)");
	}
}

/* --- accesses --- */

uint32_t mon_dev_read(uint32_t ipa, unsigned int size, bool masked)
{
	unsigned int slot = (ipa - MON_VIRTIO_BASE) / MON_VIRTIO_STRIDE;
	unsigned int off = ipa % MON_VIRTIO_STRIDE;
	uint32_t v;

	if (rw.cut_pending && is_model(slot))
		power_cut();	/* before the access: the model comes back empty */
	if (!is_model(slot)) {
		pt_tick(slot);
		v = size == 4 ? mmio_read32(ipa) : size == 2 ? mmio_read16(ipa) : mmio_read8(ipa);
		v = pt_read(slot, off, v);
	} else {
		v = size == 4 ? host_mmio_read32(ipa) :
		    size == 2 ? host_mmio_read16(ipa) : host_mmio_read8(ipa);
	}
	account(slot, off, false, v, masked);
	return v;
}

void mon_dev_write(uint32_t ipa, unsigned int size, uint32_t val, bool masked)
{
	unsigned int slot = (ipa - MON_VIRTIO_BASE) / MON_VIRTIO_STRIDE;
	unsigned int off = ipa % MON_VIRTIO_STRIDE;

	if (rw.cut_pending && is_model(slot))
		power_cut();
	account(slot, off, true, val, masked);
	if (is_model(slot) && off == REG_STATUS && val == 0 &&
	    (model[slot]->status & STATUS_DRIVER_OK))
		save_state(slot);
	if (!is_model(slot)) {
		pt_tick(slot);
		pt_write(slot, off, val);
		if (size == 4)
			mmio_write32(ipa, val);
		else if (size == 2)
			mmio_write16(ipa, (uint16_t)val);
		else
			mmio_write8(ipa, (uint8_t)val);
	} else {
		if (size == 4)
			host_mmio_write32(ipa, val);
		else if (size == 2)
			host_mmio_write16(ipa, (uint16_t)val);
		else
			host_mmio_write8(ipa, (uint8_t)val);
		if (off == REG_STATUS && val == 0)
			model_reset(masked);
	}
}
