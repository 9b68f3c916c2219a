#!/usr/bin/env bash
# Opens the HTML export of the shipped plan (and of the revised test plan) in headless
# Chromium: the page must load without console messages, its DOM must hold the SVG
# timeline, and a screenshot is taken for a person to look at.
#
#   tests/browser/check-html.sh            screenshots go to target/browser/
#   CHROMIUM=/path/to/chrome OUT=dir tests/browser/check-html.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$CHROMIUM" ]; then
    echo "check-html: Chromium not found; install it (apt-get install chromium) or set CHROMIUM" >&2
    exit 1
fi
OUT="${OUT:-target/browser}"
mkdir -p "$OUT"

cargo build --quiet --locked
BIN="${CARGO_TARGET_DIR:-target}/debug/workplan"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

chromium() {
    # A fresh profile and no network services: nothing but the page can log.
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$(mktemp -d -p "$WORK")" \
        --enable-logging=stderr --v=0 "$@"
}

status=0
for plan in plans/firearms.yaml tests/fixtures/firearms-revised.yaml; do
    name="$(basename "$plan" .yaml)"
    page="$WORK/$name.html"
    "$BIN" export "$plan" --format html -o "$page"

    chromium --dump-dom "file://$page" >"$WORK/$name.dom" 2>"$WORK/$name.log" || {
        echo "check-html: $name: Chromium failed to load the page" >&2
        cat "$WORK/$name.log" >&2
        status=1
        continue
    }
    # Chromium logs every console message (errors, uncaught exceptions) as ...:CONSOLE...
    if grep -E ':CONSOLE|Uncaught' "$WORK/$name.log" >&2; then
        echo "check-html: $name: console messages while loading the page (above)" >&2
        status=1
    fi
    for expected in '<svg class="timeline"' 'REVIEW CLUSTERS' 'AGENDA ITEM 3 (FIXED TOPICS)' 'Agenda by meeting'; do
        if ! grep -qF "$expected" "$WORK/$name.dom"; then
            echo "check-html: $name: the rendered page lacks: $expected" >&2
            status=1
        fi
    done

    shot="$OUT/$name.png"
    rm -f "$shot"
    chromium --hide-scrollbars --window-size=1600,1000 --screenshot="$shot" "file://$page" \
        2>>"$WORK/$name.log" >/dev/null || true
    if [ ! -s "$shot" ] || [ "$(head -c 4 "$shot" | tail -c 3)" != "PNG" ]; then
        echo "check-html: $name: no screenshot was taken" >&2
        status=1
    else
        echo "check-html: $name: loads cleanly; screenshot $shot"
    fi
done
exit "$status"
