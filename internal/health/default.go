package health

// DefaultKey and DefaultVersion name the default instrument, "accord-pulse-1".
const (
	DefaultKey     = "accord-pulse"
	DefaultVersion = 1
)

// DefaultInstrument returns accord's own pulse instrument, version 1: ten
// factors of two or three items each, written for accord (no item is taken
// from a published, copyrighted questionnaire). Each call returns a fresh
// copy that the caller may change into a new version.
//
// Its factor and item keys never change; a new wording is a new item key
// in a new version.
func DefaultInstrument() Instrument {
	a := func(key, text string) Item { return Item{Key: key, Text: text} }
	r := func(key, text string) Item { return Item{Key: key, Text: text, Reverse: true} }
	b := func(key, text string) Item { return Item{Key: key, Text: text, Kind: Bipolar} }
	return Instrument{Key: DefaultKey, Version: DefaultVersion, Name: "accord pulse", Factors: []Factor{
		{Key: "vision", Name: "Shared vision", Items: []Item{
			a("vision.goals", "I could say in one sentence what this alliance is trying to achieve, and the other parties would say the same."),
			a("vision.priorities", "When priorities compete, the parties of this alliance pull in the same direction."),
			r("vision.own_way", "Each party seems to pursue its own goals more than the alliance's."),
		}},
		{Key: "trust", Name: "Trust", Items: []Item{
			a("trust.word", "The other parties do what they said they would do."),
			a("trust.intent", "I believe the other parties would not take advantage of us even if they could."),
			r("trust.guard", "We hold back information from the other parties in case it is used against us."),
		}},
		{Key: "communication", Name: "Communication", Items: []Item{
			a("communication.timely", "I hear about changes that affect my work in time to act on them."),
			a("communication.clear", "When I ask another party a question, I get a clear answer."),
			r("communication.second_hand", "I learn about important decisions second-hand or after the fact."),
		}},
		{Key: "decisions", Name: "Decision-making", Items: []Item{
			a("decisions.who", "It is clear who decides what in this alliance."),
			a("decisions.say", "The people a decision affects have a say before it is made."),
			r("decisions.stall", "Decisions stall because no one is sure who can make them."),
		}},
		{Key: "fairness", Name: "Fair sharing of value", Items: []Item{
			a("fairness.split", "The way savings and other gains are divided between the parties is fair."),
			a("fairness.effort", "What each party puts in is recognised in what it gets out."),
			a("fairness.understood", "I understand how the shared results are worked out."),
		}},
		{Key: "respect", Name: "Respect for differences", Items: []Item{
			a("respect.ways", "The other parties respect how my organisation works, even where it differs from theirs."),
			a("respect.constraints", "Our constraints (budget cycles, rules we must follow, staffing) are taken into account."),
			r("respect.problem", "Our way of working is treated as a problem to be fixed."),
		}},
		{Key: "pace", Name: "Pace", Items: []Item{
			b("pace.decisions", "The speed at which this alliance makes decisions is …"),
			b("pace.change", "The speed at which new projects and changes reach my work is …"),
		}},
		{Key: "paperwork", Name: "Paperwork and workflow", Items: []Item{
			r("paperwork.twice", "Because of this alliance I enter the same information in more than one place."),
			a("paperwork.fit", "The alliance's reporting and approvals fit into the way we already work."),
			r("paperwork.worth", "The forms and reports the alliance asks for take more time than they are worth."),
		}},
		{Key: "clinical_voice", Name: "Clinical voice", Items: []Item{
			a("clinical_voice.shapes", "Clinicians' views shape the alliance's decisions about patient care."),
			a("clinical_voice.early", "Clinicians are involved early, not asked to approve plans already made."),
			r("clinical_voice.overruled", "Clinical concerns are overruled by financial or technical ones without a real discussion."),
		}},
		{Key: "bad_news", Name: "Safe to bring bad news", Items: []Item{
			a("bad_news.safe", "I can raise a problem or a missed target without fear of blame."),
			a("bad_news.early", "Bad news reaches the people who can act on it early, not at the last minute."),
			r("bad_news.difficult", "People who raise problems in this alliance are seen as difficult."),
		}},
	}}
}
