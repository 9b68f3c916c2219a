#!/usr/bin/env bash
# Opens the CSV exports of the shipped plans and of every plan of the corpus that loads
# (tests/corpus/, csv-formula-prefixes.yaml among them) in a real spreadsheet engine:
# LibreOffice Calc, headless, imports each file as UTF-8 CSV with formulas evaluated,
# once keeping and once trimming leading spaces, and saves it as flat ODS, where every
# formula cell is a `table:formula` attribute. No cell of an export may be a formula. A
# control file with a bare `=1+1` must give one, or the check is not looking.
#
#   tests/browser/check-csv.sh
#   SOFFICE=/path/to/soffice tests/browser/check-csv.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

SOFFICE="${SOFFICE:-$(command -v soffice || command -v libreoffice || true)}"
if [ -z "$SOFFICE" ]; then
    echo "check-csv: LibreOffice not found; install it (apt-get install libreoffice-calc-nogui) or set SOFFICE" >&2
    exit 1
fi

cargo build --quiet --locked
BIN="${CARGO_TARGET_DIR:-target}/debug/workplan"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

plans=(plans/firearms.yaml tests/fixtures/firearms-revised.yaml tests/fixtures/hostile-titles.yaml)
while IFS= read -r f; do plans+=("tests/corpus/$f"); done < <(
    node -e 'for (const c of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")))
                 if (c.status !== 2) console.log(c.file)' tests/corpus/manifest.json)

mkdir -p "$WORK/csv"
for plan in "${plans[@]}"; do
    "$BIN" export "$plan" --format csv -o "$WORK/csv/$(basename "$plan").csv"
done
# With the byte-order mark Excel needs (`--bom`), too.
"$BIN" export plans/firearms.yaml --format csv --bom -o "$WORK/csv/firearms-bom.csv"
printf 'a,b\r\n=1+1,text\r\n' >"$WORK/csv/control.csv"

status=0
# CSV filter options: separator `,` (44), quote `"` (34), UTF-8 (76), from line 1,
# default column types, English (1033), quoted fields not forced to text, special
# numbers detected, -, -, trim spaces (false/true), -, evaluate formulas (true).
for trim in false true; do
    out="$WORK/ods-trim-$trim"
    mkdir -p "$out"
    timeout 300 "$SOFFICE" -env:UserInstallation="file://$WORK/profile" --headless \
        --convert-to fods --infilter="CSV:44,34,76,1,,1033,false,true,false,false,$trim,-1,true" \
        --outdir "$out" "$WORK"/csv/*.csv >"$WORK/soffice.log" 2>&1 || {
        echo "check-csv: LibreOffice failed" >&2
        cat "$WORK/soffice.log" >&2
        exit 1
    }
    for csv in "$WORK"/csv/*.csv; do
        name="$(basename "$csv" .csv)"
        fods="$out/$name.fods"
        if [ ! -s "$fods" ]; then
            echo "check-csv: $name: LibreOffice did not convert it" >&2
            status=1
            continue
        fi
        formulas="$(grep -o 'table:formula="[^"]*"' "$fods" || true)"
        if [ "$name" = control ]; then
            if [ "$formulas" != 'table:formula="of:=1+1"' ]; then
                echo "check-csv: the control's =1+1 was not read as a formula (trim $trim): the check is broken" >&2
                status=1
            fi
        elif [ -n "$formulas" ]; then
            echo "check-csv: $name (trim $trim): cells read as formulas:" >&2
            echo "$formulas" >&2
            status=1
        fi
    done
done
if [ "$status" -eq 0 ]; then
    echo "check-csv: ${#plans[@]} CSV exports open in $("$SOFFICE" --version | head -n1) with no formula cell"
fi
exit "$status"
