#!/bin/sh
# Validates every GitHub Actions workflow against the workflow JSON schema (offline: action-validator,
# an npm package with the schema built in). `npm run lint:workflows`
set -eu
cd "$(dirname "$0")/../.."
status=0
for f in .github/workflows/*.yml .github/workflows/*.yaml; do
  [ -e "$f" ] || continue
  if npx --no-install action-validator "$f"; then echo "ok  $f"; else echo "BAD $f" >&2; status=1; fi
done
exit $status
