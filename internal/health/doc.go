// Package health computes partnership health from pulse-survey answers:
// the default instrument (DefaultInstrument), each response's factor
// scores, each factor's alliance, party and party × role statistics with
// 95% confidence intervals, the perception gap between parties, which
// results may be shown under the minimum number of respondents, the
// signals a round raises, and the paperwork index.
//
// The package is pure: no I/O, no clock, no state. It takes its own input
// types (Response, Comment, PaperworkMonth, ...), so that the store and
// the server convert to them and nothing here depends on how answers are
// kept. docs/health.md states every formula as implemented here.
//
// Scores are on the 1–5 scale of the items, higher is better for every
// factor (reverse-keyed items are turned round, and pace scores how close
// to "about right" it is, its lean towards too slow or too fast kept
// apart). Statistics are float64: they are estimates, not money.
package health
