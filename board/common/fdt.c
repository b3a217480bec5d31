// SPDX-License-Identifier: MIT
/*
 * Flattened device tree reader, generic: no platform, controller or
 * binding words here (board/common/dt_discovery.c has those). The blob
 * comes from whoever loaded us, so
 * dtb_check() proves the whole layout once, and the query functions still
 * bound every read (a stale or forged offset from a caller must not turn
 * into a wild read). No recursion: tree walks carry an explicit ancestor
 * stack of DTB_MAX_DEPTH entries, and every loop advances an offset that
 * is bounded by the block it walks.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "board/common/fdt.h"
#include "vmio/byteorder.h"
#include "vmio/compiler.h"
#include "vmio/log.h"

#define FDT_BEGIN_NODE 0x1u
#define FDT_END_NODE 0x2u
#define FDT_PROP 0x3u
#define FDT_NOP 0x4u
#define FDT_END 0x9u

#define FDT_FIRST_VERSION 16u
#define FDT_LAST_COMP_VERSION 17u
#define FDT_HDR_V16_SIZE 36u	/* v16 has no size_dt_struct */
#define FDT_HDR_V17_SIZE 40u
#define FDT_RSV_ENTRY_SIZE 16u
#define FDT_PROP_HDR_SIZE 12u	/* tag, len, nameoff */

/* Header fields, in 32-bit words from the start of the blob. */
enum fdt_hdr_field {
	HDR_MAGIC,
	HDR_TOTALSIZE,
	HDR_OFF_STRUCT,
	HDR_OFF_STRINGS,
	HDR_OFF_RSVMAP,
	HDR_VERSION,
	HDR_LAST_COMP,
	HDR_BOOT_CPU,
	HDR_SIZE_STRINGS,
	HDR_SIZE_STRUCT,
};

struct token {
	uint32_t tag;
	uint32_t next;		/* offset of the following token */
	const char *why;	/* what is wrong, when decoding failed */
	bool unknown;		/* failed on an unknown tag value */
};

static uint32_t hdr_field(const uint8_t *blob, enum fdt_hdr_field f)
{
	return get_be32(blob + 4 * (unsigned int)f);
}

static uint32_t blob_offset(const struct dtb *dt, uint32_t struct_off)
{
	if (!dt->blob)
		return struct_off;	/* a zeroed (refused) dt */
	return (uint32_t)(dt->dt_struct - dt->blob) + struct_off;
}

/*
 * Decode the token at struct-block offset off and find where the next
 * one starts. This is the only place that reads token framing, so the
 * checker and the queries agree on what is in bounds.
 */
static int token_at(const struct dtb *dt, uint32_t off, struct token *t)
{
	const uint8_t *st = dt->dt_struct;
	uint32_t size = dt->struct_size;
	uint32_t end, len;

	*t = (struct token){ 0 };
	if ((off & 3) || off > size || size - off < 4) {
		t->why = "token outside the structure block";
		return -EINVAL;
	}
	t->tag = get_be32(st + off);
	switch (t->tag) {
	case FDT_BEGIN_NODE:
		end = off + 4;
		while (end < size && st[end])
			end++;
		if (end >= size) {
			t->why = "node name not terminated inside the structure block";
			return -EINVAL;
		}
		end = ALIGN_UP(end + 1, 4u);
		if (end > size) {
			t->why = "node name padding runs past the structure block";
			return -EINVAL;
		}
		t->next = end;
		return 0;
	case FDT_PROP:
		if (size - off < FDT_PROP_HDR_SIZE) {
			t->why = "property header truncated by the end of the structure block";
			return -EINVAL;
		}
		len = get_be32(st + off + 4);
		if (len > size - off - FDT_PROP_HDR_SIZE) {
			t->why = "property value runs past the structure block";
			return -EINVAL;
		}
		end = ALIGN_UP(off + FDT_PROP_HDR_SIZE + len, 4u);
		if (end > size) {
			t->why = "property padding runs past the structure block";
			return -EINVAL;
		}
		t->next = end;
		return 0;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		t->next = off + 4;
		return 0;
	default:
		t->why = "unknown token";
		t->unknown = true;
		return -EINVAL;
	}
}

/* A query met a token a checked blob cannot contain. */
static int walk_error(const struct dtb *dt, uint32_t off, const struct token *t)
{
	pr_err("dtb: corrupt structure block at offset 0x%x: %s (blob not checked?)",
	       (unsigned int)blob_offset(dt, off), t->why);
	return -EINVAL;
}

static int node_check(const struct dtb *dt, int node, struct token *t)
{
	if (node < 0 || token_at(dt, (uint32_t)node, t) || t->tag != FDT_BEGIN_NODE) {
		pr_err("dtb: %d is not a node offset", node);
		return -EINVAL;
	}
	return 0;
}

/* Length of the NUL-terminated string at s, or -1 if none within max bytes. */
static int32_t bounded_strlen(const char *s, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < max; i++)
		if (!s[i])
			return (int32_t)i;
	return -1;
}

/* ---------------------------------------------------------------- check */

struct blk {
	uint32_t start;
	uint32_t end;
};

static bool blk_overlap(const struct blk *a, const struct blk *b)
{
	if (a->start == a->end || b->start == b->end)
		return false;
	return a->start < b->end && b->start < a->end;
}

static int check_block(const char *what, uint32_t off, uint32_t size, uint32_t align,
		       uint32_t hdr_size, uint32_t total)
{
	if (off < hdr_size || off > total) {
		pr_err("dtb: %s block offset 0x%x outside 0x%x..0x%x",
		       what, (unsigned int)off, (unsigned int)hdr_size, (unsigned int)total);
		return -EINVAL;
	}
	if (off & (align - 1)) {
		pr_err("dtb: %s block offset 0x%x not %u-byte aligned",
		       what, (unsigned int)off, (unsigned int)align);
		return -EINVAL;
	}
	if (size > total - off) {
		pr_err("dtb: %s block at 0x%x size 0x%x runs past totalsize 0x%x",
		       what, (unsigned int)off, (unsigned int)size, (unsigned int)total);
		return -EINVAL;
	}
	return 0;
}

/* The reservation map has no size field: find its terminating entry. */
static int check_rsvmap(const uint8_t *blob, uint32_t off, uint32_t total, uint32_t *end)
{
	uint32_t pos = off;

	while (total - pos >= FDT_RSV_ENTRY_SIZE) {
		const uint8_t *e = blob + pos;

		pos += FDT_RSV_ENTRY_SIZE;
		if (!(get_be32(e) | get_be32(e + 4) | get_be32(e + 8) | get_be32(e + 12))) {
			*end = pos;
			return 0;
		}
	}
	pr_err("dtb: memory reservation map at 0x%x not terminated before totalsize 0x%x",
	       (unsigned int)off, (unsigned int)total);
	return -EINVAL;
}

static int check_overlap(const struct blk *rsv, const struct blk *st, const struct blk *str)
{
	const char *what = NULL;

	if (blk_overlap(rsv, st))
		what = "memory reservation map and structure";
	else if (blk_overlap(rsv, str))
		what = "memory reservation map and strings";
	else if (blk_overlap(st, str))
		what = "structure and strings";
	if (!what)
		return 0;
	pr_err("dtb: %s blocks overlap (0x%x..0x%x, 0x%x..0x%x, 0x%x..0x%x)", what,
	       (unsigned int)rsv->start, (unsigned int)rsv->end, (unsigned int)st->start,
	       (unsigned int)st->end, (unsigned int)str->start, (unsigned int)str->end);
	return -EINVAL;
}

static int struct_error(const struct dtb *dt, uint32_t off, const char *why)
{
	pr_err("dtb: %s at offset 0x%x", why, (unsigned int)blob_offset(dt, off));
	return -EINVAL;
}

static int check_prop_name(const struct dtb *dt, uint32_t off)
{
	uint32_t nameoff = get_be32(dt->dt_struct + off + 8);

	if (nameoff >= dt->strings_size) {
		pr_err("dtb: property name offset 0x%x past the 0x%x-byte strings block at offset 0x%x",
		       (unsigned int)nameoff, (unsigned int)dt->strings_size,
		       (unsigned int)blob_offset(dt, off));
		return -EINVAL;
	}
	if (bounded_strlen(dt->dt_strings + nameoff, dt->strings_size - nameoff) < 0)
		return struct_error(dt, off, "property name not terminated inside the strings block");
	return 0;
}

/*
 * Walk every token once. has_child[d] remembers whether the open node at
 * depth d already had a subnode, because properties must come first.
 * With exact_end the block must end right after FDT_END (v17 states its
 * size); *end returns where it did end (v16 learns its size this way).
 */
static int check_struct(const struct dtb *dt, bool exact_end, uint32_t *end)
{
	bool has_child[DTB_MAX_DEPTH + 1];
	bool root_seen = false;
	unsigned int depth = 0;
	uint32_t off = 0;
	struct token t;

	while (off < dt->struct_size) {
		if (token_at(dt, off, &t)) {
			if (!t.unknown)
				return struct_error(dt, off, t.why);
			pr_err("dtb: unknown token 0x%x at offset 0x%x",
			       (unsigned int)t.tag, (unsigned int)blob_offset(dt, off));
			return -EINVAL;
		}
		switch (t.tag) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && root_seen)
				return struct_error(dt, off, "second root node");
			/* token_at() checked the name ends inside the block. */
			if (depth == 0 && dt->dt_struct[off + 4])
				return struct_error(dt, off, "root node with a name");
			if (depth == DTB_MAX_DEPTH)
				return struct_error(dt, off, "nodes nested deeper than DTB_MAX_DEPTH");
			if (depth)
				has_child[depth] = true;
			has_child[++depth] = false;
			root_seen = true;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return struct_error(dt, off, "END_NODE without a matching BEGIN_NODE");
			depth--;
			break;
		case FDT_PROP:
			if (depth == 0)
				return struct_error(dt, off, "property outside any node");
			if (has_child[depth])
				return struct_error(dt, off, "property after a subnode");
			if (check_prop_name(dt, off))
				return -EINVAL;
			break;
		case FDT_END:
			if (depth)
				return struct_error(dt, off, "FDT_END inside an open node");
			if (!root_seen)
				return struct_error(dt, off, "no root node");
			if (exact_end && t.next != dt->struct_size)
				return struct_error(dt, t.next, "data after FDT_END");
			*end = t.next;
			return 0;
		default:	/* FDT_NOP */
			/* libfdt's full check wants FDT_END right after the root. */
			if (depth == 0 && root_seen)
				return struct_error(dt, off, "FDT_NOP after the root node");
			break;
		}
		off = t.next;
	}
	return struct_error(dt, off, "structure block ends without FDT_END");
}

/* v16 does not state the structure size: it ends at the next block. */
static uint32_t v16_struct_limit(uint32_t off_st, uint32_t off_str, uint32_t off_rsv,
				 uint32_t total)
{
	uint32_t limit = total;

	if (off_str > off_st && off_str < limit)
		limit = off_str;
	if (off_rsv > off_st && off_rsv < limit)
		limit = off_rsv;
	return limit - off_st;
}

static int check_header(const uint8_t *b, size_t max_size, uint32_t *hdr_size)
{
	uint32_t version, last_comp, total;

	if (!b) {
		pr_err("dtb: no blob");
		return -EINVAL;
	}
	if ((uintptr_t)b & 7) {
		pr_err("dtb: blob at %p is not 8-byte aligned", (const void *)b);
		return -EINVAL;
	}
	if (max_size < FDT_HDR_V17_SIZE) {
		pr_err("dtb: %zu bytes cannot hold a header", max_size);
		return -EINVAL;
	}
	if (hdr_field(b, HDR_MAGIC) != DTB_MAGIC) {
		pr_err("dtb: bad magic 0x%08x at offset 0x0", (unsigned int)hdr_field(b, HDR_MAGIC));
		return -EINVAL;
	}
	version = hdr_field(b, HDR_VERSION);
	last_comp = hdr_field(b, HDR_LAST_COMP);
	if (version < FDT_FIRST_VERSION || last_comp > FDT_LAST_COMP_VERSION ||
	    last_comp > version) {
		pr_err("dtb: version %u (compatible with %u) unsupported, need %u..%u",
		       (unsigned int)version, (unsigned int)last_comp,
		       (unsigned int)FDT_FIRST_VERSION, (unsigned int)FDT_LAST_COMP_VERSION);
		return -EINVAL;
	}
	*hdr_size = version >= 17 ? FDT_HDR_V17_SIZE : FDT_HDR_V16_SIZE;
	total = hdr_field(b, HDR_TOTALSIZE);
	if (total < *hdr_size || total > max_size || total > INT32_MAX) {
		pr_err("dtb: totalsize 0x%x at offset 0x4 not within header size 0x%x..buffer size 0x%zx",
		       (unsigned int)total, (unsigned int)*hdr_size, max_size);
		return -EINVAL;
	}
	return 0;
}

static int check_blob(const void *blob, size_t max_size, struct dtb *dt)
{
	const uint8_t *b = blob;
	uint32_t hsize, total, off_st, size_st, off_str, size_str, off_rsv;
	uint32_t rsv_end = 0, end = 0;
	struct blk rsv, st, str;
	bool v17;
	int ret;

	*dt = (struct dtb){ 0 };
	ret = check_header(b, max_size, &hsize);
	if (ret)
		return ret;
	v17 = hsize == FDT_HDR_V17_SIZE;
	total = hdr_field(b, HDR_TOTALSIZE);
	off_st = hdr_field(b, HDR_OFF_STRUCT);
	off_str = hdr_field(b, HDR_OFF_STRINGS);
	size_str = hdr_field(b, HDR_SIZE_STRINGS);
	off_rsv = hdr_field(b, HDR_OFF_RSVMAP);
	size_st = v17 ? hdr_field(b, HDR_SIZE_STRUCT) : 0;

	if (check_block("structure", off_st, size_st, 4, hsize, total) ||
	    check_block("strings", off_str, size_str, 1, hsize, total) ||
	    check_block("memory reservation", off_rsv, 0, 8, hsize, total) ||
	    check_rsvmap(b, off_rsv, total, &rsv_end))
		return -EINVAL;
	if (!v17)
		size_st = v16_struct_limit(off_st, off_str, off_rsv, total);

	rsv = (struct blk){ off_rsv, rsv_end };
	st = (struct blk){ off_st, off_st + size_st };
	str = (struct blk){ off_str, off_str + size_str };
	if (v17 && check_overlap(&rsv, &st, &str))
		return -EINVAL;

	dt->blob = b;
	dt->dt_struct = b + off_st;
	dt->struct_size = size_st;
	dt->dt_strings = (const char *)b + off_str;
	dt->strings_size = size_str;
	dt->total_size = total;
	ret = check_struct(dt, v17, &end);
	if (!ret && !v17) {
		dt->struct_size = end;
		st.end = off_st + end;
		ret = check_overlap(&rsv, &st, &str);
	}
	if (ret)
		*dt = (struct dtb){ 0 };
	return ret;
}

int dtb_check(const void *blob, size_t max_size)
{
	struct dtb dt;

	return check_blob(blob, max_size, &dt);
}

int dtb_open(struct dtb *dt, const void *blob, size_t max_size)
{
	return check_blob(blob, max_size, dt);
}

/* ---------------------------------------------------------------- nodes */

int dtb_root(const struct dtb *dt)
{
	return dtb_next_node(dt, -1, NULL);
}

int dtb_next_node(const struct dtb *dt, int node, int *depth)
{
	int d = depth ? *depth : 0;
	uint32_t off = 0;
	struct token t;

	if (node >= 0) {
		if (node_check(dt, node, &t))
			return -EINVAL;
		off = t.next;
	} else {
		d = -1;
	}
	for (;;) {	/* off grows every round; token_at() fails at the end */
		if (token_at(dt, off, &t))
			return walk_error(dt, off, &t);
		switch (t.tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				*depth = d + 1;
			return (int)off;
		case FDT_END_NODE:
			d--;
			break;
		case FDT_END:
			return -ENOENT;
		default:
			break;
		}
		off = t.next;
	}
}

int dtb_first_child(const struct dtb *dt, int node)
{
	struct token t;
	uint32_t off;

	if (node_check(dt, node, &t))
		return -EINVAL;
	for (off = t.next;; off = t.next) {
		if (token_at(dt, off, &t))
			return walk_error(dt, off, &t);
		if (t.tag == FDT_BEGIN_NODE)
			return (int)off;
		if (t.tag != FDT_PROP && t.tag != FDT_NOP)
			return -ENOENT;
	}
}

int dtb_next_sibling(const struct dtb *dt, int node)
{
	struct token t;
	uint32_t off;
	int d = 1;

	if (node_check(dt, node, &t))
		return -EINVAL;
	for (off = t.next;; off = t.next) {
		if (token_at(dt, off, &t))
			return walk_error(dt, off, &t);
		if (t.tag == FDT_BEGIN_NODE) {
			if (d == 0)
				return (int)off;
			d++;
		} else if (t.tag == FDT_END_NODE) {
			if (--d < 0)
				return -ENOENT;
		} else if (t.tag == FDT_END) {
			return -ENOENT;
		}
	}
}

/* Fill path[0..*depth] with node's ancestors, root first, node last. */
int dtb_node_path(const struct dtb *dt, int node, int path[DTB_MAX_DEPTH], int *depth)
{
	struct token t;
	int n, d = 0;

	if (node_check(dt, node, &t))
		return -EINVAL;
	for (n = dtb_root(dt); n >= 0 && n <= node; n = dtb_next_node(dt, n, &d)) {
		if (d < 0 || d >= DTB_MAX_DEPTH)
			return walk_error(dt, (uint32_t)n, &(struct token){ .why = "bad nesting" });
		path[d] = n;
		if (n == node) {
			*depth = d;
			return 0;
		}
	}
	if (n < 0 && n != -ENOENT)
		return n;
	pr_err("dtb: %d is not a node offset", node);
	return -EINVAL;
}

int dtb_parent(const struct dtb *dt, int node)
{
	int path[DTB_MAX_DEPTH];
	int d, ret;

	ret = dtb_node_path(dt, node, path, &d);
	if (ret)
		return ret;
	return d ? path[d - 1] : -ENOENT;
}

const char *dtb_node_name(const struct dtb *dt, int node)
{
	struct token t;

	if (node_check(dt, node, &t))
		return NULL;
	return (const char *)dt->dt_struct + node + 4;
}

const char *dtb_node_label(const struct dtb *dt, int node)
{
	const char *name;

	if (node < 0)
		return "?";
	name = dtb_node_name(dt, node);
	if (!name)
		return "?";
	return *name ? name : "/";
}

/*
 * Does node name (NUL-terminated) match one path component? A component
 * without a unit address matches any unit address, as in the spec's
 * path lookup (a name holds at most one '@').
 */
static bool name_matches(const char *name, const char *comp, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!name[i] || name[i] != comp[i])
			return false;
	/* Only a component without a unit address matches a name that adds one. */
	return name[len] == '\0' || (name[len] == '@' && !memchr(comp, '@', len));
}

static int find_child(const struct dtb *dt, int parent, const char *comp, size_t len)
{
	int child;

	dtb_for_each_child(dt, parent, child) {
		if (name_matches((const char *)dt->dt_struct + child + 4, comp, len))
			return child;
	}
	return child;
}

/* Follow the '/'-separated components of path[0..len) down from node. */
static int walk_path(const struct dtb *dt, int node, const char *path, size_t len)
{
	size_t pos = 0, clen;

	while (pos < len && node >= 0) {
		if (path[pos] == '/') {
			pos++;
			continue;
		}
		for (clen = 0; pos + clen < len && path[pos + clen] != '/'; clen++)
			;
		node = find_child(dt, node, path + pos, clen);
		pos += clen;
	}
	return node;
}

static int prop_find(const struct dtb *dt, int node, const char *name, size_t namelen,
		     const void **val, uint32_t *len);

int dtb_find_path_len(const struct dtb *dt, const char *path, size_t len)
{
	const void *val;
	uint32_t vlen;
	int32_t target_len;
	size_t alen;
	int root, aliases, ret;

	root = dtb_root(dt);
	if (root < 0)
		return root;
	if (len && path[0] == '/')
		return walk_path(dt, root, path, len);

	/* An alias names an absolute path; it is not itself re-resolved. */
	for (alen = 0; alen < len && path[alen] != '/'; alen++)
		;
	if (!alen)
		return -ENOENT;
	aliases = find_child(dt, root, "aliases", 7);
	if (aliases < 0)
		return aliases;
	ret = prop_find(dt, aliases, path, alen, &val, &vlen);
	if (ret)
		return ret;
	target_len = bounded_strlen(val, vlen);
	if (target_len <= 0 || ((const char *)val)[0] != '/')
		return -ENOENT;
	ret = walk_path(dt, root, val, (size_t)target_len);
	if (ret < 0)
		return ret;
	return walk_path(dt, ret, path + alen, len - alen);
}

int dtb_find_path(const struct dtb *dt, const char *path)
{
	if (!path)
		return -ENOENT;
	return dtb_find_path_len(dt, path, strlen(path));
}

bool dtb_stringlist_contains(const void *val, uint32_t len, const char *str)
{
	const char *list = val;
	size_t slen = strlen(str);
	uint32_t pos = 0;
	int32_t elen;

	while (list && pos < len) {
		elen = bounded_strlen(list + pos, len - pos);
		if (elen < 0)
			return false;	/* unterminated tail is not an entry */
		if ((size_t)elen == slen && !memcmp(list + pos, str, slen))
			return true;
		pos += (uint32_t)elen + 1;
	}
	return false;
}

bool dtb_node_is_compatible(const struct dtb *dt, int node, const char *compat)
{
	const void *val;
	uint32_t len;

	if (dtb_prop(dt, node, "compatible", &val, &len))
		return false;
	return dtb_stringlist_contains(val, len, compat);
}

int dtb_find_compatible(const struct dtb *dt, int from, const char *compat)
{
	int n = from < 0 ? -1 : from;

	for (;;) {	/* dtb_next_node() returns -ENOENT after the last node */
		n = dtb_next_node(dt, n, NULL);
		if (n < 0)
			return n;
		if (dtb_node_is_compatible(dt, n, compat))
			return n;
	}
}

/* ------------------------------------------------------------ properties */

/* Does the strings-block entry at nameoff equal name[0..len)? */
static bool strings_eq(const struct dtb *dt, uint32_t nameoff, const char *name, size_t len)
{
	if (nameoff >= dt->strings_size || dt->strings_size - nameoff <= len)
		return false;
	return !memcmp(dt->dt_strings + nameoff, name, len) &&
	       dt->dt_strings[nameoff + len] == '\0';
}

static int prop_skip_nops(const struct dtb *dt, uint32_t off)
{
	struct token t;

	for (;; off = t.next) {
		if (token_at(dt, off, &t))
			return walk_error(dt, off, &t);
		if (t.tag == FDT_PROP)
			return (int)off;
		if (t.tag != FDT_NOP)
			return -ENOENT;
	}
}

int dtb_first_prop(const struct dtb *dt, int node)
{
	struct token t;

	if (node_check(dt, node, &t))
		return -EINVAL;
	return prop_skip_nops(dt, t.next);
}

int dtb_next_prop(const struct dtb *dt, int prop)
{
	struct token t;

	if (prop < 0 || token_at(dt, (uint32_t)prop, &t) || t.tag != FDT_PROP) {
		pr_err("dtb: %d is not a property offset", prop);
		return -EINVAL;
	}
	return prop_skip_nops(dt, t.next);
}

int dtb_prop_at(const struct dtb *dt, int prop, const char **name,
		const void **val, uint32_t *len)
{
	const uint8_t *p;
	uint32_t nameoff;
	struct token t;

	if (prop < 0 || token_at(dt, (uint32_t)prop, &t) || t.tag != FDT_PROP) {
		pr_err("dtb: %d is not a property offset", prop);
		return -EINVAL;
	}
	p = dt->dt_struct + prop;
	nameoff = get_be32(p + 8);
	if (nameoff >= dt->strings_size ||
	    bounded_strlen(dt->dt_strings + nameoff, dt->strings_size - nameoff) < 0)
		return walk_error(dt, (uint32_t)prop, &(struct token){ .why = "bad property name" });
	if (name)
		*name = dt->dt_strings + nameoff;
	if (val)
		*val = p + FDT_PROP_HDR_SIZE;
	if (len)
		*len = get_be32(p + 4);
	return 0;
}

static int prop_find(const struct dtb *dt, int node, const char *name, size_t namelen,
		     const void **val, uint32_t *len)
{
	const uint8_t *p;
	int prop;

	dtb_for_each_prop(dt, node, prop) {
		p = dt->dt_struct + prop;
		if (strings_eq(dt, get_be32(p + 8), name, namelen)) {
			if (val)
				*val = p + FDT_PROP_HDR_SIZE;
			if (len)
				*len = get_be32(p + 4);
			return 0;
		}
	}
	return prop;
}

int dtb_prop(const struct dtb *dt, int node, const char *name,
	     const void **val, uint32_t *len)
{
	return prop_find(dt, node, name, strlen(name), val, len);
}

int dtb_prop_u32(const struct dtb *dt, int node, const char *name, uint32_t *out)
{
	const void *val;
	uint32_t len;
	int ret;

	ret = dtb_prop(dt, node, name, &val, &len);
	if (ret)
		return ret;
	if (len != 4) {
		pr_err("dtb: %s: %s is %u bytes, expected 4",
		       dtb_node_label(dt, node), name, (unsigned int)len);
		return -EINVAL;
	}
	*out = get_be32(val);
	return 0;
}

int dtb_prop_string(const struct dtb *dt, int node, const char *name, const char **out)
{
	const void *val;
	uint32_t len;
	int ret;

	ret = dtb_prop(dt, node, name, &val, &len);
	if (ret)
		return ret;
	if (!len || ((const char *)val)[len - 1]) {
		pr_err("dtb: %s: %s is not a NUL-terminated string", dtb_node_label(dt, node), name);
		return -EINVAL;
	}
	*out = val;
	return 0;
}

int dtb_read_cells(const void *p, uint32_t ncells, uint64_t *out)
{
	const uint8_t *c = p;
	uint64_t v = 0;
	uint32_t i;

	if (ncells > 2) {
		pr_err("dtb: %u cells do not fit 64 bits", (unsigned int)ncells);
		return -EINVAL;
	}
	for (i = 0; i < ncells; i++)
		v = (v << 32) | get_be32(c + 4 * i);
	*out = v;
	return 0;
}

int dtb_cells(const struct dtb *dt, int node, const char *name, int dflt)
{
	uint32_t v;
	int ret;

	ret = dtb_prop_u32(dt, node, name, &v);
	if (ret == -ENOENT)
		return dflt;
	if (ret)
		return ret;
	if (v > INT32_MAX) {
		pr_err("dtb: %s: %s = %u is implausible", dtb_node_label(dt, node), name,
		       (unsigned int)v);
		return -EINVAL;
	}
	return (int)v;
}

int dtb_address_cells(const struct dtb *dt, int node)
{
	return dtb_cells(dt, node, "#address-cells", 2);
}

int dtb_size_cells(const struct dtb *dt, int node)
{
	return dtb_cells(dt, node, "#size-cells", 1);
}

int dtb_reg_in(const struct dtb *dt, int node, int parent, unsigned int index,
		     uint64_t *base, uint64_t *size)
{
	const uint8_t *p;
	uint32_t len, entry;
	const void *val;
	int ac, sc, ret;

	ac = dtb_address_cells(dt, parent);
	if (ac < 0)
		return ac;
	sc = dtb_size_cells(dt, parent);
	if (sc < 0)
		return sc;
	ret = dtb_prop(dt, node, "reg", &val, &len);
	if (ret)
		return ret;
	if (ac < 1 || ac > 2 || sc > 2) {
		pr_err("dtb: %s: reg with %d address and %d size cells is not supported",
		       dtb_node_label(dt, node), ac, sc);
		return -EINVAL;
	}
	entry = 4 * (uint32_t)(ac + sc);
	if (len % entry) {
		pr_err("dtb: %s: reg is %u bytes, not a multiple of %u",
		       dtb_node_label(dt, node), (unsigned int)len, (unsigned int)entry);
		return -EINVAL;
	}
	if (index >= len / entry)
		return -ENOENT;
	p = (const uint8_t *)val + index * entry;
	dtb_read_cells(p, (uint32_t)ac, base);
	dtb_read_cells(p + 4 * ac, (uint32_t)sc, size);
	return 0;
}

int dtb_reg(const struct dtb *dt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size)
{
	int parent = dtb_parent(dt, node);

	if (parent < 0)
		return parent;
	return dtb_reg_in(dt, node, parent, index, base, size);
}

uint32_t dtb_phandle(const struct dtb *dt, int node)
{
	uint32_t ph;
	int ret;

	ret = dtb_prop_u32(dt, node, "phandle", &ph);
	if (ret == -ENOENT)
		ret = dtb_prop_u32(dt, node, "linux,phandle", &ph);
	if (ret || ph == 0xffffffffu)
		return 0;
	return ph;
}

int dtb_find_phandle(const struct dtb *dt, uint32_t ph)
{
	int n;

	if (ph == 0 || ph == 0xffffffffu)
		return -ENOENT;
	for (n = dtb_root(dt); n >= 0; n = dtb_next_node(dt, n, NULL))
		if (dtb_phandle(dt, n) == ph)
			return n;
	return n;
}
