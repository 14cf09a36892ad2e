# make bench, section "dashboard": the dashboard's CPU once a big run has
# ended. nodewright apply runs in a 200x50 terminal (tmux) on the plan's
# deployment of DASH_NODES nodes; when every node is done and the dashboard
# says it finished, its CPU (utime+stime from /proc/PID/stat) is read over
# RUNS windows of IDLE seconds, pidstat watching the same windows.
# shellcheck shell=bash
# shellcheck source=tests/tmux.sh
. "$NW_SRCDIR/tests/tmux.sh"
BENCH_SECTIONS+=(dashboard)
CLEANUPS+=(tui_cleanup)
DASH_NODES=${NW_BENCH_DASH_NODES:-${SCALE##*,}}
IDLE=${NW_BENCH_IDLE_SECS:-10}
hosts_dashboard() { read -r h _ <<<"$(layout "$DASH_NODES")" && echo "$h"; }

cpu_ticks() { # PID: utime+stime, in clock ticks
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

section_dashboard() {
	local nodes=$DASH_NODES h r pid pane tick w t0 t1 c0 c1 ms pct pids=() deadline
	read -r h r <<<"$(layout "$nodes")"
	bench_lab "$h"
	make_catalog "$r"
	plan_answer "$T/dash.json" "$h" "$r"
	"$NODEWRIGHT" run -f "$T/dash.json" -c true >/dev/null 2>&1 || die "warm-up: nodewright run failed"
	wipe_hosts "$h"
	rm -rf "$T/state"
	S=nwbench-dash-$$
	tm new-session -d -s "$S" -x 200 -y 50 \
		"HOME='$T' NODEWRIGHT_DATADIR='$NODEWRIGHT_DATADIR' '$NODEWRIGHT' apply -f '$T/dash.json'; echo EXIT=\$?; sleep 3600" ||
		die "tmux did not start"
	say "dashboard: apply of $nodes nodes on a 200x50 terminal"
	# look every 2 s (the capture costs CPU the run would feel)
	deadline=$((SECONDS + 600 + nodes * 4))
	# the dashboard's last line once every node is done (it said "done N running 0" and
	# "finished - r retry" before nodes had outcomes: the section waited out its deadline)
	until screen | grep -Eq "all $nodes nodes done: $nodes changed, 0 ok"; do
		[ "$SECONDS" -lt "$deadline" ] || {
			screen | sed 's/^/| /' >&2
			die "the dashboard did not finish $nodes nodes"
		}
		screen | grep -Eq '^EXIT=' && {
			screen | sed 's/^/| /' >&2
			die "apply exited before the summary"
		}
		sleep 2
	done
	pane=$(tm display -p -t "$S" '#{pane_pid}')
	pid=$(pgrep -P "$pane" -x nodewright) || die "no nodewright under the terminal"
	tick=$(getconf CLK_TCK)
	section dash "Dashboard idle: apply on a 200x50 terminal, $nodes nodes ($h hosts x $r roles), after the run"
	sleep 2
	for ((w = 1; w <= RUNS; w++)); do
		pidstat -p "$pid" "$IDLE" 1 >"$T/pidstat.$w" 2>&1 &
		pids+=($!)
		t0=$(date +%s%N) c0=$(cpu_ticks "$pid")
		sleep "$IDLE"
		t1=$(date +%s%N) c1=$(cpu_ticks "$pid")
		wait "${pids[-1]}" || true
		ms=$(((c1 - c0) * 1000 / tick))
		printf '%s\t%s\t%s\t%s\t%s\n' dash "idle window, $IDLE s (CPU = dashboard's)" \
			$(((t1 - t0) / 1000000)) "$ms" "$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")" >>"$T/results"
		pct=$(awk '/^Average/ { print $(NF - 2) }' "$T/pidstat.$w")
		say "  idle window $w: $ms ms of CPU in ${IDLE} s (pidstat: ${pct:-?} %)"
		PIDSTAT+=("${pct:-?}")
	done
	ms=$(median dash "idle window, $IDLE s (CPU = dashboard's)" 4)
	note dash "idle CPU: $(awk -v c="$ms" -v s="$IDLE" 'BEGIN { printf "%.2f", c / (s * 10) }') %" \
		"(median of $RUNS windows, /proc/PID/stat; pidstat: ${PIDSTAT[*]} %)"
	keys q
	deadline=$((SECONDS + 30))
	until screen | grep -q '^EXIT='; do
		[ "$SECONDS" -lt "$deadline" ] || die "the dashboard did not quit on q"
		sleep 0.5
	done
	[ "$(exit_status)" = EXIT=0 ] || die "apply on the terminal: $(exit_status)"
	verify_plan "$h" "$r" || die "the dashboard's run did not do the work"
	tui_stop
}
PIDSTAT=()
