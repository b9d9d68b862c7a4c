// Package initiative holds the rules of the alliance's initiatives that
// are pure computation: the state of a milestone (met, on track, at risk,
// missed, or no data yet), the load that phases put on each site month by
// month against the site's capacity for change, the readiness gate that
// decides whether a phase may start or scale, and the data of the
// portfolio's timeline and capacity heatmap.
//
// The package does no I/O and reads no clock: "today" is an argument. Its
// inputs are its own small types, which the store's records are mapped
// onto, so that the rules can be tested in tables and replayed. Figures
// are exact: KPI values and hours are number.Decimal, and loads are
// compared with capacities in integers, never in floating point.
//
// docs/initiatives.md states every rule as implemented here ("Milestones",
// "Capacity and load", "Readiness gates").
package initiative
