// The online commitment form: choosing a type fills in the credit office's standard text
// (from the data attributes of #commitment-templates), unless the text was already changed.
(function () {
  "use strict";
  var select = document.getElementById("id_commitment_type");
  var store = document.getElementById("commitment-templates");
  if (!select || !store) return;
  var fields = ["matter", "content", "liability"];
  var filled = {};

  function templateFor(type) {
    var items = store.querySelectorAll("[data-type]");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-type") === type) return items[i];
    }
    return null;
  }

  select.addEventListener("change", function () {
    var template = templateFor(select.value);
    if (!template) return;
    fields.forEach(function (name) {
      var input = document.getElementById("id_" + name);
      var text = template.getAttribute("data-" + name) || "";
      if (!input || !text) return;
      var untouched = input.value.trim() === "" || input.value === filled[name];
      if (untouched) {
        input.value = text;
        filled[name] = text;
      }
    });
  });
})();
