package accord

// SPCSettings is how an alliance reads its KPIs' charts: the run-chart
// rules, the control-chart rules, and how many points at the start of each
// phase set the centre line and limits (0: every point of the phase). A
// KPI's annotation marked NewPhase starts a new phase with its own limits.
type SPCSettings struct {
	RunRules     string `json:"run_rules"`     // "ihi" or "anhoj"
	ControlRules string `json:"control_rules"` // "western-electric" or "nelson"
	Baseline     int    `json:"baseline"`
}

// DefaultSPCSettings are the IHI run-chart rules and the Western Electric
// rules, with limits from every point of each phase.
func DefaultSPCSettings() SPCSettings {
	return SPCSettings{RunRules: "ihi", ControlRules: "western-electric"}
}

// Validate checks the settings.
func (s SPCSettings) Validate() error {
	if s.RunRules != "ihi" && s.RunRules != "anhoj" {
		return FieldError("run_rules", "must be ihi or anhoj")
	}
	if s.ControlRules != "western-electric" && s.ControlRules != "nelson" {
		return FieldError("control_rules", "must be western-electric or nelson")
	}
	if s.Baseline != 0 && (s.Baseline < 8 || s.Baseline > 120) {
		return FieldError("baseline", "must be 0 (every point) or between 8 and 120 points")
	}
	return nil
}
