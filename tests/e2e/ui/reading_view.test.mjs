// Browser test of the reading view (/ui) against a running eventx server.
// Run by tests/e2e/test_ui.py, which starts the server, asks the API for the expected
// responses and passes them in a JSON file:
//
//   node reading_view.test.mjs CASES.json
//
// CASES.json: {base_url, screenshot, chromium, cases: [{name, text, document_date, expected}],
//              error_case: {text, document_date, status, detail}}
// Prints one JSON line per check group and exits non-zero on the first failure.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const spec = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

function check(cond, msg) {
  if (!cond) throw new Error("check failed: " + msg);
}
function log(obj) { console.log(JSON.stringify(obj)); }

/** In the page: every highlighted piece with its code-point range in the article text. */
function readHighlights() {
  const article = document.getElementById("article");
  const pieces = [];
  let cp = 0;
  for (const node of article.childNodes) {
    const n = Array.from(node.textContent).length;
    if (node.nodeType === 1 && node.classList.contains("seg")) {
      pieces.push({ start: cp, end: cp + n, t: (node.dataset.t || "").split(" ").filter(Boolean),
                    a: (node.dataset.a || "").split(" ").filter(Boolean),
                    color: getComputedStyle(node).getPropertyValue("--c").trim() });
    }
    cp += n;
  }
  return { text: article.textContent, pieces };
}

/** [start, end) covered by the pieces carrying `key`, or null when they are not one contiguous run. */
function coverage(pieces, field, key) {
  const ps = pieces.filter((p) => p[field].includes(key)).sort((x, y) => x.start - y.start);
  if (!ps.length) return null;
  for (let i = 1; i < ps.length; i++) if (ps[i].start !== ps[i - 1].end) return null;
  return [ps[0].start, ps[ps.length - 1].end];
}

async function submit(page, text, date) {
  await page.fill("#article-text", text);
  await page.fill("#document-date", date);
  await page.click("#submit-btn");
  await page.waitForFunction(() => {
    const s = document.getElementById("status").textContent;
    return /events in|Failed|Cancelled/.test(s);
  }, null, { timeout: 240_000 });
}

async function checkCase(page, c) {
  const t0 = Date.now();
  await submit(page, c.text, c.document_date);
  check(await page.isHidden("#error"), `${c.name}: error box shown: ` + (await page.textContent("#error")));
  const exp = c.expected.events;
  const { text, pieces } = await page.evaluate(readHighlights);
  check(text === c.text, `${c.name}: article text differs from the text sent`);

  // highlights: every trigger and every argument covers exactly its API offsets
  const typeColors = {};
  for (const ev of exp) {
    const cov = coverage(pieces, "t", ev.id);
    check(cov && cov[0] === ev.trigger.start && cov[1] === ev.trigger.end,
      `${c.name}: trigger of ${ev.id} highlighted at ${JSON.stringify(cov)}, API says [${ev.trigger.start}, ${ev.trigger.end}]`);
    const cps = Array.from(c.text);
    check(cps.slice(cov[0], cov[1]).join("") === ev.trigger.text, `${c.name}: trigger text of ${ev.id}`);
    ev.arguments.forEach((a, j) => {
      const ac = coverage(pieces, "a", `${ev.id}.${j}`);
      check(ac && ac[0] === a.start && ac[1] === a.end,
        `${c.name}: argument ${ev.id}.${j} (${a.role}) highlighted at ${JSON.stringify(ac)}, API says [${a.start}, ${a.end}]`);
    });
    // colour by type: all pieces led by this trigger share the type's colour
    const color = pieces.find((p) => p.t[0] === ev.id)?.color;
    if (color) {
      if (typeColors[ev.type]) check(typeColors[ev.type] === color, `${c.name}: ${ev.type} has two colours`);
      typeColors[ev.type] = color;
    }
  }
  const keysShown = new Set(pieces.flatMap((p) => p.t));
  check(keysShown.size === exp.length, `${c.name}: ${keysShown.size} triggers highlighted, API has ${exp.length} events`);
  const argKeys = new Set(pieces.flatMap((p) => p.a));
  const argCount = exp.reduce((n, ev) => n + ev.arguments.filter((a) => a.end > a.start).length, 0);
  check(argKeys.size === argCount, `${c.name}: ${argKeys.size} arguments highlighted, API has ${argCount}`);
  const distinctColors = new Set(Object.values(typeColors));
  check(distinctColors.size === Object.keys(typeColors).length, `${c.name}: types share colours`);

  // table: one row per event, with the API's values
  const rows = await page.$$eval("#events-table tbody tr", (trs) => trs.map((tr) => ({
    id: tr.dataset.event, cells: Array.from(tr.cells).map((td) => td.textContent) })));
  check(rows.length === exp.length, `${c.name}: ${rows.length} table rows, ${exp.length} events`);
  const byId = Object.fromEntries(exp.map((ev) => [ev.id, ev]));
  for (const r of rows) {
    const ev = byId[r.id];
    check(ev, `${c.name}: row for unknown event ${r.id}`);
    const time = ev.arguments.find((a) => a.role === "time" && typeof a.value === "string");
    check(r.cells[1] === ev.type && r.cells[2] === ev.trigger.text && r.cells[3] === ev.modality
      && r.cells[4] === (time ? time.value : "") && Number(r.cells[5]) === ev.confidence,
      `${c.name}: row ${r.id} ${JSON.stringify(r.cells.slice(1, 6))}`);
  }
  log({ case: c.name, events: exp.length, arguments: argCount, pieces: pieces.length,
        types: Object.keys(typeColors).length, seconds: (Date.now() - t0) / 1000 });
}

async function checkSorting(page, exp) {
  const ids = () => page.$$eval("#events-table tbody tr", (trs) => trs.map((tr) => tr.dataset.event));
  const byId = Object.fromEntries(exp.map((ev) => [ev.id, ev]));
  await page.click('th[data-sort="confidence"] button');        // first click: highest first
  let order = (await ids()).map((id) => byId[id].confidence);
  check(order.every((v, i) => i === 0 || order[i - 1] >= v), "sort by confidence (descending)");
  await page.click('th[data-sort="confidence"] button');
  order = (await ids()).map((id) => byId[id].confidence);
  check(order.every((v, i) => i === 0 || order[i - 1] <= v), "sort by confidence (ascending)");
  await page.click('th[data-sort="type"] button');
  order = (await ids()).map((id) => byId[id].type);
  check(order.every((v, i) => i === 0 || order[i - 1] <= v), "sort by type");
  await page.click('th[data-sort="date"] button');
  const dates = (await ids()).map((id) => (byId[id].arguments.find((a) => a.role === "time" && typeof a.value === "string") || {}).value || "");
  const k = dates.indexOf("") < 0 ? dates.length : dates.indexOf("");
  check(dates.slice(0, k).every((v, i) => i === 0 || dates[i - 1] <= v) && dates.slice(k).every((v) => v === ""),
    "sort by date value (dated first, ascending): " + dates.join(","));
  await page.click('th[data-sort="position"] button');
  log({ check: "sorting", ok: true });
}

async function checkDetails(page, exp) {
  // hover over the trigger of the event with the most arguments: the panel shows it
  const ev = exp.slice().sort((x, y) => y.arguments.length - x.arguments.length)[0];
  await page.hover(`#article .seg[data-t~="${ev.id}"]`);
  const panel = await page.textContent("#details");
  check(panel.includes(ev.type) && panel.includes(ev.modality) && panel.includes(ev.confidence.toFixed(3)),
    `details panel for ${ev.id}: ${panel.slice(0, 200)}`);
  for (const a of ev.arguments) check(panel.includes(a.role), `details panel lists role ${a.role}`);
  const focused = await page.$$eval(`#article .seg.focus`, (els) => els.length);
  check(focused > 0, "hovered event's pieces are marked");
  // click pins it: the table row is selected
  await page.click(`#article .seg[data-t~="${ev.id}"]`);
  check(await page.$(`#events-table tr.selected[data-event="${ev.id}"]`), "clicked event's row selected");
  log({ check: "details", event: ev.id, roles: ev.arguments.map((a) => a.role) });
  return ev;
}

async function checkJson(page, expected) {
  const raw = await page.textContent("#json-raw");
  const shown = JSON.parse(raw);
  check(JSON.stringify(shown.events) === JSON.stringify(expected.events), "raw JSON shows the API's events");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
  check(/\.json$/.test(download.suggestedFilename()), "download file name");
  await page.click("#copy-json");
  await page.waitForFunction(() => document.getElementById("copy-status").textContent !== "");
  log({ check: "json", download: download.suggestedFilename(), copy: await page.textContent("#copy-status") });
}

async function checkError(page, e) {
  await submit(page, e.text, e.document_date);
  check(await page.isVisible("#error"), "error box visible after a failing request");
  const detail = await page.textContent("#error-detail");
  const title = await page.textContent("#error-title");
  check(detail.includes(e.detail), `error detail shown: ${detail.slice(0, 200)}`);
  check(title.startsWith(String(e.status)), `error title has the status: ${title}`);
  log({ check: "error", status: e.status, detail: detail.slice(0, 160) });
}

const browser = await chromium.launch({ executablePath: spec.chromium || "/usr/bin/chromium", args: ARGS, headless: true });
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: spec.base_url }).catch(() => {});
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
  page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
  await page.goto(spec.base_url + "/");
  await page.click('a[href="/ui"]');
  await page.waitForSelector("#article-text");

  // the error case first (nothing rendered yet), then each text
  if (spec.error_case) await checkError(page, spec.error_case);
  for (const c of spec.cases.slice(1)) await checkCase(page, c);
  const main = spec.cases[0];
  await checkCase(page, main);
  check(await page.isHidden("#error"), "error box hidden after a good request");
  await checkSorting(page, main.expected.events);
  await checkJson(page, main.expected);
  await checkDetails(page, main.expected.events);
  await page.screenshot({ path: spec.screenshot, fullPage: true });
  log({ screenshot: spec.screenshot });
  // the failing requests log a console error (the 4xx itself); nothing else may
  const unexpected = consoleErrors.filter((m) => !/status of 4\d\d/.test(m));
  check(unexpected.length === 0, "page errors: " + unexpected.join(" | "));
} catch (err) {
  failed = true;
  console.error(err && err.stack || String(err));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
