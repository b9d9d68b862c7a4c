// Package views loads and checks what a viewer may see of an alliance —
// its scorecard, KPIs, contracts, settlements, meetings, signals, the
// "Needs you" list and the check-in packet's data — under the alliance's
// data-sharing rules, once for the pages (ui) and the JSON API (api) alike.
// A page and its API twin call the same loader here, so that they show the
// same figures and refuse the same requests.
package views
