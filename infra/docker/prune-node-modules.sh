#!/bin/sh
# Production install for one workspace (and the workspace packages it depends on), then strip what
# node never loads at runtime: type declarations, source maps, TypeScript sources, docs and tests.
#   prune-node-modules.sh packages/backend
set -eu
workspace="$1"
rm -rf node_modules packages/*/node_modules
npm ci --omit=dev --workspace "$workspace" --no-audit --no-fund
find node_modules packages/*/node_modules -depth -type d \
  \( -name docs -o -name test -o -name tests -o -name __tests__ -o -name benchmark -o -name examples \
     -o -name example -o -path '*/node_modules/@types' \) -exec rm -rf {} + 2>/dev/null || true
find node_modules packages/*/node_modules -type f \
  \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' -o -name '*.md' -o -name '*.markdown' \
     -o -name '*.ts' -o -name '*.tsbuildinfo' \) -delete 2>/dev/null || true
npm cache clean --force 2>/dev/null || true
