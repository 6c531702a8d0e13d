/* SPDX-License-Identifier: BSD-3-Clause */
/* Old home of the dispatcher, now lib/cli/dispatch.h (kept for includes). */
#ifndef DNSTK_TOOL_DISPATCH_H
#define DNSTK_TOOL_DISPATCH_H

#include "cli/dispatch.h"

#endif
