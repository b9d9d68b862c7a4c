package ui

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/textdiff"
	"github.com/accord-alliance/accord/internal/views"
)

// contractsPage lists the alliance's contracts, with the form that records
// a new one for those who may draft.
func (s *App) contractsPage(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.Svc.ListContracts(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	today := accord.Day(s.Now())
	s.render(w, r, "contracts", views.PageData{Title: "Contracts", Nav: "contracts", Data: map[string]any{"Contracts": cs, "Today": today}})
	return nil
}

// contractCreate records a contract and proposes its original agreement.
func (s *App) contractCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/contracts"
	review, err := views.ParseDate("review_on", r.PostFormValue("review_on"))
	if err != nil {
		return backTo(back, err)
	}
	orig, err := formAmendment(r)
	if err != nil {
		return backTo(back, err)
	}
	if orig.Summary == "" {
		orig.Summary = "Original agreement"
	}
	c := accord.Contract{AllianceID: ac.Alliance.ID, Key: r.PostFormValue("key"), Title: r.PostFormValue("title"), ReviewOn: review}
	if err := s.Svc.CreateContract(r.Context(), edge.SessionOf(r).Actor, ac.Member.PartyID, &c, &orig); err != nil {
		return backTo(back, err)
	}
	flash(w, "Contract recorded. Version 1 takes effect when every party has signed the original agreement off.")
	http.Redirect(w, r, back+"/"+c.Key+"/amendments/1", http.StatusSeeOther)
	return nil
}

// formAmendment reads an amendment from the form; its terms, JSON or
// YAML, are text, as the API takes YAML: in a JSON string.
func formAmendment(r *http.Request) (accord.Amendment, error) {
	terms, err := json.Marshal(r.PostFormValue("terms"))
	if err != nil {
		return accord.Amendment{}, err
	}
	return views.AmendmentRequest{Summary: r.PostFormValue("summary"), Text: r.PostFormValue("text"),
		Terms: terms, EffectiveFrom: r.PostFormValue("effective_from")}.Amendment()
}

// contractView is what contract.html shows.
type contractView struct {
	Contract   accord.Contract
	Versions   []accord.ContractVersion
	Amendments []accord.Amendment
	// Shown is the version displayed (?v=N, else the one in force today,
	// else the latest); nil before version 1.
	Shown     *accord.ContractVersion
	InForce   int
	Text      []mdBlock
	Terms     []termRow
	On        string
	OnVersion *accord.ContractVersion
	OnMissing bool
	ReviewDue bool
	// Settlements are the settled periods, the latest first.
	Settlements []accord.Settlement
	// AwaitingYou marks (by id) the settlements awaiting the viewer's
	// sign-off for their party.
	AwaitingYou map[string]bool
	// Renegotiation lists the parties' requests to renegotiate.
	Renegotiation views.RenegotiationView
	// Settle is the settle form's period and its quality gate read from
	// the scorecard, for those who may settle.
	Settle settleFormView
}

// settleFormView is what the settle form is prefilled with.
type settleFormView struct {
	From, To string
	// Asked says the period came from the address (the form opens).
	Asked bool
	Gate  *views.QualityGateView
	Error string
}

// contractPage shows a contract: its versions, the text and terms of one,
// which version governed a given day, and its amendments.
func (s *App) contractPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	vs, as, err := s.ContractHistory(r, c.ID)
	if err != nil {
		return err
	}
	today := accord.Day(s.Now())
	v := contractView{Contract: c, Versions: vs, Amendments: as, ReviewDue: c.ReviewOn != nil && !c.ReviewOn.After(today)}
	if v.Settlements, err = s.Svc.ListSettlements(r.Context(), c.ID); err != nil {
		return err
	}
	if v.AwaitingYou, err = s.AwaitingYou(r); err != nil {
		return err
	}
	if v.Renegotiation, err = s.RenegotiationFor(r, c); err != nil {
		return err
	}
	if v.Settle, err = s.settleForm(r, c.ID, vs, v.Settlements, today); err != nil {
		return err
	}
	want, _ := strconv.Atoi(r.URL.Query().Get("v"))
	for i := range vs {
		if vs[i].Governs(today) {
			v.InForce = vs[i].Number
		}
		if vs[i].Number == want || want == 0 && vs[i].Governs(today) {
			v.Shown = &vs[i]
		}
	}
	if v.Shown == nil && len(vs) > 0 {
		v.Shown = &vs[len(vs)-1]
	}
	if v.Shown != nil {
		v.Text, v.Terms = markdownBlocks(v.Shown.Text), termRows(v.Shown.Terms)
	}
	if on := r.URL.Query().Get("on"); on != "" {
		d, err := views.ParseDate("on", on)
		if err != nil {
			return backTo("/a/"+edge.AllianceOf(r).Alliance.Slug+"/contracts/"+c.Key, err)
		}
		v.On, v.OnMissing = on, true
		for i := range vs {
			if vs[i].Governs(*d) {
				v.OnVersion, v.OnMissing = &vs[i], false
			}
		}
	}
	s.render(w, r, "contract", views.PageData{Title: c.Title, Nav: "contracts", Data: v})
	return nil
}

// settleForm prefills the settle form for those who may settle: the period
// (asked for, or the next one) and the quality gate read for it.
func (s *App) settleForm(r *http.Request, contractID string, vs []accord.ContractVersion, sts []accord.Settlement, today time.Time) (settleFormView, error) {
	ac := edge.AllianceOf(r)
	if len(vs) == 0 || !access.Allowed(ac.Member.Roles, edge.SessionOf(r).Actor.Scope, access.Settle) {
		return settleFormView{}, nil
	}
	from, to, asked, err := views.SettlePeriodOf(r, sts, today)
	f := settleFormView{Asked: asked}
	if err != nil {
		f.Error = edge.PlainError(err)
		from, to = views.DefaultPeriod(sts, today)
	}
	f.From, f.To = from.Format(time.DateOnly), to.Format(time.DateOnly)
	f.Gate, err = s.ReadQualityGate(r, contractID, from, to)
	return f, err
}

// contractReview sets or clears the scheduled review date.
func (s *App) contractReview(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	back := "/a/" + edge.AllianceOf(r).Alliance.Slug + "/contracts/" + c.Key
	on, err := views.ParseDate("review_on", r.PostFormValue("review_on"))
	if err != nil {
		return backTo(back, err)
	}
	if _, err := s.Svc.SetContractReview(r.Context(), edge.SessionOf(r).Actor, c.ID, on); err != nil {
		return backTo(back, err)
	}
	flash(w, "Review date saved.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// amendmentCreate proposes the next version from the form.
func (s *App) amendmentCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	back := "/a/" + edge.AllianceOf(r).Alliance.Slug + "/contracts/" + c.Key
	am, err := formAmendment(r)
	if err != nil {
		return backTo(back, err)
	}
	am.ContractID = c.ID
	if err := s.Svc.ProposeAmendment(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Member.PartyID, &am); err != nil {
		return backTo(back, err)
	}
	flash(w, "Amendment proposed. It takes effect when every party has signed it off.")
	http.Redirect(w, r, back+"/amendments/"+strconv.Itoa(am.Number), http.StatusSeeOther)
	return nil
}

// amendmentView is what amendment.html shows.
type amendmentView struct {
	Contract  accord.Contract
	Amendment accord.Amendment
	TextDiff  []textdiff.Line
	TermsDiff []textdiff.Line
	// SourceDiff compares the YAML as written, when both sides are YAML.
	SourceDiff []textdiff.Line
	Missing    []accord.Party
	CanSign    bool
	// CanWithdraw shows the withdrawal form to the proposer's party and admins.
	CanWithdraw bool
}

// amendmentPage shows an amendment's diff against the version it amends,
// who has signed it off, and the sign-off button for a party yet to sign.
func (s *App) amendmentPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	n, err := views.AmendmentNumber(r)
	if err != nil {
		return err
	}
	a, base, err := s.AmendmentWithBase(r, c.ID, n)
	if err != nil {
		return err
	}
	parties, err := s.Svc.ListParties(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	v := amendmentView{Contract: c, Amendment: a, TextDiff: changes(base.Text, a.Text), TermsDiff: changes(base.Terms, a.Terms)}
	if a.TermsSource != "" && base.TermsSource != "" {
		v.SourceDiff = changes(base.TermsSource, a.TermsSource)
	}
	for _, p := range parties {
		if !a.Signed(p.ID) {
			v.Missing = append(v.Missing, p)
		}
	}
	v.CanSign = a.Status == accord.AmendmentProposed && !a.Signed(ac.Member.PartyID) &&
		access.Allowed(ac.Member.Roles, edge.SessionOf(r).Actor.Scope, access.SignAmendment)
	v.CanWithdraw = views.MayWithdraw(r, a)
	s.render(w, r, "amendment", views.PageData{Title: "Amendment " + strconv.Itoa(n) + " · " + c.Title, Nav: "contracts", Data: v})
	return nil
}

// changes is the compacted line diff of two documents, or nil when no line
// changed, so that the page says "No change." rather than show only
// unchanged lines.
func changes(old, new string) []textdiff.Line {
	d := textdiff.Diff(old, new)
	for _, l := range d {
		if l.Op == textdiff.Insert || l.Op == textdiff.Delete {
			return textdiff.Compact(d, 3)
		}
	}
	return nil
}

// amendmentSign signs an amendment off for the viewer's party.
func (s *App) amendmentSign(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	n, err := views.AmendmentNumber(r)
	if err != nil {
		return err
	}
	back := "/a/" + edge.AllianceOf(r).Alliance.Slug + "/contracts/" + c.Key + "/amendments/" + strconv.Itoa(n)
	a, err := s.Svc.SignAmendment(r.Context(), edge.SessionOf(r).Actor, c.ID, n, edge.AllianceOf(r).Member.PartyID)
	if err != nil {
		return backTo(back, err)
	}
	msg := "Signed off for " + edge.AllianceOf(r).Member.PartyName + "."
	if a.Status == accord.AmendmentAdopted {
		msg += " Every party has signed: version " + strconv.Itoa(a.Version) + " governs from " + a.EffectiveFrom.Format("2 Jan 2006") + "."
	}
	flash(w, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// mdBlock is one block of minimal Markdown: a heading, a paragraph or a
// list. Text is escaped by the template like any other text, so a contract
// can never carry HTML into the page.
type mdBlock struct {
	Kind  string // "h2", "h3", "p", "ul", "ol"
	Text  string
	Items []string
}

// markdownBlocks reads headings (#, ##, ###), bullet and numbered lists and
// paragraphs; everything else stays literal text.
func markdownBlocks(src string) []mdBlock {
	var out []mdBlock
	var para []string
	endPara := func() {
		if len(para) > 0 {
			out = append(out, mdBlock{Kind: "p", Text: strings.Join(para, " ")})
			para = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		kind, item := listItem(t)
		switch {
		case t == "":
			endPara()
		case strings.HasPrefix(t, "#"):
			endPara()
			level := len(t) - len(strings.TrimLeft(t, "#"))
			out = append(out, mdBlock{Kind: map[bool]string{true: "h2", false: "h3"}[level <= 1], Text: strings.TrimSpace(strings.TrimLeft(t, "#"))})
		case kind != "":
			endPara()
			if n := len(out); n > 0 && out[n-1].Kind == kind {
				out[n-1].Items = append(out[n-1].Items, item)
			} else {
				out = append(out, mdBlock{Kind: kind, Items: []string{item}})
			}
		default:
			if n := len(out); len(para) == 0 && n > 0 && out[n-1].Kind != "p" && strings.HasPrefix(line, "  ") && len(out[n-1].Items) > 0 {
				out[n-1].Items[len(out[n-1].Items)-1] += " " + t // a list item's continuation
				continue
			}
			para = append(para, t)
		}
	}
	endPara()
	return out
}

func listItem(t string) (kind, item string) {
	if len(t) > 2 && (t[0] == '-' || t[0] == '*') && t[1] == ' ' {
		return "ul", strings.TrimSpace(t[2:])
	}
	if i := strings.IndexAny(t, ".)"); i > 0 && i < 4 && len(t) > i+1 && t[i+1] == ' ' {
		if _, err := strconv.Atoi(t[:i]); err == nil {
			return "ol", strings.TrimSpace(t[i+2:])
		}
	}
	return "", ""
}

// termRow is one key figure of a terms document, for people.
type termRow struct{ Label, Value string }

// termRows picks the figures people look for in terms: the arrangement,
// the savings and loss rules, caps, payments and the split.
func termRows(doc string) []termRow {
	t, err := settle.DecodeTerms(strings.NewReader(doc))
	if err != nil {
		return []termRow{{"Terms", "cannot be read: " + err.Error()}}
	}
	rows := []termRow{{"Arrangement", views.FirstOf(t.Title, t.Name)}}
	add := func(label, v string) {
		if v != "" {
			rows = append(rows, termRow{label, v})
		}
	}
	add("Benchmark", "from the "+views.Words(views.FirstOf(t.Benchmark.Source, settle.BenchmarkFromSummary)))
	if t.Benchmark.TargetPMPM != 0 {
		add("Target per member per month", t.Benchmark.TargetPMPM.Display())
	}
	add("Minimum savings rate", threshold(t.Savings.Minimum))
	add("Sharing rate", pct(t.Savings.Rate)+" (quality: "+views.Words(t.Savings.Quality)+")")
	if !t.Savings.Cap.IsZero() {
		add("Savings cap", pct(t.Savings.Cap)+" of benchmark")
	}
	if len(t.Savings.Corridors) > 0 {
		add("Savings corridors", strconv.Itoa(len(t.Savings.Corridors))+" bands")
	}
	if l := t.Losses; l != nil {
		add("Minimum loss rate", threshold(l.Minimum))
		add("Loss rate", views.FirstOf(pct(l.Rate), views.Words(l.RateMethod)))
		if !l.Cap.Benchmark.IsZero() {
			add("Loss cap", pct(l.Cap.Benchmark)+" of benchmark")
		}
	} else {
		add("Losses", "not shared (one-sided)")
	}
	if !t.Sequestration.IsZero() {
		add("Sequestration", pct(t.Sequestration))
	}
	for _, p := range t.Payments {
		add("Payment", views.FirstOf(p.Label, views.Humanize(p.Kind))+paymentAmount(p))
	}
	var split []string
	for _, p := range t.Parties {
		split = append(split, p.Name+" "+pct(p.Share))
	}
	add("Split", strings.Join(split, " · "))
	return rows
}

func threshold(th settle.Threshold) string {
	switch th.Method {
	case settle.ThresholdFixed:
		return pct(th.Rate) + " (" + views.Words(views.FirstOf(th.Apply, settle.ApplyGate)) + ")"
	case "":
		return ""
	}
	return views.Words(th.Method)
}

func paymentAmount(p settle.Payment) string {
	var parts []string
	if p.PMPM != 0 {
		parts = append(parts, p.PMPM.Display()+" PMPM")
	}
	if p.Amount != 0 {
		parts = append(parts, p.Amount.Display())
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, " + ")
}

func pct(r number.Rate) string {
	if r.IsZero() {
		return ""
	}
	return r.Percent(2)
}
