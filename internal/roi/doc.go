// Package roi computes the return of a co-investment from its cash flows:
// net present value, internal rate of return, payback and discounted payback
// dates, money invested and returned, for each party and for all together.
//
// It follows the spreadsheet definitions of XNPV and XIRR (Excel, LibreOffice
// and Gnumeric agree on them): flows fall on dates, time is counted in days
// from the earliest flow and turned into years as days/365 (Actual/365), and
// the rate is an annual effective rate:
//
//	XNPV(r) = Σ amount_i / (1+r)^((d_i − d_0)/365)
//
// XIRR is the rate r > −1 at which XNPV(r) = 0. The package is pure: no I/O
// and no clock. Amounts are integer cents (number.Money); the discounting is
// done in float64 and the NPV rounded to the cent, half away from zero. See
// docs/initiatives.md ("Return on co-investment") for every definition, and
// testdata/README.md for the check against Gnumeric.
package roi

//go:generate go run ./testdata/gen
