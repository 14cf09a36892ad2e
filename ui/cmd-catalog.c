/*
 * nodewright catalog: the catalogs shipped with Nodewright, and the roles of
 * one of them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "deployment.h"
#include "nls.h"
#include "util.h"

/* One line per catalog shipped in the data directory. */
static void list_catalogs(const char *default_path)
{
	char **names = catalog_names();

	if (!names)
		return;
	puts(_("Catalogs (--catalog NAME, or \"catalog\": \"NAME\" in the answer file):"));
	for (size_t i = 0; names[i]; i++) {
		char *path = catalog_path(names[i], NULL);
		struct catalog cat;
		struct diags ds = DIAGS_INIT;
		if (catalog_load(&cat, path, &ds) == 0)
			printf("  %-12s %s %s, %zu roles%s%s%s\n", names[i], cat.platform,
			       cat.version, cat.nroles,
			       strcmp(path, default_path) == 0 ? _(" (default)") : "",
			       cat.description ? ": " : "", cat.description ? cat.description : "");
		else
			printf(_("  %-12s not usable: run 'nodewright catalog --catalog %s'\n"),
			       names[i], names[i]);
		diags_release(&ds);
		catalog_release(&cat);
		free(path);
	}
	putchar('\n');
	strv_free(names);
}

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	char *path = catalog_path(o->catalog, NULL);
	struct catalog cat;

	(void)argc, (void)argv;
	if (!o->catalog) {
		char *def = catalog_default_path();
		list_catalogs(def);
		free(def);
	}
	if (cli_load_catalog(&cat, path) < 0) {
		catalog_release(&cat);
		free(path);
		return EXIT_USAGE;
	}
	printf(_("%s %s (%s): %zu roles, install order: "), cat.platform, cat.version, path,
	       cat.nroles);
	for (size_t i = 0; cat.install_order[i]; i++)
		printf("%s%s", i ? " " : "", cat.install_order[i]);
	putchar('\n');
	for (size_t i = 0; i < cat.nroles; i++) {
		const struct role *r = &cat.roles[i];
		printf("  %-8s %-28s cpu %ld/%ld  ram %ld/%ld MB  disk %ld/%ld GB  x%ld..%ld%s\n",
		       r->id, r->name, r->cpu.min, r->cpu.recommended, r->ram_mb.min,
		       r->ram_mb.recommended, r->disk_gb.min, r->disk_gb.recommended, r->min_count,
		       r->max_count, r->figures_estimated ? _("  (estimated)") : "");
	}
	catalog_release(&cat);
	free(path);
	return EXIT_OK;
}

const struct cmd_entry cmd_catalog_entry = {
	"catalog",
	N_("list the catalogs shipped with Nodewright; check one and list its roles"),
	N_("Usage: nodewright catalog [--catalog NAME|FILE]\n"
	   "List the catalogs shipped with Nodewright, then check one (the default, or\n"
	   "the one named) and list its roles with their requirements.\n"),
	CLI_CATALOG,
	0,
	0,
	exec,
};
