/* Print collapsed sections open: a reader holding paper cannot click to expand.
   print.css does the same with ::details-content where the browser supports it;
   this covers the others. Sections opened here close again after printing. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
})();
