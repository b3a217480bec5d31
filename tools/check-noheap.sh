#!/bin/bash
# The firmware links no heap: no allocator symbol may be defined in any
# firmware ELF (demo and test images alike).
O="$1"
NM="${NM:-arm-none-eabi-nm}"
bad=0
n=0
for elf in $(find "$O" -name '*.elf'); do
	n=$((n + 1))
	syms=$($NM "$elf" | awk '$2 ~ /^[TtWwDdBb]$/ && $3 ~ /^(malloc|free|calloc|realloc|_sbrk|_malloc_r|_free_r|_calloc_r|_realloc_r|sbrk)$/ {print $3}' | sort -u | tr '\n' ' ')
	if [ -n "$syms" ]; then
		echo "$elf links heap functions: $syms"
		bad=1
	fi
done
[ $n -gt 0 ] || { echo "no firmware ELF found under $O"; exit 1; }
echo "$n firmware images, no heap"
exit $bad
