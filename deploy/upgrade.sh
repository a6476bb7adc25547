#!/usr/bin/env bash
# Upgrade procedure: backup → install the new release → migrate → health check → (rollback).
#   sudo deploy/upgrade.sh            (from the unpacked new release)
# On a failed migration or health check the previous release and the pre-upgrade backup are
# put back automatically; see docs/operations.md「アップグレード」.
set -euo pipefail

SRC="$(cd "$(dirname "$0")/.." && pwd)"
APP=/opt/keiyaku
PREV="$(readlink -f "$APP/current")"
VERSION="$(node -p "require('$SRC/package.json').version")"
REL="$APP/releases/$VERSION-$(date +%Y%m%d%H%M%S)"
ENVFILE=/etc/keiyaku/keiyaku.env
PORT="$(grep -E '^PORT=' "$ENVFILE" | cut -d= -f2 || true)"; PORT="${PORT:-3000}"
as_keiyaku() { runuser -u keiyaku -- env NODE_ENV=production TZ=UTC "$@"; }

echo "== 1. stop the API and take a verified backup"
systemctl stop keiyaku-api
cd "$PREV"
as_keiyaku node --env-file="$ENVFILE" tools/ops/backup.mjs | tee /tmp/keiyaku-upgrade-backup.log
BACKUP="$(grep -oE '/[^ ]+/keiyaku-[0-9]{8}-[0-9]{6}(-[0-9]+)?' /tmp/keiyaku-upgrade-backup.log | tail -1)"
[[ -n "$BACKUP" ]] || { echo "backup failed: not upgrading"; systemctl start keiyaku-api; exit 1; }

echo "== 2. install $VERSION"
mkdir -p "$REL"
tar -C "$SRC" --exclude=node_modules --exclude=data --exclude=tmp --exclude=.git -cf - . | tar -C "$REL" -xf -
cd "$REL"
npm install --no-audit --no-fund
CI=true NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false npm run build

rollback() {
  echo "!! $1 — rolling back to $PREV and backup $BACKUP"
  systemctl stop keiyaku-api || true
  ln -sfn "$PREV" "$APP/current"
  cd "$PREV"
  as_keiyaku node --env-file="$ENVFILE" tools/ops/restore.mjs --yes --force "$BACKUP"
  systemctl start keiyaku-api
  exit 1
}

echo "== 3. migrate"
as_keiyaku node --env-file="$ENVFILE" dist/apps/api/main.js migrate || rollback "migration failed"
ln -sfn "$REL" "$APP/current"

echo "== 4. start and health check"
systemctl start keiyaku-api
for i in $(seq 1 30); do
  if curl -fsS "http://127.0.0.1:$PORT/api/health" | grep -q '"status":"ok"'; then
    echo "healthy: $(curl -fsS "http://127.0.0.1:$PORT/api/health")"
    echo "== upgraded to $VERSION (previous release kept in $PREV, backup $BACKUP)"
    exit 0
  fi
  sleep 2
done
rollback "health check failed"
