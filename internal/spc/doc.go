// Package spc is accord's statistical process control engine: run charts
// read with the IHI rules or Anhøj's rules, and Shewhart charts (XmR
// individuals, p and u) read with the Western Electric or Nelson rules.
//
// The package is pure: it reads no files, keeps no clock and holds no state,
// so the CLI, the web and the import jobs all get the same answer for the
// same series. docs/spc.md states every rule exactly as implemented here,
// with its published source.
//
// # Points and indices
//
// Every Signal names the 0-based indices of the points that make its
// pattern: every point of a qualifying run (for the run-chart rules, without
// the points that lie on the median), or, for the "k of m" rules, the points
// beyond the zone inside the qualifying windows.
//
// # Overlapping windows
//
// One pattern is reported once. A rule about a run ("9 in a row on one
// side") reports one signal per maximal qualifying run, however long. A "k of
// m" rule merges qualifying windows that share a point, on the same side,
// into one signal. A single-point rule ("beyond 3σ") reports one signal per
// point. Within a rule, signals are ordered by their first point.
//
// # Phases
//
// A recorded change (a new process, a new definition) starts a phase. Each
// phase gets its own centre line and sigma, computed from its own baseline,
// and every rule is evaluated inside one phase at a time: a run never
// crosses a phase boundary.
//
// # Exactness
//
// The rules compare values with the centre line and with k sigma. Data
// arrive as decimals that binary floating point cannot hold exactly, so a
// value typed as lying on the centre line could otherwise land a few units in
// the last place away from it. Differences no larger than relTol times the
// magnitude of the values compared are therefore treated as zero: such a
// point is on the centre line, and is exactly at (not beyond) kσ. Comparisons
// between neighbouring data values (trends, alternation) are exact, because
// both sides are data as given.
package spc

// relTol is the relative tolerance under which a difference is treated as
// rounding noise rather than a real distance; see the package comment.
const relTol = 1e-10
