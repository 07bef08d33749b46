#!/usr/bin/env bash
# Paired lateness runs of two commits, interleaved (A, B, A, B, ...), on the same machine:
#   ops/bench/ab/paired-lateness.sh <commit-a> <commit-b> [pairs]
# Each commit is checked out in a detached worktree under /tmp and built offline; each run is
# `BENCH_ONLY=ours-lateness ops/bench/run.sh` there. Samples go to ops/bench/target/ab/<commit>-<i>/,
# and a per-run summary (p50, p90, p99, max in ms, 1 and 3 nodes) is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../../.."
a=$1 b=$2 pairs=${3:-4}
out=$PWD/ops/bench/target/ab
mkdir -p "$out"
for c in "$a" "$b"; do
  wt=/tmp/guardian-ab-$c
  [[ -d $wt ]] || git worktree add --detach "$wt" "$c" >/dev/null
  (cd "$wt" && mvn -B -q -o -DskipTests package -pl orchestrator -am)
done
for i in $(seq 1 "$pairs"); do
  for c in "$a" "$b"; do
    (cd /tmp/guardian-ab-$c && BENCH_ONLY=ours-lateness ops/bench/run.sh > "$out/$c-$i.log" 2>&1)
    mkdir -p "$out/$c-$i" && cp /tmp/guardian-ab-$c/ops/bench/target/work-full/samples/lat.* "$out/$c-$i/"
    echo "pair $i: $c done $(date +%T)"
  done
done
printf 'commit\tpair\tnodes\trun\tp50\tp90\tp99\tmax\n'
for d in "$out"/*-*/; do
  base=$(basename "$d"); c=${base%-*}; i=${base##*-}
  for f in "$d"lat.ours.*.run*; do
    n=$(basename "$f" | cut -d. -f3); r=$(basename "$f" | sed 's/.*run//')
    sort -n "$f" | awk -v c="$c" -v i="$i" -v n="$n" -v r="$r" '{v[NR]=$1} END {
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c, i, n, r,
        v[int(NR*0.50+0.5)], v[int(NR*0.90+0.5)], v[int(NR*0.99+0.5)], v[NR] }'
  done
done
