#!/usr/bin/env bash
# Reproducible builds: two clean builds of the published modules, from two copies of this checkout in different
# folders, must give byte-identical jars and poms (docs/compatibility.md). Exits 1 naming each file that differs.
# Usage: build-tools/reproducible.sh [maven options, e.g. -o]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
modules="lineage-core,lineage-storage-fs,lineage-storage-s3,lineage-storage-testkit,lineage-test,lineage-openlineage,lineage-dl4j,lineage-spark,lineage-spark/bundle,lineage-bom"
for side in a b; do
  # Tracked files only, as a fresh clone has them: nothing built or left over travels.
  mkdir -p "$work/$side"
  git -C "$root" ls-files -z | (cd "$root" && xargs -0 tar cf -) | tar xf - -C "$work/$side"
  (cd "$work/$side" && mvn -B -q "$@" package -Dmaven.test.skip=true -pl "$modules" -am >"$work/$side.log" 2>&1) \
    || { echo "build $side failed:"; tail -40 "$work/$side.log"; exit 1; }
done
differ=0
checked=0
while IFS= read -r -d '' f; do
  rel="${f#"$work/a/"}"
  checked=$((checked + 1))
  if ! cmp -s "$f" "$work/b/$rel"; then
    echo "differs: $rel"
    differ=1
  fi
done < <(find "$work/a" -path '*/target/*' \( -name '*.jar' -o -name '*.pom' \) -not -path '*/spark-homes/*' -print0)
if [ "$checked" -eq 0 ]; then
  echo "no jar was built"; exit 1
fi
[ "$differ" -eq 0 ] && echo "reproducible: $checked archives byte-identical across two clean builds"
exit "$differ"
