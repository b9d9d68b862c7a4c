// Package number holds accord's exact numbers and the one way they are
// written for people:
//
//   - Decimal, a fixed-point number with six decimals, for scorecard values;
//   - Money, whole cents, for amounts in settlements and contracts;
//   - Rate, an exact rational, for rates, shares and fractions;
//
// with their parsing, their JSON forms and their rounding, none of which
// passes through float64; and Group, which writes thousands separators for
// every page, export, chart and command that shows a number.
//
// It imports nothing of accord's, so that the domain, the engines and the
// adapters can all share these types without importing one another.
package number
