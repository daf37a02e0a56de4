/* Autocomplete for search boxes (progressive enhancement: without this file the form still
   submits normally). ARIA 1.2 combobox with a listbox popup; arrows move, Enter opens the
   record, Escape closes. Markup: a wrapper with data-autocomplete="<suggest url>" around an
   <input type="search">; optional data-autocomplete-count="{count} suggestions" is announced.
   The site header loads this file on every page (templates/base.html). */
(function () {
  "use strict";
  var counter = 0;

  function setup(wrapper) {
    var input = wrapper.querySelector("input[type=search]");
    if (!input || !window.fetch || wrapper.dataset.autocompleteReady) return;
    wrapper.dataset.autocompleteReady = "true";
    // What screen readers hear when suggestions appear ("{count}" is replaced), translated.
    var countText = wrapper.getAttribute("data-autocomplete-count") || "{count} \u2193";
    var url = wrapper.getAttribute("data-autocomplete");
    var listId = "autocomplete-" + (++counter);
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var items = [], active = -1, timer = null, controller = null;

    list.id = listId;
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.style.position = "relative";
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function render(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.title;
        li.dataset.url = s.url;
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = s.url;
        });
        list.appendChild(li);
        return li;
      });
      status.textContent = items.length ? countText.replace("{count}", items.length) : "";
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function load() {
      var text = input.value.trim();
      if (text.length < 2) { render([]); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { render(data.suggestions || []); })
        .catch(function () { /* offline or aborted: the plain form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].dataset.url;
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("[data-autocomplete]").forEach(setup);
})();
