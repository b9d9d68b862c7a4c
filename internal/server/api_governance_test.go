package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/vote"
)

// govPeople are the accounts the governance walk-through acts as, beyond
// those of newChecker: the seat-holders of its committee and a member
// without a seat.
var govPeople = map[string]string{
	"dana":   roleAccounts["executive"],           // payer executive, chair
	"tom":    roleAccounts["operations"],          // payer, made a clinical leader
	"elena":  "elena.vasquez@riversidepg.example", // provider executive
	"samuel": roleAccounts["clinical_leader"],     // provider clinical leader
	"priya":  roleAccounts["finance"],             // payer finance, no seat
}

// govMember is a member as the walk-through needs it.
type govMember struct {
	ID        string `json:"id"`
	Email     string `json:"email"`
	PartyID   string `json:"party_id"`
	PartyName string `json:"party_name"`
}

type govSeat struct {
	MemberID   string `json:"member_id"`
	HolderName string `json:"holder_name"`
	PartyName  string `json:"party_name"`
	Chair      bool   `json:"chair"`
	TermStart  string `json:"term_start"`
}

type govCommittee struct {
	Key   string    `json:"key"`
	Seats []govSeat `json:"seats"`
}

type govMeeting struct {
	ID            string `json:"id"`
	Status        string `json:"status"`
	MinutesStatus string `json:"minutes_status"`
	Agenda        []struct {
		ID, Title, Note string
		Position        int
	} `json:"agenda"`
	Quorum struct {
		Met               bool
		Present, Clinical int
		MissingParties    []string `json:"missing_parties"`
		Reasons           []string
	} `json:"quorum"`
}

type govMotion struct {
	Number    int    `json:"number"`
	Status    string `json:"status"`
	Rationale string `json:"rationale"`
	SubjectID string `json:"subject_id"`
	Votes     []struct {
		MemberID string `json:"member_id"`
		CastBy   string `json:"cast_by_member_id"`
		Choice   string `json:"choice"`
		Reason   string `json:"reason"`
		Clinical bool   `json:"clinical"`
		ProxyID  string `json:"proxy_id"`
	} `json:"votes"`
	Proxies []govProxy   `json:"proxies"`
	Tally   *vote.Result `json:"tally"`
}

type govActionItem struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	DueOn   string `json:"due_on"`
	Status  string `json:"status"`
	Overdue bool   `json:"overdue"`
}

type govProtocol struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	EndsOn string `json:"ends_on"`
}

// govFlow walks through co-governance as the partners would, every request
// and answer checked against the document by the checker.
type govFlow struct {
	t       *testing.T
	c       *checker
	members map[string]govMember // by key of govPeople
	payer   string
	prov    string
}

func into(v any) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		if err := json.Unmarshal(b, v); err != nil {
			c.t.Errorf("decode %s: %v", b, err)
		}
	}
}

// call sends one case and decodes its answer into out (if not nil).
func (g *govFlow) call(tc apiCase, out any) {
	g.t.Helper()
	if out != nil {
		tc.save = into(out)
	}
	g.c.do(tc)
}

const (
	govBase = nv
	joc     = nv + "/committees/joc"
)

func newGovFlow(t *testing.T, a *app, c *checker) *govFlow {
	t.Helper()
	for who, email := range govPeople {
		tok := a.token(email, "write")
		c.creds[who] = func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	now := time.Now().UTC()
	for name, d := range map[string]time.Time{"today": now, "yesterday": now.AddDate(0, 0, -1), "in2weeks": now.AddDate(0, 0, 14),
		"in95days": now.AddDate(0, 0, 95), "in40days": now.AddDate(0, 0, 40), "in30days": now.AddDate(0, 0, 30)} {
		c.vars[name] = d.Format(time.DateOnly)
	}
	c.vars["extra_at"] = accord.Day(now).AddDate(0, 0, 10).Add(9*time.Hour + 30*time.Minute).Format(time.RFC3339)
	c.vars["closes"] = now.AddDate(0, 0, 7).Format(time.RFC3339)
	c.vars["past"] = now.AddDate(0, 0, -7).Format(time.RFC3339)
	c.vars["other_party"] = otherParty(t, a)
	g := &govFlow{t: t, c: c, members: map[string]govMember{}}
	var ms struct{ Items []govMember }
	g.call(apiCase{name: "members", method: "GET", path: nv + "/members", who: "admin", status: 200}, &ms)
	for who, email := range govPeople {
		for _, m := range ms.Items {
			if m.Email == email {
				g.members[who] = m
				c.vars[who] = m.ID
			}
		}
	}
	g.payer, g.prov = g.members["dana"].PartyID, g.members["elena"].PartyID
	c.vars["payer"], c.vars["provider"] = g.payer, g.prov
	return g
}

// committee creates the joint operating committee with an executive and
// a clinical leader of each of two parties.
func (g *govFlow) committee() {
	const create = `{"key":"joc","name":"Joint operating committee","purpose":"Runs the partnership week to week.","cadence":"monthly",
		"quorum_min_present":2,"quorum_every_party":true,"quorum_min_clinical":1,"allow_proxies":true}`
	g.call(apiCase{name: "Tom becomes a clinical leader", method: "PATCH", path: nv + "/members/{tom}", who: "admin", status: 200,
		body: `{"roles":["operations","clinical_leader"]}`}, nil)
	for _, tc := range []apiCase{
		{name: "create", method: "POST", path: nv + "/committees", who: "admin", body: create, status: 201},
		{name: "key taken", method: "POST", path: nv + "/committees", who: "admin", body: create, status: 422, field: "key"},
		{name: "bad cadence", method: "POST", path: nv + "/committees", who: "admin", body: `{"name":"X","cadence":"weekly"}`, status: 422, field: "cadence", req: reqInvalid},
		{name: "executive", method: "POST", path: nv + "/committees", who: "dana", body: create, status: 403},
	} {
		g.call(tc, nil)
	}
	seat := func(who, party, role string, chair bool) apiCase {
		return apiCase{name: "seat for " + who, method: "POST", path: joc + "/seats", who: "admin", status: 201,
			body: `{"party_id":"{` + party + `}","role":"` + role + `","member_id":"{` + who + `}","chair":` + map[bool]string{true: "true", false: "false"}[chair] + `,"term_start":"2025-01-01"}`}
	}
	for _, tc := range []apiCase{
		seat("dana", "payer", "executive", true), seat("tom", "payer", "clinical_leader", false),
		seat("elena", "provider", "executive", false), seat("samuel", "provider", "clinical_leader", false),
		{name: "another party's member", method: "POST", path: joc + "/seats", who: "admin", status: 422, field: "member_id",
			body: `{"party_id":"{payer}","role":"clinical_leader","member_id":"{samuel}"}`},
		{name: "bad date", method: "POST", path: joc + "/seats", who: "admin", status: 422, field: "term_start", req: reqAny,
			body: `{"party_id":"{payer}","role":"executive","term_start":"01/01/2025"}`},
		{name: "other alliance's party", method: "POST", path: joc + "/seats", who: "admin", status: 422, field: "party_id",
			body: `{"party_id":"{other_party}","role":"executive"}`},
		{name: "no such committee", method: "POST", path: nv + "/committees/nope/seats", who: "admin", status: 404, body: `{"party_id":"{payer}","role":"executive"}`},
	} {
		g.call(tc, nil)
	}
	var c govCommittee
	g.call(apiCase{name: "read", method: "GET", path: joc, who: "observer", status: 200}, &c)
	if len(c.Seats) != 4 || !c.Seats[0].Chair || c.Seats[0].MemberID != g.members["dana"].ID || c.Seats[0].TermStart != "2025-01-01" {
		g.t.Errorf("committee seats = %+v, want four, Dana chairing first since 2025-01-01", c.Seats)
	}
	var all struct{ Items []govCommittee }
	g.call(apiCase{name: "list", method: "GET", path: nv + "/committees", who: "member", status: 200}, &all)
	if !slices.ContainsFunc(all.Items, func(c govCommittee) bool { return c.Key == "joc" && len(c.Seats) == 4 }) {
		g.t.Errorf("committees = %+v, want joc with its four seats", all.Items)
	}
	g.call(apiCase{name: "no such committee", method: "GET", path: nv + "/committees/nope", who: "admin", status: 404}, nil)
}

// schedule schedules the committee's meetings and one extraordinary
// session, and saves the first three regular meetings as m1, m2 and m3.
func (g *govFlow) schedule() {
	var n struct{ Created int }
	g.call(apiCase{name: "schedule", method: "POST", path: joc + "/schedule", who: "admin", body: `{"through":"{in95days}"}`, status: 200}, &n)
	if n.Created < 3 {
		g.t.Fatalf("scheduled %d meetings in 95 days of a monthly cadence, want at least 3", n.Created)
	}
	for _, tc := range []apiCase{
		{name: "bad date", method: "POST", path: joc + "/schedule", who: "admin", body: `{"through":"next year"}`, status: 422, field: "through", req: reqAny},
		{name: "too far", method: "POST", path: joc + "/schedule", who: "admin", body: `{"through":"2999-01-01"}`, status: 422, field: "through"},
		{name: "extraordinary", method: "POST", path: joc + "/meetings", who: "admin", status: 201, save: saveID("extra", "", ""),
			body: `{"starts_at":"{extra_at}","title":"Extraordinary session","location":"Riverside boardroom","duration_minutes":45}`},
		{name: "same time", method: "POST", path: joc + "/meetings", who: "admin", status: 422, field: "starts_at", body: `{"starts_at":"{extra_at}"}`},
		{name: "bad time", method: "POST", path: joc + "/meetings", who: "admin", status: 422, field: "starts_at", req: reqAny, body: `{"starts_at":"tomorrow"}`},
		{name: "bad from", method: "GET", path: nv + "/meetings?from=soon", who: "admin", status: 422, field: "from", req: reqAny},
	} {
		g.call(tc, nil)
	}
	var ms struct{ Items []struct{ ID, Title string } }
	g.call(apiCase{name: "by committee", method: "GET", path: nv + "/meetings?committee=joc", who: "observer", status: 200}, &ms)
	var regular []string
	for _, m := range ms.Items {
		if m.ID != g.c.vars["extra"] {
			regular = append(regular, m.ID)
		}
	}
	if len(regular) < 3 || len(ms.Items) != n.Created+1 {
		g.t.Fatalf("meetings of joc = %+v, want the %d scheduled and the extraordinary one", ms.Items, n.Created)
	}
	g.c.vars["m1"], g.c.vars["m2"], g.c.vars["m3"] = regular[0], regular[1], regular[2]
	var window struct{ Items []struct{ ID string } }
	g.call(apiCase{name: "window", method: "GET", path: nv + "/meetings?committee=joc&from={today}&to={in40days}", who: "member", status: 200}, &window)
	if !slices.ContainsFunc(window.Items, func(m struct{ ID string }) bool { return m.ID == g.c.vars["extra"] }) || len(window.Items) >= len(ms.Items) {
		g.t.Errorf("meetings in the next 40 days = %d of %d, want the extraordinary session and not all", len(window.Items), len(ms.Items))
	}
	var none struct{ Items []any }
	g.call(apiCase{name: "unknown committee", method: "GET", path: nv + "/meetings?committee=nope", who: "member", status: 200}, &none)
	if len(none.Items) != 0 {
		g.t.Errorf("meetings of an unknown committee = %d, want none", len(none.Items))
	}
}

// attendance records who came to m1: first without the payer, then
// without a clinical leader, then with one and a proxy.
func (g *govFlow) attendance() {
	const path = nv + "/meetings/{m1}/attendance"
	steps := []struct {
		name, body string
		met        bool
		reasons    []string
	}{
		{"provider only", `{"attendance":[{"member_id":"{elena}","present":true},{"member_id":"{samuel}","present":true},{"member_id":"{dana}","present":false}]}`,
			false, []string{"party " + g.members["dana"].PartyName + " not represented"}},
		{"no clinical leader", `{"attendance":[{"member_id":"{dana}","present":true},{"member_id":"{elena}","present":true},{"member_id":"{tom}","present":false},{"member_id":"{samuel}","present":false}]}`,
			false, []string{"no clinical leader present (1 required)"}},
		{"with a clinical leader", `{"attendance":[{"member_id":"{dana}","present":true},{"member_id":"{elena}","present":true},{"member_id":"{samuel}","present":true},{"member_id":"{tom}","present":false,"proxy_member_id":"{dana}"}]}`,
			true, []string{}},
	}
	for _, st := range steps {
		var m govMeeting
		g.call(apiCase{name: st.name, method: "PUT", path: path, who: "dana", body: st.body, status: 200}, &m)
		if m.Status != accord.MeetingHeld || m.Quorum.Met != st.met || !slices.Equal(m.Quorum.Reasons, st.reasons) {
			g.t.Errorf("%s: meeting %s, quorum %+v; want held, met %v, reasons %q", st.name, m.Status, m.Quorum, st.met, st.reasons)
		}
	}
	var m govMeeting
	g.call(apiCase{name: "read", method: "GET", path: nv + "/meetings/{m1}", who: "observer", status: 200}, &m)
	if m.Quorum.Present != 4 || m.Quorum.Clinical != 2 {
		g.t.Errorf("quorum with Tom's proxy = %+v, want 4 present (Tom by proxy), 2 clinical leaders", m.Quorum)
	}
	for _, tc := range []apiCase{
		{name: "proxy to an absent member", method: "PUT", path: path, who: "dana", status: 422, field: "attendance",
			body: `{"attendance":[{"member_id":"{dana}","present":false},{"member_id":"{tom}","present":false,"proxy_member_id":"{dana}"}]}`},
		{name: "no seat", method: "PUT", path: path, who: "dana", status: 422, field: "attendance", body: `{"attendance":[{"member_id":"{priya}","present":true}]}`},
		{name: "listed twice", method: "PUT", path: path, who: "dana", status: 422, field: "attendance",
			body: `{"attendance":[{"member_id":"{dana}","present":true},{"member_id":"{dana}","present":false}]}`},
		{name: "observer", method: "PUT", path: path, who: "observer", status: 403, body: `{"attendance":[]}`},
		{name: "no such meeting", method: "GET", path: nv + "/meetings/nope", who: "admin", status: 404},
	} {
		g.call(tc, nil)
	}
}

// agenda adds two items to m2, moves the second up and notes the first.
func (g *govFlow) agenda() {
	const path = nv + "/meetings/{m2}/agenda"
	g.call(apiCase{name: "add", method: "POST", path: path, who: "samuel", status: 201, body: `{"title":"Winter staffing","detail":"Flu season cover"}`, save: saveID("item_a", "", "")}, nil)
	g.call(apiCase{name: "add another", method: "POST", path: path, who: "elena", status: 201, body: `{"title":"Pathway review"}`, save: saveID("item_b", "", "")}, nil)
	var moved struct{ Items []struct{ ID string } }
	g.call(apiCase{name: "up", method: "POST", path: path + "/{item_b}/move", who: "samuel", status: 200, body: `{"delta":-1}`}, &moved)
	var note struct{ Note string }
	g.call(apiCase{name: "note", method: "PUT", path: path + "/{item_a}/note", who: "samuel", status: 200, body: `{"note":"Agreed to hire two locums."}`}, &note)
	var m govMeeting
	g.call(apiCase{name: "agenda", method: "GET", path: nv + "/meetings/{m2}", who: "member", status: 200}, &m)
	// The data adds its items after the two people added (the demo's red
	// KPIs and concerns); theirs keep their order and notes.
	if len(m.Agenda) < 2 || m.Agenda[0].Title != "Pathway review" || m.Agenda[1].Note != "Agreed to hire two locums." || note.Note != m.Agenda[1].Note {
		g.t.Errorf("agenda = %+v, want Pathway review first and the note on Winter staffing", m.Agenda)
	}
	if len(moved.Items) != 2 || moved.Items[0].ID != g.c.vars["item_b"] {
		g.t.Errorf("agenda after the move = %+v, want item b first", moved.Items)
	}
	for _, tc := range []apiCase{
		{name: "no title", method: "POST", path: path, who: "samuel", status: 422, field: "title", body: `{"title":"  "}`},
		{name: "observer", method: "POST", path: path, who: "observer", status: 403, body: `{"title":"x"}`},
		{name: "two places", method: "POST", path: path + "/{item_b}/move", who: "samuel", status: 422, field: "delta", req: reqInvalid, body: `{"delta":2}`},
		{name: "no such item", method: "POST", path: path + "/nope/move", who: "samuel", status: 404, body: `{"delta":1}`},
		{name: "no such item", method: "PUT", path: path + "/nope/note", who: "samuel", status: 404, body: `{"note":"x"}`},
		{name: "no such meeting", method: "POST", path: nv + "/meetings/nope/agenda", who: "samuel", status: 404, body: `{"title":"x"}`},
	} {
		g.call(tc, nil)
	}
}

// meetingMotion puts a motion needing consent of every party and clinical
// consent to m1, votes on it in person, by proxy and with a recusal,
// decides it and finds it in the decision log.
func (g *govFlow) meetingMotion() {
	const motion = `{"committee":"joc","meeting_id":"{m1}","title":"Adopt the shared diabetes care pathway","body":"Both parties follow one pathway from 1 March.",
		"rule":"party-consent","clinical_consent":true}`
	var created govMotion
	g.call(apiCase{name: "propose", method: "POST", path: nv + "/motions", who: "elena", body: motion, status: 201}, &created)
	g.c.vars["n1"] = itoa(created.Number)
	for _, tc := range []apiCase{
		{name: "bad rule", method: "POST", path: nv + "/motions", who: "elena", status: 422, field: "rule", req: reqInvalid,
			body: `{"committee":"joc","meeting_id":"{m1}","title":"x","rule":"plurality"}`},
		{name: "meeting and deadline", method: "POST", path: nv + "/motions", who: "elena", status: 422, field: "closes_at", req: reqInvalid,
			body: `{"committee":"joc","meeting_id":"{m1}","closes_at":"{closes}","title":"x","rule":"majority"}`},
		{name: "deadline passed", method: "POST", path: nv + "/motions", who: "elena", status: 422, field: "closes_at",
			body: `{"committee":"joc","closes_at":"{past}","title":"x","rule":"majority"}`},
		{name: "no such committee", method: "POST", path: nv + "/motions", who: "elena", status: 422, field: "committee",
			body: `{"committee":"nope","closes_at":"{closes}","title":"x","rule":"majority"}`},
		{name: "no such meeting", method: "POST", path: nv + "/motions", who: "elena", status: 422, field: "meeting_id",
			body: `{"committee":"joc","meeting_id":"nope","title":"x","rule":"majority"}`},
		{name: "observer", method: "POST", path: nv + "/motions", who: "observer", status: 403, body: motion},
	} {
		g.call(tc, nil)
	}
	g.giveProxies()
	votes := nv + "/motions/{n1}/votes"
	for _, tc := range []apiCase{
		{name: "Dana", method: "POST", path: votes, who: "dana", body: `{"choice":"yes"}`, status: 200},
		{name: "Dana for Tom", method: "POST", path: votes, who: "dana", body: `{"choice":"yes","for_member_id":"{tom}"}`, status: 200},
		{name: "recusal without a reason", method: "POST", path: votes, who: "elena", body: `{"choice":"recuse","reason":" "}`, status: 422, field: "reason"},
		{name: "Elena recuses", method: "POST", path: votes, who: "elena", body: `{"choice":"recuse","reason":"I advise the vendor that wrote the pathway."}`, status: 200},
		{name: "not a choice", method: "POST", path: votes, who: "samuel", body: `{"choice":"maybe"}`, status: 422, field: "choice", req: reqInvalid},
		{name: "Samuel", method: "POST", path: votes, who: "samuel", body: `{"choice":"yes"}`, status: 200},
		{name: "proxy not held", method: "POST", path: votes, who: "elena", body: `{"choice":"no","for_member_id":"{tom}"}`, status: 422, field: "for_member_id"},
		{name: "for someone without a seat", method: "POST", path: votes, who: "dana", body: `{"choice":"no","for_member_id":"{priya}"}`, status: 422, field: "for_member_id"},
		{name: "observer", method: "POST", path: votes, who: "observer", body: `{"choice":"yes"}`, status: 403},
		{name: "no such motion", method: "POST", path: nv + "/motions/99999/votes", who: "dana", body: `{"choice":"yes"}`, status: 404},
	} {
		g.call(tc, nil)
	}
	var refusal apiErrorBody
	g.call(apiCase{name: "no seat", method: "POST", path: votes, who: "priya", body: `{"choice":"yes"}`, status: 403}, &refusal)
	if !strings.Contains(refusal.Error.Message, "do not hold a seat on the Joint operating committee") {
		g.t.Errorf("a vote without a seat: message %q, want one saying the voter holds no seat", refusal.Error.Message)
	}
	g.proxyBallots()
	g.checkBallots()
	g.decide()
}

// checkBallots reads the motion's ballots before the decision.
func (g *govFlow) checkBallots() {
	var m govMotion
	g.call(apiCase{name: "read", method: "GET", path: nv + "/motions/{n1}", who: "observer", status: 200}, &m)
	byMember := map[string]int{}
	for i, v := range m.Votes {
		byMember[v.MemberID] = i
	}
	tom, elena := m.Votes[byMember[g.members["tom"].ID]], m.Votes[byMember[g.members["elena"].ID]]
	if len(m.Votes) != 4 || m.Status != accord.MotionOpen || m.Tally != nil {
		g.t.Fatalf("motion before the decision = %+v, want open with four ballots and no tally", m)
	}
	if tom.CastBy != g.members["dana"].ID || !tom.Clinical || elena.Choice != "recuse" || elena.Reason == "" {
		g.t.Errorf("ballots = %+v, want Tom's cast by Dana as a clinical leader and Elena's recusal with its reason", m.Votes)
	}
	g.call(apiCase{name: "no such motion", method: "GET", path: nv + "/motions/99999", who: "admin", status: 404}, nil)
	g.call(apiCase{name: "not a number", method: "GET", path: nv + "/motions/first", who: "admin", status: 404}, nil)
}

// decide decides the meeting's motion and checks its tally by party.
func (g *govFlow) decide() {
	var m govMotion
	g.call(apiCase{name: "observer", method: "POST", path: nv + "/motions/{n1}/decide", who: "observer", body: `{}`, status: 403}, nil)
	g.call(apiCase{name: "decide", method: "POST", path: nv + "/motions/{n1}/decide", who: "dana", body: `{"rationale":"Both parties and their clinicians agreed."}`, status: 200}, &m)
	if m.Status != accord.MotionPassed || m.Tally == nil {
		g.t.Fatalf("decided motion = %+v, want passed with a tally", m)
	}
	tl := *m.Tally
	want := []vote.PartyPosition{
		{Party: g.payer, Count: vote.Count{Yes: 2}, Consents: true},
		{Party: g.prov, Count: vote.Count{Yes: 1, Recused: 1}, Consents: true},
	}
	if !slices.Equal(tl.ByParty, want) || !tl.ClinicalConsent || tl.Clinical.Yes != 2 || !tl.Quorum.Met || tl.Quorum.Present != 4 {
		g.t.Errorf("tally = %+v, want the payer 2 yes, the provider 1 yes and 1 recused, clinical consent 2 of 2, quorum of 4", tl)
	}
	reasons := []string{"passed: 3 yes, 0 no, 1 recused (consent of every party)", "clinical consent given (2 of 2 clinical leaders voting approved)"}
	if !slices.Equal(tl.Reasons, reasons) || m.Rationale != "Both parties and their clinicians agreed." {
		g.t.Errorf("reasons %q, rationale %q; want %q", tl.Reasons, m.Rationale, reasons)
	}
	for _, tc := range []apiCase{
		{name: "closed", method: "POST", path: nv + "/motions/{n1}/votes", who: "samuel", body: `{"choice":"no"}`, status: 409},
		{name: "again", method: "POST", path: nv + "/motions/{n1}/decide", who: "dana", status: 409},
		{name: "no such motion", method: "POST", path: nv + "/motions/99999/decide", who: "dana", status: 404},
	} {
		g.call(tc, nil)
	}
	var log struct{ Items []govMotion }
	g.call(apiCase{name: "by a word", method: "GET", path: nv + "/decisions?q=Diabetes&committee=joc", who: "observer", status: 200}, &log)
	if len(log.Items) != 1 || log.Items[0].Number != m.Number || log.Items[0].Tally == nil || log.Items[0].Votes != nil {
		g.t.Errorf("decision log for diabetes = %+v, want motion %d with its tally", log.Items, m.Number)
	}
	g.call(apiCase{name: "nothing", method: "GET", path: nv + "/decisions?q=zeppelin&committee=joc", who: "member", status: 200}, &log)
	if len(log.Items) != 0 {
		g.t.Errorf("decision log for zeppelin = %+v, want nothing", log.Items)
	}
	g.call(apiCase{name: "bad subject", method: "GET", path: nv + "/decisions?subject=protocol", who: "member", status: 422, field: "subject"}, nil)
	var decided struct{ Items []govMotion }
	g.call(apiCase{name: "decided", method: "GET", path: nv + "/motions?status=decided&committee=joc", who: "member", status: 200}, &decided)
	if len(decided.Items) != 1 {
		g.t.Errorf("decided motions of joc = %d, want 1", len(decided.Items))
	}
	g.call(apiCase{name: "bad status", method: "GET", path: nv + "/motions?status=adopted", who: "member", status: 422, field: "status", req: reqInvalid}, nil)
}

// protocol proposes a data-sharing protocol and passes it by ballot: it is
// decided when the last seat-holder votes, and is active; then it ends.
func (g *govFlow) protocol() {
	const body = `{"title":"Quality data to the plan","from_party_id":"{provider}","to_party_id":"{payer}","categories":["quality"],
		"purpose":"Computing the quality bonus","starts_on":"2026-01-01","committee":"joc","closes_at":"{closes}"}`
	var created struct {
		Protocol govProtocol
		Motion   govMotion
	}
	g.call(apiCase{name: "propose", method: "POST", path: nv + "/protocols", who: "elena", body: body, status: 201}, &created)
	g.c.vars["proto"], g.c.vars["n2"] = created.Protocol.ID, itoa(created.Motion.Number)
	if created.Protocol.Status != accord.ProtocolProposed || created.Motion.Status != accord.MotionOpen || created.Motion.SubjectID != created.Protocol.ID {
		g.t.Errorf("proposed protocol = %+v, want proposed with an open motion about it", created)
	}
	for _, tc := range []apiCase{
		{name: "other alliance's party", method: "POST", path: nv + "/protocols", who: "elena", status: 422, field: "from_party_id",
			body: strings.Replace(body, "{provider}", "{other_party}", 1)},
		{name: "ends before it starts", method: "POST", path: nv + "/protocols", who: "elena", status: 422, field: "ends_on",
			body: strings.Replace(body, `"starts_on"`, `"ends_on":"2025-06-30","starts_on"`, 1)},
		{name: "bad date", method: "POST", path: nv + "/protocols", who: "elena", status: 422, field: "starts_on", req: reqAny,
			body: strings.Replace(body, "2026-01-01", "January", 1)},
		{name: "observer", method: "POST", path: nv + "/protocols", who: "observer", status: 403, body: body},
		{name: "not active", method: "POST", path: nv + "/protocols/{proto}/end", who: "dana", status: 409, body: `{"on":"{in30days}"}`},
	} {
		g.call(tc, nil)
	}
	var last govMotion
	for i, who := range []string{"dana", "tom", "samuel", "elena"} {
		if i == 2 {
			g.noProxyOnBallot()
		}
		g.call(apiCase{name: who + " consents", method: "POST", path: nv + "/motions/{n2}/votes", who: who, body: `{"choice":"yes"}`, status: 200}, &last)
	}
	if last.Status != accord.MotionPassed || last.Tally == nil || len(last.Tally.ByParty) != 2 {
		g.t.Errorf("after every seat-holder voted: %+v, want the motion passed", last)
	}
	g.findProtocol(accord.ProtocolActive)
	var log struct{ Items []govMotion }
	g.call(apiCase{name: "by subject", method: "GET", path: nv + "/decisions?subject=protocol:{proto}", who: "member", status: 200}, &log)
	if len(log.Items) != 1 || log.Items[0].Number != last.Number {
		g.t.Errorf("decisions about the protocol = %+v, want its motion", log.Items)
	}
	var ended govProtocol
	g.call(apiCase{name: "end", method: "POST", path: nv + "/protocols/{proto}/end", who: "samuel", body: `{"on":"{in30days}"}`, status: 200}, &ended)
	if ended.Status != accord.ProtocolEnded || ended.EndsOn != g.c.vars["in30days"] {
		g.t.Errorf("ended protocol = %+v, want ended on %s", ended, g.c.vars["in30days"])
	}
	for _, tc := range []apiCase{
		{name: "again", method: "POST", path: nv + "/protocols/{proto}/end", who: "dana", status: 409, body: `{"on":"{in30days}"}`},
		{name: "bad date", method: "POST", path: nv + "/protocols/{proto}/end", who: "dana", status: 422, field: "on", req: reqAny, body: `{"on":"later"}`},
		{name: "no such protocol", method: "POST", path: nv + "/protocols/nope/end", who: "dana", status: 404, body: `{"on":"{in30days}"}`},
		{name: "finance", method: "POST", path: nv + "/protocols/{proto}/end", who: "priya", status: 403, body: `{"on":"{in30days}"}`},
	} {
		g.call(tc, nil)
	}
}

// findProtocol checks the protocol's status in the list.
func (g *govFlow) findProtocol(status string) {
	var ps struct{ Items []govProtocol }
	g.call(apiCase{name: "list", method: "GET", path: nv + "/protocols", who: "observer", status: 200}, &ps)
	i := slices.IndexFunc(ps.Items, func(p govProtocol) bool { return p.ID == g.c.vars["proto"] })
	if i < 0 || ps.Items[i].Status != status {
		g.t.Errorf("protocols = %+v, want ours %s", ps.Items, status)
	}
}

// actionItems gives two tasks, one already overdue, and marks it done.
func (g *govFlow) actionItems() {
	const path = nv + "/action-items"
	for _, tc := range []apiCase{
		{name: "from a meeting", method: "POST", path: path, who: "dana", status: 201, save: saveID("late", "", ""),
			body: `{"meeting_id":"{m1}","title":"Send the staffing plan","owner_member_id":"{elena}","due_on":"{yesterday}"}`},
		{name: "from the committee", method: "POST", path: path, who: "samuel", status: 201,
			body: `{"committee":"joc","title":"Draft the 2027 budget","owner_member_id":"{tom}","due_on":"{in2weeks}"}`},
		{name: "bad date", method: "POST", path: path, who: "dana", status: 422, field: "due_on", req: reqAny,
			body: `{"committee":"joc","title":"x","owner_member_id":"{tom}","due_on":"31/12/2026"}`},
		{name: "from nowhere", method: "POST", path: path, who: "dana", status: 422, field: "committee", req: reqInvalid,
			body: `{"title":"x","owner_member_id":"{tom}","due_on":"{in2weeks}"}`},
		{name: "owner not a member", method: "POST", path: path, who: "dana", status: 422, field: "owner_member_id",
			body: `{"committee":"joc","title":"x","owner_member_id":"nope","due_on":"{in2weeks}"}`},
		{name: "another committee's meeting", method: "POST", path: path, who: "dana", status: 422, field: "committee",
			body: `{"meeting_id":"{m1}","committee":"nope","title":"x","owner_member_id":"{tom}","due_on":"{in2weeks}"}`},
		{name: "meeting and its committee", method: "POST", path: path, who: "elena", status: 201,
			body: `{"meeting_id":"{extra}","committee":"joc","title":"Book the boardroom","owner_member_id":"{samuel}","due_on":"{in2weeks}"}`},
		{name: "finance", method: "POST", path: path, who: "priya", status: 403, body: `{"committee":"joc","title":"x","owner_member_id":"{tom}","due_on":"{in2weeks}"}`},
		{name: "bad status", method: "GET", path: path + "?status=late", who: "member", status: 422, field: "status", req: reqInvalid},
	} {
		g.call(tc, nil)
	}
	var open struct{ Items []govActionItem }
	g.call(apiCase{name: "open", method: "GET", path: path + "?status=open&committee=joc", who: "observer", status: 200}, &open)
	if len(open.Items) != 3 || !open.Items[0].Overdue || open.Items[0].DueOn != g.c.vars["yesterday"] || open.Items[1].Overdue {
		g.t.Errorf("open action items = %+v, want three, the first overdue since yesterday", open.Items)
	}
	var done govActionItem
	g.call(apiCase{name: "done", method: "PATCH", path: path + "/{late}", who: "dana", body: `{"status":"done"}`, status: 200}, &done)
	if done.Status != accord.ActionDone || done.Overdue {
		g.t.Errorf("item marked done = %+v, want done and not overdue", done)
	}
	for _, tc := range []apiCase{
		{name: "bad status", method: "PATCH", path: path + "/{late}", who: "dana", body: `{"status":"late"}`, status: 422, field: "status", req: reqInvalid},
		{name: "no such item", method: "PATCH", path: path + "/nope", who: "dana", body: `{"status":"done"}`, status: 404},
		{name: "finance", method: "PATCH", path: path + "/{late}", who: "priya", body: `{"status":"open"}`, status: 403},
	} {
		g.call(tc, nil)
	}
}

// minutes drafts m1's minutes, approves them in m2 and cancels m3.
func (g *govFlow) minutes() {
	var m govMeeting
	g.call(apiCase{name: "draft", method: "PUT", path: nv + "/meetings/{m1}/minutes", who: "samuel", body: `{"minutes":"## Decisions\n\n- The pathway was adopted."}`, status: 200}, &m)
	if m.MinutesStatus != accord.MinutesDraft {
		g.t.Errorf("minutes after the draft: %q, want draft", m.MinutesStatus)
	}
	for _, tc := range []apiCase{
		{name: "same meeting", method: "POST", path: nv + "/meetings/{m1}/minutes/approve", who: "dana", body: `{"in_meeting_id":"{m1}"}`, status: 422, field: "in_meeting_id"},
		{name: "no such meeting", method: "POST", path: nv + "/meetings/{m1}/minutes/approve", who: "dana", body: `{"in_meeting_id":"nope"}`, status: 422, field: "in_meeting_id"},
		{name: "approve", method: "POST", path: nv + "/meetings/{m1}/minutes/approve", who: "dana", body: `{"in_meeting_id":"{m2}"}`, status: 200, save: wantValue("minutes_status", "approved")},
		{name: "approved", method: "POST", path: nv + "/meetings/{m1}/minutes/approve", who: "dana", body: `{"in_meeting_id":"{m2}"}`, status: 409},
		{name: "approved", method: "PUT", path: nv + "/meetings/{m1}/minutes", who: "dana", body: `{"minutes":"changed"}`, status: 409},
		{name: "observer", method: "PUT", path: nv + "/meetings/{m2}/minutes", who: "observer", body: `{"minutes":"x"}`, status: 403},
		{name: "cancel", method: "POST", path: nv + "/meetings/{m3}/cancel", who: "elena", status: 200, save: wantValue("status", "cancelled")},
		{name: "cancelled", method: "POST", path: nv + "/meetings/{m3}/cancel", who: "elena", status: 409},
		{name: "held", method: "POST", path: nv + "/meetings/{m1}/cancel", who: "elena", status: 409},
		{name: "cancelled", method: "PUT", path: nv + "/meetings/{m3}/attendance", who: "dana", body: `{"attendance":[{"member_id":"{dana}","present":true}]}`, status: 409},
		{name: "no such meeting", method: "POST", path: nv + "/meetings/nope/cancel", who: "elena", status: 404},
	} {
		g.call(tc, nil)
	}
}

// run walks through the whole of co-governance.
func (g *govFlow) run() {
	g.committee()
	g.schedule()
	g.attendance()
	g.agenda()
	g.meetingMotion()
	g.protocol()
	g.actionItems()
	g.minutes()
}

// TestGovernanceAPI walks through co-governance through the API on both
// databases: a committee with an executive and a clinical leader of two
// parties, its meetings, quorum without and with a clinical leader, a
// motion needing every party's and clinical consent voted in person, by
// proxy and with a recusal, its tally and the decision log, a protocol
// passed by ballot, action items, agendas and minutes, with the refusals
// on the way; every answer is checked against the OpenAPI document.
func TestGovernanceAPI(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			newGovFlow(t, a, newChecker(t, a)).run()
			audit, err := a.db.ListAudit(context.Background(), accord.AuditFilter{AllianceID: mustAlliance(t, a).ID, Entity: "motion"})
			if err != nil || len(audit) == 0 {
				t.Errorf("audit of motions = %d entries, %v; want the votes and decisions", len(audit), err)
			}
			if strings.Contains(a.logs.String(), "internal error") {
				t.Errorf("the walk-through reached an internal error:\n%s", a.logs.String())
			}
		})
	}
}

// matrixGovernance gives the access matrix a committee (matrix-committee),
// a meeting with an agenda item, an action item and a motion to try the
// governance routes on; it returns the placeholders of their ids.
func (a *app) matrixGovernance() []string {
	a.t.Helper()
	ctx, sys := context.Background(), accord.SystemActor("test")
	al := mustAlliance(a.t, a)
	c := accord.Committee{AllianceID: al.ID, Key: "matrix-committee", Name: "Matrix committee", Cadence: accord.CadenceMonthly}
	if err := a.db.CreateCommittee(ctx, sys, &c); err != nil {
		a.t.Fatal(err)
	}
	m := accord.Meeting{CommitteeID: c.ID, StartsAt: accord.Day(time.Now()).AddDate(0, 0, 3).Add(9 * time.Hour)}
	if err := a.db.CreateMeeting(ctx, sys, &m); err != nil {
		a.t.Fatal(err)
	}
	it := accord.AgendaItem{Title: "Matrix item"}
	if err := a.db.AddAgendaItem(ctx, sys, al.ID, m.ID, &it); err != nil {
		a.t.Fatal(err)
	}
	members, err := a.db.ListMembers(ctx, al.ID)
	if err != nil || len(members) == 0 {
		a.t.Fatalf("members: %v", err)
	}
	ai := accord.ActionItem{AllianceID: al.ID, MeetingID: m.ID, Title: "Matrix task", OwnerID: members[0].ID, DueOn: time.Now()}
	if err := a.db.CreateActionItem(ctx, sys, &ai); err != nil {
		a.t.Fatal(err)
	}
	mo := accord.Motion{AllianceID: al.ID, CommitteeID: c.ID, MeetingID: m.ID, Title: "Matrix motion", Rule: "majority"}
	if err := a.db.ProposeMotion(ctx, sys, &mo); err != nil {
		a.t.Fatal(err)
	}
	return []string{"{mt}", m.ID, "{ai}", it.ID, "{ac}", ai.ID, "{mo}", itoa(mo.Number)}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestGovernanceBadInput sends the governance routes unknown ids of every
// kind, including control bytes, invalid UTF-8 and very long ones, in
// paths, bodies and query strings: each must get a clean 4xx JSON error
// (or, for a filter, an empty list), never a 500.
func TestGovernanceBadInput(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx, sys := context.Background(), accord.SystemActor("test")
			al := mustAlliance(t, a)
			c := accord.Committee{AllianceID: al.ID, Key: "bad-input", Name: "Bad input committee", Cadence: accord.CadenceQuarterly}
			if err := a.db.CreateCommittee(ctx, sys, &c); err != nil {
				t.Fatal(err)
			}
			m := accord.Meeting{CommitteeID: c.ID, StartsAt: accord.Day(time.Now()).AddDate(0, 0, 5)}
			if err := a.db.CreateMeeting(ctx, sys, &m); err != nil {
				t.Fatal(err)
			}
			mo := accord.Motion{AllianceID: al.ID, CommitteeID: c.ID, MeetingID: m.ID, Title: "Bad input", Rule: "majority"}
			if err := a.db.ProposeMotion(ctx, sys, &mo); err != nil {
				t.Fatal(err)
			}
			tok := a.token(roleAccounts["admin"], "write")
			for _, p := range governanceOddRequests(m.ID, itoa(mo.Number)) {
				label := p.method + " " + p.path + " " + p.body
				status, b := rawAPI(t, a, p.method, p.path, tok, p.body, "")
				if status >= 500 || status < 400 && !p.mayPass {
					t.Errorf("%s: status %d, want a 4xx: %s", label, status, b)
				}
				if status >= 400 {
					checkError(t, label, status, b, "")
				}
			}
			if strings.Contains(a.logs.String(), "internal error") || strings.Contains(a.logs.String(), "panic") {
				t.Errorf("bad input reached an internal error:\n%s", a.logs.String())
			}
		})
	}
}

// governanceOddRequests lists odd ids in the governance routes' paths,
// bodies and filters; meeting and motion are real ones of the committee
// bad-input.
func governanceOddRequests(meeting, motion string) []oddRequest {
	var out []oddRequest
	for _, id := range []string{"nope", "%00", "%FF%FE", strings.Repeat("x", 2000), "01a0000000000000000000000000000000", "..%2F..%2Fetc"} {
		out = append(out,
			oddRequest{"GET", nv + "/committees/" + id, "", false},
			oddRequest{"POST", nv + "/committees/" + id + "/seats", `{"party_id":"x","role":"executive"}`, false},
			oddRequest{"POST", nv + "/committees/" + id + "/schedule", `{"through":"2027-01-01"}`, false},
			oddRequest{"POST", nv + "/committees/" + id + "/meetings", `{"starts_at":"2027-01-01T10:00:00Z"}`, false},
			oddRequest{"GET", nv + "/meetings/" + id, "", false},
			oddRequest{"PUT", nv + "/meetings/" + id + "/attendance", `{"attendance":[]}`, false},
			oddRequest{"PUT", nv + "/meetings/" + id + "/minutes", `{"minutes":"x"}`, false},
			oddRequest{"POST", nv + "/meetings/" + id + "/minutes/approve", `{"in_meeting_id":"x"}`, false},
			oddRequest{"POST", nv + "/meetings/" + meeting + "/minutes/approve", `{"in_meeting_id":"` + id + `"}`, false},
			oddRequest{"POST", nv + "/meetings/" + id + "/cancel", "", false},
			oddRequest{"POST", nv + "/meetings/" + id + "/agenda", `{"title":"x"}`, false},
			oddRequest{"POST", nv + "/meetings/" + meeting + "/agenda/" + id + "/move", `{"delta":1}`, false},
			oddRequest{"PUT", nv + "/meetings/" + meeting + "/agenda/" + id + "/note", `{"note":"x"}`, false},
			oddRequest{"PATCH", nv + "/action-items/" + id, `{"status":"done"}`, false},
			oddRequest{"GET", nv + "/motions/" + id, "", false},
			oddRequest{"POST", nv + "/motions/" + id + "/votes", `{"choice":"yes"}`, false},
			oddRequest{"POST", nv + "/motions/" + id + "/decide", "", false},
			oddRequest{"POST", nv + "/motions/" + id + "/proxies", `{"holder_member_id":"x"}`, false},
			oddRequest{"POST", nv + "/meetings/" + id + "/proxies", `{"holder_member_id":"x"}`, false},
			oddRequest{"POST", nv + "/proxies/" + id + "/revoke", "", false},
			oddRequest{"POST", nv + "/protocols/" + id + "/end", `{"on":"2027-01-01"}`, false},
			oddRequest{"GET", nv + "/meetings?committee=" + id, "", true},
			oddRequest{"GET", nv + "/action-items?committee=" + id + "&status=open", "", true},
			oddRequest{"GET", nv + "/motions?committee=" + id, "", true},
			oddRequest{"GET", nv + "/decisions?q=" + id + "&committee=" + id + "&subject=protocol:" + id, "", true},
		)
		jsonID := strings.NewReplacer("%00", `\u0000`, "%FF%FE", "\xff\xfe", "%2F", "/").Replace(id)
		out = append(out,
			oddRequest{"POST", nv + "/committees", `{"key":"` + jsonID + `","name":"X","cadence":"monthly"}`, true},
			oddRequest{"POST", nv + "/committees/bad-input/seats", `{"party_id":"` + jsonID + `","role":"executive","member_id":"` + jsonID + `"}`, false},
			oddRequest{"PUT", nv + "/meetings/" + meeting + "/attendance", `{"attendance":[{"member_id":"` + jsonID + `","present":true}]}`, false},
			oddRequest{"POST", nv + "/action-items", `{"committee":"bad-input","title":"x","owner_member_id":"` + jsonID + `","due_on":"2027-01-01"}`, false},
			oddRequest{"POST", nv + "/action-items", `{"meeting_id":"` + jsonID + `","title":"x","owner_member_id":"x","due_on":"2027-01-01"}`, false},
			oddRequest{"POST", nv + "/motions", `{"committee":"` + jsonID + `","closes_at":"2099-01-01T00:00:00Z","title":"x","rule":"majority"}`, true},
			oddRequest{"POST", nv + "/motions", `{"committee":"bad-input","meeting_id":"` + jsonID + `","title":"x","rule":"majority"}`, false},
			oddRequest{"POST", nv + "/motions", `{"committee":"bad-input","closes_at":"2099-01-01T00:00:00Z","title":"x","rule":"majority","subject_kind":"kpi","subject_id":"` + jsonID + `"}`, false},
			oddRequest{"POST", nv + "/motions/" + motion + "/votes", `{"choice":"yes","for_member_id":"` + jsonID + `"}`, false},
			oddRequest{"POST", nv + "/motions/" + motion + "/proxies", `{"holder_member_id":"` + jsonID + `"}`, false},
			oddRequest{"POST", nv + "/meetings/" + meeting + "/proxies", `{"holder_member_id":"` + jsonID + `"}`, false},
			oddRequest{"POST", nv + "/protocols", `{"title":"x","from_party_id":"` + jsonID + `","purpose":"x","starts_on":"2027-01-01","committee":"bad-input","closes_at":"2099-01-01T00:00:00Z","kpis":["` + jsonID + `"]}`, false},
		)
	}
	return out
}
