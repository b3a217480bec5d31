# Text (code, read-only data, unwind index) the linker kept in an image,
# per layer, from its map file: input sections after "Linker script and
# memory map" (the discarded ones are listed before it).
#   awk -f tools/size-linked.awk build/vmio.map
function hex(s,   v, i, c) {
	v = 0
	for (i = 3; i <= length(s); i++) {
		c = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		v = v * 16 + c
	}
	return v
}
/^Linker script and memory map/ { on = 1; next }
!on { next }
/^ \.[^ ]+$/ { sec = $1; next }		# long name: address and size follow
/^ \./ { sec = $1; rest = substr($0, length($1) + 2) }
/^                +0x/ && sec != "" { rest = $0 }
rest != "" {
	n = split(rest, f, " +")
	for (i = 1; i <= n && f[i] == ""; i++) ;
	if (f[i] ~ /^0x/ && f[i + 1] ~ /^0x/ && f[i + 2] != "" &&
	    sec ~ /^\.(text|rodata|ARM\.exidx|ARM\.extab)/) {
		file = f[i + 2]
		if (file ~ /libgcc\.a/) l = "libgcc"
		else if (file ~ /libc[_a-z]*\.a/) l = "libc"
		else if (match(file, /\/fw\/[^\/]+\//)) l = substr(file, RSTART + 4, RLENGTH - 5)
		else l = "other"
		t[l] += hex(f[i + 1]); tot += hex(f[i + 1])
	}
	sec = ""; rest = ""
}
END {
	for (l in t) printf "  %-8s %6d\n", l, t[l] | "sort"
	close("sort")
	printf "  %-8s %6d\n", "total", tot
}
