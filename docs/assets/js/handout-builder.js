/* /for-clinicians/#make-a-handout: opens the handout builder.
   The page carries only a button, so it stays light for everyone who never uses the tool.
   When the clinician presses it, follows a link to #make-a-handout (a shared set too), or has
   saved a set in this browser, this loads handout-builder-tool.js from this site, which
   fetches the rest of the tool (see there). Nothing the clinician picks or types is sent.
   Without JavaScript the first paragraph says so, and the link cards below still print. */
(function () {
  "use strict";
  var root = document.querySelector("[data-fsg-builder]");
  var me = document.currentScript;
  if (!root || !me) return;
  var button = root.querySelector("[data-fsg-builder-open]");
  var status = root.querySelector("[data-fsg-builder-status]");

  function open(focus) {
    if (button.disabled) return;
    button.disabled = true;
    status.textContent = "Loading the tool.";
    root.setAttribute("data-fsg-builder-focus", focus ? "yes" : "");
    var js = document.createElement("script");
    js.src = me.src.replace(/handout-builder\.js(\?.*)?$/, "handout-builder-tool.js");
    js.onerror = function () {
      js.remove();
      button.disabled = false;
      status.textContent = "The tool could not be loaded. Try again, or print the link cards below.";
    };
    document.body.appendChild(js);
  }
  function wanted() { return /^#make-a-handout(\?|$)/.test(location.hash); }

  root.querySelector("[data-fsg-builder-nojs]").hidden = true;
  root.querySelector("[data-fsg-builder-start]").hidden = false;
  button.addEventListener("click", function () { open(true); });
  window.addEventListener("hashchange", function () { if (wanted()) open(false); });
  var saved = null;
  try { saved = localStorage.getItem("fsg-handout-set"); } catch (e) { /* no storage: nothing saved */ }
  if (wanted() || saved) open(false);  // a link to the tool, or a set saved by handout-builder-tool.js
})();
