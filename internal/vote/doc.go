// Package vote decides committee business: whether a meeting (or an
// asynchronous vote) has quorum, and whether a motion passed under its
// voting rule.
//
// The package is pure: no I/O, no clock, no state, integer arithmetic only.
// The same motion and ballots always give the same Result, with the same
// reasons in the same order, so the web page, the minutes and an audit
// replay years later all agree. docs/voting.md states every rule exactly as
// implemented here, with a worked example per voting rule.
//
// # Votes cast
//
// Votes cast are yes plus no. Abstentions and recusals are recorded and
// shown in every count but never count as votes cast, so they neither help
// nor block a motion.
//
// # Order of the decision
//
// Tally first validates the motion and every ballot (the first problem found
// is returned as an error, never as a Result), then checks quorum, then the
// voting rule, then, when the motion asks for it, clinical consent. Without
// quorum the outcome is NoQuorum whatever the ballots say, but the tally is
// still filled so that it can be shown.
package vote
