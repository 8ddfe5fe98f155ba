/* "Do you need help?" decision tree: one step at a time.
 *
 * The page already works without this file: every question and outcome is a
 * section with an anchor (#q-<id>, #outcome-<id>) and every answer is a link.
 * This script only hides the other steps and follows the URL hash, so a step can
 * be bookmarked, reloaded and reached with the browser's Back button.
 *
 * Privacy: the answers live in this page's memory only. Nothing is stored
 * (no cookies, no localStorage) and nothing is sent anywhere.
 */
(function () {
  "use strict";

  var active = null; // the tree on the current page, if any

  function Tree(root) {
    var self = this;
    var steps = Array.prototype.slice.call(root.querySelectorAll(":scope > [data-node]"));
    var byAnchor = {};
    var parents = {}; // anchor -> [{from: anchor, label: text}]
    steps.forEach(function (el) { byAnchor[el.id] = el; });
    steps.forEach(function (el) {
      el.querySelectorAll("a.fsg-tree__answer").forEach(function (a) {
        var to = a.getAttribute("href").slice(1);
        (parents[to] = parents[to] || []).push({ from: el.id, label: a.textContent.trim() });
      });
    });
    var start = root.getAttribute("data-start");
    var progress = root.querySelector("[data-fsg-progress]");
    var status = root.querySelector("[data-fsg-status]");
    var controls = root.querySelector("[data-fsg-controls]");
    var backButton = root.querySelector("[data-fsg-back]");
    var restartButton = root.querySelector("[data-fsg-restart]");
    var printButton = root.querySelector("[data-fsg-print]");
    var summary = root.querySelector("[data-fsg-summary]");

    var trail = []; // [{id, answer, index, inferred}]: the steps taken, oldest first
    var shownHash = null; // the hash the screen shows now
    var announceTimer = null;

    function heading(el) { return el.querySelector(".fsg-tree__heading"); }
    function headingText(el) {
      var h = heading(el).cloneNode(true);
      h.querySelectorAll(".fsg-tree__paper").forEach(function (n) { n.remove(); }); // "3. " is for paper only
      return h.textContent.trim();
    }
    function isOutcome(el) { return el.hasAttribute("data-level"); }
    function current() { return trail[trail.length - 1]; }
    function answersOf(id) { return Array.prototype.slice.call(byAnchor[id].querySelectorAll("a.fsg-tree__answer")); }

    // The path lives in the address after the step: #q-driving~2.0.1 means "from the first
    // question, answer 3, then answer 1, then answer 2" (#q-x~q-y:0.1 starts at question y,
    // when the steps before it were not answered on this visit). A hash is never sent to a
    // server, and it lets a reload or a shared link keep every answer, and Back.
    function hashFor(id, answered) {
      var k = 0;
      while (k < answered.length && answered[k].inferred) k++;
      var given = answered.slice(k);
      if (!given.length) return "#" + id;
      var from = given[0].id;
      return "#" + id + "~" + (from === start ? "" : from + ":") +
        given.map(function (s) { return s.index; }).join(".");
    }
    function parse(hash) {
      var raw = decodeURIComponent(hash.replace(/^#/, ""));
      var cut = raw.indexOf("~");
      var id = cut < 0 ? raw : raw.slice(0, cut);
      if (cut < 0) return { id: id, from: null, path: null };
      var rest = raw.slice(cut + 1), colon = rest.indexOf(":");
      var from = colon < 0 ? start : rest.slice(0, colon);
      var path = (colon < 0 ? rest : rest.slice(colon + 1)).split(".").map(function (n) { return parseInt(n, 10); });
      return { id: id, from: from, path: path };
    }
    // Follow the answers from `from`; null if they do not lead to `id`.
    function replay(id, from, path) {
      if (!byAnchor[from]) return null;
      var steps = from === start ? [] : (pathTo(from) || [{ id: from }]).slice(0, -1);
      var cur = from;
      for (var i = 0; i < path.length; i++) {
        if (!byAnchor[cur] || isOutcome(byAnchor[cur])) return null;
        var a = answersOf(cur)[path[i]];
        if (!a) return null;
        steps.push({ id: cur, answer: a.textContent.trim(), index: path[i], inferred: false });
        cur = a.getAttribute("href").slice(1);
      }
      if (cur !== id) return null;
      steps.push({ id: id, answer: null, index: null, inferred: false });
      return steps;
    }

    // The one way to reach `id` from the start, if there is only one (so a
    // step opened by its plain anchor still counts its earlier steps); null if there are several.
    function pathTo(id) {
      var path = [{ id: id, answer: null, index: null }];
      var cur = id;
      while (cur !== start) {
        var ps = parents[cur] || [];
        if (ps.length !== 1 || path.length > steps.length) return null;
        // Inferred, not given: used for the step count and Back, never printed as "my answer".
        path.unshift({ id: ps[0].from, answer: ps[0].label, index: null, inferred: true });
        cur = ps[0].from;
      }
      return path;
    }

    function announce(text) {
      // Clear first, then set, so screen readers hear the same words twice in a row too.
      status.textContent = "";
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () { status.textContent = text; }, 100);
    }

    function show(id, focus) {
      var el = byAnchor[id];
      steps.forEach(function (s) { s.hidden = s !== el; });
      el.setAttribute("aria-label", headingText(el)); // the step shown is a region named by its heading
      var i = trail.length - 1;
      var known = trail[0].id === start;
      var line;
      if (isOutcome(el)) {
        line = "Your result";
      } else {
        var left = parseInt(el.getAttribute("data-remaining"), 10);
        line = known ? "Question " + (i + 1) + " of up to " + (i + left) : "Up to " + left + " questions left";
      }
      progress.textContent = line;
      progress.hidden = false;
      controls.hidden = false;
      backButton.hidden = trail.length < 2;
      restartButton.hidden = id === start;
      printButton.hidden = !isOutcome(el); // one "Print my answers" button, shown with a result
      announce(line + ": " + headingText(el));
      if (focus) {
        // Focus the new heading (screen readers read it), and show the progress line above it.
        heading(el).focus({ preventScroll: true });
        progress.scrollIntoView({ block: "start" });
      }
    }

    // Show what the address names: a step, with the answers that led there if it says them.
    this.fromHash = function (focus) {
      if (location.hash === shownHash) return;
      var where = parse(location.hash);
      if (!byAnchor[where.id]) return; // another section of the page (a citation, a heading)
      trail = (where.path && replay(where.id, where.from, where.path)) || pathTo(where.id) ||
        [{ id: where.id, answer: null, index: null }];
      shownHash = location.hash;
      show(where.id, focus);
    };

    // Move to a new step: a new history entry (so the browser's Back works), marked as ours.
    function push(hash) {
      history.pushState({ fsgTree: true }, "", hash);
      self.fromHash(true);
    }

    this.onHash = function () {
      if (!location.hash) { history.replaceState(null, "", "#" + start); }
      self.fromHash(true);
    };

    function fillSummary() {
      // The copy is the reader's own result: drop what marks it as a step on screen, or as one of
      // the results the whole-page print shows (data-paper), whose print rules hide "You said".
      var strip = function (node) {
        [node].concat(Array.prototype.slice.call(node.querySelectorAll("*"))).forEach(function (n) {
          ["id", "data-node", "data-level", "data-remaining", "data-paper", "aria-label", "tabindex", "hidden"].forEach(function (a) {
            n.removeAttribute(a);
          });
        });
        node.querySelectorAll(".fsg-tree__nojs, .fsg-tree__answers, .fsg-tree__paper").forEach(function (n) { n.remove(); });
        return node;
      };
      summary.querySelector("[data-fsg-date]").textContent =
        new Date().toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
      summary.querySelector("[data-fsg-url]").textContent = location.href;
      var list = summary.querySelector("[data-fsg-answers]");
      list.textContent = "";
      var inferred = trail[0].id !== start;
      trail.forEach(function (step) {
        if (step.inferred) inferred = true;
        if (step.answer === null || step.inferred) return;
        var el = byAnchor[step.id];
        var li = document.createElement("li");
        var q = document.createElement("p");
        q.className = "fsg-tree__summary-question";
        q.textContent = headingText(el);
        li.appendChild(q);
        var signs = el.querySelector(".fsg-tree__signs");
        if (signs) li.appendChild(strip(signs.cloneNode(true)));
        var a = document.createElement("p");
        a.textContent = "My answer: " + step.answer;
        li.appendChild(a);
        list.appendChild(li);
      });
      summary.querySelector("[data-fsg-partial]").hidden = !inferred;
      var result = summary.querySelector("[data-fsg-result]");
      result.textContent = "";
      result.appendChild(strip(byAnchor[current().id].cloneNode(true)));
    }

    root.addEventListener("click", function (ev) {
      var answer = ev.target.closest("a.fsg-tree__answer");
      if (answer) {
        var from = answer.closest("[data-node]").id;
        if (from !== current().id) return;
        ev.preventDefault();
        var index = answersOf(from).indexOf(answer);
        var taken = trail.slice(0, -1).concat([{ id: from, answer: answer.textContent.trim(), index: index }]);
        push(hashFor(answer.getAttribute("href").slice(1), taken));
        return;
      }
      if (ev.target.closest("[data-fsg-print]")) {
        fillSummary();
        document.documentElement.classList.add("fsg-print-answers");
        window.print();
      }
    });

    backButton.addEventListener("click", function () {
      if (trail.length < 2) return;
      if (history.state && history.state.fsgTree) {
        history.back(); // the browser's own history holds the step before
      } else {
        // Opened from a link, a bookmark or a reload of the first step: step back within the page.
        var before = trail.slice(0, -1);
        var prev = before[before.length - 1].id;
        history.replaceState(null, "", hashFor(prev, before.slice(0, -1)));
        self.fromHash(true);
      }
    });

    restartButton.addEventListener("click", function () {
      push("#" + start);
    });

    // First view: the step the URL names, else the first question.
    root.classList.add("fsg-tree--js");
    if (byAnchor[parse(location.hash).id]) {
      this.fromHash(true);
    } else {
      trail = [{ id: start, answer: null, index: null }];
      show(start, false);
      // Name the first step in the URL only after the theme has read the address:
      // a hash present at that moment makes the theme move the keyboard's starting
      // point into the tree, so the first Tab would skip "Skip to content".
      if (!location.hash) window.addEventListener("load", function () {
        if (!location.hash) { history.replaceState(null, "", "#" + start); shownHash = location.hash; }
      }, { once: true });
    }
  }

  function init() {
    var root = document.querySelector("[data-fsg-tree]");
    active = root && !root.classList.contains("fsg-tree--js") ? new Tree(root) : active && root ? active : null;
  }

  window.addEventListener("hashchange", function () { if (active) active.onHash(); });
  window.addEventListener("popstate", function () { if (active) active.fromHash(true); });
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("fsg-print-answers");
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init); // Material: runs on load (and after instant navigation)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
