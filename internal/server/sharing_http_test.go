package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// The people of the sharing scenario: the provider's executive reports the
// KPIs, the payer's and the investor's executives look at them.
const (
	shOwner    = "elena.vasquez@riversidepg.example" // Riverside Physician Group (provider)
	shPayer    = "dana.whitfield@valleyhealthplan.example"
	shInvestor = "jonathan.reyes@cedarridge.example"
	shVendor   = "leo.brandt@brightline.example"
	shOwnerOrg = "Riverside Physician Group"
)

// shScene is the sharing scenario: two provider KPIs with six months of
// data in two clinics, a committee with a seat for every party, and
// tokens and browsers for the people who look.
type shScene struct {
	t        *testing.T
	a        *app
	al       accord.Alliance
	parties  map[accord.PartyRole]string
	periods  []time.Time // the six months with data, oldest first
	tokens   map[string]string
	browsers map[string]*http.Client
	comm     accord.Committee
}

// TestSharingByProtocol proves both sides of the data-sharing rule through
// the pages, the CSV export and the API: with sharing open everyone sees
// everything; by protocol the owning party sees its own, another party sees
// nothing without a protocol, exactly what an active protocol covers (KPI
// or category, segments, periods) once a committee motion has passed it,
// and nothing again once it ends.
func TestSharingByProtocol(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			sc := newShScene(t, newApp(t, d))
			sc.cleanSlate()
			sc.open()
			sc.setSharing(true)
			sc.noProtocol()
			a1c := sc.segmentProtocol()
			visits := sc.categoryProtocol()
			for _, p := range []accord.Protocol{a1c, visits} {
				if _, err := sc.a.db.EndProtocol(context.Background(), accord.SystemActor("test"), sc.al.ID, p.ID, time.Now()); err != nil {
					t.Fatalf("end protocol %s: %v", p.Title, err)
				}
			}
			sc.ended()
			sc.charterForm()
		})
	}
}

func newShScene(t *testing.T, a *app) *shScene {
	t.Helper()
	sc := &shScene{t: t, a: a, al: mustAlliance(t, a), parties: map[accord.PartyRole]string{}, tokens: map[string]string{}, browsers: map[string]*http.Client{}}
	ps, err := a.db.ListParties(context.Background(), sc.al.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		sc.parties[p.Role] = p.ID
	}
	now := time.Now().UTC()
	start := time.Date(now.Year(), now.Month()-8, 1, 0, 0, 0, 0, time.UTC)
	for i := range 6 {
		sc.periods = append(sc.periods, start.AddDate(0, i, 0))
	}
	sc.kpi("sh-a1c", accord.CatQuality)
	sc.kpi("sh-visits", accord.CatOperations)
	for _, email := range []string{shOwner, shPayer, shInvestor, roleAccounts["admin"]} {
		sc.tokens[email] = a.token(email, "write")
		sc.browsers[email] = a.login(email)
	}
	// Alpha Clinic reports 80+i of 100 and Beta Clinic 60+i of 100 in
	// month i: the whole alliance is 70+i%.
	var rows []string
	for i, p := range sc.periods {
		for _, key := range []string{"sh-a1c", "sh-visits"} {
			rows = append(rows, fmt.Sprintf(`{"kpi":%q,"period":%q,"segment":"Alpha Clinic","numerator":%d,"denominator":100}`, key, p.Format("2006-01"), 80+i),
				fmt.Sprintf(`{"kpi":%q,"period":%q,"segment":"Beta Clinic","numerator":%d,"denominator":100}`, key, p.Format("2006-01"), 60+i))
		}
	}
	if r := a.api("POST", "/api/v1/alliances/north-valley/observations", sc.tokens[shOwner], `{"observations":[`+strings.Join(rows, ",")+`]}`, nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("import the scenario's data: status %d", r.StatusCode)
	}
	sc.committee()
	return sc
}

// kpi adds an approved percentage KPI reported by the provider by clinic.
func (sc *shScene) kpi(key string, cat accord.Category) {
	sc.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	provider := sc.parties[accord.PartyProvider]
	k := accord.KPI{AllianceID: sc.al.ID, Key: key, Name: "Shared " + key, Category: cat, Unit: accord.UnitPercent, GraceDays: 10,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, OwnerPartyID: provider, SegmentBy: "clinic"}
	if err := sc.a.db.ProposeKPI(ctx, actor, provider, &k); err != nil {
		sc.t.Fatal(err)
	}
	for _, p := range sc.parties {
		if p != provider {
			if _, err := sc.a.db.Approve(ctx, actor, sc.al.ID, "kpi", k.ID, p); err != nil {
				sc.t.Fatal(err)
			}
		}
	}
}

// committee creates the data-governance committee with an executive's seat
// for every party.
func (sc *shScene) committee() {
	sc.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	sc.comm = accord.Committee{AllianceID: sc.al.ID, Key: "sharing-test", Name: "Data-sharing test committee", Cadence: accord.CadenceMonthly, PacketDays: 3}
	if err := sc.a.db.CreateCommittee(ctx, actor, &sc.comm); err != nil {
		sc.t.Fatal(err)
	}
	ms, err := sc.a.db.ListMembers(ctx, sc.al.ID)
	if err != nil {
		sc.t.Fatal(err)
	}
	for _, email := range []string{shPayer, shOwner, shInvestor, shVendor} {
		u, _, err := sc.a.db.UserByEmail(ctx, email)
		if err != nil {
			sc.t.Fatal(err)
		}
		for _, m := range ms {
			if m.UserID == u.ID {
				seat := accord.Seat{PartyID: m.PartyID, Role: accord.RoleExecutive, MemberID: m.ID, Chair: email == shPayer}
				if err := sc.a.db.AddSeat(ctx, actor, sc.comm.ID, &seat); err != nil {
					sc.t.Fatalf("seat for %s: %v", email, err)
				}
			}
		}
	}
}

// activate proposes a protocol from the provider with its motion, checks
// that viewer sees nothing of key while it is only proposed, has every
// seat-holder vote for it and the motion decided, and checks that it is
// active.
func (sc *shScene) activate(p accord.Protocol, viewer, key string) accord.Protocol {
	sc.t.Helper()
	ctx := context.Background()
	closes := time.Now().Add(7 * 24 * time.Hour)
	m := accord.Motion{CommitteeID: sc.comm.ID, ClosesAt: &closes}
	p.AllianceID, p.FromPartyID, p.Purpose = sc.al.ID, sc.parties[accord.PartyProvider], "Joint quality improvement"
	if err := sc.a.db.ProposeProtocol(ctx, sc.actor(shOwner), &p, &m); err != nil {
		sc.t.Fatalf("propose %s: %v", p.Title, err)
	}
	if n := sc.visible(viewer, key); n != 0 {
		sc.t.Errorf("a proposed protocol (%s) already shows %s %d observations of %s", p.Title, viewer, n, key)
	}
	for _, email := range []string{shPayer, shOwner, shInvestor, shVendor} {
		if _, err := sc.a.db.CastVote(ctx, sc.actor(email), sc.al.ID, m.Number, "", "yes", ""); err != nil {
			sc.t.Fatalf("vote of %s on %s: %v", email, p.Title, err)
		}
	}
	if got, err := sc.a.db.Motion(ctx, sc.al.ID, m.Number); err == nil && got.Status == accord.MotionOpen {
		if _, err := sc.a.db.DecideMotion(ctx, sc.actor(shPayer), sc.al.ID, m.Number, "every party agreed"); err != nil {
			sc.t.Fatalf("decide the motion on %s: %v", p.Title, err)
		}
	}
	ps, err := sc.a.db.ListProtocols(ctx, sc.al.ID)
	if err != nil {
		sc.t.Fatal(err)
	}
	for _, got := range ps {
		if got.ID == p.ID {
			if got.Status != accord.ProtocolActive {
				sc.t.Fatalf("protocol %s after its motion passed: %s, want active", p.Title, got.Status)
			}
			return got
		}
	}
	sc.t.Fatalf("protocol %s not listed", p.Title)
	return p
}

func (sc *shScene) actor(email string) accord.Actor {
	sc.t.Helper()
	u, _, err := sc.a.db.UserByEmail(context.Background(), email)
	if err != nil {
		sc.t.Fatal(err)
	}
	return accord.Actor{UserID: u.ID, Name: u.Name, Via: "test"}
}

// cleanSlate ends the protocols the demo activated and opens data
// sharing, so that the scenario starts from the rule's base case whatever
// story the demo tells.
func (sc *shScene) cleanSlate() {
	sc.t.Helper()
	ctx := context.Background()
	ps, err := sc.a.db.ListProtocols(ctx, sc.al.ID)
	if err != nil {
		sc.t.Fatal(err)
	}
	for _, p := range ps {
		if p.Status == accord.ProtocolActive {
			if _, err := sc.a.db.EndProtocol(ctx, accord.SystemActor("test"), sc.al.ID, p.ID, time.Now()); err != nil {
				sc.t.Fatalf("end the demo's protocol %s: %v", p.Title, err)
			}
		}
	}
	sc.setSharing(false)
}

// setSharing switches the alliance's data sharing through the API.
func (sc *shScene) setSharing(on bool) {
	sc.t.Helper()
	var got accord.Alliance
	r := sc.a.api("PATCH", "/api/v1/alliances/north-valley", sc.tokens[roleAccounts["admin"]], fmt.Sprintf(`{"sharing_by_protocol":%v}`, on), &got)
	if r.StatusCode != http.StatusOK || got.SharingByProtocol != on {
		sc.t.Fatalf("PATCH sharing_by_protocol=%v: status %d, alliance says %v", on, r.StatusCode, got.SharingByProtocol)
	}
}

// observations are a KPI's observations through the API, as email sees them.
type shObservations struct {
	Items       []accord.Observation
	Shared      *bool  `json:"shared"`
	SharingNote string `json:"sharing_note"`
}

func (sc *shScene) observations(email, key string) shObservations {
	sc.t.Helper()
	var got shObservations
	if r := sc.a.api("GET", "/api/v1/alliances/north-valley/kpis/"+key+"/observations", sc.tokens[email], "", &got); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("observations of %s as %s: status %d", key, email, r.StatusCode)
	}
	return got
}

// visible counts the observations of a KPI email sees through the API.
func (sc *shScene) visible(email, key string) int { return len(sc.observations(email, key).Items) }

// shTile is a scorecard tile through the API.
type shTile struct {
	Key, Value, Status string
	Shared             *bool  `json:"shared"`
	SharingNote        string `json:"sharing_note"`
}

func (sc *shScene) tile(email, key, segment string) shTile {
	sc.t.Helper()
	var got struct{ Items []shTile }
	path := "/api/v1/alliances/north-valley/scorecard"
	if segment != "" {
		path += "?segment=" + url.QueryEscape(segment)
	}
	if r := sc.a.api("GET", path, sc.tokens[email], "", &got); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("scorecard as %s: status %d", email, r.StatusCode)
	}
	for _, t := range got.Items {
		if t.Key == key {
			return t
		}
	}
	sc.t.Fatalf("scorecard as %s has no tile %s", email, key)
	return shTile{}
}

// page fetches a page as email, wanting 200.
func (sc *shScene) page(email, path string) string {
	sc.t.Helper()
	status, body := sc.a.get(sc.browsers[email], path)
	if status != http.StatusOK {
		sc.t.Fatalf("%s as %s: status %d", path, email, status)
	}
	return body
}

// tileHTML cuts the tile of the KPI named name out of a scorecard page.
func tileHTML(t *testing.T, page, name string) string {
	t.Helper()
	i := strings.Index(page, ">"+name+"<")
	if i < 0 {
		t.Fatalf("the scorecard page has no tile %q", name)
	}
	start := strings.LastIndex(page[:i], "<li class=\"tile")
	end := strings.Index(page[i:], "</li>")
	return page[start : i+end]
}

// csvRows counts the data rows of a KPI's CSV export as email.
func (sc *shScene) csvRows(email, key string) int {
	sc.t.Helper()
	body := sc.page(email, "/a/north-valley/kpis/"+key+"/observations.csv")
	return strings.Count(strings.TrimSpace(body), "\n")
}

// lateSignals counts the late-data signals of a KPI email sees through the
// API, checks the signals page agrees, and that the KPI's other signals
// (the data's trend) are shown or withheld alike.
func (sc *shScene) lateSignals(email, key string) int {
	sc.t.Helper()
	var got struct{ Items []accord.Signal }
	sc.a.api("GET", "/api/v1/alliances/north-valley/signals?kpi="+key, sc.tokens[email], "", &got)
	late := 0
	for _, g := range got.Items {
		if g.Kind == accord.SignalDataLate {
			late++
		}
	}
	if late == 0 && len(got.Items) > 0 {
		sc.t.Errorf("signals of %s as %s: %d others without the late-data one", key, email, len(got.Items))
	}
	page := sc.page(email, "/a/north-valley/signals?kpi="+key)
	if shown := strings.Contains(page, "Shared "+key+": data late"); shown != (late > 0) {
		sc.t.Errorf("signals of %s as %s: the API lists %d late-data signals, the page shows one: %v", key, email, late, shown)
	}
	return late
}

// wantFigures checks which figures of month i a KPI page shows: the
// clinics' numerators are 80+i and 60+i of 100.
func (sc *shScene) wantFigures(email, key string, alpha, beta []bool) {
	sc.t.Helper()
	page := sc.page(email, "/a/north-valley/kpis/"+key)
	for i := range sc.periods {
		if got := strings.Contains(page, fmt.Sprintf("(%d / 100)", 80+i)); got != alpha[i] {
			sc.t.Errorf("%s page as %s shows Alpha Clinic's month %d: %v, want %v", key, email, i, got, alpha[i])
		}
		if got := strings.Contains(page, fmt.Sprintf("(%d / 100)", 60+i)); got != beta[i] {
			sc.t.Errorf("%s page as %s shows Beta Clinic's month %d: %v, want %v", key, email, i, got, beta[i])
		}
	}
}

var (
	shAll   = []bool{true, true, true, true, true, true}
	shNone  = []bool{false, false, false, false, false, false}
	shFirst = []bool{true, true, true, false, false, false}
)

// open: with sharing open every party sees everything.
func (sc *shScene) open() {
	sc.t.Helper()
	for _, email := range []string{shOwner, shPayer, shInvestor} {
		for _, key := range []string{"sh-a1c", "sh-visits"} {
			if got := sc.observations(email, key); len(got.Items) != 12 || got.Shared != nil || got.SharingNote != "" {
				sc.t.Errorf("sharing open: %s sees %d observations of %s (shared %v, note %q), want 12 and no sharing fields", email, len(got.Items), key, got.Shared, got.SharingNote)
			}
			if got := sc.tile(email, key, ""); got.Value != "75%" || got.Shared != nil {
				sc.t.Errorf("sharing open: %s's tile of %s = %+v, want 75%% and no shared field", email, key, got)
			}
		}
		if n := sc.csvRows(email, "sh-a1c"); n != 12 {
			sc.t.Errorf("sharing open: %s's CSV export has %d rows, want 12", email, n)
		}
		if n := sc.lateSignals(email, "sh-a1c"); n != 1 {
			sc.t.Errorf("sharing open: %s sees %d late-data signals on sh-a1c, want 1", email, n)
		}
	}
	sc.wantFigures(shPayer, "sh-a1c", shAll, shAll)
	if page := sc.page(shPayer, "/a/north-valley"); !strings.Contains(page, "Open to every party") {
		sc.t.Error("the alliance page does not say data sharing is open")
	}
}

// noProtocol: by protocol, the owner sees its own and nobody else anything.
func (sc *shScene) noProtocol() {
	sc.t.Helper()
	if page := sc.page(shPayer, "/a/north-valley"); !strings.Contains(page, "Only under approved data-sharing protocols") {
		sc.t.Error("the alliance page does not say data is shared by protocol")
	}
	// The owner first, so that a fragment cached for one party would show.
	sc.wantFigures(shOwner, "sh-a1c", shAll, shAll)
	if got := sc.observations(shOwner, "sh-a1c"); len(got.Items) != 12 || got.Shared == nil || !*got.Shared || got.SharingNote != "" {
		sc.t.Errorf("by protocol: the owner sees %d observations (shared %v, note %q), want all 12", len(got.Items), got.Shared, got.SharingNote)
	}
	if got := sc.tile(shOwner, "sh-a1c", ""); got.Value != "75%" {
		sc.t.Errorf("by protocol: the owner's tile = %+v, want 75%%", got)
	}
	ownPage := sc.page(shOwner, "/a/north-valley/scorecard")
	if tile := tileHTML(sc.t, ownPage, "Shared sh-a1c"); strings.Contains(tile, "Not shared") || !strings.Contains(tile, "75%") {
		sc.t.Errorf("by protocol: the owner's tile on the page: %s", tile)
	}
	if n := sc.lateSignals(shOwner, "sh-a1c"); n != 1 {
		sc.t.Errorf("by protocol: the owner sees %d late-data signals, want 1", n)
	}
	// Nobody acts on a signal they may not see, even knowing its id.
	var own struct{ Items []accord.Signal }
	sc.a.api("GET", "/api/v1/alliances/north-valley/signals?kpi=sh-a1c", sc.tokens[shOwner], "", &own)
	if len(own.Items) > 0 {
		if r := sc.a.api("POST", "/api/v1/alliances/north-valley/signals/"+own.Items[0].ID+"/acknowledge", sc.tokens[shPayer], "", nil); r.StatusCode != http.StatusNotFound {
			sc.t.Errorf("by protocol: the payer acknowledging a signal it may not see: status %d, want 404", r.StatusCode)
		}
	}
	for _, email := range []string{shPayer, shInvestor} {
		for _, key := range []string{"sh-a1c", "sh-visits"} {
			got := sc.observations(email, key)
			if len(got.Items) != 0 || got.Shared == nil || *got.Shared || !strings.Contains(got.SharingNote, shOwnerOrg) {
				sc.t.Errorf("by protocol, no protocol: %s sees %d observations of %s (shared %v, note %q), want none, shared false and a note naming the owner",
					email, len(got.Items), key, got.Shared, got.SharingNote)
			}
			if got := sc.tile(email, key, ""); got.Value != "—" || got.Status != "none" || got.Shared == nil || *got.Shared || !strings.Contains(got.SharingNote, shOwnerOrg) {
				sc.t.Errorf("by protocol, no protocol: %s's tile of %s = %+v, want no value, not shared", email, key, got)
			}
			if n := sc.lateSignals(email, key); n != 0 {
				sc.t.Errorf("by protocol, no protocol: %s sees %d signals on %s, want none", email, n, key)
			}
		}
		var detail struct {
			Shared      *bool  `json:"shared"`
			SharingNote string `json:"sharing_note"`
		}
		sc.a.api("GET", "/api/v1/alliances/north-valley/kpis/sh-a1c", sc.tokens[email], "", &detail)
		if detail.Shared == nil || *detail.Shared || !strings.Contains(detail.SharingNote, "Not shared with your party") {
			sc.t.Errorf("by protocol: the KPI as %s says shared %v, note %q", email, detail.Shared, detail.SharingNote)
		}
		if n := sc.csvRows(email, "sh-a1c"); n != 0 {
			sc.t.Errorf("by protocol: %s's CSV export has %d rows, want none", email, n)
		}
	}
	sc.wantFigures(shPayer, "sh-a1c", shNone, shNone)
	page := sc.page(shPayer, "/a/north-valley/kpis/sh-a1c")
	if !strings.Contains(page, "Not shared with your party: "+shOwnerOrg+" reports this KPI") {
		sc.t.Error("the KPI page does not say, naming the owner, that its data is not shared")
	}
	tile := tileHTML(sc.t, sc.page(shPayer, "/a/north-valley/scorecard"), "Shared sh-a1c")
	if !strings.Contains(tile, "Not shared with your party") || !strings.Contains(tile, shOwnerOrg) || strings.Contains(tile, "75%") || strings.Contains(tile, "<svg") || !strings.Contains(tile, "status-none") {
		sc.t.Errorf("by protocol: the payer's tile on the page shows more than the KPI and its owner: %s", tile)
	}
	// The payer's own derived KPI stays visible to the payer and is
	// withheld from the provider, whose party reports neither input.
	if got := sc.tile(shPayer, "cost-pmpm", ""); got.Value == "—" || got.Shared == nil || !*got.Shared {
		sc.t.Errorf("by protocol: the payer's own derived KPI: %+v, want its value", got)
	}
	if got := sc.tile(shOwner, "cost-pmpm", ""); got.Value != "—" || *got.Shared {
		sc.t.Errorf("by protocol: another party's derived KPI: %+v, want no value", got)
	}
}

// segmentProtocol: a protocol of the provider to the payer for sh-a1c in
// Alpha Clinic over the first three months shows exactly that.
func (sc *shScene) segmentProtocol() accord.Protocol {
	sc.t.Helper()
	end := sc.periods[3].AddDate(0, 0, -1)
	p := sc.activate(accord.Protocol{Title: "A1c in Alpha Clinic", ToPartyID: sc.parties[accord.PartyPayer], KPIKeys: []string{"sh-a1c"},
		Segments: []string{"Alpha Clinic"}, StartsOn: sc.periods[0], EndsOn: &end}, shPayer, "sh-a1c")
	got := sc.observations(shPayer, "sh-a1c")
	if len(got.Items) != 3 || !*got.Shared || !strings.Contains(got.SharingNote, "A1c in Alpha Clinic") {
		sc.t.Fatalf("under the segment protocol: the payer sees %d observations (note %q), want 3", len(got.Items), got.SharingNote)
	}
	for i, o := range got.Items {
		if o.Segment != "Alpha Clinic" || o.Period.After(sc.periods[2]) {
			sc.t.Errorf("under the segment protocol: the payer sees observation %d: %s %s", i, o.Segment, o.Period.Format("2006-01"))
		}
	}
	sc.wantFigures(shPayer, "sh-a1c", shFirst, shNone)
	if n := sc.csvRows(shPayer, "sh-a1c"); n != 3 {
		sc.t.Errorf("under the segment protocol: the CSV export has %d rows, want 3", n)
	}
	if page := sc.page(shPayer, "/a/north-valley/kpis/sh-a1c"); !strings.Contains(page, "Shared by protocol: "+shOwnerOrg) {
		sc.t.Error("under the segment protocol: the KPI page does not say what is shared")
	}
	// No alliance total: only the protocol's segment, and its months.
	if got := sc.tile(shPayer, "sh-a1c", ""); got.Value != "—" || !*got.Shared {
		sc.t.Errorf("under the segment protocol: the whole-alliance tile = %+v, want no value", got)
	}
	if got := sc.tile(shPayer, "sh-a1c", "Alpha Clinic"); got.Value != "82%" {
		sc.t.Errorf("under the segment protocol: the Alpha Clinic tile = %+v, want 82%% (the last shared month)", got)
	}
	if got := sc.tile(shPayer, "sh-a1c", "Beta Clinic"); got.Value != "—" {
		sc.t.Errorf("under the segment protocol: the Beta Clinic tile = %+v, want no value", got)
	}
	page := sc.page(shPayer, "/a/north-valley/scorecard")
	if !strings.Contains(page, "Alpha Clinic") || strings.Contains(page, "Beta Clinic") {
		i := strings.Index(page, "Beta Clinic")
		sc.t.Errorf("under the segment protocol: the segment filter does not offer Alpha Clinic alone of the scenario's clinics: %s", page[max(0, i-300):min(len(page), i+100)])
	}
	if n := sc.lateSignals(shPayer, "sh-a1c"); n != 0 {
		sc.t.Errorf("under the segment protocol: the payer sees %d whole-alliance signals, want none", n)
	}
	// Nobody else, and no other KPI.
	if n := sc.visible(shInvestor, "sh-a1c"); n != 0 {
		sc.t.Errorf("a protocol to the payer shows the investor %d observations", n)
	}
	if n := sc.visible(shPayer, "sh-visits"); n != 0 {
		sc.t.Errorf("a protocol for sh-a1c shows the payer %d observations of sh-visits", n)
	}
	return p
}

// categoryProtocol: a protocol of the provider to every party for the
// operations category, every segment, shows sh-visits whole, totals and
// signals included, and still not sh-a1c beyond the first protocol.
func (sc *shScene) categoryProtocol() accord.Protocol {
	sc.t.Helper()
	p := sc.activate(accord.Protocol{Title: "Operations for everyone", Categories: []string{string(accord.CatOperations)}, StartsOn: sc.periods[0]}, shInvestor, "sh-visits")
	for _, email := range []string{shPayer, shInvestor} {
		if n := sc.visible(email, "sh-visits"); n != 12 {
			sc.t.Errorf("under the category protocol: %s sees %d observations of sh-visits, want 12", email, n)
		}
		if got := sc.tile(email, "sh-visits", ""); got.Value != "75%" {
			sc.t.Errorf("under the category protocol: %s's sh-visits tile = %+v, want 75%%", email, got)
		}
		if n := sc.lateSignals(email, "sh-visits"); n != 1 {
			sc.t.Errorf("under the category protocol: %s sees %d late-data signals on sh-visits, want 1", email, n)
		}
	}
	sc.wantFigures(shInvestor, "sh-visits", shAll, shAll)
	sc.wantFigures(shInvestor, "sh-a1c", shNone, shNone)
	if n := sc.visible(shPayer, "sh-a1c"); n != 3 {
		sc.t.Errorf("under both protocols: the payer sees %d observations of sh-a1c, want 3", n)
	}
	return p
}

// ended: once the protocols end, nothing is shared again.
func (sc *shScene) ended() {
	sc.t.Helper()
	for _, email := range []string{shPayer, shInvestor} {
		for _, key := range []string{"sh-a1c", "sh-visits"} {
			if n := sc.visible(email, key); n != 0 {
				sc.t.Errorf("after the protocols ended: %s sees %d observations of %s", email, n, key)
			}
			if got := sc.tile(email, key, ""); *got.Shared {
				sc.t.Errorf("after the protocols ended: %s's tile of %s = %+v", email, key, got)
			}
			if n := sc.lateSignals(email, key); n != 0 {
				sc.t.Errorf("after the protocols ended: %s sees %d signals on %s", email, n, key)
			}
		}
	}
	sc.wantFigures(shPayer, "sh-a1c", shNone, shNone)
	sc.wantFigures(shInvestor, "sh-visits", shNone, shNone)
	if n := sc.visible(shOwner, "sh-a1c"); n != 12 {
		sc.t.Errorf("after the protocols ended: the owner sees %d of its observations", n)
	}
}

// charterForm: the charter form offers the choice and turns sharing open.
func (sc *shScene) charterForm() {
	sc.t.Helper()
	admin := sc.browsers[roleAccounts["admin"]]
	form := sc.page(roleAccounts["admin"], "/a/north-valley/charter/edit")
	if !strings.Contains(form, `value="protocol" checked`) || !strings.Contains(form, "Open to every party") {
		sc.t.Error("the charter form does not offer the data-sharing choice with the current one checked")
	}
	values := url.Values{"name": {sc.al.Name}, "vision": {sc.al.Vision}, "values": {sc.al.Values}, "sharing": {"sideways"}}
	if r := sc.a.post(admin, "/a/north-valley/charter", values); r.StatusCode != http.StatusUnprocessableEntity {
		sc.t.Errorf("an unknown sharing choice: status %d, want 422", r.StatusCode)
	}
	values.Set("sharing", "open")
	if r := sc.a.post(admin, "/a/north-valley/charter", values); r.StatusCode != http.StatusSeeOther {
		sc.t.Fatalf("save the charter: status %d", r.StatusCode)
	}
	if al := mustAlliance(sc.t, sc.a); al.SharingByProtocol {
		sc.t.Fatal("the charter form did not open data sharing")
	}
	sc.wantFigures(shPayer, "sh-a1c", shAll, shAll)
	if n := sc.visible(shInvestor, "sh-a1c"); n != 12 {
		sc.t.Errorf("sharing open again: the investor sees %d observations, want 12", n)
	}
	values.Set("sharing", "protocol")
	sc.a.post(admin, "/a/north-valley/charter", values)
	if al := mustAlliance(sc.t, sc.a); !al.SharingByProtocol {
		sc.t.Error("the charter form did not switch to sharing by protocol")
	}
	if n := sc.visible(shInvestor, "sh-a1c"); n != 0 {
		sc.t.Errorf("by protocol again: the investor sees %d observations, want none", n)
	}
}
