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
    var summary = root.querySelector("[data-fsg-summary]");

    var trail = []; // [{id, answer, pushed, inferred}]: the steps taken, oldest first
    var lastAnswer = {}; // question anchor -> {to, label}, to replay browser Forward
    var pending = null; // the answer just clicked, until its hashchange arrives
    var announceTimer = null;

    function heading(el) { return el.querySelector(".fsg-tree__heading"); }
    function headingText(el) {
      var h = heading(el).cloneNode(true);
      h.querySelectorAll(".fsg-tree__paper").forEach(function (n) { n.remove(); }); // "3. " is for paper only
      return h.textContent.trim();
    }
    function isOutcome(el) { return el.hasAttribute("data-level"); }
    function current() { return trail[trail.length - 1]; }
    function indexOf(id) {
      for (var i = 0; i < trail.length; i++) if (trail[i].id === id) return i;
      return -1;
    }

    // The one way to reach `id` from the start, if there is only one (so a
    // reloaded step still knows its earlier answers); null if there are several.
    function pathTo(id) {
      var path = [{ id: id, answer: null, pushed: false }];
      var cur = id;
      while (cur !== start) {
        var ps = parents[cur] || [];
        if (ps.length !== 1 || path.length > steps.length) return null;
        // Inferred, not given: used for the step count and Back, never printed as "my answer".
        path.unshift({ id: ps[0].from, answer: ps[0].label, pushed: false, inferred: true });
        cur = ps[0].from;
      }
      return path;
    }

    function labelFor(from, to) {
      if (pending && pending.from === from && pending.to === to) return pending.label;
      if (lastAnswer[from] && lastAnswer[from].to === to) return lastAnswer[from].label;
      var ps = (parents[to] || []).filter(function (p) { return p.from === from; });
      return ps.length ? ps[0].label : null;
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
      el.querySelectorAll("[data-fsg-print-row]").forEach(function (p) { p.hidden = false; });
      announce(line + ": " + headingText(el));
      if (focus) {
        // Focus the new heading (screen readers read it), and show the progress line above it.
        heading(el).focus({ preventScroll: true });
        progress.scrollIntoView({ block: "start" });
      }
    }

    // The URL hash now names `id`: work out how we got there, then show it.
    this.go = function (id, focus) {
      var at = indexOf(id);
      var cur = current();
      if (at >= 0) {
        trail.length = at + 1; // Back, browser Back, or Start again
        trail[at].answer = null;
      } else if (cur && !isOutcome(byAnchor[cur.id]) && labelFor(cur.id, id) !== null) {
        cur.answer = labelFor(cur.id, id);
        lastAnswer[cur.id] = { to: id, label: cur.answer };
        trail.push({ id: id, answer: null, pushed: true });
      } else {
        trail = pathTo(id) || [{ id: id, answer: null, pushed: false }];
      }
      pending = null;
      show(id, focus);
    };

    this.onHash = function () {
      var id = decodeURIComponent(location.hash.slice(1));
      if (byAnchor[id]) self.go(id, true);
      else if (!location.hash) { history.replaceState(null, "", "#" + start); self.go(start, true); }
      // Any other hash (a citation, a heading) leaves the current step as it is.
    };

    function fillSummary() {
      var strip = function (node) {
        [node].concat(Array.prototype.slice.call(node.querySelectorAll("*"))).forEach(function (n) {
          ["id", "data-node", "data-level", "data-remaining", "aria-labelledby", "tabindex", "hidden"].forEach(function (a) {
            n.removeAttribute(a);
          });
        });
        node.querySelectorAll(".fsg-tree__print, .fsg-tree__nojs, .fsg-tree__answers, .fsg-tree__paper").forEach(function (n) { n.remove(); });
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
        pending = {
          from: answer.closest("[data-node]").id,
          to: answer.getAttribute("href").slice(1),
          label: answer.textContent.trim()
        };
        return; // the link itself changes the hash, which adds a history entry
      }
      if (ev.target.closest("[data-fsg-print]")) {
        fillSummary();
        document.documentElement.classList.add("fsg-print-answers");
        window.print();
      }
    });

    backButton.addEventListener("click", function () {
      if (trail.length < 2) return;
      if (current().pushed) {
        history.back(); // the browser's own history holds the step before
      } else {
        var prev = trail[trail.length - 2].id; // reopened from a bookmark: no history to go back to
        history.replaceState(null, "", "#" + prev);
        self.go(prev, true);
      }
    });

    restartButton.addEventListener("click", function () {
      location.hash = "#" + start;
    });

    // First view: the step the URL names, else the first question.
    root.classList.add("fsg-tree--js");
    var first = decodeURIComponent(location.hash.slice(1));
    if (byAnchor[first]) {
      this.go(first, true);
    } else {
      trail = [{ id: start, answer: null, pushed: false }];
      show(start, false);
      // Name the first step in the URL only after the theme has read the address:
      // a hash present at that moment makes the theme move the keyboard's starting
      // point into the tree, so the first Tab would skip "Skip to content".
      if (!location.hash) window.addEventListener("load", function () {
        if (!location.hash) history.replaceState(null, "", "#" + start);
      }, { once: true });
    }
  }

  function init() {
    var root = document.querySelector("[data-fsg-tree]");
    active = root && !root.classList.contains("fsg-tree--js") ? new Tree(root) : active && root ? active : null;
  }

  window.addEventListener("hashchange", function () { if (active) active.onHash(); });
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
