// The menu button and filter panels are <details> disclosures that work without JavaScript;
// from 48rem up site.css shows their content whatever their state (::details-content). Where a
// browser lacks ::details-content, this opens them on wide screens instead. Escape closes the
// open menu on a small screen (outside the search box) and returns the focus to its button.
(function () {
  "use strict";
  var wide = window.matchMedia ? window.matchMedia("(min-width: 48rem)") : null;
  var supported = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (wide && !supported) {
    var openOnWideScreens = function () {
      if (!wide.matches) return;
      document.querySelectorAll("details.site-menu, details.filter-panel").forEach(function (details) {
        details.open = true;
      });
    };
    openOnWideScreens();
    if (wide.addEventListener) wide.addEventListener("change", openOnWideScreens);
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.getElementById("site-menu");
    if (!menu || !menu.open || (wide && wide.matches) || !menu.contains(document.activeElement)) return;
    // In the search box Escape belongs to the box: it clears it, or closes its suggestions.
    if (event.target.closest && event.target.closest("input")) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
})();
