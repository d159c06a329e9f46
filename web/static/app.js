// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Wide tables: every table sits in a .table-wrap that scrolls sideways,
  // is reachable by keyboard (tabindex, a named region) and, when its
  // columns do not fit, says so above it. Pages need only the table;
  // a bare table gets its wrapper here.
  var hintText = "← 表格较宽，可左右滑动查看全部列 →";
  var wraps = [];
  Array.prototype.forEach.call(document.querySelectorAll("main table"), function (t) {
    var wrap = t.parentElement;
    if (!wrap.classList.contains("table-wrap")) {
      wrap = document.createElement("div");
      wrap.className = "table-wrap";
      t.parentNode.insertBefore(wrap, t);
      wrap.appendChild(t);
    }
    if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
    if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
    if (!wrap.hasAttribute("aria-label")) {
      var cap = t.querySelector("caption, th");
      wrap.setAttribute("aria-label", "表格" + (cap ? "：" + cap.textContent.trim() : ""));
    }
    var hint = wrap.previousElementSibling;
    if (!hint || !hint.classList.contains("scroll-hint")) {
      hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.textContent = hintText;
      wrap.parentNode.insertBefore(hint, wrap);
    }
    wraps.push(wrap);
  });
  var mark = function () {
    wraps.forEach(function (w) {
      w.previousElementSibling.classList.toggle("shown", w.scrollWidth > w.clientWidth + 1);
    });
  };
  mark();
  window.addEventListener("resize", mark);
  // A one-row phone menu keeps the current item in view.
  var current = document.querySelector("nav.main a.active");
  var menu = current && current.closest("ul");
  if (menu && menu.scrollWidth > menu.clientWidth) {
    menu.scrollLeft = current.offsetLeft - (menu.clientWidth - current.offsetWidth) / 2;
  }
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
