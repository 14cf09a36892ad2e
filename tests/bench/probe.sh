# make bench, section "probe": data/probe.sh on N lab hosts, six ways -
# Nodewright (one process, one poll loop), pdsh -R ssh, parallel-ssh, clush,
# ansible -m raw (fanout N each) and OpenSSH one host at a time.
# shellcheck shell=bash
BENCH_SECTIONS+=(probe)
hosts_probe() { echo "$HOSTS"; }

# every host answered, once, with the probe's last line
answered() { # FILE REGEX-of-the-last-line: lines "HOST: end", one per host
	[ "$(grep -E "$2" "$1" | cut -d: -f1 | sort -u | wc -l)" -eq "$PN" ] &&
		[ "$(grep -cE "$2" "$1")" -eq "$PN" ]
}
probe_check_prefixed() { answered "$T/last.out" ': end$'; }
probe_check_pssh() {
	[ "$(grep -c '\[SUCCESS\]' "$T/last.out")" -eq "$PN" ] &&
		[ "$(for f in "$T"/pssh.d/*; do tail -1 "$f"; done | grep -c '^end$')" -eq "$PN" ]
}
probe_check_ansible() {
	[ "$(grep -c '| CHANGED | rc=0' "$T/last.out")" -eq "$PN" ] &&
		[ "$(grep -cE $'^end\r?$' "$T/last.out")" -eq "$PN" ]
}
probe_check_plain() { [ "$(grep -c '^end$' "$T/last.out")" -eq "$PN" ]; }

# OpenSSH one host at a time (run by measure.py through bash -c)
probe_ssh_loop() {
	local i
	for ((i = 1; i <= PN; i++)); do ssh -F "$CFG" "b$i" sh -s <"$PROBE" || return 1; done
}

section_probe() {
	local n=$HOSTS rep script i
	export PN=$n PROBE=$NW_SRCDIR/data/probe.sh
	export -f probe_ssh_loop
	bench_lab "$n"
	section probe "Probe of $n hosts (data/probe.sh, $(wc -c <"$PROBE") bytes; fanout $n)"
	lab_answer "$n" | jq ".options.concurrency = $n" >"$T/probe.json"
	seq 1 "$n" | sed 's/^/b/' >"$T/hosts"
	ansible_setup "$n" b
	script=$(cat "$PROBE")
	# the rows: name, check, command
	local rows=("nodewright run" "pdsh -R ssh" "parallel-ssh" "clush" "ansible -m raw" "OpenSSH loop (sequential)")
	probe_row() {
		case $1 in
		0) bench_measure "$2" "${rows[0]}" probe_check_prefixed "$NODEWRIGHT" run -f "$T/probe.json" "$PROBE" ;;
		1) bench_measure "$2" "${rows[1]}" probe_check_prefixed pdsh -R ssh -f "$n" -w "b[1-$n]" "$script" ;;
		2)
			rm -rf "$T/pssh.d"
			bench_measure "$2" "${rows[2]}" probe_check_pssh "$PSSH" -h "$T/hosts" -p "$n" -t 0 \
				-o "$T/pssh.d" -x "-F $CFG" "$script"
			;;
		3) bench_measure "$2" "${rows[3]}" probe_check_prefixed clush -f "$n" -w "b[1-$n]" -o "-F $CFG" "$script" ;;
		4)
			ansible_cold
			bench_measure "$2" "${rows[4]}" probe_check_ansible ansible lab -m raw -a "$script" -f "$n"
			;;
		5) bench_measure "$2" "${rows[5]}" probe_check_plain bash -c probe_ssh_loop ;;
		esac
	}
	say "probe: warm-up (host keys, page cache)"
	for i in 0 1 2 3 4 5; do probe_row "$i" warm; done
	for ((rep = 1; rep <= RUNS; rep++)); do
		say "probe: run $rep of $RUNS"
		for i in 0 1 2 3 4 5; do probe_row "$i" probe; done
	done
	local nw pd
	nw=$(median probe "${rows[0]}" 3) pd=$(median probe "${rows[1]}" 3)
	note probe "nodewright / pdsh: wall $(ratio "$nw" "$pd")x, client CPU $(ratio \
		"$(median probe "${rows[0]}" 4)" "$(median probe "${rows[1]}" 4)")x; nodewright /" \
		"OpenSSH loop: wall $(ratio "$nw" "$(median probe "${rows[5]}" 3)")x"
	note probe "nodewright client CPU per host: $(ratio "$(median probe "${rows[0]}" 4)" "$n") ms"
}

# Section "preflight": the whole preflight (probe, rules, storage, reachability
# between the roles' hosts, clocks) against the probe alone (run) on each of
# PF_HOSTS's host counts, the test catalog's four roles spread over them.
# Goals: preflight within 1.5x of run's wall time; client RSS at most 100 KiB
# and the probe's CPU at most 5 ms a host.
BENCH_SECTIONS+=(preflight)
PF_HOSTS=${NW_BENCH_PF_HOSTS:-150,300}
hosts_preflight() { tr , '\n' <<<"$PF_HOSTS" | sort -n | tail -1; }
# every host probed and passing, and the reachability checked
preflight_check() {
	jq -e --argjson n "$PF_N" '(.hosts | length == $n) and
		([.hosts[] | select(.status != "PASS" and .status != "WARN")] | length == 0) and
		([.hosts[].findings[] | select(.id == "cluster.private_reach" and .severity == "pass")] | length > 0)' \
		"$T/last.out" >/dev/null
}
preflight_run_check() { [ "$(grep -c ': end$' "$T/last.out")" -eq "$PF_N" ]; }

section_preflight() {
	local n list
	IFS=, read -r -a list <<<"$PF_HOSTS"
	for n in "${list[@]}"; do preflight_of "$n"; done
}

# preflight_of N: the section for hosts 1..N
preflight_of() {
	local n=$1 rep i names=(db cache app web) roles=() sec=preflight-$1
	PF_N=$n
	bench_lab "$n"
	section "$sec" "Preflight of $n hosts (probe, rules, reachability, clocks) against the probe alone"
	mkdir -p "$T/pfcat"
	cp -r "$NW_SRCDIR/tests/data/catalog/steps" "$T/pfcat/"
	jq '.roles |= map_values(.instances.max = 1000)' "$NW_SRCDIR/tests/data/catalog/catalog.json" >"$T/pfcat/catalog.json"
	for ((i = 1; i <= n; i++)); do roles+=("\"${names[$(((i - 1) % 4))]}\""); done
	lab_answer "$n" "${roles[@]}" | jq --arg c "$T/pfcat/catalog.json" '.catalog = $c |
		.storage = [{"role": "db", "volume": "data", "kind": "local", "path": "/srv/nwtest-db"}]' >"$T/pf.json"
	local rows=("nodewright preflight" "nodewright run (probe only)")
	pf_row() {
		case $1 in
		0) bench_measure "$2" "${rows[0]}" preflight_check "$NODEWRIGHT" preflight -f "$T/pf.json" --json ;;
		1) bench_measure "$2" "${rows[1]}" preflight_run_check "$NODEWRIGHT" run -f "$T/pf.json" "$NW_SRCDIR/data/probe.sh" ;;
		esac
	}
	say "$sec: warm-up"
	for i in 0 1; do pf_row "$i" warm; done
	for ((rep = 1; rep <= RUNS; rep++)); do
		say "$sec: run $rep of $RUNS"
		for i in 0 1; do pf_row "$i" "$sec"; done
	done
	note "$sec" "preflight / run: wall $(ratio "$(median "$sec" "${rows[0]}" 3)" \
		"$(median "$sec" "${rows[1]}" 3)")x (goal <= 1.5x)"
	note "$sec" "a host: preflight $(ratio "$(median "$sec" "${rows[0]}" 4)" "$n") ms of client CPU and" \
		"$(ratio "$(median "$sec" "${rows[0]}" 5)" "$n") KiB of RSS; run $(ratio "$(median "$sec" "${rows[1]}" 4)" "$n")" \
		"ms and $(ratio "$(median "$sec" "${rows[1]}" 5)" "$n") KiB (goals: RSS <= 100 KiB, the probe's CPU <= 5 ms)"
}
