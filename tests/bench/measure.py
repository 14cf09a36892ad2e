#!/usr/bin/env python3
"""make bench: run one client command and account for all of it.

    measure.py OUT -- COMMAND [ARG...]

Writes "WALL_MS CPU_USER_MS CPU_SYS_MS MAXRSS_KIB EXIT" to OUT and exits
with the command's status.

Why not /usr/bin/time: it sees only the processes the command waits for.
OpenSSH's ControlPersist masters (Ansible's and the ControlMaster loop's)
fork into the background and would be reparented to init, their CPU lost.
This wrapper makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER),
so such processes become its children. The wall time ends when the command
exits (a persisted master outliving the command costs the user no time);
then whatever is left of the command's tree (the masters) is sent SIGTERM and
reaped, and getrusage(RUSAGE_CHILDREN) gives user and system CPU of every
process of the tree and the largest peak RSS among them.
"""
import ctypes
import os
import resource
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def my_children():
    """PIDs whose parent is this process (orphans adopted as subreaper)."""
    me = os.getpid()
    kids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the fields after the command name, which may hold spaces and ')'
        fields = stat[stat.rfind(b")") + 2:].split()
        if int(fields[1]) == me:
            kids.append(int(name))
    return kids


def reap_all(deadline):
    """SIGTERM and reap every adopted process; SIGKILL past the deadline."""
    while True:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                break
        kids = my_children()
        if not kids:
            return
        sig = signal.SIGKILL if time.monotonic() > deadline else signal.SIGTERM
        for pid in kids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.stderr.write("usage: measure.py OUT -- COMMAND [ARG...]\n")
        return 2
    out, argv = sys.argv[1], sys.argv[3:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.stderr.write("measure.py: prctl(PR_SET_CHILD_SUBREAPER) failed\n")
        return 2
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    # wait for the command itself; adopted orphans that exit meanwhile are
    # reaped too (their usage counts all the same)
    while True:
        got, status = os.waitpid(-1, 0)
        if got == pid:
            break
    wall = time.monotonic() - t0
    reap_all(time.monotonic() + 5)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        code = 128 - code
    with open(out, "w") as f:
        f.write("%d %d %d %d %d\n" % (wall * 1000, ru.ru_utime * 1000, ru.ru_stime * 1000,
                                      ru.ru_maxrss, code))
    return code


if __name__ == "__main__":
    sys.exit(main())
