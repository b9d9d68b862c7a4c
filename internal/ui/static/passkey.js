// Passkeys (WebAuthn): register one from the account or enrolment page
// (a form with data-passkey-register, the URL its options and result go
// to), and sign in with one as the second step (a button with
// data-passkey-signin). The server sends the options as JSON with binary
// fields in base64url; the browser's answer goes back the same way.
(function () {
  function bytes(s) {
    var b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
    var out = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
    return out.buffer;
  }
  function b64(buf) {
    var a = new Uint8Array(buf), s = "";
    for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function ids(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: bytes(c.id) }); });
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : null
    });
  }
  function trouble(res) {
    if (res.status === 429) return "Too many attempts. Wait a little and try again.";
    if (res.status === 422) return "That passkey was not accepted.";
    if (res.status === 409) return "Start again: reload the page.";
    if (res.status === 401 || res.status === 0) return "This sign-in has expired. Sign in again.";
    return "Something went wrong (" + res.status + "). Try again.";
  }
  function fail(note, msg) { note.textContent = msg; note.classList.add("error"); }
  function go(res) { return res.json().then(function (j) { window.location.assign(j.next); }); }

  if (!window.PublicKeyCredential) {
    document.querySelectorAll("[data-passkey-register], [data-passkey-signin]").forEach(function (el) {
      var note = el.querySelector(".passkey-note") || el.parentNode.querySelector(".passkey-note");
      if (note) note.textContent = "This browser cannot use passkeys.";
      el.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      if (el.tagName === "BUTTON") el.disabled = true;
    });
    return;
  }

  document.querySelectorAll("[data-passkey-register]").forEach(function (form) {
    var url = form.getAttribute("data-passkey-register");
    var note = form.querySelector(".passkey-note");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      note.classList.remove("error");
      note.textContent = "Follow your browser's prompt…";
      var name = form.querySelector("[name=name]").value;
      post(url + "/options").then(function (res) {
        if (!res.ok) throw trouble(res);
        return res.json();
      }).then(function (o) {
        var pk = o.publicKey;
        pk.challenge = bytes(pk.challenge);
        pk.user.id = bytes(pk.user.id);
        pk.excludeCredentials = ids(pk.excludeCredentials);
        return navigator.credentials.create({ publicKey: pk });
      }).then(function (cred) {
        return post(url + "?name=" + encodeURIComponent(name), {
          id: cred.id, rawId: b64(cred.rawId), type: cred.type,
          response: {
            clientDataJSON: b64(cred.response.clientDataJSON),
            attestationObject: b64(cred.response.attestationObject),
            transports: cred.response.getTransports ? cred.response.getTransports() : []
          }
        });
      }).then(function (res) {
        if (!res.ok) throw trouble(res);
        return go(res);
      }).catch(function (e) {
        fail(note, typeof e === "string" ? e : "The passkey was not added (" + (e && e.name || "cancelled") + ").");
      });
    });
  });

  document.querySelectorAll("[data-passkey-signin]").forEach(function (btn) {
    var url = btn.getAttribute("data-passkey-signin");
    var note = btn.parentNode.querySelector(".passkey-note");
    btn.addEventListener("click", function () {
      note.classList.remove("error");
      note.textContent = "Follow your browser's prompt…";
      post(url + "/options").then(function (res) {
        if (!res.ok) throw trouble(res);
        return res.json();
      }).then(function (o) {
        var pk = o.publicKey;
        pk.challenge = bytes(pk.challenge);
        pk.allowCredentials = ids(pk.allowCredentials);
        return navigator.credentials.get({ publicKey: pk });
      }).then(function (cred) {
        return post(url, {
          id: cred.id, rawId: b64(cred.rawId), type: cred.type,
          response: {
            clientDataJSON: b64(cred.response.clientDataJSON),
            authenticatorData: b64(cred.response.authenticatorData),
            signature: b64(cred.response.signature),
            userHandle: cred.response.userHandle ? b64(cred.response.userHandle) : null
          }
        });
      }).then(function (res) {
        if (!res.ok) throw trouble(res);
        return go(res);
      }).catch(function (e) {
        fail(note, typeof e === "string" ? e : "The passkey was not used (" + (e && e.name || "cancelled") + ").");
      });
    });
  });
})();
