#!/usr/bin/env bash
# How long the DL4J listener holds the training thread on a network's first iteration, in fresh JVMs, this build
# against another, in turn (FirstCallStall, docs/benchmarks.md). Usage, after `mvn -pl lineage-dl4j -am
# test-compile` here and `mvn package -Dmaven.test.skip` of lineage-core, lineage-storage-fs and lineage-dl4j in
# the other build's checkout:
#   lineage-dl4j/first-call-stall.sh /path/to/other/checkout [pairs]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
base="$1"
pairs="${2:-9}"
deps="$(mktemp)"
mvn -B -o -q dependency:build-classpath -f "$here/lineage-dl4j/pom.xml" -Dmdep.outputFile="$deps" \
  -Dmdep.includeScope=test >/dev/null
others="$(tr ':' '\n' < "$deps" | grep -v '/dev/lineage/' | paste -sd: -)"
tests="$here/lineage-dl4j/target/test-classes"
this="$here/lineage-core/target/classes:$here/lineage-storage-fs/target/classes:$here/lineage-dl4j/target/classes"
that="$(ls "$base"/lineage-core/target/lineage-core-*.jar "$base"/lineage-storage-fs/target/lineage-storage-fs-*.jar \
  "$base"/lineage-dl4j/target/lineage-dl4j-*.jar | grep -v -e sources -e javadoc | paste -sd: -)"
run() { java -cp "$1:$tests:$others" dev.lineage.dl4j.FirstCallStall 2>/dev/null | awk '/FIRST_CALL_MS/ {print $2}'; }
grep -m1 'model name' /proc/cpuinfo
results="$(mktemp)"
echo "pair this_ms other_ms"
for i in $(seq "$pairs"); do
  a="$(run "$this")"; b="$(run "$that")"
  echo "$i $a $b" | tee -a "$results"
done
sort -n -k2 "$results" | awk '{v[NR] = $2} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median this %.1f ms", m}'
sort -n -k3 "$results" | awk '{v[NR] = $3} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf ", other %.1f ms", m}'
awk '{print $2 / $3}' "$results" | sort -g | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf ", pairwise ratio %.3fx\n", m}'
rm -f "$deps" "$results"
