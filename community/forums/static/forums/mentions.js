/* Mention suggestions in the forum's reply boxes (progressive enhancement).
 *
 * A textarea with data-mention-url gets, while its member types "@Mei", a list of the members
 * they may mention there (the server decides who: only members whose profile the poster may
 * see and who can see the discussion). Choosing one writes "@[Mei Lin] ". Without JavaScript
 * the box works the same; mentions are typed by hand and checked when posting.
 */
(function () {
  "use strict";

  var TRIGGER = /(^|[\s(>])@\[?([^\s@[\]][^\s@[\]]*(?: [^\s@[\]]*){0,2})$/;
  var DELAY = 250;

  function setup(textarea, index) {
    var url = textarea.getAttribute("data-mention-url");
    var listId = (textarea.id || "mention-box-" + index) + "-mentions";
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;
    var match = null;

    list.id = listId;
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    textarea.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    textarea.setAttribute("aria-controls", listId);
    textarea.setAttribute("aria-autocomplete", "list");

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(next) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = next;
      options[active].setAttribute("aria-selected", "true");
      textarea.setAttribute("aria-activedescendant", options[active].id);
    }

    function choose(position) {
      var item = items[position];
      if (!item || !match) return;
      var before = textarea.value.slice(0, match.start);
      var after = textarea.value.slice(textarea.selectionStart);
      var inserted = item.mention + " ";
      textarea.value = before + inserted + after;
      textarea.setSelectionRange(before.length + inserted.length, before.length + inserted.length);
      close();
      textarea.focus();
    }

    function render(results) {
      list.replaceChildren();
      items = results;
      active = -1;
      status.textContent = results.length ? results.map(function (r) { return r.name; }).join(", ") : "";
      if (!results.length) {
        close();
        return;
      }
      results.forEach(function (result, position) {
        var option = document.createElement("li");
        option.id = listId + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.name;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(position);
        });
        list.appendChild(option);
      });
      list.hidden = false;
    }

    function suggest() {
      var typed = textarea.value.slice(0, textarea.selectionStart);
      var found = TRIGGER.exec(typed);
      if (!found) {
        match = null;
        close();
        return;
      }
      match = { start: typed.length - found[0].length + found[1].length };
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(found[2]);
      fetch(address, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () { /* typing on: an aborted or failed request shows nothing */ });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + items.length) % items.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    textarea.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-mention-url]"), setup);
})();
