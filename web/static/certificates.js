// The course certificates page: while the browser downloads the zip, show
// how many certificates are packed, polled from the server. Without this
// file the link still downloads the zip.
(function () {
  "use strict";
  var link = document.querySelector("[data-zip-download]");
  var box = document.querySelector("[data-zip-progress]");
  if (!link || !box || !window.fetch || !window.crypto) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-zip-text]");

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function poll(key, misses) {
    fetch("/api/certificate-downloads/" + key, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { // not started yet
          if (misses < 60) { setTimeout(function () { poll(key, misses + 1); }, 500); }
          return;
        }
        bar.max = Math.max(p.total, 1);
        bar.value = p.done;
        if (p.state === "running") {
          text.textContent = "正在打包：" + p.done + " / " + p.total + " 张";
          setTimeout(function () { poll(key, 0); }, 700);
        } else if (p.state === "done") {
          text.textContent = "打包完成：共 " + p.total + " 张证书";
        } else {
          text.textContent = "下载中断，请重试";
        }
      })
      .catch(function () { text.textContent = "无法获取进度，下载仍在进行"; });
  }

  link.addEventListener("click", function () {
    var key = newKey();
    link.setAttribute("href", link.getAttribute("data-zip-download") + "?progress=" + key);
    box.hidden = false;
    bar.value = 0;
    text.textContent = "正在准备…";
    poll(key, 0);
  });
})();
