/*
 * Findings: what preflight found, one result per check and host, with a
 * stable id ("ram.min", "ssh.timeout", "cluster.clock_skew"), a severity,
 * a message and a hint. Each text is kept twice: in English, for machine
 * output (JSON, logs), and in the person's language, for the faces. A
 * waiver from the answer file turns a fail into a warn and a warn into an
 * info, and the finding keeps the waiver's reason.
 */
#ifndef NW_FINDINGS_H
#define NW_FINDINGS_H

#include <stdarg.h>
#include <stddef.h>

#include "deployment.h"

enum severity { SEV_PASS, SEV_INFO, SEV_WARN, SEV_FAIL };
extern const char *const severity_names[]; /* "pass", "info", "warn", "fail" */

struct finding {
	char *id;   /* stable: "ram.min", "ssh.timeout", "cluster.clock_skew" ... */
	char *host; /* NULL: the whole deployment */
	enum severity severity;
	enum severity found; /* the severity before any waiver */
	char *message;	     /* English: JSON reports, logs */
	char *text;	     /* the same, translated: for people */
	char *hint;	     /* English, or NULL */
	char *hint_text;     /* translated, or NULL */
	char *waived;	     /* the waiver's reason, or NULL */
	int from_run; /* found while probing (not by a rule): kept when rules are evaluated again */
};

struct findings {
	struct finding *v;
	size_t n, alloc;
};

/**
 * Add a finding. @hint and @fmt are English texts marked with N_(): the
 * finding gets them as they are and translated. @from_run: found by the run
 * itself (a host that did not answer), not by a rule.
 */
void findings_add(struct findings *fs, int from_run, const char *host, enum severity sev,
		  const char *id, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void findings_addv(struct findings *fs, int from_run, const char *host, enum severity sev,
		   const char *id, const char *hint, const char *fmt, va_list ap)
	__attribute__((format(printf, 7, 0)));
/** A finding whose text is made already: @message in English, @text translated. */
void findings_add_texts(struct findings *fs, int from_run, const char *host, enum severity sev,
			const char *id, const char *hint, const char *message, const char *text);
/** The reason of the deployment's waiver of check @id on @host (NULL: none covers it). */
const char *findings_waiver(const struct deployment *d, const char *id, const char *host);
/** Apply the deployment's waivers to every finding not yet waived (warn and fail only). */
void findings_waive(struct findings *fs, const struct deployment *d);
/**
 * Keep the findings @keep says yes to (the others are freed), in order.
 * A kept finding loses its waiver when @unwaive (rules will judge it again).
 */
void findings_filter(struct findings *fs, int (*keep)(const struct finding *f, void *ctx),
		     void *ctx, int unwaive);
/** Move every finding of @from about a host to the end of @into; @from is left empty. */
void findings_move_hosts(struct findings *into, struct findings *from);
/** Counts by severity of the findings about @host (NULL: about the whole deployment). */
void findings_counts(const struct findings *fs, const char *host, int counts[4]);
/** The worst severity over every finding (SEV_PASS if none). */
enum severity findings_worst(const struct findings *fs);
/** True if @f is about @host (NULL: about the whole deployment). */
int finding_is_of(const struct finding *f, const char *host);
void findings_release(struct findings *fs);

#endif
