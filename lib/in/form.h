/* SPDX-License-Identifier: BSD-3-Clause */
/* The three stream forms of CLI.md, shared by readers, renderers and cli. */
#ifndef DNSTK_IN_FORM_H
#define DNSTK_IN_FORM_H

/* The three stream forms of CLI.md; AUTO means "detect on input". */
enum dnstk_form {
	DNSTK_FORM_AUTO = 0,
	DNSTK_FORM_TEXT,
	DNSTK_FORM_HEX,
	DNSTK_FORM_JSON,
};

#endif
