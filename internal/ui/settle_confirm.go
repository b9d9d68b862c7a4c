package ui

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/views"
)

// settleConfirmView is what settle_confirm.html shows before a period is
// settled: the figures that will be recorded and what recording them does.
type settleConfirmView struct {
	Contract    accord.Contract
	Period      string
	Version     int
	Headline    []termRow
	Provisional bool
	// Parties are the parties whose executives sign the settlement off.
	Parties []string
	// Fields are the form's values, posted again with confirm=yes.
	Fields []hiddenField
	// Action is where the confirmed form posts; Back the settle form.
	Action, Back string
}

// hiddenField is one form value carried to the confirmation.
type hiddenField struct{ Name, Value string }

// settleConfirmation checks a settlement before it is recorded: a period
// not yet ended must be marked provisional, and the terms in force must
// settle the summary. Nothing is stored.
func (s *App) settleConfirmation(r *http.Request, c accord.Contract, from, to time.Time, sum settle.Summary, provisional bool) (settleConfirmView, error) {
	if !provisional && to.After(accord.Day(s.Now())) {
		return settleConfirmView{}, accord.PeriodNotEnded(to)
	}
	v, err := s.Svc.VersionAt(r.Context(), c.ID, from)
	if err != nil {
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return settleConfirmView{}, accord.FieldError("period_start", "no version of this contract governed %s", from.Format(time.DateOnly))
		}
		return settleConfirmView{}, err
	}
	res, err := accord.SettleTerms(v.Terms, sum)
	if err != nil {
		return settleConfirmView{}, err
	}
	ps, err := s.Svc.ListParties(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return settleConfirmView{}, err
	}
	slug := edge.AllianceOf(r).Alliance.Slug
	out := settleConfirmView{Contract: c, Period: from.Format("2 Jan 2006") + " – " + to.Format("2 Jan 2006"), Version: v.Number,
		Headline: headline(res), Provisional: provisional, Fields: formFields(r),
		Action: "/a/" + slug + "/contracts/" + c.Key + "/settlements", Back: "/a/" + slug + "/contracts/" + c.Key + "#settle"}
	for _, p := range ps {
		out.Parties = append(out.Parties, p.OrgName)
	}
	sort.Strings(out.Parties)
	return out, nil
}

// formFields lists the values posted (a summary file's content as the
// pasted summary), to post them again once confirmed.
func formFields(r *http.Request) []hiddenField {
	vals := r.PostForm
	if r.MultipartForm != nil {
		vals = r.MultipartForm.Value
	}
	var out []hiddenField
	for name, vs := range vals {
		if name == "confirm" || name == "summary_json" {
			continue
		}
		for _, v := range vs {
			out = append(out, hiddenField{name, v})
		}
	}
	if doc, err := summaryUpload(r); err == nil && doc != "" {
		out = append(out, hiddenField{"summary_json", doc})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// settlementSignOffView is what settlement_signoff.html asks to confirm.
type settlementSignOffView struct {
	Contract   accord.Contract
	Settlement accord.Settlement
	Period     string
	Party      string
	// Net and Shared are the settled amounts; Others the parties still
	// awaited after the viewer's, in words ("" when none).
	Net, Shared, Others string
	Back                string
}

// settlementSignOff signs a draft settlement off for the viewer's party,
// once confirmed on the page it shows first.
func (s *App) settlementSignOff(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/contracts/" + c.Key + "/settlements/" + r.PathValue("id")
	if r.PostFormValue("confirm") == "yes" {
		st, err := s.Svc.SignSettlement(r.Context(), edge.SessionOf(r).Actor, c.ID, r.PathValue("id"), ac.Member.PartyID)
		if err != nil {
			return backTo(back, err)
		}
		msg := "Signed off for " + ac.Member.PartyName + "."
		if st.Final() {
			msg += " Every party has signed: the settlement is final."
		} else {
			msg += " " + st.StatusLabel() + "."
		}
		flash(w, msg)
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	st, err := s.Svc.Settlement(r.Context(), c.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := st.SignOffRefusal(ac.Member.PartyID); err != nil {
		return backTo(back, err)
	}
	v := settlementSignOffView{Contract: c, Settlement: st, Period: periodLabel(st), Party: ac.Member.PartyName, Back: back}
	var others []string
	for _, p := range st.Awaiting {
		if p.PartyID != ac.Member.PartyID {
			others = append(others, p.PartyName)
		}
	}
	v.Others, v.Net, v.Shared = strings.Join(others, ", "), views.Money(st.Result.NetSettlement), views.Money(st.Result.SharedSavings)
	s.render(w, r, "settlement_signoff", views.PageData{Title: "Sign off " + v.Period + "?", Nav: "contracts", Data: v})
	return nil
}
