// Check-in code display: fetch the next code when the shown one expires,
// and reload the QR image with it. No inline script (CSP).
(function () {
  "use strict";
  var box = document.querySelector(".projector[data-code-url]");
  if (!box) { return; }
  var digits = document.getElementById("code-digits");
  var qr = document.getElementById("code-qr");
  var status = document.getElementById("code-status");
  function schedule(seconds) {
    window.setTimeout(refresh, Math.max(1, seconds) * 1000 + 300);
  }
  function refresh() {
    fetch(box.getAttribute("data-code-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (res) {
        if (!res.ok) { throw new Error("HTTP " + res.status); }
        return res.json();
      })
      .then(function (d) {
        if (d.closed) { window.location.reload(); return; }
        if (digits.textContent !== d.code) {
          digits.textContent = d.code;
          qr.src = box.getAttribute("data-qr-url") + "?t=" + Date.now();
        }
        if (status && d.open) { status.textContent = "签到进行中，签到码定时更换"; }
        schedule(d.seconds);
      })
      .catch(function () {
        if (status) { status.textContent = "网络连接中断，正在重试……"; }
        schedule(5);
      });
  }
  schedule(parseInt(box.getAttribute("data-seconds"), 10) || 30);
})();
