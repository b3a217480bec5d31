#!/bin/bash
# Every public make target builds what it runs. For test-host, test-qemu
# and bench, `make -n` in an empty build dir must show every file that
# target's runner uses being linked: the test binaries of tests/host, the
# images, monitor and fuzz binaries tests/qemu/suite.sh names, the images
# tools/bench.sh boots. A target that relied on an earlier `make test`
# fails here, not on a fresh tree.
#
#   tools/check-targets.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
unset MAKEFLAGS MFLAGS MAKELEVEL	# not the outer make's jobserver
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0

# What suite.sh runs, with O=$1: one path per line.
suite_needs() {
	(
		O="$1"
		qtest() {
			echo "$2"
			shift 2
			while [ $# -gt 0 ] && [ "$1" != -- ]; do
				[ "$1" = --monitor ] && echo "$2"
				shift
			done
		}
		ctest() {
			case "$2" in
			tools/run-fuzz.sh) echo "$3/fuzz/fuzz_$4" ;;
			tools/check-noheap.sh) echo "$3/vmio.elf" ;;
			esac
		}
		. tests/qemu/suite.sh
	) | sort -u
}

host_needs() {
	local f
	for f in tests/host/test_*.c; do
		f=${f##*/}
		echo "$1/host/${f%.c}"
	done
}

bench_needs() {
	grep -o '\$O/[A-Za-z0-9_./-]*\.elf' tools/bench.sh | sed "s#\\\$O#$1#" | sort -u
}

check() {
	local target="$1" needs="$2" plan n=0 f
	plan=$(make -n --no-print-directory O="$tmp/$target" "$target" 2>&1)
	for f in $needs; do
		n=$((n + 1))
		# linked (-o FILE), or a flash image objcopy writes (... ELF FILE)
		if ! grep -Fq -- "-o $f" <<<"$plan" &&
		   ! grep -Eq -- "objcopy .* ${f%.bin}\.elf $f\$" <<<"$plan"; then
			echo "make $target does not build $f, which it runs"
			bad=1
		fi
	done
	[ $n -gt 0 ] || { echo "make $target: found nothing it runs"; bad=1; }
	echo "make $target: $n files it runs, checked"
}

check test-host "$(host_needs "$tmp/test-host")"
check test-qemu "$(suite_needs "$tmp/test-qemu")"
check bench "$(bench_needs "$tmp/bench")"
exit $bad
