/* The complaint form: proof-of-work (no third-party server), subject lookup, anonymity toggle,
   early file checks. The server checks everything again; this only spares people a round trip. */
(function () {
  "use strict";
  var form = document.getElementById("complaint-form");
  if (!form) return;
  var $ = function (id) { return document.getElementById(id); };
  // Messages come from the template (translated there).
  var msg = form.dataset;

  /* --- proof of work: find nonce with SHA-256("<challenge>:<nonce>") starting with N zero bits */
  var challenge = $("id_pow_challenge").value;
  var nonceField = $("id_pow_nonce");
  var status = $("pow-status");
  var button = $("submit-button");
  var difficulty = parseInt(challenge.split(":")[0].split(".").pop(), 10) || 0;
  var solved = false, submitWhenSolved = false, submitting = false;

  var prefix = challenge, BATCH = 20000;
  function solve(start) {
    var found = window.powSearch(prefix, difficulty, start, BATCH);
    if (found >= 0) {
      nonceField.value = String(found);
      solved = true;
      status.textContent = msg.msgDone;
      if (submitWhenSolved) send();
      return;
    }
    setTimeout(function () { solve(start + BATCH); }, 0);
  }
  setTimeout(function () { solve(0); }, 0);

  function send() {
    if (submitting) return;
    submitting = true;
    button.disabled = true;
    button.textContent = msg.msgSending;
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (submitting) return;
    if (!checkFiles()) return;
    if (solved) { send(); return; }
    submitWhenSolved = true;
    status.textContent = msg.msgWaiting;
  });

  /* --- complaint (real name) vs report (anonymous allowed) */
  var anonymous = $("id_anonymous");
  var anonymousField = $("anonymous-field");
  var identity = $("identity-fields");
  function kind() {
    var checked = form.querySelector('input[name="kind"]:checked');
    return checked ? checked.value : "complaint";
  }
  function syncIdentity() {
    var isReport = kind() === "report";
    anonymousField.hidden = !isReport;
    if (!isReport) anonymous.checked = false;
    identity.hidden = anonymous.checked;
    ["id_complainant_name", "id_complainant_phone"].forEach(function (id) {
      var input = $(id);
      if (anonymous.checked) input.removeAttribute("required"); else input.setAttribute("required", "");
    });
  }
  form.querySelectorAll('input[name="kind"]').forEach(function (r) { r.addEventListener("change", syncIdentity); });
  anonymous.addEventListener("change", syncIdentity);
  syncIdentity();

  /* --- subject lookup by name or code (non-person subjects only; free text otherwise) */
  var nameInput = $("id_subject_name"), usccInput = $("id_subject_uscc"), idInput = $("id_subject_id");
  var list = $("subject-suggestions");
  var timer = null, lastQuery = "";
  nameInput.setAttribute("role", "combobox");
  nameInput.setAttribute("aria-autocomplete", "list");
  nameInput.setAttribute("aria-controls", "subject-suggestions");
  nameInput.setAttribute("aria-expanded", "false");

  function close() { list.hidden = true; list.innerHTML = ""; nameInput.setAttribute("aria-expanded", "false"); }
  function choose(item) {
    nameInput.value = item.name;
    usccInput.value = item.uscc;
    idInput.value = item.id;
    close();
  }
  function render(results) {
    list.innerHTML = "";
    if (!results.length) { close(); return; }
    results.forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = item.name + (item.uscc ? "　" + item.uscc : "");
      b.addEventListener("click", function () { choose(item); nameInput.focus(); });
      li.appendChild(b);
      list.appendChild(li);
    });
    list.hidden = false;
    nameInput.setAttribute("aria-expanded", "true");
  }
  nameInput.addEventListener("input", function () {
    idInput.value = "";
    clearTimeout(timer);
    var q = nameInput.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(function () {
      if (q === lastQuery) return;
      lastQuery = q;
      fetch(form.dataset.lookupUrl + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (nameInput.value.trim() === q) render(data.results || []); })
        .catch(close);
    }, 250);
  });
  nameInput.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== nameInput) close(); });

  /* --- early file checks (count and size); content is checked by the server */
  var files = $("id_attachments");
  var fileError = document.createElement("p");
  fileError.className = "errorlist";
  fileError.setAttribute("role", "alert");
  files.parentNode.appendChild(fileError);
  function checkFiles() {
    var problems = [];
    var maxFiles = parseInt(msg.maxFiles, 10), maxMb = parseInt(msg.maxMb, 10);
    if (files.files.length > maxFiles) {
      problems.push(msg.msgTooMany.replace("%(limit)s", maxFiles).replace("%(n)s", files.files.length));
    }
    Array.prototype.forEach.call(files.files, function (f) {
      if (f.size > maxMb * 1024 * 1024) problems.push(msg.msgTooBig.replace("%(name)s", f.name).replace("%(limit)s", maxMb));
    });
    fileError.textContent = problems.join(" ");
    if (problems.length) files.focus();
    return !problems.length;
  }
  files.addEventListener("change", checkFiles);
})();
