/* Optional: after a <time data-local-time datetime="…"> adds the time in the visitor's own
   zone (the page is complete without it). */
(function () {
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var lang = document.documentElement.lang || undefined;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) return;
    var note = document.createElement("span");
    note.className = "meta";
    note.textContent = " (" + format.format(when) + ", " + zone + ")";
    var after = el.closest(".when-range") || el; // after the whole range, not inside it
    after.parentNode.insertBefore(note, after.nextSibling);
  });
})();
