/* SPDX-License-Identifier: MIT */
#ifndef VMIO_SIM_CLKREG_H
#define VMIO_SIM_CLKREG_H

/*
 * The clock and regulator device models (model_clock.h,
 * model_regulator.h) as simulator backends. Each sim device gets its own
 * model instance (static storage indexed by the sim device index), set
 * up at sim_add() with the qemu-virt platform table; a test may swap the
 * table with sim_*_configure() before the driver probes. A transport
 * reset (Status 0, and therefore sim_power_cut()) resets the model: for
 * these devices a reset is a power cut and the state is gone.
 *
 * A dropped request (model fault drop_next) is left unanswered in the
 * avail ring (SIM_HOLD); a reset discards it.
 */
#include "tests/sim/sim.h"
#include "tests/sim/model_clock.h"
#include "tests/sim/model_regulator.h"

/* Offers VERSION_1, EVENT_IDX, RESET and NAME. */
extern const struct sim_backend sim_clock_backend;
/* Offers VERSION_1 and EVENT_IDX only (no RESET, no NAME). */
extern const struct sim_backend sim_clock_backend_basic;
/* Offers VERSION_1 and EVENT_IDX. */
extern const struct sim_backend sim_regulator_backend;

/* The model behind sim device d (which must use the matching backend). */
struct clk_model *sim_clock_model(struct sim_dev *d);
struct reg_model *sim_regulator_model(struct sim_dev *d);

/* Re-initialise d's model with cfg (and refill config space). Before probe. */
void sim_clock_configure(struct sim_dev *d, const struct clk_model_cfg *cfg);
void sim_regulator_configure(struct sim_dev *d, const struct reg_model_cfg *cfg);

#endif
