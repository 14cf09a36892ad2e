/*
 * Host ranges as admins write them: 10.0.0.[10-20], db[1-3].example.com,
 * web[01-04] (zero-padded), and the short name a host gets from its address.
 */
#ifndef NW_HOSTRANGE_H
#define NW_HOSTRANGE_H

/** Expand one range such as 10.0.0.[10-12] or db[1-3].example.com; caller frees with strv_free. */
char **expand_host_range(const char *pattern, char **cause);
/** A host name for an address: the first DNS label, or the IP with '-' for '.' and ':'. */
char *host_name_for(const char *address);

#endif
