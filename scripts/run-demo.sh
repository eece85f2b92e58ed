#!/usr/bin/env bash
# Set up askdesk, index the sample help center in content/ and serve it: the help center, the
# widget on a demo shop page, the agent console and the editor dashboard (with a demo editor token
# printed below; the dashboard shows a month of simulated, removable demo traffic).
# Everything is embedded: files on disk under var/, nothing else to start.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
echo "setting up .venv (quiet unless it fails) ..."
if ! scripts/setup.sh >"$log" 2>&1; then   # a failed setup used to scroll by and be ignored
  cat "$log" >&2
  echo "scripts/run-demo.sh: setup failed (the log is above)" >&2
  exit 1
fi
rm -f "$log"
. .venv/bin/activate
askdesk check --content content
askdesk index --content content --index var/index
askdesk demo-traffic --if-empty      # a month of simulated conversations for the editor dashboard (marked demo)
askdesk token revoke demo >/dev/null 2>&1 || true
if ! created=$(askdesk token create --role editor --name demo 2>&1); then   # quiet: the banner shows it
  echo "$created" >&2
  echo "scripts/run-demo.sh: could not create the demo editor token (the error is above)" >&2
  exit 1
fi
token=$(printf '%s\n' "$created" | grep -o 'askd_[A-Za-z0-9_-]*')
base="http://${ASKDESK_HOST:-127.0.0.1}:${ASKDESK_PORT:-8080}"
cat <<INFO

  Start page:                  $base/
  Widget on a demo shop page:  $base/demo      (Russian: $base/demo?locale=ru)
  Help center:                 $base/help
  Agent console:               $base/agent     sign in with this demo editor token:
                               $token
  Editor dashboard:            $base/editor    (same token; demo traffic: askdesk demo-traffic --remove)
  API:                         $base/api/v1/search?q=where+is+my+order

INFO
exec askdesk serve --index var/index
