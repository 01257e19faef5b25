#!/usr/bin/env bash
# Installs the system packages confab builds and tests with (Debian/Ubuntu), once.
set -euo pipefail
need=()
for package in libncurses-dev libsimdjson-dev libsqlite3-dev zlib1g-dev libzstd-dev libcurl4-openssl-dev tmux curl zstd jq; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "deps: installing ${need[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The export test validates real exports against docs/export.schema.json with jsonschema.
python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install -q jsonschema >&2
