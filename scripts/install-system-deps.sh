#!/usr/bin/env bash
# Install the Debian packages the portal needs, when they are missing.
#   scripts/install-system-deps.sh run    fonts and HarfBuzz subsetter (PDF rendering)
#   scripts/install-system-deps.sh test   the above plus Chromium (browser tests), poppler-utils (PDF text checks)
#                                          redis-server (rate limits shared by several app servers) and
#                                          postgresql (the read-replica and pool tests start a primary and a
#                                          streaming standby of their own, in the SQLite suite too)
set -euo pipefail
want=(fonts-noto-cjk libharfbuzz-subset0)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium poppler-utils redis-server postgresql)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "!! Missing system packages: ${missing[*]}. Install them with your system's package manager." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "!! Missing system packages: ${missing[*]}" >&2
  echo "!! Run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo ">> Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
