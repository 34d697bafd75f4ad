// SPDX-License-Identifier: GPL-2.0
/* selftests/enetstl's ref_hash.c, linked into this component as is. */
#include "../enetstl/ref_hash.c"
