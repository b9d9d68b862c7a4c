package server_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store/storetest"
)

// formCase is a refused form of one area: who posts it, where, what, and
// which field the error is about and which entry must come back.
type formCase struct {
	area, who, path string
	form            url.Values
	field           string // the name of the control at fault
	keep            string // a control whose posted entry is shown again
	keepHTML        string // how it is shown again
}

func formCases() []formCase {
	nv := "/a/north-valley"
	return []formCase{
		{"scorecard: propose a KPI", "admin", nv + "/kpis",
			url.Values{"name": {""}, "key": {"kept-key"}, "category": {"quality"}, "unit": {"percent"}},
			"name", "key", `value="kept-key"`},
		{"KPI: propose a target", "admin", nv + "/kpis/claims-denial-rate/targets",
			url.Values{"effective_from": {"someday"}, "value": {"0.55"}, "green": {"0.6"}, "amber": {"0.5"}},
			"effective_from", "value", `value="0.55"`},
		{"governance: add a meeting", "admin", nv + "/committees/steering/meetings",
			url.Values{"starts_at": {"soon"}, "location": {"The board room"}},
			"starts_at", "location", `value="The board room"`},
		{"governance: propose a protocol and its motion", "admin", nv + "/protocols",
			url.Values{"title": {"Share the clinic data"}, "purpose": {"Quality review"}, "starts_on": {"not a date"}, "committee": {"steering"}, "closes_on": {"2031-01-31"}},
			"starts_on", "purpose", `value="Quality review"`},
		{"contracts: propose an amendment", "admin", nv + "/contracts/shared-savings/amendments",
			url.Values{"summary": {"Raise the shared rate"}, "effective_from": {"2031-01-01"}, "text": {"# New text"}, "terms": {"{ not json"}},
			"terms", "summary", `value="Raise the shared rate"`},
		{"settlement: settle a period", "finance", nv + "/contracts/shared-savings/settlements",
			url.Values{"period_start": {"2024-01-01"}, "period_end": {"2024-12-31"}, "member_months": {"12000"}, "actual_expenditure": {"lots"}},
			"actual_expenditure", "member_months", `value="12000"`},
		{"concerns: raise a concern", "member", nv + "/concerns/new",
			url.Values{"category": {"nonsense"}, "severity": {"high"}, "body": {"The clinic ran out of slots."}},
			"category", "body", `>The clinic ran out of slots.</textarea>`},
		{"people: invite someone", "admin", nv + "/invitations",
			url.Values{"email": {"not-an-address"}, "roles": {"member", "finance"}},
			"email", "roles", `value="finance" checked`},
		{"initiatives: propose an initiative", "member", nv + "/initiatives",
			url.Values{"name": {"Video follow-ups"}, "kind": {"moonshot"}, "purpose": {"Fewer missed visits"}},
			"kind", "name", `value="Video follow-ups"`},
		{"sites: declare a site", "admin", nv + "/sites",
			url.Values{"name": {"Northgate"}, "kind": {"site"}, "max_active_initiatives": {"many"}, "staff_hours_per_week": {"10"}},
			"max_active_initiatives", "name", `value="Northgate"`},
		{"account: change the password", "member", "/account/password",
			url.Values{"current": {"wrong password"}, "password": {"a new long passphrase 1"}, "confirm": {"a new long passphrase 1"}},
			"current", "", ""},
	}
}

// TestFormErrorsSitByTheirField posts a refused form of every area: the
// answer is the form's page again, the control at fault is marked invalid
// and described by the message written right under it, the entries come
// back (never a password), and the alert still names the error.
func TestFormErrorsSitByTheirField(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			clients := map[string]*http.Client{}
			for _, c := range formCases() {
				if clients[c.who] == nil {
					clients[c.who] = a.login(roleAccounts[c.who])
				}
				status, body := a.postPage(clients[c.who], c.path, c.form)
				if status < 400 || status >= 500 {
					t.Errorf("%s: status %d, want a refusal", c.area, status)
					continue
				}
				checkFieldError(t, c, body)
			}
			status, body := a.upload(clients["admin"], "typo.csv", "kpi,period,segment,value\nno-such-kpi,2024-01,,1\n")
			if status != http.StatusUnprocessableEntity {
				t.Errorf("import: status %d, want 422", status)
			}
			checkFieldError(t, formCase{area: "import: upload a file", field: "file"}, body)
		})
	}
}

var (
	fieldErrorP = regexp.MustCompile(`<p class="field-error" id="field-error">([^<]*)</p>`)
	controlTag  = regexp.MustCompile(`<(input|select|textarea)[^>]*>`)
)

func checkFieldError(t *testing.T, c formCase, body string) {
	t.Helper()
	if !strings.Contains(body, `role="alert"`) {
		t.Errorf("%s: no alert", c.area)
	}
	msgs := fieldErrorP.FindAllStringSubmatchIndex(body, -1)
	if len(msgs) != 1 {
		t.Errorf("%s: %d messages by a field, want 1", c.area, len(msgs))
		return
	}
	var invalid []string
	lastBefore := ""
	for _, m := range controlTag.FindAllStringIndex(body, -1) {
		tag := body[m[0]:m[1]]
		if strings.Contains(tag, `aria-invalid="true"`) {
			invalid = append(invalid, tag)
			if !strings.Contains(tag, `name="`+c.field+`"`) || !strings.Contains(tag, `aria-describedby="field-error`) {
				t.Errorf("%s: %s is marked invalid, want the control named %s described by the message", c.area, tag, c.field)
			}
		}
		if m[1] <= msgs[0][0] {
			lastBefore = tag
		}
	}
	if len(invalid) == 0 {
		t.Errorf("%s: no control is marked invalid", c.area)
	}
	// Right under the field: the control just before the message is it.
	if !strings.Contains(lastBefore, `name="`+c.field+`"`) {
		t.Errorf("%s: the message follows %s, want the control named %s", c.area, lastBefore, c.field)
	}
	if msg := html.UnescapeString(body[msgs[0][2]:msgs[0][3]]); strings.Contains(strings.Split(msg, ":")[0], "_") || len(msg) < 10 {
		t.Errorf("%s: the message %q is not in plain words", c.area, msg)
	}
	if c.keep != "" && !regexp.MustCompile(`name="`+c.keep+`"[^>]*`+regexp.QuoteMeta(c.keepHTML)+`|`+regexp.QuoteMeta(c.keepHTML)+`[^>]*name="`+c.keep+`"|name="`+c.keep+`"[^>]*>`+regexp.QuoteMeta(strings.TrimPrefix(c.keepHTML, ">"))).MatchString(body) {
		t.Errorf("%s: the entry of %s is not kept (want %s)", c.area, c.keep, c.keepHTML)
	}
	for _, m := range regexp.MustCompile(`<input[^>]*type="password"[^>]*>`).FindAllString(body, -1) {
		if strings.Contains(m, "value=") {
			t.Errorf("%s: a password comes back: %s", c.area, m)
		}
	}
}
