/* Copy buttons on /for-clinicians/. Without this script (or without clipboard
   access) the buttons stay hidden and each address is text that one click selects. */
(function () {
  "use strict";
  var root = document.querySelector("[data-fsg-clinic-links]");
  if (!root || !navigator.clipboard || !window.isSecureContext) return;
  var status = root.querySelector(".fsg-clinic-links__status");
  root.querySelectorAll("button[data-fsg-copy]").forEach(function (button) {
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-fsg-copy")).then(function () {
        button.textContent = "Copied";
        if (status) status.textContent = "Copied " + button.getAttribute("data-fsg-copy");
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        if (status) status.textContent = "Could not copy. Select the address and copy it instead.";
      });
    });
  });
})();
