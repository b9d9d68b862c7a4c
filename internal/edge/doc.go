// Package edge is the small part of accord's HTTP edge that the pages (ui)
// and the JSON API (api) share: the configuration, sessions and sign-in
// throttling, the alliance guard that applies the access policy, the
// middleware that protects every request, metrics, and the one place that
// turns an error into a JSON error or an error page (Edge.Fail).
package edge
