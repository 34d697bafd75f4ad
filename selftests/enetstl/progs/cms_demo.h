/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CMS_DEMO_H
#define CMS_DEMO_H

#define CMS_DEMO_ROWS		4
#define CMS_DEMO_COL_SHIFT	10
#define CMS_DEMO_COLS		(1 << CMS_DEMO_COL_SHIFT)

#endif
