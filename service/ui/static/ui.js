/* eventx reading view: plain JS, no dependencies.
 *
 * The API's offsets are Python code-point indices. JS strings are UTF-16, so a character
 * outside the BMP (emoji, some symbols) is two JS units. Every offset is converted through a
 * code-point -> UTF-16 table built from Array.from(text) before the text is sliced.
 */
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var body = document.body;
  var EVENT_TYPES = (body.dataset.eventTypes || "").split(",").filter(Boolean);
  var MAX_CHARS = parseInt(body.dataset.maxTextChars || "0", 10) || 0;

  var state = {
    text: "",          // the exact text sent
    response: null,    // the parsed response
    raw: "",           // the response as received
    events: [],        // response.events with .position
    sortKey: "position",
    sortDir: 1,
    pinned: null,      // event id selected by click
    segsByEvent: {},   // event id -> [span elements]
    controller: null,
  };

  // -- colours by type --------------------------------------------------------------------
  function typeHue(type) {
    var i = EVENT_TYPES.indexOf(type);
    if (i < 0) {
      var h = 0;
      for (var k = 0; k < type.length; k++) h = (h * 31 + type.charCodeAt(k)) >>> 0;
      return h % 360;
    }
    // spread the known types round the wheel, neighbours far apart
    return Math.round((i * 137.508) % 360);
  }
  function typeColor(type, light) {
    return "hsl(" + typeHue(type) + ", 70%, " + (light ? "88%" : "38%") + ")";
  }

  // -- offsets ----------------------------------------------------------------------------
  /** cp2u[i] = UTF-16 index of code point i (cp2u[n] = text.length). */
  function codePointTable(text) {
    var cps = Array.from(text);
    var table = new Array(cps.length + 1);
    var u = 0;
    for (var i = 0; i < cps.length; i++) { table[i] = u; u += cps[i].length; }
    table[cps.length] = u;
    return table;
  }

  // -- input --------------------------------------------------------------------------------
  var textArea = $("article-text");
  var dateInput = $("document-date");

  function todayIso() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  if (!dateInput.value) dateInput.value = todayIso();

  function updateCount() {
    var n = Array.from(textArea.value).length;
    var s = n.toLocaleString("en") + " characters";
    if (MAX_CHARS) s += " (limit " + MAX_CHARS.toLocaleString("en") + ")";
    $("char-count").textContent = s;
    $("char-count").classList.toggle("over", MAX_CHARS > 0 && n > MAX_CHARS);
  }
  textArea.addEventListener("input", updateCount);
  updateCount();

  function loadFile(file) {
    if (!file) return;
    if (!/\.txt$/i.test(file.name) && file.type && file.type.indexOf("text/") !== 0) {
      showError({ title: "Not a text file", detail: file.name + " is not a .txt file." });
      return;
    }
    file.text().then(function (t) {
      textArea.value = t;
      updateCount();
      setStatus("Loaded " + file.name);
    }, function (err) {
      showError({ title: "Could not read the file", detail: String(err) });
    });
  }
  $("file-input").addEventListener("change", function (e) { loadFile(e.target.files[0]); });
  var zone = $("drop-zone");
  ["dragenter", "dragover"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("dragging"); });
  });
  zone.addEventListener("drop", function (e) {
    var files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) loadFile(files[0]);
  });

  // -- status and errors ------------------------------------------------------------------------
  function setStatus(msg) { $("status").textContent = msg || ""; }

  function showError(problem) {
    var box = $("error");
    $("results").hidden = true;  // what is shown would be a previous text's result
    $("error-title").textContent = (problem.status ? problem.status + " " : "") + (problem.title || "Error");
    $("error-detail").textContent = problem.detail || "";
    var list = $("error-fields");
    list.textContent = "";
    var errs = problem.errors || {};
    Object.keys(errs).forEach(function (field) {
      var li = document.createElement("li");
      li.textContent = field + ": " + [].concat(errs[field]).join(" ");
      list.appendChild(li);
    });
    var meta = [];
    if (problem.request_id) meta.push("request id " + problem.request_id);
    if (problem.type) meta.push(problem.type);
    $("error-meta").textContent = meta.join(" · ");
    box.hidden = false;
  }
  function clearError() { $("error").hidden = true; }

  // -- request ----------------------------------------------------------------------------------
  $("input-form").addEventListener("submit", function (e) {
    e.preventDefault();
    submit();
  });
  $("cancel-btn").addEventListener("click", function () {
    if (state.controller) state.controller.abort();
  });

  function submit() {
    clearError();
    var text = textArea.value;
    if (!text.trim()) {
      showError({ title: "Nothing to analyse", detail: "Paste an article or drop a .txt file first." });
      return;
    }
    var payload = { text: text, options: { include: ["entities"] } };
    if (dateInput.value) payload.document_date = dateInput.value;
    var controller = new AbortController();
    state.controller = controller;
    $("submit-btn").disabled = true;
    $("cancel-btn").hidden = false;
    body.classList.add("busy");
    $("results").classList.add("stale");
    var started = performance.now();
    var tick = setInterval(function () {
      setStatus("Extracting… " + ((performance.now() - started) / 1000).toFixed(0) + " s");
    }, 500);
    setStatus("Extracting…");
    fetch("/v1/extract", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json, application/problem+json" },
      body: JSON.stringify(payload),
      signal: controller.signal,
    }).then(function (resp) {
      return resp.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (err) { data = null; }
        if (!resp.ok) {
          var problem = (data && typeof data === "object") ? data : {};
          if (!problem.status) problem.status = resp.status;
          if (!problem.title) problem.title = resp.statusText || "Request failed";
          if (!problem.detail) problem.detail = raw ? raw.slice(0, 500) : "The service answered " + resp.status + ".";
          var retry = resp.headers.get("Retry-After");
          if (retry) problem.detail += " Retry in " + retry + " s.";
          showError(problem);
          setStatus("Failed (" + resp.status + ")");
          return;
        }
        if (!data || !Array.isArray(data.events)) {
          showError({ title: "Unexpected response", detail: "The service answered 200 without an events list." });
          setStatus("Failed");
          return;
        }
        var secs = ((performance.now() - started) / 1000).toFixed(1);
        render(text, data, raw);
        setStatus(data.events.length + " events in " + secs + " s");
      });
    }).catch(function (err) {
      if (err && err.name === "AbortError") {
        setStatus("Cancelled");
      } else {
        showError({ title: "The service could not be reached", detail: String(err && err.message || err) });
        setStatus("Failed");
      }
    }).finally(function () {
      clearInterval(tick);
      state.controller = null;
      $("submit-btn").disabled = false;
      $("cancel-btn").hidden = true;
      body.classList.remove("busy");
      $("results").classList.remove("stale");
    });
  }

  // -- rendering --------------------------------------------------------------------------------
  function render(text, data, raw) {
    state.text = text;
    state.response = data;
    state.raw = raw;
    state.pinned = null;
    state.events = data.events.map(function (ev, i) { return Object.assign({ position: i }, ev); });
    state.entities = {};
    (data.entities || []).forEach(function (en) { state.entities[en.id] = en; });
    $("results").hidden = false;
    renderSummary(data);
    renderLegend();
    renderArticle();
    renderTable();
    $("json-raw").textContent = JSON.stringify(data, null, 2);
    showDetails(null);
  }

  function renderSummary(data) {
    var types = {};
    data.events.forEach(function (ev) { types[ev.type] = (types[ev.type] || 0) + 1; });
    var parts = [data.events.length + " events", Object.keys(types).length + " types",
                 (data.entities || []).length + " entities",
                 "document date " + data.document_date + (data.document_date_defaulted ? " (defaulted)" : "")];
    if (data.model) parts.push("model " + data.model.name + " " + data.model.version);
    if (data.timings && data.timings.total != null) parts.push(Math.round(data.timings.total) + " ms");
    $("summary").textContent = parts.join(" · ");
    var w = $("warnings");
    w.textContent = "";
    (data.warnings || []).forEach(function (warn) {
      var p = document.createElement("p");
      p.textContent = "⚠ " + warn.code + ": " + warn.message;
      w.appendChild(p);
    });
    w.hidden = !(data.warnings || []).length;
  }

  function renderLegend() {
    var legend = $("legend");
    legend.textContent = "";
    var seen = [];
    state.events.forEach(function (ev) { if (seen.indexOf(ev.type) < 0) seen.push(ev.type); });
    seen.sort();
    seen.forEach(function (type) {
      var item = document.createElement("span");
      item.className = "legend-item";
      item.style.setProperty("--c", typeColor(type));
      item.style.setProperty("--bg", typeColor(type, true));
      item.textContent = type;
      legend.appendChild(item);
    });
    var arg = document.createElement("span");
    arg.className = "legend-item legend-arg";
    arg.textContent = "argument (underlined in its event's colour)";
    legend.appendChild(arg);
  }

  /** Split the text at every span boundary; each piece knows the triggers and arguments over it. */
  function renderArticle() {
    var text = state.text;
    var table = codePointTable(text);
    var ncp = table.length - 1;
    var spans = [];
    state.events.forEach(function (ev) {
      spans.push({ kind: "t", ev: ev, start: ev.trigger.start, end: ev.trigger.end, key: ev.id });
      ev.arguments.forEach(function (a, j) {
        spans.push({ kind: "a", ev: ev, arg: a, start: a.start, end: a.end, key: ev.id + "." + j });
      });
    });
    spans = spans.filter(function (s) { return s.start >= 0 && s.end <= ncp && s.start < s.end; });
    var bounds = {};
    bounds[0] = true; bounds[ncp] = true;
    spans.forEach(function (s) { bounds[s.start] = true; bounds[s.end] = true; });
    var cuts = Object.keys(bounds).map(Number).sort(function (a, b) { return a - b; });
    // open/close lists per boundary
    var opens = {}, closes = {};
    spans.forEach(function (s) {
      (opens[s.start] = opens[s.start] || []).push(s);
      (closes[s.end] = closes[s.end] || []).push(s);
    });
    var active = [];
    var frag = document.createDocumentFragment();
    state.segsByEvent = {};
    for (var i = 0; i < cuts.length - 1; i++) {
      var a = cuts[i], b = cuts[i + 1];
      (closes[a] || []).forEach(function (s) { active.splice(active.indexOf(s), 1); });
      (opens[a] || []).forEach(function (s) { active.push(s); });
      var piece = text.slice(table[a], table[b]);
      if (!active.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var el = document.createElement("span");
      el.textContent = piece;
      var trig = active.filter(function (s) { return s.kind === "t"; });
      var args = active.filter(function (s) { return s.kind === "a"; });
      el.className = "seg" + (trig.length ? " trig" : "") + (args.length ? " arg" : "");
      if (trig.length) el.dataset.t = trig.map(function (s) { return s.key; }).join(" ");
      if (args.length) el.dataset.a = args.map(function (s) { return s.key; }).join(" ");
      var main = trig.length ? trig[0] : args[0];
      el.style.setProperty("--c", typeColor(main.ev.type));
      el.style.setProperty("--bg", typeColor(main.ev.type, true));
      if (args.length) el.style.setProperty("--u", typeColor(args[0].ev.type));
      el.title = active.map(function (s) {
        return s.kind === "t" ? s.ev.type + " (" + s.ev.id + ")" : s.arg.role + " of " + s.ev.id;
      }).join("\n");
      active.forEach(function (s) {
        var list = state.segsByEvent[s.ev.id] = state.segsByEvent[s.ev.id] || [];
        if (list.indexOf(el) < 0) list.push(el);
      });
      if (trig.length) el.tabIndex = 0;
      frag.appendChild(el);
    }
    var article = $("article");
    article.textContent = "";
    article.appendChild(frag);
  }

  function eventsOf(el) {
    var ids = [];
    (el.dataset.t || "").split(" ").concat((el.dataset.a || "").split(" ")).forEach(function (k) {
      if (!k) return;
      var id = k.split(".")[0];
      if (ids.indexOf(id) < 0) ids.push(id);
    });
    return ids;
  }
  function eventById(id) {
    for (var i = 0; i < state.events.length; i++) if (state.events[i].id === id) return state.events[i];
    return null;
  }

  var article = $("article");
  article.addEventListener("mouseover", function (e) {
    var el = e.target.closest ? e.target.closest(".seg") : null;
    if (!el || state.pinned) return;
    focusEvent(eventsOf(el)[0], false);
  });
  article.addEventListener("mouseleave", function () {
    if (!state.pinned) focusEvent(null, false);
  });
  article.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest(".seg") : null;
    if (!el) { pin(null); return; }
    var ids = eventsOf(el);
    // clicking again on a piece cycles through the events over it
    var next = ids[0];
    if (state.pinned && ids.indexOf(state.pinned) >= 0) next = ids[(ids.indexOf(state.pinned) + 1) % ids.length];
    pin(next);
  });
  article.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") {
      var el = e.target.closest ? e.target.closest(".seg") : null;
      if (el) { e.preventDefault(); pin(eventsOf(el)[0]); }
    } else if (e.key === "Escape") { pin(null); }
  });

  function pin(id) {
    state.pinned = id;
    focusEvent(id, true);
  }

  function focusEvent(id, scroll) {
    document.querySelectorAll(".seg.focus").forEach(function (el) { el.classList.remove("focus"); });
    document.querySelectorAll("#events-table tr.selected").forEach(function (tr) { tr.classList.remove("selected"); });
    var ev = id ? eventById(id) : null;
    showDetails(ev);
    if (!ev) return;
    (state.segsByEvent[id] || []).forEach(function (el) { el.classList.add("focus"); });
    var row = document.querySelector('#events-table tr[data-event="' + id + '"]');
    if (row) row.classList.add("selected");
    if (scroll) {
      var first = document.querySelector('#article .seg[data-t~="' + id + '"]');
      if (first && first.scrollIntoView) first.scrollIntoView({ block: "nearest" });
    }
  }

  function formatValue(v) {
    if (v === null || v === undefined) return "";
    if (typeof v !== "object") return String(v);
    if ("amount" in v) return Number(v.amount).toLocaleString("en") + (v.currency ? " " + v.currency : "");
    if ("value" in v) return Number(v.value).toLocaleString("en");
    return JSON.stringify(v);
  }

  function cell(tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text == null ? "" : String(text);
    if (cls) el.className = cls;
    return el;
  }

  function showDetails(ev) {
    var box = $("details");
    box.textContent = "";
    if (!ev) {
      box.appendChild(cell("p", "Hover over or click a highlighted word, or a row of the table, to see its event.", "hint"));
      return;
    }
    box.dataset.event = ev.id;
    var h = cell("h3", ev.type);
    h.style.setProperty("--c", typeColor(ev.type));
    h.className = "type-title";
    box.appendChild(h);
    var dl = document.createElement("dl");
    [["event", ev.id + (state.pinned === ev.id ? " (selected; Esc to release)" : "")],
     ["trigger", "«" + ev.trigger.text + "»" + (ev.trigger.lemma ? " (" + ev.trigger.lemma + ")" : "")],
     ["modality", ev.modality],
     ["confidence", ev.confidence.toFixed(3)],
     ["sentence", ev.sentence]].forEach(function (kv) {
      dl.appendChild(cell("dt", kv[0]));
      dl.appendChild(cell("dd", kv[1], kv[0] === "modality" ? "modality m-" + ev.modality : null));
    });
    box.appendChild(dl);
    if (!ev.arguments.length) { box.appendChild(cell("p", "No arguments.", "hint")); return; }
    var list = document.createElement("ul");
    list.className = "roles";
    ev.arguments.forEach(function (a) {
      var li = document.createElement("li");
      var head = cell("div", "", "role-head");
      head.appendChild(cell("span", a.role, "role"));
      var v = formatValue(a.value);
      if (v) head.appendChild(cell("span", v, "value"));
      if (a.confidence != null) head.appendChild(cell("span", a.confidence.toFixed(2), "conf"));
      li.appendChild(head);
      li.appendChild(cell("div", a.text, "arg-text"));
      var en = a.entity && state.entities[a.entity];
      if (en || a.entity) li.appendChild(cell("div", "entity " + (en ? en.text + " (" + en.type + ", " + en.id + ")" : a.entity), "hint"));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  // -- table -------------------------------------------------------------------------------------
  function dateValue(ev) {
    for (var i = 0; i < ev.arguments.length; i++) {
      var a = ev.arguments[i];
      if (a.role === "time" && typeof a.value === "string") return a.value;
    }
    return "";
  }

  function sortedEvents() {
    var key = state.sortKey, dir = state.sortDir;
    return state.events.slice().sort(function (x, y) {
      var c = 0;
      if (key === "type") c = x.type < y.type ? -1 : x.type > y.type ? 1 : 0;
      else if (key === "confidence") c = x.confidence - y.confidence;
      else if (key === "date") {
        var dx = dateValue(x), dy = dateValue(y);
        if (!dx && dy) return 1;     // events without a date value last, either direction
        if (dx && !dy) return -1;
        c = dx < dy ? -1 : dx > dy ? 1 : 0;
      }
      if (c === 0) c = (x.position - y.position) * (key === "position" ? 1 : dir);
      return c * dir;
    });
  }

  function renderTable() {
    var tbody = document.querySelector("#events-table tbody");
    tbody.textContent = "";
    sortedEvents().forEach(function (ev) {
      var tr = document.createElement("tr");
      tr.dataset.event = ev.id;
      tr.tabIndex = 0;
      tr.appendChild(cell("td", ev.position + 1, "num"));
      var type = cell("td", ev.type, "type");
      type.style.setProperty("--c", typeColor(ev.type));
      tr.appendChild(type);
      tr.appendChild(cell("td", ev.trigger.text, "trigger"));
      tr.appendChild(cell("td", ev.modality, "modality m-" + ev.modality));
      tr.appendChild(cell("td", dateValue(ev), "date"));
      tr.appendChild(cell("td", ev.confidence.toFixed(3), "num confidence"));
      tr.appendChild(cell("td", ev.arguments.map(function (a) {
        var v = formatValue(a.value);
        return a.role + ": " + a.text + (v ? " [" + v + "]" : "");
      }).join("; "), "args"));
      tbody.appendChild(tr);
    });
    document.querySelectorAll("#events-table th.sortable").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === state.sortKey ? (state.sortDir > 0 ? "ascending" : "descending") : "none");
    });
    if (state.pinned) focusEvent(state.pinned, false);
  }

  document.querySelectorAll("#events-table th.sortable").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.dataset.sort;
      if (state.sortKey === key) state.sortDir = -state.sortDir;
      else { state.sortKey = key; state.sortDir = key === "confidence" ? -1 : 1; }
      renderTable();
    });
  });
  var tbodyEl = document.querySelector("#events-table tbody");
  tbodyEl.addEventListener("click", function (e) {
    var tr = e.target.closest("tr");
    if (tr) pin(state.pinned === tr.dataset.event ? null : tr.dataset.event);
  });
  tbodyEl.addEventListener("keydown", function (e) {
    var tr = e.target.closest("tr");
    if (tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); pin(tr.dataset.event); }
  });
  tbodyEl.addEventListener("mouseover", function (e) {
    var tr = e.target.closest("tr");
    if (tr && !state.pinned) focusEvent(tr.dataset.event, false);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && state.pinned) pin(null); });

  // -- JSON -------------------------------------------------------------------------------------
  function jsonText() { return JSON.stringify(state.response, null, 2) + "\n"; }
  $("copy-json").addEventListener("click", function () {
    var s = jsonText();
    var done = function () { $("copy-status").textContent = "Copied " + s.length.toLocaleString("en") + " characters."; };
    var fallback = function () {
      var ta = document.createElement("textarea");
      ta.value = s; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
      document.body.appendChild(ta); ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(ta);
      if (ok) done(); else $("copy-status").textContent = "Copy is blocked here: use Download, or select the raw response.";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).then(done, fallback);
    else fallback();
  });
  $("download-json").addEventListener("click", function () {
    var s = jsonText();
    var blob = new Blob([s], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "eventx-" + (state.response.document_date || "result") + ".json";
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });

  // exposed for tests and the console
  window.eventxUI = { codePointTable: codePointTable, state: state, submit: submit };
})();
