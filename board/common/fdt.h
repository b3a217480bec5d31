/* SPDX-License-Identifier: MIT */
#ifndef VMIO_FDT_H
#define VMIO_FDT_H

/*
 * Flattened device tree (DTB) reader: validation and lookups, nothing
 * about any platform (board/common/dt_discovery.h turns nodes into a
 * board description). Written for a blob nobody vouches for: dtb_check() walks the whole blob once and every later query still
 * bounds every read, so a corrupt DTB is an error, never a fault.
 *
 * Node and property handles are int offsets into the structure block (the
 * same numbers libfdt uses), negative values are errnos. Every function
 * here may run with IRQs masked, never allocates and uses bounded stack.
 *
 * Errors: -EINVAL for a malformed blob or value, -ENOSPC when a fixed
 * table is full, -ENOENT when something looked up is absent. -EINVAL and
 * -ENOSPC are logged with one pr_err() line; -ENOENT from a lookup is an
 * ordinary answer (optional properties are often absent) and is not
 * logged: the caller that needs the thing logs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DTB_MAGIC 0xd00dfeedu
/* Deepest node nesting accepted, root included (real trees use well under 8). */
#define DTB_MAX_DEPTH 16

/* A checked blob. Filled by dtb_open(); all fields are read-only after. */
struct dtb {
	const uint8_t *blob;
	const uint8_t *dt_struct;	/* structure block */
	const char *dt_strings;		/* strings block */
	uint32_t struct_size;
	uint32_t strings_size;
	uint32_t total_size;
};

/*
 * Validate the blob at blob, of which at most max_size bytes may be read:
 * the header (magic, versions 16..17 compatible, totalsize <= max_size,
 * every block inside totalsize, aligned, not overlapping, a terminated
 * memory reservation map), then every token of the structure block
 * (names terminated inside their block, property lengths and name offsets
 * in bounds, at most DTB_MAX_DEPTH levels, balanced nodes, one root, a
 * final FDT_END). The blob must be 8-byte aligned, as the spec requires,
 * so that word loads never fault with the MMU off. Reads nothing outside
 * [blob, blob + max_size) and visits each byte at most a few times.
 * Returns 0, or -EINVAL after logging what is wrong and at which byte
 * offset of the blob.
 */
int dtb_check(const void *blob, size_t max_size);

/*
 * dtb_check() the blob and, when it is valid, fill *dt for the query
 * functions below. The blob must stay in place and unchanged while *dt
 * is used. On error *dt is zeroed, so that queries on it fail cleanly.
 * Returns 0 or -EINVAL (logged).
 */
int dtb_open(struct dtb *dt, const void *blob, size_t max_size);

/*
 * The node after node in depth-first blob order; node < 0 starts at the
 * root. When depth is not NULL, *depth holds node's depth (root 0) on entry
 * and the returned node's depth on return. Returns the node offset,
 * -ENOENT after the last node, or -EINVAL (logged) for a bad offset.
 */
int dtb_next_node(const struct dtb *dt, int node, int *depth);

/* The root node's offset, or -EINVAL (logged) for an unopened dt. */
int dtb_root(const struct dtb *dt);

/*
 * First child of node, and the sibling after node. Return a node offset,
 * -ENOENT when there is none, or -EINVAL (logged) for a bad offset.
 */
int dtb_first_child(const struct dtb *dt, int node);
int dtb_next_sibling(const struct dtb *dt, int node);

#define dtb_for_each_child(dt, parent, child)				\
	for ((child) = dtb_first_child((dt), (parent)); (child) >= 0;	\
	     (child) = dtb_next_sibling((dt), (child)))

/*
 * Parent of node: walks from the root, so it costs one pass over the
 * blob up to node. Returns the parent's offset, -ENOENT for the root, or
 * -EINVAL (logged) when node is not a node offset.
 */
int dtb_parent(const struct dtb *dt, int node);

/*
 * Fill path[0..*depth] with node's ancestors, root first, node last (one
 * pass over the blob up to node). Returns 0, or -EINVAL (logged) when
 * node is not a node offset.
 */
int dtb_node_path(const struct dtb *dt, int node, int path[DTB_MAX_DEPTH], int *depth);

/*
 * The name of node with its unit address ("memory@40000000", "" for the
 * root), NUL-terminated inside the blob. NULL (logged) for a bad offset.
 */
const char *dtb_node_name(const struct dtb *dt, int node);

/* For log lines: node's name, "/" for the root, "?" for a bad offset; never NULL. */
const char *dtb_node_label(const struct dtb *dt, int node);

/*
 * Find a node by absolute path ("/", "/cpus/cpu@0"). A component without
 * '@' also matches a node name that adds a unit address ("/memory"
 * finds "memory@40000000"); the first match in blob order wins. A path
 * that does not start with '/' begins with an alias from /aliases. Returns
 * the node offset or -ENOENT.
 */
int dtb_find_path(const struct dtb *dt, const char *path);

/* dtb_find_path() on the first len bytes of path (e.g. a path followed by ":options"). */
int dtb_find_path_len(const struct dtb *dt, const char *path, size_t len);

/*
 * The next node after from (from < 0: from the start) whose "compatible"
 * string list contains compat. Returns the node offset or -ENOENT.
 */
int dtb_find_compatible(const struct dtb *dt, int from, const char *compat);

/* True when node's "compatible" list contains compat. */
bool dtb_node_is_compatible(const struct dtb *dt, int node, const char *compat);

/* True when the string list val/len (e.g. a "compatible" value) holds str. */
bool dtb_stringlist_contains(const void *val, uint32_t len, const char *str);

/*
 * Property iteration over node: the first property and the one after
 * prop. Return a property offset, -ENOENT when there is none, or -EINVAL
 * (logged) for a bad offset.
 */
int dtb_first_prop(const struct dtb *dt, int node);
int dtb_next_prop(const struct dtb *dt, int prop);

#define dtb_for_each_prop(dt, node, prop)				\
	for ((prop) = dtb_first_prop((dt), (node)); (prop) >= 0;	\
	     (prop) = dtb_next_prop((dt), (prop)))

/*
 * Read the property at offset prop: its name, its value and the value's
 * length in bytes (any output may be NULL). Returns 0 or -EINVAL (logged).
 */
int dtb_prop_at(const struct dtb *dt, int prop, const char **name,
		const void **val, uint32_t *len);

/*
 * Look up property name of node. On success *val points into the blob
 * (4-byte aligned; big-endian cells) and *len is its length; either may
 * be NULL. Returns 0, -ENOENT, or -EINVAL (logged) for a bad offset.
 */
int dtb_prop(const struct dtb *dt, int node, const char *name,
	     const void **val, uint32_t *len);

/*
 * Read a one-cell property. Returns 0, -ENOENT when absent, or -EINVAL
 * (logged) when it is not exactly 4 bytes long.
 */
int dtb_prop_u32(const struct dtb *dt, int node, const char *name, uint32_t *out);

/*
 * Read a string property (the first string of a list); *out points into
 * the blob. Returns 0, -ENOENT when absent, or -EINVAL (logged) when the
 * value is empty or not NUL-terminated.
 */
int dtb_prop_string(const struct dtb *dt, int node, const char *name,
		    const char **out);

/*
 * Combine ncells (0..2) big-endian cells at p into *out. Returns 0 or
 * -EINVAL (logged) for more cells than fit 64 bits.
 */
int dtb_read_cells(const void *p, uint32_t ncells, uint64_t *out);

/*
 * "#address-cells" / "#size-cells" of node, i.e. what its children's
 * "reg" uses; 2 and 1 when absent, as the spec says. Return the count or
 * -EINVAL (logged) when the property is malformed.
 */
int dtb_address_cells(const struct dtb *dt, int node);
int dtb_size_cells(const struct dtb *dt, int node);

/*
 * A cell-count property (name, e.g. "#clock-cells") of node; dflt when
 * absent. Returns the count or -EINVAL (logged) when malformed.
 */
int dtb_cells(const struct dtb *dt, int node, const char *name, int dflt);

/*
 * Entry index of node's "reg", decoded with its parent's cell counts
 * (1..2 address cells, 0..2 size cells). Returns 0, -ENOENT when there is
 * no reg or no such entry, or -EINVAL (logged) for a malformed reg or
 * unsupported cell counts.
 */
int dtb_reg(const struct dtb *dt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size);

/* dtb_reg() when the caller knows node's parent: no walk from the root. */
int dtb_reg_in(const struct dtb *dt, int node, int parent, unsigned int index,
	       uint64_t *base, uint64_t *size);

/* node's "phandle" (or legacy "linux,phandle"); 0 when it has none. */
uint32_t dtb_phandle(const struct dtb *dt, int node);

/* The node whose phandle is ph. Returns its offset or -ENOENT. */
int dtb_find_phandle(const struct dtb *dt, uint32_t ph);

#endif
