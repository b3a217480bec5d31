#!/bin/bash
# The test runner behind `make test`: host (cmocka) binaries, then the QEMU
# suite listed in tests/qemu/suite.sh. Prints one line per test and ends
# with "N passed, N failed"; exits non-zero on any failure.
#
#   tools/run-tests.sh BUILD_DIR all|host|qemu [NAME-FILTER]
set -u
O="$1"
mode="${2:-all}"
filter="${3:-}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs="$O/test-logs"
mkdir -p "$logs"
passed=0
failed=0
failures=()

fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1${2:+: $2}"; }

# Every host binary runs twice: coherent DMA, then (name suffix
# "-noncoherent") over the host board's non-coherent memory model, where
# the device sees only what the DMA syncs of board/board.h copied.
run_host() {
	local bin name out p f rc dma
	for dma in coherent noncoherent; do
	for bin in "$O"/host/test_*; do
		[ -x "$bin" ] || continue
		name=$(basename "$bin")
		[ -n "$filter" ] && [[ "$name" != *$filter* ]] && continue
		[ $dma = noncoherent ] && name="$name-noncoherent"
		out="$logs/host-$name.log"
		VMIO_HOST_DMA=$dma ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
			timeout -k 5 300 "$bin" >"$out" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*listed below.*/\1/p' "$out" | tail -1)
		passed=$((passed + ${p:-0}))
		if [ -n "$f" ] && [ "$f" -gt 0 ]; then
			failed=$((failed + f))
			grep '^\[  FAILED  \] [a-z_]' "$out" | sort -u | sed "s/^\[  FAILED  \] /FAIL host:$name:/"
			failures+=("host:$name")
		fi
		if [ $rc -ne 0 ] && [ -z "$f" ]; then
			fail "host:$name" "exit $rc (crash or sanitizer report, see $out)"
			tail -20 "$out"
		else
			echo "host $name: ${p:-0} passed${f:+, $f failed}"
		fi
	done
	done
}

# qtest NAME ELF [options] [-- extra QEMU args]
#   --exit N      expected exit code (default 0)
#   --expect RE   the output must match this extended regex (repeatable)
#   --reject RE   the output must not match this extended regex (repeatable)
#   --raw         not a harness image: counts as one test
#   --pre CMD     shell command run before QEMU (e.g. make a disk image)
#   --post CMD    shell command run after QEMU; non-zero fails the test
#   --timeout S   (default 120); other options go to tools/qemu-run.sh
qtest() {
	local name="$1" elf="$2"; shift 2
	local want=0 raw=0 pre="" post="" expects=() rejects=() qopts=() timeout=120
	[ -n "$filter" ] && [[ "$name" != *$filter* ]] && return 0
	while [ $# -gt 0 ]; do
		case "$1" in
		--exit) want="$2"; shift ;;
		--expect) expects+=("$2"); shift ;;
		--reject) rejects+=("$2"); shift ;;
		--raw) raw=1 ;;
		--pre) pre="$2"; shift ;;
		--post) post="$2"; shift ;;
		--timeout) timeout="$2"; shift ;;
		--) shift; break ;;
		*) qopts+=("$1") ;;
		esac
		shift
	done
	local out="$logs/qemu-$name.log" rc why="" p f re
	export T="$O/test-work/$name"
	rm -rf "$T"; mkdir -p "$T"
	if [ -n "$pre" ] && ! (eval "$pre") >"$T/pre.log" 2>&1; then
		fail "qemu:$name" "pre step failed: $(tail -1 "$T/pre.log")"
		return
	fi
	local qargs=() a
	for a in "$@"; do qargs+=("${a//\$T/$T}"); done	# literal $T: this test's dir
	tools/qemu-run.sh --timeout "$timeout" "${qopts[@]}" "$elf" -- "${qargs[@]}" >"$out" 2>&1
	rc=$?
	[ $rc -eq 124 ] && why="timeout after ${timeout}s"
	[ -z "$why" ] && [ $rc -ne "$want" ] && why="exit $rc, expected $want"
	for re in "${expects[@]}"; do
		[ -z "$why" ] && ! grep -Eq "$re" "$out" && why="output lacks /$re/"
	done
	for re in "${rejects[@]}"; do
		[ -z "$why" ] && grep -Eq "$re" "$out" && why="output matches /$re/: $(grep -Em1 "$re" "$out")"
	done
	if [ -z "$why" ] && [ -n "$post" ] && ! (eval "$post") >"$T/post.log" 2>&1; then
		why="post check failed: $(tail -1 "$T/post.log")"
	fi
	if [ $raw = 1 ]; then
		if [ -z "$why" ]; then passed=$((passed + 1)); echo "ok qemu:$name"
		else fail "qemu:$name" "$why"; tail -15 "$out"; fi
		return
	fi
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	grep '^not ok ' "$out" | sed "s/^/  qemu:$name: /"
	grep -Eq "^$p passed, $f failed" "$out" || why="${why:-no final 'N passed, N failed' line}"
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures+=("qemu:$name")
	if [ -n "$why" ]; then
		fail "qemu:$name" "$why"
		tail -15 "$out"
	else
		echo "qemu $name: $p passed${f:+, $f failed}"
	fi
}

# ctest NAME CMD...: a check run on the host side; counts as one test.
ctest() {
	local name="$1"; shift
	[ -n "$filter" ] && [[ "$name" != *$filter* ]] && return 0
	if "$@" >"$logs/check-$name.log" 2>&1; then
		passed=$((passed + 1)); echo "ok check:$name"
	else
		fail "check:$name" "$(tail -1 "$logs/check-$name.log")"
	fi
}

start=$(date +%s)
case "$mode" in
all) run_host; . tests/qemu/suite.sh ;;
host) run_host ;;
qemu) . tests/qemu/suite.sh ;;
*) echo "run-tests: mode all|host|qemu" >&2; exit 2 ;;
esac
echo "time: $(( $(date +%s) - start )) s, logs in $logs"
[ ${#failures[@]} -gt 0 ] && echo "failing: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
