// File import progress: the task worker imports the file; this page only reads how far it got.
// Closing the tab does not stop the import. If nothing moves for a while (no worker running),
// the page says so; the "继续导入" button then imports one step by hand, with or without JavaScript.
(function () {
  "use strict";
  var panel = document.getElementById("import-progress");
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
    ["created", "updated", "unchanged", "rejected", "late"].forEach(function (k) {
      var el = panel.querySelector("[data-count=" + k + "]");
      if (el) el.textContent = p[k];
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
