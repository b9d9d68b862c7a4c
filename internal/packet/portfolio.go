package packet

// Portfolio is the packet's section on the alliance's initiatives: what
// moved since the last meeting (the gates decided), what is at risk (their
// open signals) and what needs a gate (phases waiting for theirs,
// initiatives not yet adopted), each in one sentence. The server builds it
// (views.BuildPortfolioBrief); an alliance without initiatives has none.
type Portfolio struct {
	Initiatives             int
	Moved, AtRisk, NeedGate []string
}
