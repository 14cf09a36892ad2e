# Helpers for tests that drive Nodewright in a real terminal: a tmux pane
# (80x24) on a tmux server private to the test, so tests that run in
# parallel (make -j check) never share a server or race its exit.
# Source after tests/lib.sh; the test sets S, the session's name.
# shellcheck shell=bash
NW_TMUX=${TMPDIR:-/tmp}/nwtest-tmux-$$
tm() { tmux -S "$NW_TMUX" -f /dev/null "$@"; }

# tui_start COMMAND: run COMMAND (a shell line) in session $S, 80x24. The
# server stays up between sessions (exit-empty off); tui_cleanup ends it.
tui_start() {
	local i
	for i in 1 2 3 4 5; do
		if tm new-session -d -s "$S" -x 80 -y 24 "$1" 2>/dev/null; then
			tm set-option -g exit-empty off >/dev/null 2>&1
			return 0
		fi
		sleep 0.5
	done
	echo "# tmux could not start session $S"
	return 1
}
tui_stop() { tm kill-session -t "$S" 2>/dev/null; }
tui_cleanup() {
	tm kill-server 2>/dev/null
	rm -f "$NW_TMUX"
}

screen() { tm capture-pane -p -t "$S"; }
# wait_for REGEX SECONDS: until the screen matches; if it never does, the
# screen goes to the log (as TAP comments) so a failure explains itself
wait_for() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	echo "# waited ${2}s for /$1/; the screen:"
	screen | sed 's/^/# | /'
	return 1
}
# newt drops typeahead when a window opens: give each window a moment first
keys() {
	sleep 0.4
	tm send-keys -t "$S" "$@"
}
tabs() { # N [KEY...]: N tabs, then the keys
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do keys Tab; done
	[ $# -eq 0 ] || keys "$@"
}
tui_resize() { # COLS ROWS
	tm resize-window -t "$S" -x "$1" -y "$2" 2>/dev/null || tm resize-pane -t "$S" -x "$1" -y "$2"
}
exit_status() { screen | grep -o 'EXIT=[0-9]*'; }
sane() { screen | grep -m1 -o ' -\?icanon\b.* -\?echo\b'; } # after "stty -a"
shot() { # NAME: NW_SCREENSHOTS=DIR keeps the screen (for the closing note)
	[ -n "${NW_SCREENSHOTS:-}" ] || return 0
	mkdir -p "$NW_SCREENSHOTS"
	screen >"$NW_SCREENSHOTS/$1.txt"
}
