// Issuing a credit query certificate: say that it is being made, download it, then show its
// number and verify link. The form's issue_token makes a repeated submit return the same
// certificate (publicity/certificates/replay.py). Without JavaScript the form posts as usual
// and the browser downloads the PDF.
(function () {
  "use strict";
  var form = document.getElementById("certificate-form");
  if (!form || !window.fetch || !window.FormData || !window.URL) return;
  var button = document.getElementById("certificate-submit");
  var progress = document.getElementById("certificate-progress");
  var issued = document.getElementById("certificate-issued");
  var busy = false;

  function done() {
    busy = false;
    button.disabled = false;
    progress.hidden = true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return; // a second click while the first is still being made
    busy = true;
    button.disabled = true;
    progress.hidden = false;
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/pdf") !== 0) {
        // Errors, limits or a signing problem: let the server render its page as without script.
        done();
        form.submit();
        return null;
      }
      var number = response.headers.get("X-Certificate-Number") || "";
      var disposition = response.headers.get("Content-Disposition") || "";
      var match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
      var filename = match ? decodeURIComponent(match[1]) : number + ".pdf";
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = document.getElementById("certificate-download");
        link.href = url;
        link.setAttribute("download", filename);
        document.getElementById("certificate-number").textContent = number;
        var verify = document.getElementById("certificate-verify");
        verify.href = form.dataset.verifyUrl + encodeURIComponent(number) + "/";
        verify.textContent = window.location.origin + verify.getAttribute("href");
        issued.hidden = false;
        link.click();
        done();
        issued.focus();
      });
    }).catch(function () {
      done();
      form.submit();
    });
  });
})();
