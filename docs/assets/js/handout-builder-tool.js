/* /for-clinicians/#make-a-handout: a clinician picks pages and sections, adds a note and
   prints one sheet with a short link and a QR code for each pick.
   Loaded by handout-builder.js when the clinician opens the tool. It first puts the tool's
   markup into [data-fsg-builder-tool]: from the file beside the page (data-fsg-builder-src,
   written by scripts/handout_builder.py), fetched from this site; or, in the offline copy
   (file://, where nothing can be fetched), from the template still in the page. Its styles,
   handout-builder.css, load with it.
   Everything stays in this browser: nothing is sent; nothing is kept unless the clinician
   presses "Save", which keeps the picks (never the note) in localStorage until "Forget".
   A set can be shared as a link: #make-a-handout?picks=code,code lists the short-link codes.
   Without this script the tool stays hidden and the link cards below remain. */
(function () {
  "use strict";
  var root = document.querySelector("[data-fsg-builder]");
  var me = document.currentScript;
  if (!root || !me) return;
  var status = root.querySelector("[data-fsg-builder-status]");
  var opener = root.querySelector("[data-fsg-builder-open]");

  function markup() {
    var inline = root.querySelector("template[data-fsg-builder-parts]");
    if (inline) return inline.content.cloneNode(true);
    return fetch(root.getAttribute("data-fsg-builder-src")).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var t = document.createElement("template");
      t.innerHTML = data.html;
      return t.content;
    });
  }

  function styles() {
    return new Promise(function (done, fail) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = me.src.replace(/js\/handout-builder-tool\.js(\?.*)?$/, "css/handout-builder.css");
      css.onload = done;
      css.onerror = fail;
      // Before print.css, which stays the last stylesheet (overrides/main.html).
      document.head.insertBefore(css, document.querySelector('link[rel="stylesheet"][media="print"]'));
    });
  }

  Promise.all([markup(), styles()]).then(function (got) {
    var tool = root.querySelector("[data-fsg-builder-tool]");
    tool.appendChild(got[0]);
    if (status.textContent === "Loading the tool.") status.textContent = "";
    opener.parentNode.removeChild(opener);
    start(tool);
    if (root.getAttribute("data-fsg-builder-focus")) tool.querySelector("input").focus();
  }, function () {
    me.parentNode.removeChild(me);
    opener.disabled = false;
    status.textContent = "The tool could not be loaded. Try again, or print the link cards below.";
  });

  // The tool, once its markup is in the page.
  function start(tool) {
    var KEY = "fsg-handout-set";
    var HASH = "make-a-handout";
    var max = parseInt(root.getAttribute("data-max"), 10) || 8;
    var boxes = Array.prototype.slice.call(root.querySelectorAll('.fsg-builder__picks input[type="checkbox"]'));
    var note = root.querySelector("#builder-note");
    var status = root.querySelector("[data-fsg-builder-status]");
    var share = root.querySelector("[data-fsg-builder-share]");
    var forget = root.querySelector("[data-fsg-builder-forget]");
    var sheet = root.querySelector("[data-fsg-sheet]");
    var list = sheet.querySelector("[data-fsg-sheet-list]");
    var itemTemplate = root.querySelector("template[data-fsg-sheet-item]");

    function storage() {
      try { return window.localStorage; } catch (e) { return null; }
    }
    function say(text) { status.textContent = text; }
    function picked() { return boxes.filter(function (b) { return b.checked; }); }
    function codes() { return picked().map(function (b) { return b.value; }); }

    function shareUrl() {
      var base = location.href.split("#")[0];
      var c = codes();
      return base + "#" + HASH + (c.length ? "?picks=" + c.join(",") : "");
    }

    function render() {
      var chosen = picked();
      list.textContent = "";
      chosen.forEach(function (b) {
        var li = itemTemplate.content.firstElementChild.cloneNode(true);
        var qr = b.parentNode.querySelector("template[data-fsg-pick-qr]");
        var img = qr.content.firstElementChild.cloneNode(true);
        img.loading = "eager";  // lazy in the page's HTML, so the page stays light; the sheet needs it now
        li.insertBefore(img, li.firstChild);
        li.querySelector(".fsg-sheet__item-title").textContent = b.getAttribute("data-title");
        li.querySelector(".fsg-sheet__item-description").textContent = b.getAttribute("data-description");
        var a = li.querySelector("a");
        a.href = b.getAttribute("data-short");
        a.textContent = b.getAttribute("data-short");
        list.appendChild(li);
      });
      sheet.querySelector("[data-fsg-sheet-empty]").hidden = chosen.length > 0;
      var noteOut = sheet.querySelector("[data-fsg-sheet-note]");
      noteOut.textContent = note.value.trim();
      noteOut.hidden = !note.value.trim();
      share.value = shareUrl();
      boxes.forEach(function (b) { b.disabled = !b.checked && chosen.length >= max; });
    }

    function setPicks(wanted) {
      var known = 0;
      boxes.forEach(function (b) {
        b.checked = wanted.indexOf(b.value) !== -1 && known < max;
        if (b.checked) known += 1;
      });
      render();
      return known;
    }

    function fromHash() {
      var m = /^#make-a-handout\?picks=([a-z0-9,-]*)$/.exec(location.hash);
      if (!m) return false;
      var n = setPicks(m[1].split(",").filter(Boolean));
      say("This link picked " + n + (n === 1 ? " page or section." : " pages or sections."));
      root.scrollIntoView();
      return true;
    }

    function saved() {
      var s = storage();
      if (!s) return null;
      try { return JSON.parse(s.getItem(KEY) || "null"); } catch (e) { return null; }
    }

    function showForget() { forget.hidden = !saved(); }

    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        render();
        var n = picked().length;
        say(b.getAttribute("data-title") + (b.checked ? " added. " : " removed. ") + n + " of " + max + " picked." +
            (n >= max ? " That is the most that fits on one sheet." : ""));
      });
    });
    note.addEventListener("input", render);

    root.querySelector("[data-fsg-builder-clear]").addEventListener("click", function () {
      setPicks([]);
      say("All picks cleared.");
    });

    root.querySelector("[data-fsg-builder-save]").addEventListener("click", function () {
      var s = storage();
      if (!s) { say("This browser cannot save. Bookmark the link to this set instead."); return; }
      s.setItem(KEY, JSON.stringify({ picks: codes() }));
      showForget();
      say("Saved in this browser only: " + codes().length + " picks, without the note. Use Forget to remove it.");
    });

    forget.addEventListener("click", function () {
      var s = storage();
      if (s) s.removeItem(KEY);
      showForget();
      say("The saved set is forgotten. Nothing from this tool is kept in this browser now.");
      root.querySelector("[data-fsg-builder-save]").focus();
    });

    function loadCodes() {
      return Array.prototype.map.call(list.querySelectorAll("img"), function (img) {
        return img.decode ? img.decode().catch(function () {}) : null;
      });
    }

    root.querySelector("[data-fsg-builder-print]").addEventListener("click", function () {
      if (!picked().length) { say("Pick at least one page or section first."); boxes[0].focus(); return; }
      render();
      document.documentElement.classList.add("fsg-printing-sheet");
      var done = function () { window.print(); };
      if (window.Promise) Promise.all(loadCodes()).then(done); else done();
    });
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove("fsg-printing-sheet");
    });
    window.addEventListener("hashchange", fromHash);

    sheet.querySelector("[data-fsg-sheet-date]").textContent =
      new Date().toLocaleDateString(document.documentElement.lang || "en", { year: "numeric", month: "long", day: "numeric" });
    tool.hidden = false;
    if (!fromHash()) {
      var set = saved();
      if (set && set.picks && set.picks.length) {
        setPicks(set.picks);
        say("Your saved set is loaded.");
      } else {
        render();
      }
    }
    showForget();
  }
})();
