#!/usr/bin/env bash
# Smoke test of the bundle (`make dist-check`): its binary runs with a clean environment (no
# Python, no venv, no checkout on any path): --version, import of the bundled sample corpus,
# export, check, an upgrade of an old store by the bundled migrations, desktop-entry, and an
# offscreen GUI start that quits by itself.
set -euo pipefail
bin=$(realpath "${1:-dist/curator/curator}")
old_store=$(realpath "${2:-tests/data/stores/r0001.db}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
run() { env -i HOME="$work/home" XDG_DATA_HOME="$work/data" CURATOR_DB="$work/curator.db" \
  LANG=C.UTF-8 PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$bin" "$@"; }
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

run --version | grep -q '^curator [0-9]' || fail "--version"
run import --sample | grep -q '^imported 5 document(s)' || fail "import --sample"
run export -o out.json | grep -q '^exported 5 document(s)' || fail "export"
grep -q '"format":"article-curator"' out.json || fail "export content"
run check | grep -q '^ok:' || fail "check"
cp "$old_store" old.db
run --db old.db stats >/dev/null || fail "upgrade of an old store"
run desktop-entry --install >/dev/null && [ -f data/applications/article-curator.desktop ] \
  && [ -f data/icons/hicolor/scalable/apps/article-curator.svg ] || fail "desktop-entry"
run gui --quit-after 1 2>gui.log || { cat gui.log >&2; fail "gui start"; }
echo "smoke: ok ($(du -sh "$(dirname "$bin")" | cut -f1) bundle)"
