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
