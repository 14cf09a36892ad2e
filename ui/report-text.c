/*
 * The preflight report as text, for the width of the terminal (else
 * $COLUMNS, else 80): a row per host - its columns wrap into a second table
 * (the host's name again first) when they do not all fit - then the
 * findings, worst first, their text wrapped under itself, with hints and
 * waivers. What hosts sent (facts, and the findings that quote them) is
 * shown sanitized (show.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "columns.h"
#include "nls.h"
#include "report.h"
#include "show.h"
#include "util.h"

const char *report_host_status(const struct preflight *pf, const struct host_check *hc)
{
	int c[4];

	findings_counts(&pf->found, hc->name, c);
	if (!hc->probed)
		return "UNREACHABLE";
	return c[SEV_FAIL] ? "FAIL" : c[SEV_WARN] ? "WARN" : "PASS";
}

int report_width(FILE *out)
{
	struct winsize ws;
	long cols;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	if (getenv("COLUMNS") && parse_long(getenv("COLUMNS"), 40, 1000, &cols))
		return (int)cols;
	return 80;
}

enum { H_HOST, H_ADDR, H_OS, H_CPU, H_RAM, H_DISK, H_ROLES, H_PASS, H_WARN, H_FAIL, H_RESULT, NH };
static const char *const heads[NH] = { "HOST",	"ADDRESS", "OS",   "CPU",  "RAM",   "DISK",
				       "ROLES", "PASS",	   "WARN", "FAIL", "RESULT" };
static const int right[NH] = { 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0 };

/* The cells of host @hc's row; NULL if it left the deployment. */
static char **host_cells(const struct preflight *pf, const struct host_check *hc, int c[4])
{
	const struct facts *f = &hc->facts;
	const struct host *h = preflight_host_of(pf, hc);
	char **v = xcalloc(NH + 1, sizeof *v), gib[GIB_TEXT_MAX];

	if (!h) {
		free(v);
		return NULL;
	}
	findings_counts(&pf->found, h->name, c);
	v[H_HOST] = xstrdup(show(h->name));
	v[H_ADDR] = xasprintf("%s:%ld", show(h->address), host_port(pf->d, h));
	v[H_OS] =
		hc->probed ? xasprintf("%s %s", show(f->os_id), show(f->os_version)) : xstrdup("-");
	v[H_CPU] = hc->probed ? xasprintf("%ld", f->cpus) : xstrdup("-");
	v[H_RAM] = hc->probed ? xasprintf("%sG", gib_text(f->mem_kb, gib)) : xstrdup("-");
	v[H_DISK] = hc->probed ? xasprintf("%sG", gib_text(facts_avail_kb(f, "/var/lib"), gib))
			       : xstrdup("-");
	v[H_ROLES] = host_roles_text(h);
	v[H_PASS] = xasprintf("%d", c[SEV_PASS]);
	v[H_WARN] = xasprintf("%d", c[SEV_WARN]);
	v[H_FAIL] = xasprintf("%d", c[SEV_FAIL]);
	v[H_RESULT] = xstrdup(report_host_status(pf, hc));
	return v;
}

/* Columns @first..@end of @rows (and the host's name first), two spaces apart. */
static void print_part(FILE *out, char ***rows, size_t n, const int *w, int first, int end)
{
	for (size_t r = 0; r <= n; r++) {
		const char *const *cells = r ? (const char *const *)rows[r - 1] : heads;
		struct sbuf sb = SBUF_INIT;
		if (!cells)
			continue;
		for (int k = 0; k < end; k = k ? k + 1 : first) {
			if (k)
				sbuf_adds(&sb, "  ");
			cols_cell(&sb, cells[k], w[k], right[k]);
		}
		while (sb.len && sb.buf[sb.len - 1] == ' ')
			sb.buf[--sb.len] = '\0';
		fprintf(out, "%s\n", sb.buf);
		sbuf_release(&sb);
	}
}

/* The host table in @width columns; the totals of the findings' counts added to @total. */
static void hosts_table(const struct preflight *pf, FILE *out, int width, int total[4])
{
	char ***rows = xcalloc(pf->nhosts + 1, sizeof *rows);
	int w[NH];

	for (int k = 0; k < NH; k++)
		w[k] = cols_width(heads[k]);
	for (size_t i = 0; i < pf->nhosts; i++) {
		int c[4];
		rows[i] = host_cells(pf, &pf->hosts[i], c);
		for (int k = 0; rows[i] && k < NH; k++) {
			if (cols_width(rows[i][k]) > w[k])
				w[k] = cols_width(rows[i][k]);
			if (k < 4)
				total[k] += c[k];
		}
	}
	/* the columns that fit beside the host's name; the rest in another table below */
	for (int first = 1, end; first < NH; first = end) {
		int used = w[H_HOST];
		for (end = first; end < NH && used + 2 + w[end] <= width; end++)
			used += 2 + w[end];
		if (end == first)
			end++; /* a column wider than the line: alone */
		if (first > 1)
			fputc('\n', out);
		print_part(out, rows, pf->nhosts, w, first, end);
	}
	for (size_t i = 0; i < pf->nhosts; i++)
		strv_free(rows[i]);
	free(rows);
}

/* @text wrapped from column @at (after @lead, padded to it), within @width. */
static void print_wrapped(FILE *out, const char *lead, int at, int width, const char *text)
{
	char **lines = cols_wrap(text, width - at > 30 ? width - at : 30, 0);

	for (size_t i = 0; lines[i]; i++)
		fprintf(out, "%-*s%s\n", i ? at : (int)(at + strlen(lead) - cols_width(lead)),
			i ? "" : lead, lines[i]);
	strv_free(lines);
}

static const char *const sev_words[] = { "PASS", "INFO", "WARN", "FAIL" };

/* The findings worst first (passes too with @verbose), each text wrapped under itself. */
static void findings_text(const struct preflight *pf, FILE *out, int verbose, int width)
{
	int wh = 5, wi = 8, least = verbose ? SEV_PASS : SEV_INFO;

	for (size_t i = 0; i < pf->found.n; i++) {
		const struct finding *f = &pf->found.v[i];
		int hw = cols_width(f->host ? f->host : "(all)"), iw = cols_width(f->id);
		if ((int)f->severity < least)
			continue;
		wh = hw > wh ? hw : wh;
		wi = iw > wi ? iw : wi;
	}
	int at = 5 + wh + 1 + wi + 1;
	for (int sev = SEV_FAIL; sev >= least; sev--)
		for (size_t i = 0; i < pf->found.n; i++) {
			const struct finding *f = &pf->found.v[i];
			if ((int)f->severity != sev)
				continue;
			char *lead = xasprintf("%-4s %-*s %-*s ", sev_words[sev], wh,
					       f->host ? show(f->host) : "(all)", wi, f->id);
			print_wrapped(out, lead, at, width, show(f->text));
			free(lead);
			char *more = f->waived ? xasprintf(_("waived: %s"), show(f->waived))
				     : f->hint_text && sev >= SEV_WARN
					     ? xasprintf(_("hint: %s"), f->hint_text)
					     : NULL;
			if (more)
				print_wrapped(out, "", at, width, more);
			free(more);
		}
}

void report_text(const struct preflight *pf, FILE *out, int verbose, int width)
{
	int total[4] = { 0 }, cc[4];

	hosts_table(pf, out, width, total);
	findings_counts(&pf->found, NULL, cc);
	for (int k = 0; k < 4; k++)
		total[k] += cc[k];
	fputc('\n', out);
	findings_text(pf, out, verbose, width);
	fprintf(out, _("\n%zu host(s): %d passed, %d warnings, %d failed checks\n"), pf->nhosts,
		total[SEV_PASS], total[SEV_WARN], total[SEV_FAIL]);
}
