// Writes the page that tests/browser/check-mermaid.sh opens in Chromium.
//
//   node mermaid-page.mjs OUT.html NAME CHART.mmd PLAN.json [NAME CHART.mmd PLAN.json ...]
//
// Each chart is rendered by the real Mermaid library (mermaid.min.js, next to the page)
// with securityLevel "loose", the most permissive a page can choose, so a link or a
// callback in a chart would be bound. The page then writes one line per chart into
// <pre id="results">: "ok NAME ..." or "FAIL NAME: why". Expected counts come from the
// plan's JSON export: one task per cluster with a valid window, one per meeting.
import { readFileSync, writeFileSync } from "node:fs";

const [out, ...args] = process.argv.slice(2);
const charts = [];
for (let i = 0; i + 2 < args.length; i += 3) {
  const plan = JSON.parse(readFileSync(args[i + 2], "utf8")).plan;
  charts.push({
    name: args[i],
    text: readFileSync(args[i + 1], "utf8"),
    clusters: (plan.clusters ?? []).filter((c) => c.review.start <= c.review.end).length,
    meetings: (plan.meetings ?? []).length,
  });
}

// JSON inside a <script> block: "<" escaped so no chart text can close the block.
const data = JSON.stringify(charts).replace(/</g, "\\u003c");
writeFileSync(
  out,
  `<!doctype html>
<html><head><meta charset="utf-8"><title>mermaid check</title></head>
<body>
<div id="charts"></div>
<pre id="results">pending</pre>
<script src="mermaid.min.js"></script>
<script>
const charts = ${data};
let alerts = 0;
window.alert = () => { alerts += 1; };
(async () => {
  const lines = [];
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: "loose" });
    for (const [i, c] of charts.entries()) {
      const el = document.createElement("pre");
      el.className = "mermaid";
      el.id = "chart" + i;
      el.textContent = c.text;
      document.getElementById("charts").appendChild(el);
      try {
        await mermaid.parse(c.text);
        await mermaid.run({ nodes: [el], suppressErrors: false });
      } catch (e) {
        lines.push("FAIL " + c.name + ": Mermaid error: " + String(e && e.message || e).split("\\n")[0]);
        continue;
      }
      const svg = el.querySelector("svg");
      const why = [];
      if (!svg) why.push("no svg");
      if (el.textContent.includes("Syntax error")) why.push("syntax error");
      const tasks = [...el.querySelectorAll("rect.task")];
      const ids = tasks.map((t) => t.id.replace(/^.*-/, ""));
      const count = (re) => ids.filter((id) => re.test(id)).length;
      if (count(/^c\\d+$/) !== c.clusters) why.push("cluster tasks " + count(/^c\\d+$/) + ", expected " + c.clusters);
      if (count(/^m\\d+(_\\d+)?$/) !== c.meetings) why.push("meeting tasks " + count(/^m\\d+(_\\d+)?$/) + ", expected " + c.meetings);
      const other = ids.filter((id) => !/^(c|g)\\d+$|^m\\d+(_\\d+)?$/.test(id));
      if (other.length) why.push("tasks the tool did not name: " + other.join(" "));
      if (new Set(ids).size !== ids.length) why.push("duplicate task ids");
      const links = el.querySelectorAll("a, [href], [xlink\\\\:href], .clickable");
      if (links.length) why.push(links.length + " links or clickable elements");
      const handlers = [...el.querySelectorAll("*")].filter((n) => n.onclick || n.getAttribute("onclick"));
      if (handlers.length) why.push(handlers.length + " click handlers");
      lines.push(why.length ? "FAIL " + c.name + ": " + why.join("; ")
                            : "ok " + c.name + ": " + tasks.length + " tasks");
    }
    if (alerts) lines.push("FAIL alert() was called " + alerts + " times");
  } catch (e) {
    lines.push("FAIL page: " + e);
  }
  document.getElementById("results").textContent = lines.join("\\n");
})();
</script>
</body></html>
`,
);
