// Live quorum: as attendance is ticked, ask the server (the same engine
// that counts votes) whether quorum would be met, before anything is saved.
(function () {
  var form = document.querySelector("form[data-quorum]");
  var box = document.getElementById("quorum");
  if (!form || !box || !window.fetch) return;
  form.addEventListener("change", function () {
    var q = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v) q.append(k, v); });
    fetch(form.getAttribute("data-quorum") + "?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; });
  });
  // Say the check is listening, so a page (or a test) can tell.
  form.setAttribute("data-live", "on");
})();
