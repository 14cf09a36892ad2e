#!/bin/bash
# Build the libFuzzer targets with clang (ASan+UBSan) and run each for
# SECONDS (default 60) on its corpus (tests/fuzz/corpus/TARGET, read-only:
# new inputs go to a scratch directory). A crash is kept in
# tests/fuzz/regressions/TARGET/, which make check replays from then on.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]      (make fuzz FUZZ_SECONDS=N)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${NW_BUILDDIR:-$src}
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(answer catalog probe knownhosts lines redact)
command -v clang >/dev/null || { echo "fuzz: clang is not installed" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
libs=$(pkg-config --cflags --libs json-c libssh2)
export NODEWRIGHT_DATADIR=$src/data
engine=()
for f in "$src"/src/*.c; do
	[ "${f##*/}" = main.c ] || engine+=("$f") # the library, without the program's main()
done
status=0
for t in "${targets[@]}"; do
	# shellcheck disable=SC2086 # pkg-config's words
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-I"$build" -I"$src/src" -I"$src/tests/fuzz" -DNW_PKGDATADIR="\"$src/data\"" \
		"$src/tests/fuzz/fuzz-$t.c" "${engine[@]}" $libs -o "$out/fuzz-$t"
	mkdir -p "$out/corpus-$t" "$src/tests/fuzz/regressions/$t"
	start=$(date +%s)
	if "$out/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$src/tests/fuzz/regressions/$t/" \
		"$out/corpus-$t" "$src/tests/fuzz/corpus/$t" >"$out/log-$t" 2>&1; then
		runs=$(grep -o 'Done [0-9]* runs' "$out/log-$t" | tail -1)
		echo "fuzz-$t: ${runs:-done} in $(($(date +%s) - start)) s, no crash ($(find "$out/corpus-$t" -type f | wc -l) new corpus entries)"
	else
		echo "fuzz-$t: CRASH - the input is in tests/fuzz/regressions/$t/:"
		grep -A30 'ERROR:' "$out/log-$t" | head -40
		status=1
	fi
done
exit $status
