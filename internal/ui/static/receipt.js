// The receipt of an anonymous concern: copy it, download it as a small
// text file made here in the browser (so it never travels or is logged),
// and tick "I have saved my receipt" before leaving. Without JavaScript
// the page shows the code and a plain instruction instead.
(function () {
  var box = document.querySelector("[data-receipt]");
  if (!box) return;
  var code = document.getElementById("receipt");
  var tools = box.querySelector(".receipt-tools");
  var gate = box.querySelector(".receipt-gate");
  var plain = box.querySelector(".receipt-nojs");
  var saved = document.getElementById("receipt-saved");
  var done = document.getElementById("receipt-done");
  var note = document.getElementById("receipt-note");
  var copyBtn = document.getElementById("receipt-copy");
  var dlBtn = document.getElementById("receipt-download");
  var text = code.textContent.trim();

  function say(msg) { note.textContent = msg; }

  function selectCode() {
    var range = document.createRange();
    range.selectNodeContents(code);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // Fallback for browsers without the clipboard API (or without the right
  // to use it): select the code and try the old copy command.
  function copyBySelection() {
    selectCode();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    say(ok ? "Copied. Paste it somewhere safe." : "The code is selected: press Ctrl+C (or \u2318C) to copy it.");
  }

  copyBtn.addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () {
        say("Copied. Paste it somewhere safe.");
      }, copyBySelection);
    } else {
      copyBySelection();
    }
  });

  dlBtn.addEventListener("click", function () {
    var lines = [
      "accord - receipt for a concern you raised",
      "",
      "Alliance: " + dlBtn.getAttribute("data-alliance") + " (short name: " + dlBtn.getAttribute("data-slug") + ")",
      "Receipt code: " + text,
      "Follow up at: " + dlBtn.getAttribute("data-follow"),
      "",
      "Keep this file private: whoever holds the code can read the replies.",
      "The code cannot be recovered if it is lost.",
      ""
    ];
    var blob = new Blob([lines.join("\r\n")], { type: "text/plain;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "accord-receipt.txt";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    say("Downloaded as accord-receipt.txt. Keep it somewhere only you can open.");
  });

  function ready() { return saved.checked; }

  function sync() {
    if (ready()) {
      done.removeAttribute("aria-disabled");
      done.classList.remove("disabled");
    } else {
      done.setAttribute("aria-disabled", "true");
      done.classList.add("disabled");
    }
  }

  done.addEventListener("click", function (e) {
    if (!ready()) {
      e.preventDefault();
      say("Tick \u201cI have saved my receipt code\u201d first: the code is not shown again.");
      saved.focus();
    }
  });
  saved.addEventListener("change", sync);
  window.addEventListener("beforeunload", function (e) {
    if (!ready()) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  tools.hidden = false;
  gate.hidden = false;
  plain.hidden = true;
  sync();
  // Say the receipt tools are live, so a page (or a test) can tell.
  box.setAttribute("data-live", "on");
})();
