// Package settle computes shared-savings settlements: terms (a contract
// version's financial rules) applied to a performance summary give a Result
// whose worksheet shows every figure and the rule that produced it.
//
// The package is pure: no I/O and no clock. Money is integer cents
// (number.Money), rates are exact rationals (number.Rate); float64 never
// touches either. Rounding happens only where the terms say: every worksheet
// amount to the cent, the settled amount to the cent or the dollar.
//
// Built-in terms reproduce the Medicare Shared Savings Program (performance
// years 2018 and 2022); terms files express ACO REACH-style corridors,
// commercial shared savings, fees, capitation and bonus pools. See
// docs/settlement.md.
package settle
