/* Checklists (overrides/partials/checklist.html): remember ticks and diary notes in
   this browser only, Clear, Print, progress and the live red-flag result.
   Nothing is ever sent anywhere. All words come from the page, none from here.
   Without this file everything still shows and every box still ticks. */
(function () {
  "use strict";

  var PREFIX = "fsg-checklist:";

  /* Storage may be missing, blocked or full (private mode): then ticks are simply not remembered. */
  function openStorage() {
    try {
      var store = window.localStorage;
      var probe = PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (e) {
      return null;
    }
  }

  function read(store, key) {
    if (!store) return null;
    try { return store.getItem(key); } catch (e) { return null; }
  }

  function write(store, key, value) {
    if (!store) return;
    try {
      if (value) store.setItem(key, value); else store.removeItem(key);
    } catch (e) { /* full or blocked: keep working without remembering */ }
  }

  /* Ticks saved for an older version of a list must never come back on the new one. */
  function forgetOldVersions(store, id, version) {
    if (!store) return;
    try {
      var mine = PREFIX + id + ":", current = mine + version + ":", old = [];
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (key && key.indexOf(mine) === 0 && key.indexOf(current) !== 0) old.push(key);
      }
      old.forEach(function (key) { store.removeItem(key); });
    } catch (e) { /* nothing to do */ }
  }

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  /* Print one list alone: hide everything that is not on its way up to <body>. */
  function printOnly(root) {
    var hidden = [];
    for (var el = root; el && el.parentElement && el !== document.body; el = el.parentElement) {
      each(el.parentElement.children, function (sibling) {
        if (sibling === el || sibling.matches("[data-md-component=announce], script, style, link")) return;
        sibling.setAttribute("data-fsg-print-hide", "");
        hidden.push(sibling);
      });
    }
    var html = document.documentElement;
    html.classList.add("fsg-print-one");
    function restore() {
      window.removeEventListener("afterprint", restore);
      html.classList.remove("fsg-print-one");
      hidden.forEach(function (node) { node.removeAttribute("data-fsg-print-hide"); });
    }
    window.addEventListener("afterprint", restore);
    window.print();
  }

  function setup(root) {
    if (root.hasAttribute("data-fsg-ready")) return;
    root.setAttribute("data-fsg-ready", "");
    var store = openStorage();
    var id = root.getAttribute("data-fsg-checklist");
    var version = root.getAttribute("data-fsg-version");
    var base = PREFIX + id + ":" + version + ":";
    var boxes = root.querySelectorAll("input[type=checkbox][data-fsg-item]");
    var cells = root.querySelectorAll("input[data-fsg-cell]");
    var progress = root.querySelector("[data-fsg-progress]");
    var result = root.querySelector("[data-fsg-result]");
    var tools = root.querySelector("[data-fsg-tools]");
    var privacy = root.querySelector("[data-fsg-privacy]");

    forgetOldVersions(store, id, version);
    each(boxes, function (box) { box.checked = read(store, base + box.getAttribute("data-fsg-item")) === "1"; });
    each(cells, function (cell) {
      var saved = read(store, base + cell.getAttribute("data-fsg-cell"));
      if (saved !== null) cell.value = saved;
    });

    var touched = false; // has the reader ticked or unticked anything on this visit?

    function update() {
      if (progress) {
        var done = 0, total = 0;
        if (cells.length) {
          var rows = {};
          each(cells, function (cell) {
            var row = cell.getAttribute("data-fsg-row");
            if (!(row in rows)) { rows[row] = false; total++; }
            if (cell.value.trim() && !rows[row]) { rows[row] = true; done++; }
          });
        } else {
          total = boxes.length;
          each(boxes, function (box) { if (box.checked) done++; });
        }
        progress.textContent = fill(progress.getAttribute("data-fsg-template"), { done: done, total: total });
      }
      if (result) {
        var order = result.getAttribute("data-fsg-levels").split(" ");
        var ticked = {};
        each(boxes, function (box) { if (box.checked) ticked[box.getAttribute("data-fsg-level")] = true; });
        var active = "none";
        for (var i = 0; i < order.length; i++) {
          if (ticked[order[i]]) { active = order[i]; break; }
        }
        // No result before the reader has done anything: "nothing ticked" shows only after a change.
        var waiting = active === "none" && !touched;
        if (waiting) result.querySelector("[data-fsg-status]").textContent = "";
        each(result.querySelectorAll("[data-fsg-advice]"), function (block) {
          var on = !waiting && block.getAttribute("data-fsg-advice") === active;
          block.hidden = !on;
          if (on) result.querySelector("[data-fsg-status]").textContent = block.getAttribute("data-fsg-say");
        });
      }
    }

    root.addEventListener("change", function (event) {
      var box = event.target;
      if (box.matches && box.matches("input[type=checkbox][data-fsg-item]")) {
        write(store, base + box.getAttribute("data-fsg-item"), box.checked ? "1" : null);
        touched = true;
        update();
      }
    });
    root.addEventListener("input", function (event) {
      var cell = event.target;
      if (cell.matches && cell.matches("input[data-fsg-cell]")) {
        write(store, base + cell.getAttribute("data-fsg-cell"), cell.value.trim() ? cell.value : null);
        update();
      }
    });

    var clear = root.querySelector("[data-fsg-clear]");
    if (clear) clear.addEventListener("click", function () {
      each(boxes, function (box) { box.checked = false; write(store, base + box.getAttribute("data-fsg-item"), null); });
      each(cells, function (cell) { cell.value = ""; write(store, base + cell.getAttribute("data-fsg-cell"), null); });
      update();
    });
    var print = root.querySelector("[data-fsg-print]");
    if (print) print.addEventListener("click", function () { printOnly(root); });

    if (!store && privacy) privacy.textContent = privacy.getAttribute("data-fsg-no-storage");
    if (tools) tools.hidden = false;
    update();
  }

  function setupAll() {
    each(document.querySelectorAll("[data-fsg-checklist]"), setup);
  }

  /* Material's document$ fires on the first load and after each instant navigation. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setupAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
