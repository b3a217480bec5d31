#!/bin/sh
# Install the Debian packages vmio needs to build and test, and nothing else.
# Idempotent and quiet when everything is present. As root it runs apt-get;
# otherwise it prints the exact command and fails, so nothing is ever
# installed behind the user's back without the rights to do it.
set -e

PKGS="make gcc gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi \
qemu-system-arm libcmocka-dev gdb-multiarch device-tree-compiler libfdt-dev \
clang libclang-rt-14-dev gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != "0" ]; then
	echo "vmio: missing Debian packages:$missing" >&2
	echo "vmio: run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "vmio: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
