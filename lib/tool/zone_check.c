/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-zone-check: compose the zone-check engine and its renderers. */
#include <string.h>
#include <time.h>

#include "tool/zone_check.h"
#include "util/num.h"

int
dnstk_zonecheck_duration(uint32_t *out, const char *s)
{
	static const char units[] = "smhdw";
	static const long long mult[] = { 1, 60, 3600, 86400, 604800 };
	const char *u, *why;
	long long v, m = 1;
	size_t n = strlen(s);
	char digits[16];

	if (n > 0 && (u = strchr(units, s[n - 1])) != NULL) {
		m = mult[u - units];
		n--;
	}
	if (n == 0 || n > 12 || s[0] < '0' || s[0] > '9') {
		return DNSTK_EUSAGE;
	}
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (dnstk_strtonum(&v, digits, 1, 0x7fffffffLL / m, &why) != 0) {
		return DNSTK_EUSAGE;
	}
	*out = (uint32_t)(v * m);
	return 0;
}

void
dnstk_zonecheck_args_init(struct dnstk_zonecheck_args *a)
{
	memset(a, 0, sizeof(*a));
	a->out = DNSTK_FORM_TEXT;
	a->opts.now = (int64_t)time(NULL);
}

static double
since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
write_junit(const char *path, const struct dnstk_zc_result *r, double secs,
    struct dnstk_err *err)
{
	struct dnstk_buf b;
	FILE *fp = NULL;
	int rc;

	dnstk_buf_init(&b);
	if ((rc = dnstk_zc_render_junit(&b, r, secs)) != 0) {
		goto out;
	}
	fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (fp == NULL) {
		rc = dnstk_err_set(err, -errno, NULL, 0, "cannot write '%s': "
		    "%s", path, strerror(errno));
		goto out;
	}
	rc = dnstk_buf_write(&b, fp);
	if (fp != stdout && fclose(fp) != 0 && rc == 0) {
		rc = -errno;
	}
	if (rc != 0) {
		rc = dnstk_err_set(err, rc, NULL, 0, "cannot write '%s': %s",
		    path, strerror(-rc));
	}
out:
	dnstk_buf_release(&b);
	return rc;
}

int
dnstk_zonecheck(const struct dnstk_zonecheck_args *a, FILE *out,
    struct dnstk_err *err)
{
	struct dnstk_zc_result res;
	struct dnstk_buf b;
	struct timespec t0;
	const char *source = "stdin";
	FILE *fp = stdin;
	double secs;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (a->file != NULL && strcmp(a->file, "-") != 0) {
		source = a->file;
		if ((fp = fopen(a->file, "r")) == NULL) {
			return dnstk_err_set(err, -errno, NULL, 0, "cannot "
			    "open '%s': %s", a->file, strerror(errno));
		}
	}
	dnstk_zc_result_init(&res);
	dnstk_buf_init(&b);
	rc = dnstk_zc_check(&res, fp, source, &a->opts, err);
	if (fp != stdin) {
		fclose(fp);
	}
	if (rc != 0) {
		goto out;
	}
	secs = since(&t0);
	if (a->opts.progress != NULL) {
		a->opts.progress(a->opts.progress_arg, NULL, 0);	/* done */
	}
	if (a->opts.zonemd) {
		rc = dnstk_buf_add(&b, res.zonemd.data, res.zonemd.len);
	} else if (a->out == DNSTK_FORM_JSON) {
		rc = dnstk_zc_render_json(&b, &res, a->quiet, secs);
	} else {
		rc = dnstk_zc_render_text(&b, &res, a->quiet, secs);
	}
	if (rc == 0 && (rc = dnstk_buf_write(&b, out)) != 0) {
		rc = dnstk_err_set(err, rc, NULL, 0, "cannot write output: %s",
		    strerror(-rc));
	}
	if (rc == 0 && a->junit != NULL) {
		rc = write_junit(a->junit, &res, secs, err);
	}
	if (rc == 0 && res.errors > 0) {
		rc = DNSTK_EFAIL;
	}
out:
	if (rc == DNSTK_ENOMEM) {
		dnstk_err_set(err, rc, NULL, 0, "out of memory");
	}
	dnstk_buf_release(&b);
	dnstk_zc_result_release(&res);
	return rc;
}
