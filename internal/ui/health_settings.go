package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// healthSettingsView is what health_settings.html shows an admin: the
// settings, and every version of the alliance's instruments.
type healthSettingsView struct {
	Settings    accord.HealthSettings
	Reminders   string
	Instruments []accord.Instrument
	Latest      accord.Instrument
}

// healthSettingsPage shows how the alliance runs its surveys and its
// instrument's versions (storing the default instrument the first time).
func (s *App) healthSettingsPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	st, err := s.Svc.HealthSettings(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	ins, err := s.Instruments(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID)
	if err != nil {
		return err
	}
	v := healthSettingsView{Settings: st, Reminders: daysList(st.ReminderDays), Instruments: ins}
	if len(ins) > 0 {
		v.Latest = latestOf(ins)
	}
	s.render(w, r, "health_settings", views.PageData{Title: "Health survey settings", Nav: "health", Data: v})
	return nil
}

// latestOf is the instrument new rounds use: the latest version of the
// default instrument's key, or of the first key when the alliance has no
// default (ins is sorted by key, the latest version first).
func latestOf(ins []accord.Instrument) accord.Instrument {
	if in, ok := views.LatestInstrument(ins, health.DefaultKey); ok {
		return in
	}
	return ins[0]
}

func daysList(ds []int) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ", ")
}

// parseDays reads "7, 12" into days.
func parseDays(field, s string) ([]int, error) {
	out := []int{}
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		d, err := strconv.Atoi(p)
		if err != nil {
			return nil, accord.FieldError(field, "must be whole numbers of days separated by commas, e.g. 7, 12")
		}
		out = append(out, d)
	}
	return out, nil
}

// healthInt reads a whole number of a form, naming the field when it is not one.
func healthInt(r *http.Request, field string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
	if err != nil {
		return 0, accord.FieldError(field, "must be a whole number")
	}
	return n, nil
}

// healthSettingsSubmit saves the settings.
func (s *App) healthSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/health/settings"
	var st accord.HealthSettings
	var err error
	if st.MinRespondents, err = healthInt(r, "min_respondents"); err != nil {
		return backTo(back, err)
	}
	if st.GapThreshold, err = number.ParseDecimal(strings.TrimSpace(r.PostFormValue("gap_threshold"))); err != nil {
		return backTo(back, accord.FieldError("gap_threshold", "must be a number of points, e.g. 1 or 0.75"))
	}
	if st.EveryMonths, err = healthInt(r, "every_months"); err != nil {
		return backTo(back, err)
	}
	if st.OpenDays, err = healthInt(r, "open_days"); err != nil {
		return backTo(back, err)
	}
	if st.ReminderDays, err = parseDays("reminder_days", r.PostFormValue("reminder_days")); err != nil {
		return backTo(back, err)
	}
	if _, err := s.Svc.SetHealthSettings(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, st); err != nil {
		return backTo(back, err)
	}
	flash(w, "The survey settings are saved. Rounds already scheduled stay as they are.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// healthInstrumentAdd adds a statement, to a factor or with a new factor,
// making the instrument's next version.
func (s *App) healthInstrumentAdd(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/health/settings"
	add := views.HealthAddition{InstrumentID: r.PostFormValue("instrument_id"), Factor: r.PostFormValue("factor"),
		FactorName: r.PostFormValue("factor_name"), Text: r.PostFormValue("text"), Kind: r.PostFormValue("kind"), Reverse: r.PostFormValue("reverse") != ""}
	if add.Factor == "new" {
		add.Factor = ""
	}
	in, err := s.AddToInstrument(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, add)
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Version "+strconv.Itoa(in.Version)+" of the instrument is made. Rounds already scheduled keep the version they were scheduled with; results compare only rounds of the same version.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
