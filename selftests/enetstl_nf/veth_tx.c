// SPDX-License-Identifier: GPL-2.0
/* selftests/enetstl's veth_tx.c, linked into this component as is. */
#include "../enetstl/veth_tx.c"
