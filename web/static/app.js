// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Ask before destructive form submissions marked data-confirm.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();
