#!/usr/bin/env bash
# The release, dry: `mvn -Prelease deploy` of the published modules into a folder instead of Sonatype's staging,
# signed with a throwaway key where gpg is installed, then a check that each published module staged its pom, jar,
# sources and javadoc jars (and a signature for each), the BOM and parent their poms, and nothing else was staged
# (docs/compatibility.md, "Releasing"). Usage: build-tools/release-dry-run.sh [maven options, e.g. -o]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/target/release-dry-run"
rm -rf "$dest"
mkdir -p "$dest"
published="lineage-core lineage-storage-fs lineage-storage-s3 lineage-storage-testkit lineage-test lineage-openlineage lineage-dl4j lineage-spark lineage-spark-bundle"
modules="lineage-core,lineage-storage-fs,lineage-storage-s3,lineage-storage-testkit,lineage-test,lineage-openlineage,lineage-dl4j,lineage-spark,lineage-spark/bundle,lineage-bom"
sign=(-Dgpg.skip=true)
if command -v gpg >/dev/null 2>&1; then
  export GNUPGHOME="$(mktemp -d)"
  trap 'rm -rf "$GNUPGHOME"' EXIT
  gpg --batch --quiet --passphrase '' --quick-generate-key 'Lineage dry run <dry-run@lineage.invalid>' ed25519 sign 1d
  sign=(-Dgpg.skip=false)
fi
(cd "$root" && mvn -B -q "$@" -Prelease deploy -Dmaven.test.skip=true "${sign[@]}" \
  -DaltDeploymentRepository="dry-run::file://$dest" -pl "$modules" -am)
missing=0
need() {
  if ! compgen -G "$1" >/dev/null; then
    echo "not staged: ${1#"$dest/"}"
    missing=1
  fi
}
for a in $published lineage-bom lineage-parent; do
  dir="$dest/dev/lineage/$a"
  need "$dir/*/$a-*.pom"
  [ "${sign[0]}" = -Dgpg.skip=false ] && need "$dir/*/$a-*.pom.asc"
  case "$a" in lineage-bom | lineage-parent) continue ;; esac
  for kind in "" -sources -javadoc; do
    need "$dir/*/$a-*[0-9]$kind.jar"
    [ "${sign[0]}" = -Dgpg.skip=false ] && need "$dir/*/$a-*[0-9]$kind.jar.asc"
  done
done
for staged in "$dest"/dev/lineage/*/; do
  a="$(basename "$staged")"
  case " $published lineage-bom lineage-parent " in *" $a "*) ;; *) echo "staged but not published: $a"; missing=1 ;; esac
done
[ "$missing" -eq 0 ] && echo "release dry run: $(echo $published | wc -w) modules, the BOM and the parent staged in $dest${GNUPGHOME:+, signed}"
exit "$missing"
