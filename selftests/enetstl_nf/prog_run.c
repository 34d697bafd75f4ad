// SPDX-License-Identifier: GPL-2.0
/* selftests/enetstl's prog_run.c, linked into this component as is. */
#include "../enetstl/prog_run.c"
