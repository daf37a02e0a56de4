// Filterable checkbox lists in the Wagtail editor (taxonomy/widgets.py): typing in the search
// box hides the choices whose label does not contain the text; ticked boxes stay ticked.
(function () {
  function setUp(container) {
    var input = container.querySelector("[data-checkbox-filter-input]");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    input.hidden = false;
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // do not submit the page form
    });
    input.addEventListener("input", function () {
      var text = input.value.trim().toLocaleLowerCase();
      container.querySelectorAll("label").forEach(function (label) {
        var box = label.querySelector("input[type=checkbox]");
        if (!box) return;
        var item = label.closest("div") || label;
        var shown = !text || label.textContent.toLocaleLowerCase().indexOf(text) !== -1;
        item.hidden = !shown && !box.checked;
      });
    });
  }
  function setUpAll() {
    document.querySelectorAll("[data-checkbox-filter]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
