// Package fhir reads FHIR R4 MeasureReport resources and turns them into
// accord observation inputs, so that a partner's quality-measure engine can
// feed the shared scorecard without anyone retyping figures.
//
// It reads three forms, told apart by their content: a single MeasureReport
// (JSON), a Bundle of any type whose entries hold MeasureReports, and NDJSON
// as written by a FHIR Bulk Data export (one resource per line). Summary
// reports give one observation per group and stratum; individual reports
// (one per patient) are summed into one observation per KPI, period and
// segment.
//
// The package is pure: it reads only the io.Reader it is given, keeps no
// clock and holds no state between calls. Every bad resource is reported as
// an accord.RowError naming the line (NDJSON), or the bundle entry, and a
// FHIRPath-like field; reading never stops at the first bad resource.
// docs/fhir.md describes the rules for users.
package fhir
