// Injected by check-html.sh into a copy of the HTML export: compares, as Chromium
// computes them, the colours of each key of the legend with those of every mark of the
// timeline that has the same key (data-key), and writes the verdict into the page.
(() => {
  const props = ["fill", "stroke", "fill-opacity", "stroke-opacity", "stroke-dasharray"];
  const compared = [];
  const mismatches = [];
  for (const key of document.querySelectorAll(".legend [data-key]")) {
    const k = key.dataset.key;
    const want = getComputedStyle(key);
    const marks = document.querySelectorAll(`svg.timeline [data-key="${k}"]`);
    for (const mark of marks) {
      const got = getComputedStyle(mark);
      for (const p of props) {
        const [w, g] = [want.getPropertyValue(p), got.getPropertyValue(p)];
        if (w !== g) mismatches.push(`${k} ${p}: legend ${w}, timeline ${g}`);
      }
    }
    if (marks.length > 0) compared.push(k);
  }
  const pre = document.createElement("pre");
  pre.id = "legend-check";
  pre.textContent = `compared: ${compared.join(" ")}\n` +
    (mismatches.length ? `MISMATCH\n${mismatches.join("\n")}` : "MATCH");
  document.body.appendChild(pre);
})();
