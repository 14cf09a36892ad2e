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

# The frame check: no window is cut by the screen's edge. A cut window runs
# into the first or last row or column (where no frame line ever is: the
# top line and the help line own the first and last rows, and every window
# keeps a column free on each side). And the window on top (titled TITLE)
# is whole: its top border from corner to corner around the title, a side
# on each of its rows, and its bottom border from corner to corner.
whole_frame() { # COLS ROWS TITLE; says what is wrong
	local cols=$1 rows=$2 title=$3 n=0 line bad="" box='[─│┌┐└┘├┤]' scr=()
	while IFS= read -r line; do
		scr+=("$line")
		n=$((n + 1))
		if { [ $n -eq 1 ] || [ $n -eq "$rows" ]; } && [[ $line =~ $box ]]; then
			bad+="row $n holds a frame line; "
		fi
		[[ ${line:0:1} =~ $box ]] && bad+="row $n starts with a frame line; "
		[ ${#line} -ge "$cols" ] && [[ ${line:cols-1:1} =~ $box ]] && bad+="row $n ends on a frame line; "
	done < <(screen)
	[ "$n" -eq "$rows" ] || bad+="$n rows, not $rows; "
	bad+=$(window_whole "$title" "${scr[@]}")
	[ -z "$bad" ] || { echo "# $bad"; return 1; }
}
window_whole() { # TITLE LINE...: what is wrong with the window titled TITLE
	local title=$1 t=-1 i l r c pre
	shift
	local lines=("$@")
	for i in "${!lines[@]}"; do
		[[ ${lines[i]} == *"┤ $title ├"* ]] && { t=$i; break; }
	done
	[ "$t" -ge 0 ] || { echo "no window titled '$title'; "; return; }
	pre=${lines[t]%%"┤ $title ├"*}
	l=${#pre}
	while [ "$l" -gt 0 ] && [ "${lines[t]:l-1:1}" = ─ ]; do l=$((l - 1)); done
	r=$((${#pre} + ${#title} + 4))
	while [ "${lines[t]:r:1}" = ─ ]; do r=$((r + 1)); done
	l=$((l - 1))
	if [ "${lines[t]:l:1}" != ┌ ] || [ "${lines[t]:r:1}" != ┐ ]; then
		echo "'$title': its top border is cut; "
		return
	fi
	for ((i = t + 1; i < ${#lines[@]}; i++)); do
		c="${lines[i]:l:1}${lines[i]:r:1}"
		[ "$c" = └┘ ] && return
		[ "$c" = ││ ] || { echo "'$title': row $((i + 1)) lacks a side; "; return; }
	done
	echo "'$title': no bottom border; "
}
# view_ok NAME HELP COLS ROWS BUTTON...: the wizard's screen at COLSxROWS: its
# title on top, every window whole (the top one is titled NAME's part before
# " (" or the whole NAME), each BUTTON (a label, or <label> for a compact one)
# on screen whole, and the help line the screen's own, unshortened
view_ok() {
	local name=$1 help=$2 cols=$3 rows=$4 why="" b scr last
	shift 4
	scr=$(screen)
	whole_frame "$cols" "$rows" "${TITLE:-$name}" || why+="a window is cut; "
	last=$(printf '%s\n' "$scr" | tail -1 | sed 's/ *$//')
	[ "$last" = "F1 help | $help" ] || why+="the help line is '$last'; "
	[[ $scr == Nodewright* ]] || why+="no title line; "
	for b in "$@"; do
		case $b in
		'<'*) grep -qF -- "$b" <<<"$scr" ;;
		*) grep -qF -- "│ $b │" <<<"$scr" ;;
		esac || why+="button $b is not on screen; "
	done
	if [ -z "$why" ]; then
		ok 0 "$name at ${cols}x$rows: whole, every button on screen, the screen's help line"
	else
		ok 1 "$name at ${cols}x$rows: whole, every button on screen, the screen's help line"
		echo "# $why"
		printf '%s\n' "$scr" | sed 's/^/# | /'
	fi
}
# cycle NAME HELP BUTTON...: view_ok at 80x24, then resized to 120x40, 100x30,
# 60x20 (the one "terminal too small" screen, nothing else) and back to 80x24;
# TITLE (default NAME) is the title of the window on top
cycle() {
	local name=$1 help=$2 s
	shift 2
	view_ok "$name" "$help" 80 24 "$@"
	for s in 120x40 100x30 60x20 80x24; do
		tui_resize "${s%x*}" "${s#*x}"
		sleep 0.8
		if [ "$s" = 60x20 ]; then
			if screen | grep -q 'terminal too small (need 80x24, have 60x20)' &&
				! screen | grep -q '[─│┌┐└┘]'; then
				ok 0 "$name at 60x20: only the terminal-too-small screen"
			else
				ok 1 "$name at 60x20: only the terminal-too-small screen"
				screen | sed 's/^/# | /'
			fi
			continue
		fi
		view_ok "$name" "$help" "${s%x*}" "${s#*x}" "$@"
	done
}
