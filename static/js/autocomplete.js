// Career-title suggestions for search inputs carrying data-suggest (the header box, the
// home page). ARIA 1.2 combobox with a listbox popup; without JavaScript the plain GET
// form still works. Up/Down move, Home/End jump, Enter opens, Escape closes or clears.
(function () {
  "use strict";

  function enhance(input) {
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var options = [], active = -1, timer = 0, pending = null;
    list.id = input.id + "-listbox";
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggested careers");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function setActive(i) {
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (i < 0) { input.removeAttribute("aria-activedescendant"); return; }
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    }
    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }
    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function render(results) {
      close();
      list.textContent = "";
      options = results.map(function (r, i) {
        var li = document.createElement("li"), meta = document.createElement("span");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.url = r.url;
        li.textContent = r.title;
        meta.className = "suggest-meta";
        meta.textContent = " " + r.category;
        li.appendChild(meta);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.assign(r.url); });
        list.appendChild(li);
        return li;
      });
      status.textContent = options.length ? options.length + " suggestions; use the up and down arrows to choose." : "";
      open();
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (pending) pending.abort();
      if (q.length < 2) { render([]); return; }
      pending = new AbortController();
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (document.activeElement === input) render(data.results || []); })
        .catch(function () { /* aborted or offline: keep the plain form */ });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 200); });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      var last = options.length - 1;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (last < 0) return;
        e.preventDefault();
        if (list.hidden) { open(); setActive(e.key === "ArrowDown" ? 0 : last); return; }
        setActive(e.key === "ArrowDown" ? (active >= last ? 0 : active + 1) : (active <= 0 ? last : active - 1));
      } else if ((e.key === "Home" || e.key === "End") && !list.hidden && active >= 0) {
        e.preventDefault();
        setActive(e.key === "Home" ? 0 : last);
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault();
        window.location.assign(options[active].dataset.url);
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ""; }
      }
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();
