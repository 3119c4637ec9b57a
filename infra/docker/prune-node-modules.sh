#!/bin/sh
# Production install for one workspace (and the workspace packages it depends on), then strip what
# node never loads at runtime: type declarations, source maps, TypeScript sources, docs and tests.
#   prune-node-modules.sh packages/simulator [package-never-loaded ...]
# `npm ci --workspace` still installs the production dependencies of the other workspaces (the
# frontend's socket.io-client, say), so every top-level package outside this workspace's own
# production tree is removed afterwards. Extra arguments name optional peers the workspace never
# loads (drizzle-orm's PGlite driver in the simulator image) that npm keeps in that tree.
set -eu
workspace="$1"
shift
rm -rf node_modules packages/*/node_modules
npm ci --omit=dev --workspace "$workspace" --no-audit --no-fund
needed="$(npm ls --omit=dev --all --parseable --workspace "$workspace" 2>/dev/null | sed "s|^$PWD/||" | sort -u)"
for dir in node_modules/* node_modules/@*/*; do
  case "$dir" in node_modules/@*/*) ;; node_modules/@*) continue ;; esac
  [ -e "$dir" ] || [ -L "$dir" ] || continue
  printf '%s\n' "$needed" | grep -qxF "$dir" || rm -rf "$dir"
done
for unused in "$@"; do rm -rf "node_modules/$unused"; done
find node_modules -mindepth 1 -maxdepth 1 -type d -name '@*' -empty -delete
find node_modules packages/*/node_modules -depth -type d \
  \( -name docs -o -name test -o -name tests -o -name __tests__ -o -name benchmark -o -name examples \
     -o -name example -o -path '*/node_modules/@types' \) -exec rm -rf {} + 2>/dev/null || true
find node_modules packages/*/node_modules -type f \
  \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' -o -name '*.md' -o -name '*.markdown' \
     -o -name '*.ts' -o -name '*.tsbuildinfo' \) -delete 2>/dev/null || true
npm cache clean --force 2>/dev/null || true
