// File import progress: ask the server for the next step until the batch is done.
// Without JavaScript the page's "继续导入" button does the same one step at a time.
(function () {
  "use strict";
  var panel = document.getElementById("import-progress");
  if (!panel || panel.dataset.status === "done") return;
  var form = document.getElementById("step-form");
  var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]").value : "";
  var failures = 0;

  function show(p) {
    document.getElementById("progress-bar").value = p.processed;
    document.getElementById("progress-processed").textContent = p.processed;
    document.getElementById("progress-percent").textContent = p.percent;
    var status = document.getElementById("progress-status");
    status.textContent = p.status_label;
    status.className = "status-" + p.status;
    ["created", "updated", "unchanged", "rejected", "late"].forEach(function (k) {
      var el = panel.querySelector("[data-count=" + k + "]");
      if (el) el.textContent = p[k];
    });
  }

  function step() {
    fetch(panel.dataset.stepUrl, {
      method: "POST",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (p) {
      failures = 0;
      show(p);
      if (p.status === "done") {
        window.location.reload();
      } else {
        window.setTimeout(step, p.retry ? 1000 : 0);
      }
    }).catch(function () {
      failures += 1;
      if (failures < 5) window.setTimeout(step, 2000 * failures);
    });
  }
  step();
})();
