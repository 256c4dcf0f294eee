// Batch credit check progress: the task worker issues the certificates; this page only reads
// how far it got, and reloads to show the results table once the check is finished.
(function () {
  "use strict";
  var panel = document.getElementById("batch-progress");
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
