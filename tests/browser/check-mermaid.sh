#!/usr/bin/env bash
# Renders the Mermaid exports of the shipped plans and of every plan of the corpus that
# loads (tests/corpus/, hostile ids and titles among them) with the real `mermaid` npm
# package in headless Chromium, from a local page: each chart must render without
# error, with one task per cluster and per meeting, every task id one the tool
# generates, and no link, click handler or callback (under securityLevel "loose").
#
#   tests/browser/check-mermaid.sh       Mermaid is installed under target/browser/
#   CHROMIUM=/path/to/chrome MERMAID_JS=/path/mermaid.min.js tests/browser/check-mermaid.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$CHROMIUM" ]; then
    echo "check-mermaid: Chromium not found; install it (apt-get install chromium) or set CHROMIUM" >&2
    exit 1
fi
OUT="${OUT:-target/browser}"
mkdir -p "$OUT"
MERMAID_JS="${MERMAID_JS:-$OUT/npm/node_modules/mermaid/dist/mermaid.min.js}"
if [ ! -f "$MERMAID_JS" ]; then
    npm install --prefix "$OUT/npm" --no-save --no-audit --no-fund --loglevel=error mermaid@11 >&2
fi

cargo build --quiet --locked
BIN="${CARGO_TARGET_DIR:-target}/debug/workplan"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp "$MERMAID_JS" "$WORK/mermaid.min.js"

plans=(plans/firearms.yaml tests/fixtures/firearms-revised.yaml)
while IFS= read -r f; do plans+=("tests/corpus/$f"); done < <(
    node -e 'for (const c of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")))
                 if (c.status !== 2) console.log(c.file)' tests/corpus/manifest.json)

args=()
for plan in "${plans[@]}"; do
    name="$(basename "$plan")"
    "$BIN" export "$plan" --format mermaid -o "$WORK/$name.mmd"
    "$BIN" export "$plan" --format json -o "$WORK/$name.json"
    args+=("$name" "$WORK/$name.mmd" "$WORK/$name.json")
done
# A control the check must reject, so that it cannot pass for want of looking: the
# shipped chart with a link and a callback added by hand.
{
    cat "$WORK/firearms.yaml.mmd"
    printf '    click c0 href "https://example.invalid"\n    click m1 call alert(1)\n'
} >"$WORK/control.mmd"
args+=(control "$WORK/control.mmd" "$WORK/firearms.yaml.json")
node tests/browser/mermaid-page.mjs "$WORK/page.html" "${args[@]}"

timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$(mktemp -d -p "$WORK")" \
    --virtual-time-budget=60000 --dump-dom "file://$WORK/page.html" \
    >"$WORK/page.dom" 2>"$WORK/chromium.log" || {
    echo "check-mermaid: Chromium failed to load the page" >&2
    cat "$WORK/chromium.log" >&2
    exit 1
}
results="$(sed -n '/<pre id="results">/,/<\/pre>/p' "$WORK/page.dom" |
    sed -e 's/.*<pre id="results">//' -e 's/<\/pre>.*//')"
if ! echo "$results" | grep -q '^FAIL control: .*links or clickable'; then
    echo "$results" | sed 's/^/check-mermaid: /' >&2
    echo "check-mermaid: the control chart with a link was not caught: the check is broken" >&2
    exit 1
fi
results="$(echo "$results" | grep -v '^FAIL control: ')"
echo "$results" | sed 's/^/check-mermaid: /'
echo "check-mermaid: the control chart (a link and a callback added by hand) is rejected"
if [ "$(echo "$results" | grep -c '^ok ')" -ne "${#plans[@]}" ] || echo "$results" | grep -q '^FAIL'; then
    echo "check-mermaid: not every chart rendered cleanly (above)" >&2
    exit 1
fi
echo "check-mermaid: ${#plans[@]} charts render in Mermaid $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version' "$(dirname "$MERMAID_JS")/../package.json")"
