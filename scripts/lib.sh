# Shared by scripts/start and scripts/test: get pnpm, install, build only what changed.
# Sourced, not run. Works on a fresh machine that has only Node 20 and npm.

PNPM_VERSION=10.34.8

log() { printf '\033[36m[kelan]\033[0m %s\n' "$*"; }

ensure_pnpm() {
  if pnpm --version >/dev/null 2>&1; then return; fi
  log "pnpm missing: trying corepack"
  if command -v corepack >/dev/null 2>&1 \
    && corepack enable >/dev/null 2>&1 \
    && COREPACK_ENABLE_DOWNLOAD_PROMPT=0 corepack prepare "pnpm@$PNPM_VERSION" --activate >/dev/null 2>&1 \
    && pnpm --version >/dev/null 2>&1; then
    return
  fi
  # Corepack can fail offline or on registry signature checks; npm always reaches the registry.
  corepack disable >/dev/null 2>&1 || true
  log "installing pnpm@$PNPM_VERSION with npm"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
  hash -r
  pnpm --version >/dev/null
}

ensure_deps() {
  if [ -f node_modules/.modules.yaml ] && [ node_modules/.modules.yaml -nt pnpm-lock.yaml ] \
    && [ -e server/node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
    return
  fi
  log "installing dependencies (builds better-sqlite3 from source the first time: about a minute)"
  CI=true pnpm install --frozen-lockfile
  touch node_modules/.modules.yaml
}

# True when any file under the given paths is newer than the stamp (or there is no stamp).
changed_since() {
  local stamp=$1; shift
  [ ! -f "$stamp" ] && return 0
  [ -n "$(find "$@" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]
}

ensure_build() {
  if changed_since h5/dist/.stamp h5/src h5/index.html h5/vite.config.ts h5/public shared/src pnpm-lock.yaml; then
    log "building h5"
    pnpm --filter ./h5 run build
    touch h5/dist/.stamp
  fi
  if changed_since server/dist/.stamp server/src server/build.mjs shared/src pnpm-lock.yaml; then
    log "building server"
    pnpm --filter ./server run build
    touch server/dist/.stamp
  fi
}
