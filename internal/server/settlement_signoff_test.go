package server_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

// TestSettlementSignOffPage: the demo's latest year is a draft awaiting
// Brightline Telehealth; its executive sees "needs your sign-off", confirms,
// and the settlement becomes final; a second sign-off is refused as an
// error; those who may not sign see no button.
func TestSettlementSignOffPage(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			const page = "/a/north-valley/contracts/shared-savings"
			ids := a.demoSettlements()
			draft, final := page+"/settlements/"+ids[0], page+"/settlements/"+ids[1]
			bright, cedar, fin := a.login(execBright), a.login(execCedar), a.login(financeValley)

			_, body := a.get(bright, page)
			if strings.Count(body, "Needs your sign-off") != 1 || !strings.Contains(body, "Draft — awaiting sign-off by Brightline Telehealth") || strings.Count(body, ">Final<") != 2 {
				t.Errorf("contract page for Brightline's executive: want one settlement needing their sign-off, a draft awaiting Brightline and two final")
			}
			if _, body := a.get(cedar, page); strings.Contains(body, "Needs your sign-off") {
				t.Error("contract page flags a settlement to an executive whose party has signed")
			}
			_, body = a.get(bright, draft)
			for _, want := range []string{"Draft — awaiting sign-off by Brightline Telehealth", "Sign off for Brightline Telehealth", "○ <strong>Brightline Telehealth</strong> — awaiting sign-off",
				"✓ <strong>Cedar Ridge Health Partners</strong> — Jonathan Reyes"} {
				if !strings.Contains(body, want) {
					t.Errorf("draft settlement page for Brightline's executive lacks %q", want)
				}
			}
			for who, c := range map[string]*http.Client{"cedar": cedar, "finance": fin} {
				if _, body := a.get(c, draft); strings.Contains(body, "Sign off for") || !strings.Contains(body, "Draft") {
					t.Errorf("draft settlement page for %s: a sign-off button, or no Draft", who)
				}
			}
			if _, body := a.get(fin, final); !strings.Contains(body, "Final") || strings.Contains(body, "awaiting") || !strings.Contains(body, "Leo Brandt") {
				t.Error("final settlement page: want Final with Brightline's sign-off, nothing awaited")
			}

			code, body := a.postPage(bright, draft+"/sign-off", nil)
			if code != 200 || !strings.Contains(body, "Sign off 1 Jan") || !strings.Contains(body, "becomes <strong>final</strong>") || !strings.Contains(body, `name="confirm" value="yes"`) {
				t.Fatalf("sign-off without confirmation: %d; want the confirmation page saying it becomes final", code)
			}
			if _, body := a.get(bright, draft); !strings.Contains(body, "awaiting sign-off by Brightline") {
				t.Fatal("the confirmation page signed off")
			}
			resp := a.post(bright, draft+"/sign-off", url.Values{"confirm": {"yes"}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != draft {
				t.Fatalf("confirmed sign-off: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			_, body = a.get(bright, draft)
			if !strings.Contains(body, "the settlement is final") || !strings.Contains(body, "Final") || strings.Contains(body, "Draft") || strings.Contains(body, "Sign off for") {
				t.Error("after the last sign-off: want the flash and Final, no draft, no button")
			}
			if code, body := a.postPage(bright, draft+"/sign-off", url.Values{"confirm": {"yes"}}); code != http.StatusConflict || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "already final") {
				t.Errorf("a second sign-off: %d; want 409 shown as an error", code)
			}
			if r := a.post(fin, draft+"/sign-off", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("finance signing off: %d, want 403", r.StatusCode)
			}
		})
	}
}

// TestSettlementSignOffAPI: through the API a settlement is recorded as a
// draft awaiting every party, each executive signs for their party once,
// the last makes it final; a provisional one cannot be signed.
func TestSettlementSignOffAPI(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			const api = "/api/v1/alliances/north-valley/contracts/shared-savings"
			last := lastYear()
			fin := a.token(financeValley, "write")
			type settlement struct {
				ID          string
				Status      string
				StatusText  string  `json:"status_text"`
				FinalAt     *string `json:"final_at"`
				Provisional bool
				SignOffs    []struct {
					PartyName string `json:"party_name"`
					SignedBy  string `json:"signed_by"`
					SignedAt  string `json:"signed_at"`
				} `json:"sign_offs"`
				Awaiting []struct {
					PartyName string `json:"party_name"`
				}
				AwaitingYou bool `json:"awaiting_your_sign_off"`
			}
			var st settlement
			body := `{"period_start":"` + last + `-07-01","period_end":"` + last + `-12-31","summary":{"member_months":232800,"actual_expenditure":"106500000"}}`
			if r := a.api("POST", api+"/settlements", fin, body, &st); r.StatusCode != 201 {
				t.Fatalf("settle: %d", r.StatusCode)
			}
			if st.Status != "draft" || st.FinalAt != nil || len(st.Awaiting) != 4 || len(st.SignOffs) != 0 || !strings.HasPrefix(st.StatusText, "Draft — awaiting sign-off by Brightline Telehealth, ") {
				t.Fatalf("new settlement: %+v; want a draft awaiting the four parties", st)
			}
			path := api + "/settlements/" + st.ID
			if r := a.api("POST", path+"/sign-off", fin, "", nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("finance signing off: %d, want 403", r.StatusCode)
			}
			for i, email := range []string{execValley, execRiverside, execCedar, execBright} {
				tok := a.token(email, "write")
				var got settlement
				a.api("GET", path, tok, "", &got)
				if !got.AwaitingYou {
					t.Errorf("%s: awaiting_your_sign_off false before signing", email)
				}
				if r := a.api("POST", path+"/sign-off", tok, "", &got); r.StatusCode != 200 || len(got.SignOffs) != i+1 || got.SignOffs[i].SignedAt == "" {
					t.Fatalf("sign-off by %s: %d, %d sign-offs", email, r.StatusCode, len(got.SignOffs))
				}
				if final := i == 3; (got.Status == "final") != final || (got.FinalAt != nil) != final {
					t.Errorf("after %d sign-offs: status %q, final_at %v", i+1, got.Status, got.FinalAt)
				}
				var e struct {
					Error struct{ Code, Message string }
				}
				if r := a.api("POST", path+"/sign-off", tok, "", &e); r.StatusCode != http.StatusConflict || strings.Contains(e.Error.Message, "_") {
					t.Errorf("second sign-off by %s: %d %q, want 409 in plain words", email, r.StatusCode, e.Error.Message)
				}
			}

			var prov settlement
			year := strconv.Itoa(time.Now().Year())
			body = `{"period_start":"` + year + `-01-01","period_end":"` + year + `-12-31","provisional":true,"summary":{"member_months":470000,"actual_expenditure":"226000000",` +
				`"quality_measures":{"hba1c-control":"0.5","readmissions-30d":"0.2","breast-cancer-screening":"0.7"}}}`
			var bad struct {
				Error struct{ Code, Message, Field string }
			}
			if r := a.api("POST", api+"/settlements", fin, strings.Replace(body, `"provisional":true,`, "", 1), &bad); r.StatusCode != 422 || bad.Error.Field != "period_end" ||
				bad.Error.Message != "The period ends on 31 Dec "+year+"; settle it after that, or mark the settlement provisional" {
				t.Errorf("settling the current year for good: %d %+v, want 422 saying the period has not ended", r.StatusCode, bad.Error)
			}
			if r := a.api("POST", api+"/settlements", fin, body, &prov); r.StatusCode != 201 || !prov.Provisional || prov.StatusText != "Provisional" {
				t.Fatalf("provisional settlement: %d, %+v", r.StatusCode, prov)
			}
			var e struct {
				Error struct{ Code, Message string }
			}
			if r := a.api("POST", api+"/settlements/"+prov.ID+"/sign-off", a.token(execBright, "write"), "", &e); r.StatusCode != http.StatusConflict || !strings.Contains(e.Error.Message, "provisional") {
				t.Errorf("signing a provisional settlement off: %d %q, want 409", r.StatusCode, e.Error.Message)
			}
		})
	}
}

func lastYear() string { return strconv.Itoa(time.Now().Year() - 1) }

// TestSettleUploadedSummaryConfirms: a summary file uploaded with the
// settle form is carried to the confirmation as the pasted summary, and
// settling from there records it.
func TestSettleUploadedSummaryConfirms(t *testing.T) {
	a := newApp(t, store.SQLite)
	const page = "/a/north-valley/contracts/shared-savings"
	fin := a.login(financeValley)
	last := lastYear()
	doc := `{"member_months":232800,"actual_expenditure":"106500000","quality_measures":{"hba1c-control":"0.66","readmissions-30d":"0.12","breast-cancer-screening":"0.75"}}`
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("period_start", last+"-07-01")
	mw.WriteField("period_end", last+"-12-31")
	fw, _ := mw.CreateFormFile("summary_file", "summary.json")
	fw.Write([]byte(doc))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+page+"/settlements", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", a.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := fin.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `name="summary_json" value="`+html.EscapeString(doc)+`"`) {
		t.Fatalf("confirmation of an uploaded summary: %d; want the document carried as summary_json", resp.StatusCode)
	}
	form := url.Values{"period_start": {last + "-07-01"}, "period_end": {last + "-12-31"}, "summary_json": {doc}, "confirm": {"yes"}}
	r := a.post(fin, page+"/settlements", form)
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, page+"/settlements/") {
		t.Fatalf("confirmed: %d to %q", r.StatusCode, loc)
	}
}
