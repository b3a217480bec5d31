// SPDX-License-Identifier: MIT
/* The simulator's environment on the host: diagnostics to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include "tests/sim/sim.h"

void sim_env_report(const char *line)
{
	fprintf(stderr, "%s\n", line);
}

void sim_env_fatal(const char *msg)
{
	fprintf(stderr, "%s\n", msg);
	abort();
}
