// Live quorum: as attendance is ticked, ask the server (the same engine
// that counts votes) whether quorum would be met, before anything is saved.
// Only the answer to the latest change is shown; a failed check (an error
// answer or no answer) says so in the box and is tried again a few times,
// and the box's data-state (checking, ok, error) tells a page or a test
// where it stands.
(function () {
  var form = document.querySelector("form[data-quorum]");
  var box = document.getElementById("quorum");
  if (!form || !box || !window.fetch) return;
  var latest = 0, timer = null, waits = [1000, 2000, 4000];

  function failed(n, attempt, why) {
    if (n !== latest) return;
    var p = document.createElement("p");
    p.className = "quorum-error";
    p.setAttribute("role", "alert");
    var again = attempt < waits.length;
    p.textContent = "The live quorum check failed (" + why + "). " +
      (again ? "Trying again…" : "The quorum is checked again when you record attendance.");
    box.replaceChildren(p);
    box.setAttribute("data-state", "error");
    if (again) timer = setTimeout(function () { check(n, attempt + 1); }, waits[attempt]);
  }

  function check(n, attempt) {
    var q = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v) q.append(k, v); });
    fetch(form.getAttribute("data-quorum") + "?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("the server answered " + r.status);
        return r.text();
      })
      .then(function (html) {
        if (n !== latest) return;
        box.innerHTML = html;
        box.setAttribute("data-state", "ok");
      })
      .catch(function (e) {
        failed(n, attempt, e && e.message && e.message.indexOf("server answered") >= 0 ? e.message : "no answer from the server");
      });
  }

  form.addEventListener("change", function () {
    clearTimeout(timer);
    latest++;
    box.setAttribute("data-state", "checking");
    check(latest, 0);
  });
  // Say the check is listening, so a page (or a test) can tell.
  form.setAttribute("data-live", "on");
})();
