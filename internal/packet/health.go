package packet

// Health is the packet's partnership health page: the latest closed survey
// round as every member may read it, under the minimum of respondents (the
// server hands over only what is shown, hidden results as "hidden").
type Health struct {
	// Round names the round ("2026 Q3"); Answered of Invited answered.
	Round             string
	Answered, Invited int
	// Parties head the columns of Factors' rows.
	Parties []string
	Factors []HealthRow
	// Signals are the round's signals in sentences; Hidden says why a
	// party's results are hidden.
	Signals []string
	Hidden  []string
}

// HealthRow is one factor: the alliance's mean, each party's ("hidden"
// where it is), and the perception gap.
type HealthRow struct {
	Name     string
	Alliance string
	Parties  []string
	Gap      string
}
