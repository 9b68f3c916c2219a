#!/usr/bin/env bash
# Opens the HTML export of the shipped plan (and of the revised test plan) in headless
# Chromium: the page must load without console messages, its DOM must hold the SVG
# timeline, the legend's keys must have the colours (as Chromium computes them) of the
# timeline's marks they stand for, and a screenshot is taken for a person to look at.
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
# The legend check on `page` (legend-check.js, run in the page): prints its verdict.
legend_check() {
    local page="$1" name="$2" extra_style="${3:-}"
    {
        grep -v -e '^</body>$' -e '^</html>$' "$page"
        printf '%s<script>' "$extra_style"
        cat tests/browser/legend-check.js
        printf '</script></body></html>\n'
    } >"$WORK/$name.check.html"
    chromium --dump-dom "file://$WORK/$name.check.html" 2>/dev/null |
        sed -n '/<pre id="legend-check">/,/<\/pre>/p' |
        sed -e 's/.*<pre id="legend-check">//' -e 's#</pre>.*##'
}

for plan in plans/firearms.yaml tests/fixtures/firearms-revised.yaml \
    tests/fixtures/annex-groups.yaml tests/fixtures/codes/misaligned-late.yaml; do
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

    # Keys every plan's timeline has, and those the test plans add: each compared.
    verdict="$(legend_check "$page" "$name")"
    case "$name" in
        annex-groups) keys="planned window-0 grace-0 aligned-0 unset" ;;
        misaligned-late) keys="planned misaligned window-0 grace-0 aligned-0" ;;
        *) keys="held planned window-0 grace-0 aligned-0" ;;
    esac
    for k in $keys; do
        if ! grep -qE "^compared: (.* )?$k( |$)" <<<"$verdict"; then
            echo "check-html: $name: the legend's key $k was not compared with the timeline:" >&2
            echo "$verdict" >&2
            status=1
        fi
    done
    if ! grep -q '^MATCH' <<<"$verdict"; then
        echo "check-html: $name: the legend's colours differ from the timeline's:" >&2
        echo "$verdict" >&2
        status=1
    fi
    # A control the check must reject, so that it cannot pass for want of looking: a
    # legend key given a colour of its own.
    control="$(legend_check "$page" "$name-control" \
        '<style>.legend [data-key="planned"] { fill: #ff0000; }</style>')"
    if ! grep -q '^MISMATCH' <<<"$control"; then
        echo "check-html: $name: the legend check missed a key coloured apart:" >&2
        echo "$control" >&2
        status=1
    fi

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
