// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Ask before destructive form submissions marked data-confirm.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // An import in progress (data-import-poll): ask for its progress every
  // second and reload the page, with its report, once it has finished.
  var job = document.querySelector("[data-import-poll]");
  if (job && job.getAttribute("data-finished") !== "true") {
    var poll = function () {
      fetch(job.getAttribute("data-import-poll"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (r) {
          if (!r) { return; }
          if (r.finished) { window.location.reload(); return; }
          var set = function (name, v) {
            var el = job.querySelector("[data-field=" + name + "]");
            if (el) { if (el.tagName === "PROGRESS") { el.value = v; } else { el.textContent = v; } }
          };
          set("processed", r.job.processed);
          set("percent", r.percent);
          set("statusLabel", r.statusLabel);
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 500);
  }
})();
