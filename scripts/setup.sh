#!/usr/bin/env bash
# Installs what showcase needs, idempotently: the CJK fonts and the glyph fallback fonts, typst-cli 0.15.1 (pinned), and
# with --test also what the test suite needs (poppler-utils, Chromium, the npm packages of the
# browser test). Fast when everything is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

# Body fonts, then the glyph fallback chain of the booklet (symbols and math, colour emoji,
# rare CJK incl. Extension B): every character a report contains must print.
need_pkgs=(fonts-noto-cjk fonts-lxgw-wenkai fonts-noto-core fonts-noto-color-emoji fonts-hanazono)
if ! command -v typst >/dev/null 2>&1 && [[ ! -x "$HOME/.cargo/bin/typst" ]]; then
  need_pkgs+=(pkg-config libssl-dev)
fi
if (( want_test )); then
  need_pkgs+=(poppler-utils chromium default-jre-headless)
fi
missing=()
for p in "${need_pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

typst_bin="$(command -v typst || echo "$HOME/.cargo/bin/typst")"
if [[ ! -x "$typst_bin" ]] || ! "$typst_bin" --version 2>/dev/null | grep -q '^typst 0\.15\.1'; then
  echo "setup: installing typst-cli 0.15.1 (takes several minutes the first time)"
  CARGO_PROFILE_RELEASE_STRIP=true cargo install typst-cli --locked --version 0.15.1 --quiet
fi

if (( want_test )); then
  if [[ ! -d tests/browser/node_modules ]] || [[ tests/browser/package-lock.json -nt tests/browser/node_modules ]]; then
    echo "setup: installing browser-test packages"
    (cd tests/browser && npm ci --silent --no-audit --no-fund && touch node_modules)
  fi
fi
