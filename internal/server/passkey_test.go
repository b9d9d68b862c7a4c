package server_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// authenticator is a software WebAuthn authenticator: an ECDSA P-256 key,
// attestation "none", and a signature counter the test may turn back (a
// cloned authenticator).
type authenticator struct {
	key    *ecdsa.PrivateKey
	credID []byte
	rpID   string
	origin string
	count  uint32
	user   []byte
}

func newAuthenticator(t *testing.T, origin string) *authenticator {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 16)
	rand.Read(id)
	u, _ := url.Parse(origin)
	return &authenticator{key: k, credID: id, rpID: u.Hostname(), origin: origin}
}

var b64 = base64.RawURLEncoding

func (au *authenticator) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": au.origin, "crossOrigin": false})
	return b
}

// authData is the authenticator data: the RP ID's hash, the flags (user
// present and verified, and attested credential data when att is set) and
// the signature counter.
func (au *authenticator) authData(att []byte) []byte {
	h := sha256.Sum256([]byte(au.rpID))
	flags := byte(0x01 | 0x04)
	if att != nil {
		flags |= 0x40
	}
	var b bytes.Buffer
	b.Write(h[:])
	b.WriteByte(flags)
	binary.Write(&b, binary.BigEndian, au.count)
	b.Write(att)
	return b.Bytes()
}

// create answers navigator.credentials.create's options.
func (au *authenticator) create(t *testing.T, options []byte) []byte {
	t.Helper()
	var o struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
			RP        struct {
				ID string `json:"id"`
			} `json:"rp"`
			User struct {
				ID string `json:"id"`
			} `json:"user"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		t.Fatalf("creation options %s: %v", options, err)
	}
	if o.PublicKey.RP.ID != au.rpID {
		t.Fatalf("relying party %q, want %q", o.PublicKey.RP.ID, au.rpID)
	}
	au.user, _ = b64.DecodeString(o.PublicKey.User.ID)
	cose, err := cbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: au.key.X.FillBytes(make([]byte, 32)), -3: au.key.Y.FillBytes(make([]byte, 32))})
	if err != nil {
		t.Fatal(err)
	}
	var att bytes.Buffer
	att.Write(make([]byte, 16)) // AAGUID
	binary.Write(&att, binary.BigEndian, uint16(len(au.credID)))
	att.Write(au.credID)
	att.Write(cose)
	obj, err := cbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": au.authData(att.Bytes())})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"id": b64.EncodeToString(au.credID), "rawId": b64.EncodeToString(au.credID), "type": "public-key",
		"response": map[string]string{"clientDataJSON": b64.EncodeToString(au.clientData("webauthn.create", o.PublicKey.Challenge)), "attestationObject": b64.EncodeToString(obj)}})
	return body
}

// get answers navigator.credentials.get's options, signing with the key.
func (au *authenticator) get(t *testing.T, options []byte) []byte {
	t.Helper()
	var o struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		t.Fatalf("assertion options %s: %v", options, err)
	}
	cd := au.clientData("webauthn.get", o.PublicKey.Challenge)
	ad := au.authData(nil)
	cdHash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, ad...), cdHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, au.key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"id": b64.EncodeToString(au.credID), "rawId": b64.EncodeToString(au.credID), "type": "public-key",
		"response": map[string]string{"clientDataJSON": b64.EncodeToString(cd), "authenticatorData": b64.EncodeToString(ad),
			"signature": b64.EncodeToString(sig), "userHandle": b64.EncodeToString(au.user)}})
	return body
}

// postJSON posts as the page's script does and returns the status and body.
func (a *app) postJSON(c *http.Client, path string, body []byte) (int, []byte) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, bytes.NewReader(body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", a.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// passkeySignIn signs in with the password, then the passkey; it returns
// the client and the passkey step's status.
func passkeySignIn(t *testing.T, a *app, au *authenticator, email string, tamper func([]byte) []byte) (*http.Client, int) {
	t.Helper()
	c := a.client()
	if to := passwordStep(t, a, c, email); to != "/login/second-factor" {
		t.Fatalf("password with a passkey leads to %q", to)
	}
	status, opts := a.postJSON(c, "/login/passkey/options", nil)
	if status != http.StatusOK {
		t.Fatalf("passkey sign-in options: status %d %s", status, opts)
	}
	answer := au.get(t, opts)
	if tamper != nil {
		answer = tamper(answer)
	}
	status, _ = a.postJSON(c, "/login/passkey", answer)
	return c, status
}

// TestPasskeySignIn registers a passkey from the account page with a
// software authenticator through the real WebAuthn protocol, signs in with
// it as the second step, and refuses a forged signature, a replayed
// assertion and a cloned authenticator (its counter going back).
func TestPasskeySignIn(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &fakeClock{t: time.Now().UTC()}
			a := newClockedApp(t, d, clk)
			// WebAuthn binds passkeys to a host name, never an IP address.
			a.srv.URL = strings.Replace(a.srv.URL, "127.0.0.1", "localhost", 1)
			email := roleAccounts["executive"]
			au := newAuthenticator(t, a.srv.URL)
			c := a.login(email)
			status, opts := a.postJSON(c, "/account/passkeys/options", nil)
			if status != http.StatusOK {
				t.Fatalf("registration options: status %d %s", status, opts)
			}
			status, body := a.postJSON(c, "/account/passkeys?name=Test+key", au.create(t, opts))
			if status != http.StatusOK || !strings.Contains(string(body), `"next"`) {
				t.Fatalf("register: status %d %s", status, body)
			}
			if _, page := a.get(c, "/account"); !strings.Contains(page, "Test key") {
				t.Error("the account page does not list the passkey")
			}
			// The registration's challenge is used once.
			if status, _ := a.postJSON(c, "/account/passkeys?name=Again", au.create(t, opts)); status == http.StatusOK {
				t.Error("a registration answered twice was accepted")
			}

			forged := func(b []byte) []byte {
				var m map[string]any
				json.Unmarshal(b, &m)
				resp := m["response"].(map[string]any)
				sig, _ := b64.DecodeString(resp["signature"].(string))
				sig[len(sig)-1] ^= 1
				resp["signature"] = b64.EncodeToString(sig)
				out, _ := json.Marshal(m)
				return out
			}
			au.count = 1
			if c, status := passkeySignIn(t, a, au, email, forged); status != http.StatusUnprocessableEntity || signedIn(t, a, c) {
				t.Errorf("a forged signature: status %d, want 422 and no session", status)
			}
			au.count = 2
			c2, status := passkeySignIn(t, a, au, email, nil)
			if status != http.StatusOK || !signedIn(t, a, c2) {
				t.Fatalf("passkey sign-in: status %d, signed in %v", status, signedIn(t, a, c2))
			}
			// The same assertion again, on its used challenge.
			c3 := a.client()
			passwordStep(t, a, c3, email)
			if status, _ := a.postJSON(c3, "/login/passkey", au.get(t, []byte(`{"publicKey":{"challenge":"AAAA"}}`))); status == http.StatusOK || signedIn(t, a, c3) {
				t.Errorf("an assertion without a challenge of its own: status %d", status)
			}
			// A clone of the authenticator still at count 2 (or lower).
			au.count = 2
			if c, status := passkeySignIn(t, a, au, email, nil); status != http.StatusUnprocessableEntity || signedIn(t, a, c) {
				t.Errorf("a cloned authenticator's counter going back: status %d, want 422 and no session", status)
			}
			au.count = 7
			if _, status := passkeySignIn(t, a, au, email, nil); status != http.StatusOK {
				t.Errorf("the authenticator's counter moving on: status %d", status)
			}
			u, _, _ := a.db.UserByEmail(context.Background(), email)
			f, err := a.db.SecondFactors(context.Background(), u.ID)
			if err != nil || len(f.Passkeys) != 1 || f.Passkeys[0].LastUsedAt == nil {
				t.Errorf("passkeys after use: %+v, %v", f.Passkeys, err)
			}
			if r := a.post(c2, "/account/passkeys/"+f.Passkeys[0].ID+"/remove", url.Values{"current": {"not the password"}}); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("remove with a wrong password: status %d, want 422", r.StatusCode)
			}
			if r := a.post(c2, "/account/passkeys/"+f.Passkeys[0].ID+"/remove", url.Values{"current": {"accord-demo-2026"}}); r.StatusCode != http.StatusSeeOther {
				t.Errorf("remove: status %d", r.StatusCode)
			}
			if to := passwordStep(t, a, a.client(), email); to != "/" {
				t.Errorf("password after the passkey is removed leads to %q, want /", to)
			}

			// Under a rule that covers them, a person enrols a passkey right
			// after their password, and only then has a session.
			if err := a.db.SetSecondFactorRule(context.Background(), accord.SystemActor("test"), mustAlliance(t, a).ID, accord.SecondFactorEveryone); err != nil {
				t.Fatal(err)
			}
			member := a.client()
			if to := passwordStep(t, a, member, roleAccounts["member"]); to != "/login/enrol" {
				t.Fatalf("member's password under the everyone rule leads to %q", to)
			}
			mau := newAuthenticator(t, a.srv.URL)
			status, opts = a.postJSON(member, "/login/enrol/passkeys/options", nil)
			if status != http.StatusOK {
				t.Fatalf("enrolment's registration options: status %d %s", status, opts)
			}
			if signedIn(t, a, member) {
				t.Fatal("a session before the passkey is registered")
			}
			if status, body := a.postJSON(member, "/login/enrol/passkeys?name=Phone", mau.create(t, opts)); status != http.StatusOK || !signedIn(t, a, member) {
				t.Fatalf("enrol a passkey: status %d %s, signed in %v", status, body, signedIn(t, a, member))
			}
			mau.count = 1
			if _, status := passkeySignIn(t, a, mau, roleAccounts["member"], nil); status != http.StatusOK {
				t.Errorf("sign in with the enrolled passkey: status %d", status)
			}
		})
	}
}
