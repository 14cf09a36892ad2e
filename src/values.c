/*
 * Values between nodes: the catalog's generated secrets and what steps
 * publish, kept in the state directory.
 */
#include "config.h"

#include "values.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonx.h"
#include "nls.h"
#include "sanitize.h"
#include "util.h"

static const char *const file_names[2] = { "values.json", "secrets.json" };

static int key_valid(const char *k, size_t n)
{
	if (n == 0 || n > VALUES_KEY_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)k[i]) && !isdigit((unsigned char)k[i]) && k[i] != '_')
			return 0;
	return 1;
}

static struct value *find(const struct values *vs, const char *key, const char *host, int gen)
{
	for (size_t i = 0; i < vs->n; i++) {
		struct value *v = &vs->v[i];
		if (v->generated == gen && strcmp(v->key, key) == 0 &&
		    (v->host && host ? strcmp(v->host, host) == 0 : v->host == host))
			return v;
	}
	return NULL;
}

static void put(struct values *vs, const char *key, const char *host, const char *value, int secret,
		int gen)
{
	struct value *v = find(vs, key, host, gen);

	if (!v) {
		vs->v = xrealloc(vs->v, (vs->n + 1) * sizeof *vs->v);
		v = &vs->v[vs->n++];
		memset(v, 0, sizeof *v);
		v->key = xstrdup(key);
		v->host = host ? xstrdup(host) : NULL;
		v->generated = gen;
	} else {
		secret_free(v->value);
	}
	v->value = xstrdup(value);
	v->secret = secret || gen;
}

/* json-c: *_add() steal the reference of the value they are given. */
static int save(const struct values *vs, int secret, char **cause)
{
	struct json_object *root = json_object_new_object(), *vals = json_object_new_object();
	struct json_object *gen = secret ? json_object_new_object() : NULL;

	json_object_object_add(root, "format", json_object_new_int(1));
	for (size_t i = 0; i < vs->n; i++) {
		const struct value *v = &vs->v[i];
		if (v->secret != secret)
			continue;
		char *k = v->host ? xasprintf("%s@%s", v->key, v->host) : xstrdup(v->key);
		json_object_object_add(v->generated ? gen : vals, k,
				       json_object_new_string(v->value));
		free(k);
	}
	if (gen)
		json_object_object_add(root, "generated", gen);
	json_object_object_add(root, "values", vals);
	char *path = xasprintf("%s/%s", vs->dir, file_names[secret]);
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY);
	int rc = write_file_atomic(path, text, strlen(text), 0600, cause);
	if (secret)
		secure_zero((char *)text, strlen(text));
	json_object_put(root);
	free(path);
	return rc;
}

/* Add the members of object @o of a file to @vs. */
static void load_members(struct values *vs, struct json_object *o, int secret, int gen)
{
	if (!o || !json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, k, val)
	{
		const char *at = strchr(k, '@');
		size_t kn = at ? (size_t)(at - k) : strlen(k);
		if (!json_object_is_type(val, json_type_string) || !key_valid(k, kn))
			continue;
		char *key = xstrndup(k, kn);
		put(vs, key, at ? at + 1 : NULL, json_object_get_string(val), secret, gen);
		free(key);
	}
}

static int load(struct values *vs, int secret, char **cause)
{
	char *path = xasprintf("%s/%s", vs->dir, file_names[secret]), *text = NULL;
	size_t len;
	int rc = 0;

	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if (read_private_file(path, &text, &len, cause) == 0) {
		struct json_tokener *tok = json_tokener_new();
		struct json_object *root = json_tokener_parse_ex(tok, text, (int)len), *o;
		if (!root || !json_object_is_type(root, json_type_object)) {
			rc = nw_fail(cause,
				     N_("%s is damaged (not a JSON object): remove it only "
					"if the deployment is reinstalled"),
				     path);
		} else {
			if (json_object_object_get_ex(root, "values", &o))
				load_members(vs, o, secret, 0);
			if (secret && json_object_object_get_ex(root, "generated", &o))
				load_members(vs, o, 1, 1);
		}
		json_object_put(root);
		json_tokener_free(tok);
		if (secret)
			secure_zero(text, len);
		free(text);
	} else {
		rc = -1;
	}
	free(path);
	return rc;
}

/* @len characters of [A-Za-z0-9] from the kernel's random source. */
static char *random_secret(long len)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char *s = xcalloc((size_t)len + 1, 1);
	unsigned char b;

	for (long i = 0; i < len;) {
		if (getrandom(&b, 1, 0) != 1)
			continue; /* EINTR; the kernel's pool never runs dry once seeded */
		if (b < 248)	  /* 248 = 4 * 62: no bias */
			s[i++] = set[b % 62];
	}
	return s;
}

int values_open(struct values *vs, const char *dir, const struct catalog *c, char **cause)
{
	int made = 0;

	memset(vs, 0, sizeof *vs);
	protect_secrets(); /* generated secrets are held from here on */
	vs->dir = xstrdup(dir);
	/* read only (@c NULL): a missing directory holds nothing */
	if (!c && access(dir, F_OK) != 0)
		return 0;
	if (private_dir(dir, c != NULL, cause) < 0)
		return -1;
	if (load(vs, 0, cause) < 0 || load(vs, 1, cause) < 0)
		return -1;
	for (size_t i = 0; c && i < c->nsecrets; i++) {
		if (find(vs, c->secrets[i].id, NULL, 1))
			continue;
		char *s = random_secret(c->secrets[i].length);
		put(vs, c->secrets[i].id, NULL, s, 1, 1);
		secret_free(s);
		made = 1;
	}
	return made ? save(vs, 1, cause) : 0;
}

void values_release(struct values *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].key);
		free(vs->v[i].host);
		secret_free(vs->v[i].value);
	}
	free(vs->v);
	free(vs->dir);
	memset(vs, 0, sizeof *vs);
}

int values_line(struct values *vs, const char *line, const struct value **kept, char **cause)
{
	int secret;
	const char *p;

	if (strncmp(line, "::set ", 6) == 0) {
		secret = 0;
		p = line + 6;
	} else if (strncmp(line, "::secret ", 9) == 0) {
		secret = 1;
		p = line + 9;
	} else {
		return 0;
	}
	size_t kn = strcspn(p, " @");
	const char *host = NULL, *end = p + kn;
	size_t hn = 0;
	if (*end == '@') {
		host = end + 1;
		hn = strcspn(host, " ");
		end = host + hn;
	}
	if (!key_valid(p, kn) || (host && (hn == 0 || hn > 255)) || *end != ' ')
		return nw_fail(cause, N_("ignored: a value needs \"KEY[@HOST] VALUE\" with KEY of "
					 "a-z, 0-9 and _"));
	const char *value = end + 1;
	if (strlen(value) > VALUES_VALUE_MAX)
		return nw_fail(cause, N_("ignored: a value is longer than %d bytes"),
			       VALUES_VALUE_MAX);
	/* values are kept in JSON files and handed to later steps: text, never raw bytes */
	if (!utf8_valid(p, strlen(p)))
		return nw_fail(cause, N_("ignored: a value must be valid UTF-8 text"));
	char *key = xstrndup(p, kn), *h = host ? xstrndup(host, hn) : NULL;
	if (!find(vs, key, h, 0) && vs->n >= VALUES_MAX) {
		free(key);
		free(h);
		return nw_fail(cause, N_("ignored: the deployment holds %d values already"),
			       VALUES_MAX);
	}
	struct value *old = find(vs, key, h, 0);
	int was_secret = old && old->secret;
	put(vs, key, h, value, secret, 0);
	if (kept)
		*kept = find(vs, key, h, 0);
	free(key);
	free(h);
	/* a value that changes kind leaves the file it was in */
	if (save(vs, secret, cause) < 0 ||
	    (old && was_secret != secret && save(vs, !secret, cause) < 0))
		return -1;
	return 1;
}

static char *var_name(const char *prefix, const char *key)
{
	char *name = xasprintf("%s%s", prefix, key);

	for (char *q = name; *q; q++)
		*q = (char)toupper((unsigned char)*q);
	return name;
}

void values_vars(const struct values *vs, const char *host, const char *repo_key,
		 struct step_var **out, size_t *n)
{
	*out = xcalloc(vs->n + 3, sizeof **out); /* and room for the caller's one */
	*n = 0;
	for (size_t i = 0; i < vs->n; i++) {
		const struct value *v = &vs->v[i];
		if (v->host && strcmp(v->host, host) != 0)
			continue;
		/* a host's own value wins over the general one of the same key */
		if (!v->host && !v->generated && find(vs, v->key, host, 0))
			continue;
		(*out)[*n].name = var_name(v->generated ? "NW_SECRET_" : "NW_VAL_", v->key);
		(*out)[*n].value = xstrdup(v->value);
		(*n)++;
	}
	if (repo_key) {
		(*out)[*n].name = xstrdup("NW_REPO_KEY");
		(*out)[*n].value = xstrdup(repo_key);
		(*n)++;
	}
}

void step_vars_free(struct step_var *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		secret_free(v[i].value);
	}
	free(v);
}

const char *values_secret(const struct values *vs, const char *id)
{
	const struct value *v = find(vs, id, NULL, 1);

	return v ? v->value : NULL;
}
