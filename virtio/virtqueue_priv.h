/* SPDX-License-Identifier: MIT */
#ifndef VMIO_VIRTQUEUE_PRIV_H
#define VMIO_VIRTQUEUE_PRIV_H

/*
 * What the virtqueue*.c files share and nothing else may use: the shadow
 * chain helpers (split and packed keep their chains in vq->state the same
 * way), breaking a queue, the packed ring's entry points (the split code
 * dispatches to them on vq->packed) and the indirect table pool.
 */
#include <stdbool.h>
#include <stdint.h>
#include "vmio/log.h"
#include "virtio/virtqueue.h"

/*
 * Log one error line about vq: "virtio<dev> vq<index>: " then fmt (dev 0
 * for a queue bound to no device). Context: any, as vmio_log().
 */
void vq_log(const struct virtqueue *vq, const char *fmt, ...) __printf(2, 3);
#define vq_err(vq, ...) vmio_log_call(VMIO_LOG_ERR, vq_log, vq, __VA_ARGS__)

/* Log one line, mark the queue broken and the device FAILED. */
void vq_break(struct virtqueue *vq, const char *why, uint32_t a, uint32_t b);

/*
 * A reason for vq_break() that only exists when a line can print it: at
 * LOG_LEVEL=0 vq_break() logs nothing, and the string would be dead weight.
 */
#define VQ_WHY(s) (VMIO_LOG_MAX_LEVEL > 0 ? (s) : NULL)

/* Put the chain headed at head back on the free list; returns its cookie. */
void *vq_detach(struct virtqueue *vq, uint16_t head);

/* Writable bytes the chain at head offered; invalidates them for the CPU. */
uint64_t vq_in_len(struct virtqueue *vq, uint16_t head);

/* Shadow entries (= ring slots) of the chain headed at head. */
uint16_t vq_chain_len(const struct virtqueue *vq, uint16_t head);

/* Packed layout (virtqueue_packed.c). */
void vqp_init(struct virtqueue *vq);
void vqp_reset(struct virtqueue *vq);
int vqp_add(struct virtqueue *vq, const struct virtio_sg *out, unsigned int nout,
	    const struct virtio_sg *in, unsigned int nin, uint16_t ind_flag,
	    void *cookie);
bool vqp_kick_prepare(struct virtqueue *vq);
bool vqp_poll(struct virtqueue *vq);
void *vqp_get_buf(struct virtqueue *vq, uint32_t *len);
void vqp_disable_cb(struct virtqueue *vq);
bool vqp_enable_cb(struct virtqueue *vq);
bool vqp_enable_cb_delayed(struct virtqueue *vq);

/*
 * Indirect tables (virtqueue_indirect.c). vq_ind_reset: all tables free,
 * enabled per the negotiated features. vq_ind_wanted: true when a request
 * of total segments should go indirect. vq_ind_fill: write out/in into a
 * free table in the ring's format and describe the table in *one; false
 * when the pool is empty. vq_ind_release: the table behind a head whose
 * shadow has VRING_DESC_F_INDIRECT goes back to the pool. vq_ind_in_len:
 * its writable bytes, invalidated for the CPU.
 */
void vq_ind_reset(struct virtqueue *vq);
bool vq_ind_wanted(const struct virtqueue *vq, unsigned int total);
bool vq_ind_fill(struct virtqueue *vq, const struct virtio_sg *out,
		 unsigned int nout, const struct virtio_sg *in,
		 unsigned int nin, struct virtio_sg *one);
void vq_ind_release(struct virtqueue *vq, const void *table);
uint64_t vq_ind_in_len(struct virtqueue *vq, const void *table,
		       uint32_t bytes);

#endif
