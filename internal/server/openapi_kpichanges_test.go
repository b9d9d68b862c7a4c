package server_test

// kpiChangeCases (after kpiCases, which leaves oa-draft proposed) change the definition of an approved KPI of the demo: the
// payer proposes (its approval counted), the other parties approve and the
// last approval makes it take effect; a change that changes nothing, one
// without a reason, a second approval by the same party and a stale change
// are refused.
func kpiChangeCases() []apiCase {
	const k = nv + "/kpis/hba1c-control/changes"
	change := `{"changes":{"exclusions":"Palliative care and hospice","grace_days":12},"reason":"Align with the 2027 measure specification"}`
	return []apiCase{
		{name: "history before", method: "GET", path: k, who: "member", status: 200},
		{name: "propose", method: "POST", path: k, who: "finance", status: 201, body: change,
			save: func(c *checker, b []byte) {
				saveID("change", "", "")(c, b)
				wantFields(map[string]any{"status": "proposed"})(c, b)
			}},
		{name: "nothing changes", method: "POST", path: k, who: "finance", status: 422, field: "changes", body: `{"changes":{},"reason":"no"}`},
		{name: "no reason", method: "POST", path: k, who: "finance", status: 422, field: "reason", body: `{"changes":{"source_system":"Epic"}}`},
		{name: "bad grace", method: "POST", path: k, who: "finance", status: 422, field: "grace_days", req: reqInvalid, body: `{"changes":{"grace_days":999},"reason":"x"}`},
		{name: "not approved yet", method: "POST", path: nv + "/kpis/oa-draft/changes", who: "finance", status: 409, body: change},
		{name: "observer", method: "POST", path: k, who: "observer", status: 403, body: change},
		{name: "unknown KPI", method: "POST", path: nv + "/kpis/no-such-kpi/changes", who: "finance", status: 404, body: change},
		{name: "provider approves", method: "POST", path: nv + "/kpi-changes/{change}/approve", who: "provider-exec", status: 200, save: wantValue("status", "proposed")},
		{name: "again", method: "POST", path: nv + "/kpi-changes/{change}/approve", who: "provider-exec", status: 409},
		{name: "investor approves", method: "POST", path: nv + "/kpi-changes/{change}/approve", who: "investor-exec", status: 200},
		{name: "vendor approves last", method: "POST", path: nv + "/kpi-changes/{change}/approve", who: "vendor-exec", status: 200, save: wantValue("status", "approved")},
		{name: "in effect", method: "GET", path: nv + "/kpis/hba1c-control", who: "member", status: 200, save: wantFields(map[string]any{"exclusions": "Palliative care and hospice", "grace_days": 12.0})},
		{name: "clinical cannot approve", method: "POST", path: nv + "/kpi-changes/{change}/approve", who: "clinical", status: 403},
		{name: "no such change", method: "POST", path: nv + "/kpi-changes/nope/approve", who: "provider-exec", status: 404},
		{name: "history after", method: "GET", path: k, who: "member", status: 200},
	}
}

// spcSettingsCases read and change how the charts are read, then mark an
// annotation as the start of a new phase.
func spcSettingsCases() []apiCase {
	const p = nv + "/spc-settings"
	return []apiCase{
		{name: "defaults", method: "GET", path: p, who: "member", status: 200, save: wantFields(map[string]any{"run_rules": "ihi", "control_rules": "western-electric", "baseline": 0.0})},
		{name: "Nelson and Anhøj", method: "PUT", path: p, who: "provider-exec", status: 200, body: `{"run_rules":"anhoj","control_rules":"nelson","baseline":12}`,
			save: wantFields(map[string]any{"run_rules": "anhoj", "control_rules": "nelson", "baseline": 12.0})},
		{name: "unknown rules", method: "PUT", path: p, who: "provider-exec", status: 422, field: "control_rules", req: reqInvalid, body: `{"run_rules":"ihi","control_rules":"shewhart","baseline":0}`},
		{name: "baseline too short", method: "PUT", path: p, who: "provider-exec", status: 422, field: "baseline", body: `{"run_rules":"ihi","control_rules":"nelson","baseline":3}`},
		{name: "finance may not", method: "PUT", path: p, who: "finance", status: 403, body: `{"run_rules":"ihi","control_rules":"nelson","baseline":0}`},
		{name: "back to the defaults", method: "PUT", path: p, who: "provider-exec", status: 200, body: `{"run_rules":"ihi","control_rules":"western-electric","baseline":0}`},
		{name: "a new phase", method: "POST", path: nv + "/kpis/hba1c-control/annotations", who: "clinical", status: 201, body: `{"period":"{p3}","label":"New care pathway","new_phase":true}`,
			save: wantFields(map[string]any{"new_phase": true})},
	}
}
