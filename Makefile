# vmio - bare-metal virtio-mmio driver stack. `make help` lists the targets.

BOARD ?= qemu-virt
CROSS_COMPILE ?= arm-none-eabi-
# qemu-virt builds in build/, every other board in build/<board>/.
O ?= $(if $(filter qemu-virt,$(BOARD)),build,build/$(BOARD))
V ?= 0
HOSTCC ?= gcc

ifeq ($(V),1)
Q :=
else
Q := @
endif

CC := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
SIZE := $(CROSS_COMPILE)size
NM := $(CROSS_COMPILE)nm

# The board's folder says what it is built for (board/<name>/board.mk:
# BOARD_ARCH_FLAGS, BOARD_SHARED_SRCS from board/arm/, BOARD_FLASH_SIZE).
BOARDS := $(patsubst board/%/board.mk,%,$(wildcard board/*/board.mk))
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error BOARD=$(BOARD) has no board/$(BOARD)/board.mk; boards: $(BOARDS))
endif
include board/$(BOARD)/board.mk
# Default: Cortex-A15, Thumb-2 C code, hard-float ABI (newlib multilib thumb/v7ve+simd/hard).
BOARD_ARCH_FLAGS ?= -mcpu=cortex-a15 -mthumb -mfloat-abi=hard -mfpu=neon-vfpv4
ARCH_FLAGS := $(BOARD_ARCH_FLAGS)
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
INCS := -I. -Iinclude -Iboard/$(BOARD)
CFLAGS := $(ARCH_FLAGS) -std=c11 -ffreestanding -Os -g $(WARN) $(INCS) \
	-ffunction-sections -fdata-sections -fno-common -MMD -MP $(EXTRA_CFLAGS)
# make LOG_LEVEL=0..4: which log lines the firmware carries (0 none, errors
# only counted; 1 errors; 2 +warnings; 3 +info, the default; 4 +debug).
ifneq ($(LOG_LEVEL),)
CFLAGS += -DVMIO_LOG_MAX_LEVEL=$(LOG_LEVEL)
endif
ASFLAGS := $(ARCH_FLAGS) -g $(INCS) -MMD -MP
LDSCRIPT := linker/$(BOARD).ld
LDFLAGS := $(ARCH_FLAGS) -nostartfiles -nostdlib -T $(LDSCRIPT) -Wl,--gc-sections \
	-Wl,--no-warn-rwx-segments
LDLIBS := -Wl,--start-group -lc_nano -lgcc -Wl,--end-group

HOST_CFLAGS := -std=c11 -g -O1 $(WARN) -Wno-missing-prototypes -I. -Iinclude \
	-DVMIO_HOST -D_DEFAULT_SOURCE -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -MMD -MP
HOST_LDLIBS := -lcmocka -lfdt

# Firmware library: everything but the demo and the test images.
FW_SRCS := $(wildcard startup/*.S startup/*.c lib/*.c board/common/*.c \
	board/$(BOARD)/*.c board/$(BOARD)/*.S virtio/*.c drivers/*/*.c) \
	$(BOARD_SHARED_SRCS)
FW_OBJS := $(patsubst %,$(O)/fw/%.o,$(FW_SRCS))
APP_SRCS := $(wildcard app/*.c)
APP_OBJS := $(patsubst %,$(O)/fw/%.o,$(APP_SRCS))
QT_HARNESS := $(wildcard tests/qemu/harness/*.c)
QT_HARNESS_OBJS := $(patsubst %,$(O)/fw/%.o,$(QT_HARNESS))
QT_SRCS := $(wildcard tests/qemu/test_*.c)
QT_ELFS := $(patsubst tests/qemu/%.c,$(O)/tests/%.elf,$(QT_SRCS))

# Host library: the portable layers plus the simulator and host board stub.
HOST_LIB_SRCS := $(wildcard lib/*.c board/common/*.c virtio/*.c drivers/*/*.c \
	tests/sim/*.c tests/host/support/*.c)
# qemu-virt's DTB scan and the GIC's interrupt decoding: test_dtb and the
# dtb fuzz target run the real discovery of QEMU's DTB.
HOST_LIB_SRCS += board/arm/gic_dt.c board/qemu-virt/virt_dt.c
HOST_LIB_OBJS := $(patsubst %,$(O)/host/%.o,$(HOST_LIB_SRCS))
HT_SRCS := $(wildcard tests/host/test_*.c)
HT_BINS := $(patsubst tests/host/%.c,$(O)/host/%,$(HT_SRCS))

ELF := $(O)/vmio.elf

# NOR flash images (make flash): the same objects linked by
# linker/$(BOARD)-flash.ld, padded to the board's flash size. The demo's
# goes to build/<board>/vmio-flash.bin; flash-booted test images beside
# their RAM twins as $(O)/tests/NAME-flash.bin.
FLASH_LDSCRIPT := linker/$(BOARD)-flash.ld
BOARD_O ?= $(if $(filter %/$(BOARD),$(O)),$(O),$(O)/$(BOARD))
FLASH_ELF := $(BOARD_O)/vmio-flash.elf
FLASH_BIN := $(BOARD_O)/vmio-flash.bin
FLASH_LDFLAGS := $(subst -T $(LDSCRIPT),-T $(FLASH_LDSCRIPT),$(LDFLAGS))
QT_FLASH_BINS := $(O)/tests/test_flash_data-flash.bin $(O)/tests/test_boot-flash.bin \
	$(O)/tests/test_bench_boot-flash.bin

# libFuzzer targets (tests/fuzz/fuzz_NAME.c), built with clang from the
# sources each one lists, never from the gcc-built host archive: libFuzzer
# wants every object it links instrumented the same way.
FUZZ_CC ?= clang
FUZZ_SAN := address,undefined
FUZZ_CFLAGS := -std=c11 -g -O2 $(WARN) -I. -Iinclude -DVMIO_HOST -D_DEFAULT_SOURCE \
	-fsanitize=fuzzer,$(FUZZ_SAN) -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -MMD -MP $(FUZZ_EXTRA_CFLAGS)
# Support code whose branches say nothing about the code under test (log
# formatting, the fake board): sanitized, but without coverage tracing,
# which was most of each input's cost.
FUZZ_NOCOV := lib/log.c lib/printf.c lib/div64.c tests/fuzz/fuzz_stubs.c
# Code under test without comparison tracing: the DTB reader ran at half
# speed with it and reached no more coverage in as many runs (its magic
# numbers and tokens are in the run's dictionary, and libFuzzer still
# learns from its memcmp/strcmp calls).
FUZZ_NOCMP := board/common/fdt.c
FUZZ_obj = $(foreach s,$(1),$(O)/fuzz/$(if $(filter $(s),$(FUZZ_NOCOV)),nocov,$(if \
	$(filter $(s),$(FUZZ_NOCMP)),nocmp,obj))/$(s).o)
FUZZ_NAMES := dtb used_ring clkreg_reply packed_ring
FUZZ_dtb_SRCS := board/common/fdt.c board/common/dt_discovery.c board/arm/gic_dt.c \
	board/qemu-virt/virt_dt.c lib/log.c lib/printf.c lib/div64.c tests/fuzz/fuzz_stubs.c
FUZZ_used_ring_SRCS := virtio/virtqueue_split.c virtio/virtqueue_packed.c \
	virtio/virtqueue_indirect.c lib/log.c lib/printf.c lib/div64.c \
	tests/fuzz/fuzz_stubs.c tests/fuzz/ring_fuzz_common.c
FUZZ_packed_ring_SRCS := $(FUZZ_used_ring_SRCS)
FUZZ_clkreg_reply_SRCS := drivers/reqchan/reqchan.c virtio/virtio.c \
	virtio/virtio_noirq.c virtio/virtqueue_split.c virtio/virtqueue_packed.c \
	virtio/virtqueue_indirect.c lib/log.c lib/printf.c lib/div64.c \
	tests/fuzz/fuzz_stubs.c
FUZZ_dtb_LDLIBS := -lfdt
FUZZ_BINS := $(patsubst %,$(O)/fuzz/fuzz_%,$(FUZZ_NAMES))

# The EL2 monitor (tests/monitor): hosts the tests/sim device models in
# slots 0-1 for runs under -M virt,virtualization=on. Its C never touches
# VFP (the guest's registers are saved anyway).
# Only boards with virtualization extensions (BOARD_HAS_MONITOR in board.mk) build it.
MON_ELF := $(if $(BOARD_HAS_MONITOR),$(O)/monitor.elf)
MON_SRCS := $(wildcard tests/monitor/*.S tests/monitor/*.c tests/sim/*.c) \
	lib/printf.c lib/div64.c lib/log.c lib/cmdline.c startup/semihost.c
MON_OBJS := $(patsubst %,$(O)/mon/%.o,$(MON_SRCS))
FW_ENTRY := 0x40100000
MON_LDFLAGS := $(ARCH_FLAGS) -nostartfiles -nostdlib -T tests/monitor/monitor.ld \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments
MON_CFLAGS := $(CFLAGS) -mgeneral-regs-only -DMON_GUEST_ENTRY=$(FW_ENTRY)

.PHONY: flash qemu-images other-boards all run test test-host test-qemu size bench gdb clean help deps firmware tests-build \
	fuzz fuzz-build
all: $(ELF) $(ELF:.elf=.bin) size

help:
	@echo "vmio targets:"
	@echo "  all        firmware ELF, BIN, map and size report (default)"
	@echo "  run        build the flash image and boot the demo from it (QEMU)"
	@echo "  flash      build/<board>/vmio-flash.bin: NOR flash image, padded"
	@echo "  test       host tests and every QEMU test; ends with 'N passed, N failed'"
	@echo "  test-host  cmocka host tests only (ASan/UBSan)"
	@echo "  test-qemu  semihosted QEMU test images only"
	@echo "  bench      MMIO access counts, guest time and code size, 'NAME VALUE UNIT'"
	@echo "  size       size report of the firmware and of each layer, and the ledger"
	@echo "  soak       1000 suspend/resume cycles with blk I/O per run, both transports"
	@echo "             (not in test; SOAK_CYCLES=N, SOAK=NAME-FILTER)"
	@echo "  gdb        boot the demo halted (-s -S) and attach gdb-multiarch"
	@echo "  fuzz       build the libFuzzer targets (clang) and run each, bounded;"
	@echo "             FUZZ_TIME=S per target, FUZZ=NAME for one (make test runs them too),"
	@echo "             FUZZ_RUNS=10000000 for the 10M-run figure (30 min at most each)"
	@echo "  clean      remove $(O)/"
	@echo "variables: BOARD=$(BOARD) (qemu-virt, vexpress-a15, vexpress-a9)"
	@echo "           CROSS_COMPILE=$(CROSS_COMPILE) O=$(O) V=1"
	@echo "           LOG_LEVEL=0..4 (log lines compiled in: 0 none, 1 errors, 2 +warnings,"
	@echo "           3 +info (default), 4 +debug)"

deps:
	$(Q)sh tools/deps.sh

$(O)/fw/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(O)/fw/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

$(ELF): $(FW_OBJS) $(APP_OBJS) $(LDSCRIPT) linker/sections.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -Wl,-Map=$(@:.elf=.map) $(FW_OBJS) $(APP_OBJS) $(LDLIBS) -o $@

$(O)/tests/%.elf: $(O)/fw/tests/qemu/%.c.o $(FW_OBJS) $(QT_HARNESS_OBJS) $(LDSCRIPT)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -Wl,-Map=$(@:.elf=.map) $< $(QT_HARNESS_OBJS) $(FW_OBJS) $(LDLIBS) -o $@

$(FLASH_ELF): $(FW_OBJS) $(APP_OBJS) $(FLASH_LDSCRIPT) linker/sections.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(FLASH_LDFLAGS) -Wl,-Map=$(@:.elf=.map) $(FW_OBJS) $(APP_OBJS) $(LDLIBS) -o $@

$(O)/tests/%-flash.elf: $(O)/fw/tests/qemu/%.c.o $(FW_OBJS) $(QT_HARNESS_OBJS) $(FLASH_LDSCRIPT)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(FLASH_LDFLAGS) -Wl,-Map=$(@:.elf=.map) $< $(QT_HARNESS_OBJS) $(FW_OBJS) $(LDLIBS) -o $@

# Raw flash contents padded to exactly the flash size, as -drive
# if=pflash wants (a sparse tail of zeros: cheap to write, and nothing
# reads it); an image that does not fit is an error.
%-flash.bin: %-flash.elf
	$(Q)$(OBJCOPY) -O binary --gap-fill 0xff $< $@
	$(Q)n=$$(stat -c %s $@); if [ $$n -gt $(BOARD_FLASH_SIZE) ]; then \
		echo "$@: $$n bytes do not fit the $(BOARD_FLASH_SIZE)-byte flash" >&2; \
		rm -f $@; exit 1; fi
	$(Q)truncate -s $(BOARD_FLASH_SIZE) $@

flash: $(FLASH_BIN)
.SECONDARY: $(QT_FLASH_BINS:.bin=.elf)

$(O)/mon/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC [M]  $<")
	$(Q)$(CC) $(MON_CFLAGS) -c $< -o $@

$(O)/mon/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS [M]  $<")
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

ifneq ($(MON_ELF),)
$(MON_ELF): $(MON_OBJS) tests/monitor/monitor.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(MON_LDFLAGS) -Wl,-Map=$(@:.elf=.map) \
		$(MON_OBJS) $(LDLIBS) -o $@
endif

%.bin: %.elf
	$(Q)$(OBJCOPY) -O binary $< $@

size: $(ELF) log0-demo
	$(Q)$(SIZE) $(ELF)
	$(Q)tools/size-report.sh $(O) $(SIZE)
	@echo
	$(Q)tools/size-ledger.sh $(O) $(O)/log0 $(SIZE)

$(O)/host/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(O)/host/libvmio-host.a: $(HOST_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/host/test_%: $(O)/host/tests/host/test_%.c.o $(O)/host/libvmio-host.a
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $< $(O)/host/libvmio-host.a $(HOST_LDLIBS) -o $@

$(O)/fuzz/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(O)/fuzz/nocov/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(filter-out -fsanitize=%,$(FUZZ_CFLAGS)) -fsanitize=$(FUZZ_SAN) -c $< -o $@

$(O)/fuzz/nocmp/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fno-sanitize-coverage=trace-cmp -c $< -o $@

# fuzz_NAME: its own file plus FUZZ_NAME_SRCS, linked with FUZZ_NAME_LDLIBS.
define FUZZ_LINK
$(O)/fuzz/fuzz_$(1): $(call FUZZ_obj,tests/fuzz/fuzz_$(1).c $(FUZZ_$(1)_SRCS))
	@$$(if $$(Q),echo "  FUZZLD  $$@")
	$$(Q)$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$^ $$(FUZZ_$(1)_LDLIBS) -o $$@
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call FUZZ_LINK,$(n))))

firmware: $(ELF) $(ELF:.elf=.bin) $(MON_ELF) $(FLASH_BIN)
# Every QEMU image of this board; tests-build makes them for each of OTHER_BOARDS too.
OTHER_BOARDS := vexpress-a15 vexpress-a9
qemu-images: $(QT_ELFS) $(ELF) $(MON_ELF) $(FLASH_BIN) $(QT_FLASH_BINS)
other-boards:
	$(Q)for b in $(OTHER_BOARDS); do \
		$(MAKE) --no-print-directory BOARD=$$b O=$(O)/$$b qemu-images || exit 1; done
tests-build: $(QT_ELFS) $(HT_BINS) $(ELF) $(MON_ELF) $(FUZZ_BINS) $(FLASH_BIN) $(QT_FLASH_BINS) \
	other-boards
fuzz-build: $(FUZZ_BINS)
# The smallest build (make LOG_LEVEL=0) of the demo: the suite runs it (demo-log0).
.PHONY: log0-demo
tests-build: log0-demo
log0-demo:
	$(Q)$(MAKE) --no-print-directory O=$(O)/log0 LOG_LEVEL=0 $(O)/log0/vmio.elf

run: deps
	$(Q)$(MAKE) --no-print-directory firmware
	$(Q)tools/run-demo.sh $(O) $(FLASH_BIN) $(BOARD)

test: deps
	$(Q)$(MAKE) --no-print-directory tests-build
	$(Q)tools/run-tests.sh $(O) all

test-host: deps
	$(Q)$(MAKE) --no-print-directory $(HT_BINS)
	$(Q)tools/run-tests.sh $(O) host

test-qemu: deps
	$(Q)$(MAKE) --no-print-directory qemu-images $(FUZZ_BINS) other-boards log0-demo
	$(Q)tools/run-tests.sh $(O) qemu

bench: deps
	$(Q)$(MAKE) --no-print-directory tests-build
	$(Q)tools/bench.sh $(O)

fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)tools/run-fuzz.sh $(O) $(FUZZ)

gdb: deps
	$(Q)$(MAKE) --no-print-directory firmware
	$(Q)tools/gdb.sh $(O) $(ELF) $(BOARD)

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)

# Long suspend/resume runs (tools/soak.sh), not part of `make test`:
# SOAK_CYCLES=N (default 1000) per run, SOAK=NAME-FILTER.
.PHONY: soak
soak: deps
	$(Q)$(MAKE) --no-print-directory $(O)/tests/test_pm_drivers.elf \
		$(O)/tests/test_pm_monitor.elf $(MON_ELF)
	$(Q)tools/soak.sh $(O) $(SOAK)
