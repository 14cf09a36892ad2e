# make bench, sections "plan", "scale" and "slow": a plan of STEPS small
# shell steps (each writes 256 KiB and checksums it) on lab hosts.
# shellcheck shell=bash
BENCH_SECTIONS+=(plan scale slow)
CLEANUPS+=(stop_proxy)
STEPS=${NW_BENCH_STEPS:-10}
SCALE=${NW_BENCH_SCALE:-50,150,300}
LAB_MAX=${NW_BENCH_LAB_MAX:-300}
RTT=${NW_BENCH_RTT_MS:-50}
[ "$LAB_MAX" -le 500 ] || die "NW_BENCH_LAB_MAX: the lab has at most 500 hosts"

hosts_plan() { echo "$HOSTS"; }
hosts_slow() { echo "$HOSTS"; }
hosts_scale() { # the most any of the node counts needs
	local list n h most=1
	IFS=, read -r -a list <<<"$SCALE"
	for n in "${list[@]}"; do
		read -r h _ <<<"$(layout "$n")"
		[ "$h" -le "$most" ] || most=$h
	done
	echo "$most"
}

# ---------------------------------------------------------------- the plan
# The bench catalog, in $T/cat: roles bench, bench2 ... benchR, each the same
# STEPS steps; a step's output goes to /var/tmp/nwbench/ROLE (NW_ROLE; "bench"
# for the tools that set no NW_ROLE). Step K writes 256 KiB of one letter, so
# the checksum every host must end with is known here.
LETTERS=ABCDEFGHIJKLMNOPQRSTUVWXYZ
make_catalog() { # ROLES
	local roles=$1 k c steps="[]"
	rm -rf "$T/cat"
	mkdir -p "$T/cat/steps"
	for ((k = 1; k <= STEPS; k++)); do
		c=${LETTERS:$(((k - 1) % 26)):1}
		cat >"$T/cat/steps/s$k.sh" <<EOF
#!/bin/sh
# make bench: step $k of $STEPS - write 256 KiB and checksum it (~10 ms of work)
set -eu
d=/var/tmp/nwbench/\${NW_ROLE:-bench}
mkdir -p "\$d"
dd if=/dev/zero bs=64k count=4 2>/dev/null | tr '\\000' '$c' >"\$d/$k.dat"
sha256sum "\$d/$k.dat" >"\$d/$k.sum"
EOF
		steps=$(jq --argjson k "$k" '. + [{"id": "s\($k)", "title": "Step \($k)",
			"script": "steps/s\($k).sh", "timeout": 120, "weight": 1}]' <<<"$steps")
		EXPECT_HASH[k]=$(head -c 262144 /dev/zero | tr '\000' "$c" | sha256sum | cut -d' ' -f1)
	done
	# shellcheck disable=SC2016 # $NW_ROLE is the step's
	printf '#!/bin/sh\n# make bench: the health check - the last step left its checksum\ntest -s "/var/tmp/nwbench/$NW_ROLE/%d.sum"\n' \
		"$STEPS" >"$T/cat/steps/health.sh"
	jq --argjson steps "$steps" --argjson n "$roles" '.roles.cache as $r |
	    .roles = ([range(1; $n + 1)] | map({key: (if . == 1 then "bench" else "bench\(.)" end),
	      value: ($r | .name = "Bench" | .description = "make bench: \($steps | length) small steps" |
	        .install = $steps | .ports = [] | .instances = {"min": 0, "max": 10000} | del(.remove) |
	        .health = {"id": "health", "title": "Health", "script": "steps/health.sh",
	                   "timeout": 30, "weight": 1})}) | from_entries)' \
		"$NW_SRCDIR/tests/data/catalog/catalog.json" >"$T/cat/catalog.json"
	STEPDIR=$T/cat/steps
}

# plan_answer FILE HOSTS ROLES [PORT-OFFSET]: hosts 1..HOSTS with roles
# bench..benchROLES each (default options), on the lab's ports + offset
plan_answer() {
	local f=$1 h=$2 r=$3 off=${4:-0} rl='"bench"' i roles=()
	for ((i = 2; i <= r; i++)); do rl+=", \"bench$i\""; done
	for ((i = 1; i <= h; i++)); do roles+=("$rl"); done
	lab_answer "$h" "${roles[@]}" |
		jq --arg c "$T/cat/catalog.json" --argjson off "$off" '.catalog = $c | .hosts[].port += $off' >"$f"
	"$NODEWRIGHT" validate "$f" >/dev/null 2>&1 || die "$f: $("$NODEWRIGHT" validate "$f" 2>&1 | head -3)"
}

# layout NODES: "HOSTS ROLES" - one role a host while the lab is big enough
# (NW_BENCH_LAB_MAX hosts), else as many roles a host as it takes
layout() {
	local n=$1 r
	r=$(((n + LAB_MAX - 1) / LAB_MAX))
	[ $((n % r)) -eq 0 ] || die "$n nodes do not fill $r roles a host evenly"
	echo "$((n / r)) $r"
}

# verify_plan HOSTS ROLES: every step's file on every host of 1..HOSTS, for
# roles bench..benchROLES, with the right checksum, recorded and recomputed
verify_plan() {
	local h=$1 r=$2 i j k role sums="" dats="" want="" got
	for ((j = 1; j <= r; j++)); do
		role=bench
		[ "$j" -eq 1 ] || role=bench$j
		for ((k = 1; k <= STEPS; k++)); do
			sums+=" /var/tmp/nwbench/$role/$k.sum"
			dats+=" /var/tmp/nwbench/$role/$k.dat"
			want+="${EXPECT_HASH[k]}  /var/tmp/nwbench/$role/$k.dat"$'\n'
		done
	done
	for ((i = 1; i <= h; i++)); do
		got=$(on_host "$i" "cat $sums && sha256sum $dats" 2>&1)$'\n'
		if [ "$got" != "$want$want" ]; then
			say "host $i lacks the plan's output:"
			diff <(printf '%s' "$want$want") <(printf '%s' "$got") | head -5 >&2
			return 1
		fi
	done
}

# the tools' runs (measure.py runs them through bash -c: exported)
plan_pdsh() { # every step its own pdsh invocation, fanning out to every host
	local k
	for ((k = 1; k <= STEPS; k++)); do
		pdsh -S -R ssh -f "$PLAN_N" -w "${PLAN_PFX}[1-$PLAN_N]" "$(cat "$STEPDIR/s$k.sh")" || return 1
	done
}
cm_host() { # one master a host; the steps through it, one after another
	local h=$1 k
	ssh -F "$CFG" -S "$T/cm/$h" -M -N -f -o ControlPersist=yes "$h" || return 1
	for ((k = 1; k <= STEPS; k++)); do
		ssh -F "$CFG" -S "$T/cm/$h" "$h" sh -s <"$STEPDIR/s$k.sh" || return 1
	done
	ssh -F "$CFG" -S "$T/cm/$h" -O exit "$h" 2>/dev/null
}
plan_cm() { # hosts in parallel
	local i rc=0 pids=()
	for ((i = 1; i <= PLAN_N; i++)); do
		cm_host "$PLAN_PFX$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || rc=1; done
	return $rc
}

# checks after each run
check_apply() {
	grep -Eq "$CHECK_NODES node\(s\) in [0-9:]+: [0-9]+ changed, [0-9]+ ok \(already done\), 0 failed, 0 blocked" "$T/last.out" &&
		verify_plan "$CHECK_HOSTS" "$CHECK_ROLES"
}
check_files() { verify_plan "$CHECK_HOSTS" "$CHECK_ROLES"; }
check_ansible() {
	[ "$(grep -cE "ok=$STEPS +changed=$STEPS +unreachable=0 +failed=0" "$T/last.out")" -eq "$CHECK_HOSTS" ] &&
		verify_plan "$CHECK_HOSTS" "$CHECK_ROLES"
}

# the playbook: one task a step, the step's script inline
write_playbook() {
	local k mod=${NW_BENCH_ANSIBLE_MODULE:-shell}
	{
		printf -- '- hosts: lab\n  gather_facts: false\n  tasks:\n'
		for ((k = 1; k <= STEPS; k++)); do
			printf '    - name: step %d\n      %s: |\n' "$k" "$mod"
			sed 's/^/        /' "$STEPDIR/s$k.sh"
		done
	} >"$T/plan.yml"
}

# plan_row ROW-INDEX SECTION: wipe the hosts, then one measured run
plan_row() {
	wipe_hosts "$PLAN_N"
	CHECK_HOSTS=$PLAN_N CHECK_ROLES=1 CHECK_NODES=$PLAN_N
	case $1 in
	0)
		rm -rf "$T/state"
		bench_measure "$2" "${PLAN_ROWS[0]}" check_apply "$NODEWRIGHT" apply -f "$PLAN_ANSWER" --plain
		;;
	1) bench_measure "$2" "${PLAN_ROWS[1]}" check_files bash -c plan_pdsh ;;
	2)
		ansible_cold
		bench_measure "$2" "${PLAN_ROWS[2]}" check_ansible ansible-playbook "$T/plan.yml"
		;;
	3)
		rm -rf "$T/cm"
		mkdir -p "$T/cm"
		bench_measure "$2" "${PLAN_ROWS[3]}" check_files bash -c plan_cm
		;;
	esac
}

# cheap warm-up: host keys known, binaries and Ansible's modules in the page cache
plan_warm() {
	local n=$1 p=$2 f=$3
	"$NODEWRIGHT" run -f "$f" -c true >/dev/null 2>&1 || die "warm-up: nodewright run failed"
	pdsh -R ssh -f "$n" -w "${p}[1-$n]" true >/dev/null 2>&1 || die "warm-up: pdsh failed"
}

section_plan() {
	local n=$HOSTS rep i a c p
	export PLAN_N=$n PLAN_PFX=b STEPS CFG T
	export -f plan_pdsh plan_cm cm_host
	bench_lab "$n"
	make_catalog 1
	export STEPDIR
	PLAN_ANSWER=$T/plan.json
	plan_answer "$PLAN_ANSWER" "$n" 1
	ansible_setup "$n" b
	write_playbook
	PLAN_ROWS=("nodewright apply --plain" "pdsh -R ssh, one invocation a step"
		"ansible-playbook, ${NW_BENCH_ANSIBLE_MODULE:-shell}, pipelining+CP"
		"OpenSSH ControlMaster loop")
	section plan "A $STEPS-step plan on $n hosts (each step: 256 KiB written and checksummed; hosts wiped before each run)"
	say "plan: warm-up"
	plan_warm "$n" b "$PLAN_ANSWER"
	ansible lab -m raw -a true >/dev/null 2>&1 || die "warm-up: ansible failed"
	for ((rep = 1; rep <= RUNS; rep++)); do
		say "plan: run $rep of $RUNS"
		for i in 0 1 2 3; do plan_row "$i" plan; done
	done
	a=$(median plan "${PLAN_ROWS[0]}" 3) p=$(median plan "${PLAN_ROWS[1]}" 3) c=$(median plan "${PLAN_ROWS[3]}" 3)
	note plan "apply / pdsh per step: $(ratio "$a" "$p")x wall (pdsh / apply $(ratio "$p" "$a")x);" \
		"apply / ControlMaster loop: $(ratio "$a" "$c")x wall"
	note plan "wall / (hosts x steps): apply $(ratio "$a" $((n * STEPS))) ms, pdsh $(ratio "$p" $((n * STEPS))) ms," \
		"ControlMaster $(ratio "$c" $((n * STEPS))) ms; apply runs $((STEPS + 1)) scripts a node" \
		"(the catalog's health check last); Ansible: strategy ${NW_BENCH_ANSIBLE_STRATEGY:-free}," \
		"pipelining, ControlPersist (CP), forks $n"
}

# ---------------------------------------------------------------- scale
section_scale() {
	local list nodes h r rep i rows=() first="" last="" cpu rss
	IFS=, read -r -a list <<<"$SCALE"
	local maxr=1 maxh=1
	for nodes in "${list[@]}"; do
		read -r h r <<<"$(layout "$nodes")"
		[ "$r" -le "$maxr" ] || maxr=$r
		[ "$h" -le "$maxh" ] || maxh=$h
	done
	bench_lab "$maxh"
	make_catalog "$maxr"
	for nodes in "${list[@]}"; do
		read -r h r <<<"$(layout "$nodes")"
		plan_answer "$T/scale-$nodes.json" "$h" "$r"
		rows+=("apply, $nodes nodes ($h hosts x $r role$([ "$r" -eq 1 ] || echo s))")
	done
	section scale "Controller cost per step: nodewright apply --plain of the $STEPS-step plan (nodes = hosts x roles)"
	say "scale: warm-up"
	read -r h r <<<"$(layout "${list[-1]}")"
	plan_warm "$h" b "$T/scale-${list[-1]}.json"
	for ((rep = 1; rep <= RUNS; rep++)); do
		say "scale: run $rep of $RUNS"
		for i in "${!list[@]}"; do
			nodes=${list[i]}
			read -r h r <<<"$(layout "$nodes")"
			wipe_hosts "$h"
			rm -rf "$T/state"
			CHECK_HOSTS=$h CHECK_ROLES=$r CHECK_NODES=$nodes
			bench_measure scale "${rows[i]}" check_apply "$NODEWRIGHT" apply -f "$T/scale-$nodes.json" --plain
		done
	done
	for i in "${!list[@]}"; do
		nodes=${list[i]}
		cpu=$(awk -v c="$(median scale "${rows[i]}" 4)" -v n="$nodes" -v s="$STEPS" 'BEGIN { printf "%.2f", c / (n * s) }')
		rss=$(awk -v m="$(median scale "${rows[i]}" 5)" -v n="$nodes" 'BEGIN { printf "%.1f", m / n }')
		note scale "$nodes nodes: client CPU $cpu ms a step, peak RSS $rss KiB a node"
		[ -n "$first" ] || first=$cpu
		last=$cpu
	done
	note scale "peak RSS for each node added, ${list[0]} to ${list[-1]} nodes: $(awk \
		-v a="$(median scale "${rows[0]}" 5)" -v b="$(median scale "${rows[-1]}" 5)" \
		-v m="${list[0]}" -v n="${list[-1]}" 'BEGIN { if (n > m) printf "%.1f", (b - a) / (n - m); else print "-" }') KiB"
	note scale "CPU a step, ${list[-1]} nodes : ${list[0]} nodes = $(ratio "$last" "$first");" \
		"CPU a step = client user+sys / (nodes x $STEPS); the lab is at most $LAB_MAX hosts, so larger" \
		"deployments put several roles (copies of the same role) on each host"
}

# ---------------------------------------------------------------- slow hosts
PROXY_PID=
stop_proxy() {
	[ -z "$PROXY_PID" ] || kill "$PROXY_PID" 2>/dev/null || true
	[ -z "$PROXY_PID" ] || wait "$PROXY_PID" 2>/dev/null || true
	PROXY_PID=
}

ssh_true_ms() { # ALIAS: "ssh ALIAS true" 5 times: "MEDIAN ms (min MIN)"
	local i s e v=()
	for i in 1 2 3 4 5; do
		s=$(date +%s%N)
		ssh -F "$CFG" "$1" true || die "ssh $1 true failed"
		e=$(date +%s%N)
		v+=($(((e - s) / 1000000)))
	done
	printf '%s\n' "${v[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%d ms (min %d)", v[3], v[1] }'
}

section_slow() {
	local n=$HOSTS i pairs=() rep a p plain slow
	export PLAN_N=$n PLAN_PFX=d STEPS CFG T
	export -f plan_pdsh
	bench_lab "$n"
	make_catalog 1
	export STEPDIR
	for ((i = 1; i <= n; i++)); do
		pairs+=("$((NW_LAB_PORT_BASE + DELAY_OFFSET + i)):$((NW_LAB_PORT_BASE + i))")
	done
	rm -f "$T/proxy.ready"
	python3 "$B/delayproxy.py" "$(awk -v r="$RTT" 'BEGIN { print r / 2 }')" "$T/proxy.ready" "${pairs[@]}" \
		>"$T/proxy.log" 2>&1 &
	PROXY_PID=$!
	for ((i = 0; i < 100; i++)); do [ -f "$T/proxy.ready" ] || sleep 0.1; done
	[ -f "$T/proxy.ready" ] || die "the delay proxy did not start: $(cat "$T/proxy.log")"
	PLAN_ANSWER=$T/slow.json
	plan_answer "$PLAN_ANSWER" "$n" 1 "$DELAY_OFFSET"
	plan_warm "$n" d "$PLAN_ANSWER"
	plain=$(ssh_true_ms b1) slow=$(ssh_true_ms d1)
	PLAN_ROWS=("nodewright apply --plain" "pdsh -R ssh, one invocation a step")
	section slow "Slow hosts: the plan on $n hosts, every byte $((RTT / 2)) ms late each way (+$RTT ms a round trip)"
	note slow "the delay is there: 'ssh host true' takes $slow through it, $plain without (median of 5)"
	for ((rep = 1; rep <= RUNS; rep++)); do
		say "slow: run $rep of $RUNS"
		for i in 0 1; do plan_row "$i" slow; done
	done
	stop_proxy
	a=$(median slow "${PLAN_ROWS[0]}" 3) p=$(median slow "${PLAN_ROWS[1]}" 3)
	note slow "a step, wall: apply $(ratio "$a" "$STEPS") ms, pdsh $(ratio "$p" "$STEPS") ms;" \
		"pdsh / apply = $(ratio "$p" "$a")x"
}
