#!/usr/bin/env bash
# Installs keiyaku on a fresh Debian 12 server (run as root from an unpacked release or a checkout):
#   sudo deploy/install.sh [--env production-sqlite|production-postgres|production-oracle|test]
# Idempotent: running it again updates packages, units and configuration examples, never the data.
set -euo pipefail

ENV_KIND=production-sqlite
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env) ENV_KIND="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

SRC="$(cd "$(dirname "$0")/.." && pwd)"
APP=/opt/keiyaku
VERSION="$(node -p "require('$SRC/package.json').version" 2>/dev/null || echo current)"

echo "== packages"
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl nginx logrotate tar gzip postgresql-client-15 build-essential python3 fonts-noto-cjk
if ! command -v node >/dev/null || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  # Node.js 22 LTS from NodeSource (or the city's internal mirror: set NODE_SETUP_URL).
  curl -fsSL "${NODE_SETUP_URL:-https://deb.nodesource.com/setup_22.x}" | bash -
  apt-get install -y nodejs
fi

echo "== user and folders"
id keiyaku >/dev/null 2>&1 || useradd --system --home-dir /var/lib/keiyaku --shell /usr/sbin/nologin keiyaku
install -d -o keiyaku -g keiyaku -m 0750 /var/lib/keiyaku /var/lib/keiyaku/files /var/log/keiyaku
install -d -m 0755 /etc/keiyaku "$APP/releases"
if [[ ! -d /mnt/keiyaku-backup ]]; then
  install -d -m 0755 /mnt/keiyaku-backup
  echo "   NOTE: mount the NAS on /mnt/keiyaku-backup (docs/operations.md「NAS のマウント」)."
fi

echo "== release $VERSION"
REL="$APP/releases/$VERSION"
rm -rf "$REL"
mkdir -p "$REL"
tar -C "$SRC" --exclude=node_modules --exclude=data --exclude=tmp --exclude=.git -cf - . | tar -C "$REL" -xf -
cd "$REL"
npm install --no-audit --no-fund
CI=true NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false npm run build
chown -R root:root "$REL"
ln -sfn "$REL" "$APP/current"

echo "== configuration"
if [[ ! -f /etc/keiyaku/keiyaku.env ]]; then
  install -m 0640 -g keiyaku "$REL/deploy/env/$ENV_KIND.env" /etc/keiyaku/keiyaku.env
  echo "   wrote /etc/keiyaku/keiyaku.env from deploy/env/$ENV_KIND.env — edit it (passwords, NAS, SMTP)."
fi
install -m 0644 "$REL"/deploy/systemd/keiyaku-*.service "$REL"/deploy/systemd/keiyaku-*.timer /etc/systemd/system/
install -m 0644 "$REL/deploy/logrotate/keiyaku" /etc/logrotate.d/keiyaku
if [[ ! -f /etc/nginx/sites-available/keiyaku ]]; then
  install -m 0644 "$REL/deploy/nginx/keiyaku.conf" /etc/nginx/sites-available/keiyaku
  ln -sfn /etc/nginx/sites-available/keiyaku /etc/nginx/sites-enabled/keiyaku
  rm -f /etc/nginx/sites-enabled/default
  echo "   NOTE: set server_name and the certificate in /etc/nginx/sites-available/keiyaku."
fi
systemctl daemon-reload
systemctl enable keiyaku-api

echo "== done"
echo "Next: edit /etc/keiyaku/keiyaku.env, put the TLS certificate in /etc/keiyaku/tls/, then"
echo "  systemctl start keiyaku-api && curl -fsS http://127.0.0.1:3000/api/health"
echo "  nginx -t && systemctl reload nginx"
