/*
 * How Nodewright logs in to a host and gets root there, and how it treats
 * host keys: one set of words for the answer file (deployment.h) and the
 * SSH machinery (ssh.h).
 */
#ifndef NW_LOGIN_H
#define NW_LOGIN_H

enum auth_method { AUTH_UNSET = -1, AUTH_KEY, AUTH_AGENT, AUTH_PASSWORD, AUTH_KBDINT };
enum sudo_mode { SUDO_UNSET = -1, SUDO_NONE, SUDO_NOPASSWD, SUDO_PASSWORD };
/* HOSTKEY_DEFAULT: whatever the answer file says */
enum hostkey_policy { HOSTKEY_DEFAULT = -1, HOSTKEY_ASK, HOSTKEY_STRICT, HOSTKEY_ACCEPT_NEW };

#endif
