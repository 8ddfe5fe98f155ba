/* /for-clinicians/: copy buttons, and every QR code on paper.
   The cards' QR codes are images loaded lazily (to keep the page light); before
   printing they are all switched to load now, and the "Print the link cards"
   button waits until every code has loaded before it opens the print dialog.
   A copy button goes after each address where the browser allows copying. Without
   this script (or without clipboard access) there are no buttons and each address
   is text that one click selects. */
(function () {
  "use strict";
  var root = document.querySelector("[data-fsg-clinic-links]");
  if (!root) return;
  function loadCodes() {
    return Array.prototype.map.call(root.querySelectorAll(".fsg-link-card__qr img"), function (img) {
      img.loading = "eager";
      return img.decode ? img.decode().catch(function () {}) : null;
    });
  }
  // Browsers that print lazy images late get them on a second print (see the note on the page);
  // the print button waits for every code first.
  window.addEventListener("beforeprint", loadCodes);
  var print = root.querySelector("button[data-fsg-print-cards]");
  if (print && window.Promise && HTMLImageElement.prototype.decode) {
    print.hidden = false;
    print.addEventListener("click", function () {
      Promise.all(loadCodes()).then(function () { window.print(); });
    });
  }
  var template = root.querySelector("template[data-fsg-copy-button]");
  if (!template || !navigator.clipboard || !window.isSecureContext) return;
  var status = root.querySelector(".fsg-clinic-links__status");
  root.querySelectorAll(".fsg-link-card").forEach(function (card) {
    var heading = card.querySelector(".fsg-link-card__title");
    var page = heading.querySelector(".fsg-link-card__page");
    var title = card.classList.contains("fsg-link-card--page")
      ? card.closest(".fsg-link-group").querySelector(".fsg-link-group__title").textContent.trim() + ", whole page"
      : heading.textContent.slice(page ? page.textContent.length : 0).trim();
    card.querySelectorAll(".fsg-link-card__line").forEach(function (line) {
      var link = line.querySelector("a.fsg-url");
      var what = line.querySelector(".fsg-link-card__label").textContent.trim().toLowerCase();
      var button = template.content.firstElementChild.cloneNode(true);
      var label = "Copy " + what;
      button.textContent = label;
      button.setAttribute("aria-label", label + ": " + title);
      line.append(" ", button);
      button.addEventListener("click", function () {
        var text = link.textContent.trim();
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "Copied";
          if (status) status.textContent = "Copied " + text;
          setTimeout(function () { button.textContent = label; }, 2000);
        }, function () {
          if (status) status.textContent = "Could not copy. Select the address and copy it instead.";
        });
      });
    });
  });
})();
