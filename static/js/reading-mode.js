// Reading modes (大字模式, 高对比度) chosen on /accessibility/, kept in this browser only.
(function () {
  "use strict";
  var KEY = "reading-modes";
  var root = document.documentElement;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function apply(modes) {
    root.classList.toggle("reading-large", modes.indexOf("large") !== -1);
    root.classList.toggle("reading-contrast", modes.indexOf("contrast") !== -1);
    document.querySelectorAll("[data-reading-mode]").forEach(function (button) {
      var mode = button.getAttribute("data-reading-mode");
      if (mode !== "reset") {
        button.setAttribute("aria-pressed", modes.indexOf(mode) !== -1 ? "true" : "false");
      }
    });
  }

  function save(modes) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(modes));
    } catch (e) {
      // Private browsing: the mode lasts for this page only.
    }
    apply(modes);
  }

  apply(load());
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-reading-mode]");
    if (!button) {
      return;
    }
    var mode = button.getAttribute("data-reading-mode");
    var modes = load();
    if (mode === "reset") {
      modes = [];
    } else if (modes.indexOf(mode) === -1) {
      modes.push(mode);
    } else {
      modes.splice(modes.indexOf(mode), 1);
    }
    save(modes);
  });
})();
