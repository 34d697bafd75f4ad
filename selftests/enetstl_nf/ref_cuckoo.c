// SPDX-License-Identifier: GPL-2.0
/* selftests/enetstl's ref_cuckoo.c, linked into this component as is. */
#include "../enetstl/ref_cuckoo.c"
