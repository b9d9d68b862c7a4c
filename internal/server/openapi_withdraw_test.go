package server_test

import (
	"encoding/json"
	"slices"
)

// withdrawCases withdraw a figure the batch cases wrote (the provider's
// South clinic in the first month) and try what must be refused.
func withdrawCases() []apiCase {
	const path, visits = nv + "/kpis/oa-visits/observations/withdraw", nv + "/kpis/oa-visits/observations"
	body := func(period, segment, reason string) string {
		return `{"period":"` + period + `","segment":"` + segment + `","reason":"` + reason + `"}`
	}
	return []apiCase{
		{name: "withdraw, not an admin", method: "POST", path: path, who: "finance", status: 403, body: body("{p1}", "South", "typed twice")},
		{name: "withdraw without a reason", method: "POST", path: path, who: "admin", status: 422, field: "reason", req: reqAny, body: body("{p1}", "South", " ")},
		{name: "withdraw a figure never reported", method: "POST", path: path, who: "admin", status: 404, body: body("{p6}", "South", "typed twice")},
		{name: "withdraw", method: "POST", path: path, who: "admin", status: 200, body: body("{p1}", "South", "typed twice"),
			save: func(c *checker, b []byte) {
				wantFields(map[string]any{"kpi": "oa-visits", "period": "{p1}", "segment": "South", "withdrawn": true, "reason": "typed twice"})(c, b)
			}},
		{name: "withdraw again", method: "POST", path: path, who: "admin", status: 409, body: body("{p1}", "South", "typed twice")},
		{name: "history after the withdrawal", method: "GET", path: visits + "?history=true", who: "observer", status: 200,
			save: wantItemWith(map[string]any{"segment": "South", "withdrawn": true, "source": "typed twice"})},
	}
}

// wantItemWith checks that one item of a list has the fields of match.
func wantItemWith(match map[string]any) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var l struct{ Items []map[string]any }
		json.Unmarshal(b, &l)
		if !slices.ContainsFunc(l.Items, func(m map[string]any) bool { return hasFields(c, m, match) }) {
			c.t.Errorf("no item with %v in %s", match, b)
		}
	}
}
