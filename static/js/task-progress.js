// Progress of a background task (a file import, a batch credit check): the task worker does the
// work; this page only reads how far it got from the panel's data-progress-url, updates the bar,
// the status and any [data-count=…] figures, and reloads once the task is done or failed.
// Closing the tab does not stop the task. If nothing moves for a while (no worker running), the
// page shows its #progress-stalled notice; its button then does one step by hand.
(function () {
  "use strict";
  var panel = document.querySelector(".progress-panel[data-progress-url]");
  if (!panel || panel.dataset.status === "done" || panel.dataset.status === "failed") return;
  var stalledNotice = document.getElementById("progress-stalled");
  var last = null;
  var unchangedPolls = 0;
  var failures = 0;

  function show(p) {
    document.getElementById("progress-bar").value = p.processed;
    document.getElementById("progress-processed").textContent = p.processed;
    document.getElementById("progress-percent").textContent = p.percent;
    var status = document.getElementById("progress-status");
    status.textContent = p.status_label;
    status.className = "status-" + p.status;
    panel.querySelectorAll("[data-count]").forEach(function (el) {
      var value = p[el.dataset.count];
      if (value !== undefined) el.textContent = value;
    });
  }

  function poll() {
    fetch(panel.dataset.progressUrl, {
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (p) {
      failures = 0;
      show(p);
      if (p.status === "done" || p.status === "failed") {
        window.location.reload();
        return;
      }
      unchangedPolls = (last !== null && last === p.processed) ? unchangedPolls + 1 : 0;
      last = p.processed;
      if (stalledNotice) stalledNotice.hidden = unchangedPolls < 30;
      window.setTimeout(poll, 1000);
    }).catch(function () {
      failures += 1;
      window.setTimeout(poll, Math.min(2000 * failures, 30000));
    });
  }
  poll();
})();
