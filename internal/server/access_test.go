package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"

	"github.com/accord-alliance/accord/internal/store"
)

// route is one page or API endpoint under an alliance, with the roles
// (by demo account) that may use it.
type route struct {
	method, path, body string
	api                bool
	allowed            map[string]bool // by role key below
}

// The demo accounts by the role they hold (each holds the one named).
var roleAccounts = map[string]string{
	"admin":           "admin@accord-demo.example",
	"executive":       "dana.whitfield@valleyhealthplan.example",
	"clinical_leader": "samuel.kim@riversidepg.example",
	"finance":         "priya.raman@valleyhealthplan.example",
	"operations":      "tom.okafor@valleyhealthplan.example",
	"member":          "nadia.haddad@riversidepg.example",
	"observer":        "aisha.coleman@cedarridge.example",
}

func allow(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

var (
	everyone     = allow("admin", "executive", "clinical_leader", "finance", "operations", "member", "observer")
	contributors = allow("admin", "executive", "clinical_leader", "finance", "operations")
	leaders      = allow("admin", "executive")
	drafters     = allow("admin", "executive", "finance")
	handlers     = allow("admin", "executive", "clinical_leader", "operations")
	settlers     = allow("admin", "finance")
	chairs       = allow("admin", "executive", "clinical_leader")
	voters       = allow("admin", "executive", "clinical_leader", "finance", "operations", "member")
)

// routes lists every alliance route: {a} is replaced by the alliance slug.
func routes() []route {
	return []route{
		{method: "GET", path: "/a/{a}", allowed: everyone},
		{method: "GET", path: "/a/{a}/people", allowed: everyone},
		{method: "GET", path: "/a/{a}/charter/edit", allowed: allow("admin", "executive")},
		{method: "POST", path: "/a/{a}/charter", body: "name=Renamed&vision=v&values=x", allowed: allow("admin", "executive")},
		{method: "GET", path: "/a/{a}/charter", allowed: everyone},
		{method: "POST", path: "/a/{a}/charter/review", body: "kind=reaffirm", allowed: leaders},
		{method: "POST", path: "/a/{a}/charter/review-date", body: "review_on=2027-01-15", allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/charter", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/charter/review", api: true, body: `{"kind":"reaffirm"}`, allowed: leaders},
		{method: "PUT", path: "/api/v1/alliances/{a}/charter/review-date", api: true, body: `{"review_on":"2027-01-15"}`, allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/parties", body: "organization=New+Org&role=vendor", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/invitations", body: "email=new%40x.example&roles=member", allowed: allow("admin")},
		{method: "GET", path: "/a/{a}/audit", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/second-factor", body: "second_factor=", allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/second-factor", api: true, allowed: allow("admin")},
		{method: "PUT", path: "/api/v1/alliances/{a}/second-factor", api: true, body: `{"require":"nobody"}`, allowed: allow("admin")},
		{method: "GET", path: "/a/{a}/audit/checkpoint", allowed: leaders},
		{method: "GET", path: "/api/v1/alliances/{a}", api: true, allowed: everyone},
		{method: "PATCH", path: "/api/v1/alliances/{a}", api: true, body: `{"vision":"v2"}`, allowed: allow("admin", "executive")},
		{method: "GET", path: "/api/v1/alliances/{a}/parties", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/parties", api: true, body: `{"organization":"API Org","role":"vendor"}`, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/members", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/invitations", api: true, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/invitations", api: true, body: `{"email":"z@x.example","party_id":"none","roles":["member"]}`, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/audit", api: true, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/audit/checkpoint", api: true, allowed: leaders},
		{method: "GET", path: "/a/{a}/concerns/new", allowed: everyone},
		{method: "POST", path: "/a/{a}/concerns/new", body: "category=data", allowed: everyone},
		{method: "GET", path: "/a/{a}/concerns", allowed: allow("admin", "executive", "clinical_leader", "operations")},
		// Every member raises concerns through the API; handlers read and
		// answer them. {cn} is a concern of the demo: the first handler
		// acknowledges and closes it, the others then meet 409.
		{method: "POST", path: "/api/v1/alliances/{a}/concerns", api: true, body: `{"category":"data","severity":"low","body":""}`, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/concerns", api: true, allowed: handlers},
		{method: "GET", path: "/api/v1/alliances/{a}/concerns/{cn}", api: true, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/concerns/{cn}/acknowledge", api: true, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/concerns/{cn}/replies", api: true, body: `{"body":""}`, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/concerns/{cn}/close", api: true, body: `{"reason":"Dealt with."}`, allowed: handlers},
		// Only the alliance's admin manages the intake link.
		{method: "GET", path: "/a/{a}/concerns/intake", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/concerns/intake", body: "action=disable", allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/concerns/intake", api: true, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/concerns/intake", api: true, allowed: allow("admin")},
		{method: "GET", path: "/a/{a}/fhir-source", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/fhir-source", body: "base_url=https%3A%2F%2Ffhir.example.org%2Fr4&every_hours=24", allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/fhir-source", api: true, allowed: allow("admin")},
		{method: "PUT", path: "/api/v1/alliances/{a}/fhir-source", api: true, body: `{"base_url":"https://fhir.example.org/r4","every_hours":24}`, allowed: allow("admin")},
		{method: "GET", path: "/a/{a}/scorecard", allowed: everyone},
		{method: "GET", path: "/a/{a}/kpis/new", allowed: contributors},
		{method: "POST", path: "/a/{a}/kpis", body: "name=x", allowed: contributors},
		{method: "GET", path: "/a/{a}/kpis/matrix-kpi", allowed: everyone},
		{method: "GET", path: "/a/{a}/kpis/matrix-kpi/observations.csv", allowed: everyone},
		{method: "POST", path: "/a/{a}/kpis/matrix-kpi/approve", allowed: leaders},
		{method: "POST", path: "/a/{a}/kpis/matrix-kpi/targets", body: "effective_from=2024-01", allowed: contributors},
		{method: "POST", path: "/a/{a}/kpis/matrix-kpi/annotations", body: "period=2024-01&label=x", allowed: contributors},
		// The KPI is the provider's: its data comes from its own people (the
		// clinical leader here) or an alliance admin.
		{method: "POST", path: "/a/{a}/kpis/matrix-kpi/observations", body: "period=2024-01&numerator=1&denominator=2", allowed: allow("admin", "clinical_leader")},
		{method: "POST", path: "/a/{a}/targets/{t}/approve", allowed: leaders},
		{method: "POST", path: "/a/{a}/kpis/matrix-kpi/changes", body: "reason=", allowed: contributors},
		{method: "POST", path: "/a/{a}/spc-settings", body: "run_rules=ihi&control_rules=nelson&baseline=1", allowed: leaders},
		{method: "GET", path: "/api/v1/alliances/{a}/spc-settings", api: true, allowed: everyone},
		{method: "PUT", path: "/api/v1/alliances/{a}/spc-settings", api: true, body: `{"run_rules":"ihi","control_rules":"nelson","baseline":1}`, allowed: leaders},
		{method: "POST", path: "/a/{a}/kpi-changes/{kc}/approve", allowed: leaders},
		{method: "GET", path: "/a/{a}/import", allowed: contributors},
		{method: "POST", path: "/a/{a}/import", allowed: contributors},
		{method: "GET", path: "/api/v1/alliances/{a}/scorecard", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/kpis", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/kpis", api: true, body: `{"name":"x"}`, allowed: contributors},
		{method: "GET", path: "/api/v1/alliances/{a}/kpis/matrix-kpi", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/approve", api: true, allowed: leaders},
		{method: "GET", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/targets", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/targets", api: true, body: `{"effective_from":"2024-01"}`, allowed: contributors},
		{method: "POST", path: "/api/v1/alliances/{a}/targets/{t}/approve", api: true, allowed: leaders},
		{method: "GET", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/changes", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/changes", api: true, body: `{"changes":{}}`, allowed: contributors},
		{method: "POST", path: "/api/v1/alliances/{a}/kpi-changes/{kc}/approve", api: true, allowed: leaders},
		{method: "GET", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/observations", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/annotations", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/kpis/matrix-kpi/annotations", api: true, body: `{"period":"2024-01","label":"x"}`, allowed: contributors},
		{method: "POST", path: "/api/v1/alliances/{a}/observations", api: true, body: `{"observations":[],"dry_run":true}`, allowed: contributors},
		{method: "POST", path: "/api/v1/alliances/{a}/imports?dry_run=true", api: true, body: "kpi,period,value\n", allowed: contributors},
		{method: "GET", path: "/a/{a}/contracts", allowed: everyone},
		{method: "POST", path: "/a/{a}/contracts", body: "key=x", allowed: drafters},
		{method: "GET", path: "/a/{a}/contracts/matrix-contract", allowed: everyone},
		{method: "POST", path: "/a/{a}/contracts/matrix-contract/review", body: "review_on=2030-01-01", allowed: drafters},
		{method: "POST", path: "/a/{a}/contracts/matrix-contract/amendments", body: "summary=x", allowed: drafters},
		{method: "GET", path: "/a/{a}/contracts/matrix-contract/amendments/1", allowed: everyone},
		{method: "POST", path: "/a/{a}/contracts/matrix-contract/amendments/2/sign", allowed: leaders},
		{method: "POST", path: "/a/{a}/contracts/matrix-contract/renegotiation", body: "reason=", allowed: leaders},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/contracts", api: true, body: `{"key":"x"}`, allowed: drafters},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts/matrix-contract", api: true, allowed: everyone},
		{method: "PATCH", path: "/api/v1/alliances/{a}/contracts/matrix-contract", api: true, body: `{"review_on":"2030-01-01"}`, allowed: drafters},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts/matrix-contract/version-at?on=2024-01-01", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts/matrix-contract/amendments", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/contracts/matrix-contract/amendments", api: true, body: `{"summary":"x"}`, allowed: drafters},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts/matrix-contract/amendments/1", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/contracts/matrix-contract/amendments/2/sign", api: true, allowed: leaders},
		{method: "POST", path: "/api/v1/alliances/{a}/contracts/matrix-contract/renegotiation", api: true, body: `{"reason":""}`, allowed: leaders},
		{method: "POST", path: "/a/{a}/contracts/shared-savings/settlements", body: "period_start=x", allowed: settlers},
		{method: "GET", path: "/a/{a}/contracts/shared-savings/settlements/{st}", allowed: everyone},
		{method: "GET", path: "/a/{a}/contracts/shared-savings/what-if?settlement={st}&amendment=4", allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts/shared-savings/settlements", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/contracts/shared-savings/settlements", api: true, body: `{"period_start":"x"}`, allowed: settlers},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts/shared-savings/settlements/{st}", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/contracts/shared-savings/what-if?settlement={st}&version=1", api: true, allowed: everyone},
		// Executives sign settlements off; the admin account holds the executive role too.
		{method: "POST", path: "/a/{a}/contracts/shared-savings/settlements/{st}/sign-off", allowed: allow("admin", "executive")},
		{method: "POST", path: "/api/v1/alliances/{a}/contracts/shared-savings/settlements/{st}/sign-off", api: true, allowed: allow("admin", "executive")},
		{method: "GET", path: "/a/{a}/signals", allowed: everyone},
		{method: "GET", path: "/a/{a}/health", allowed: everyone},
		{method: "GET", path: "/a/{a}/health/results.csv", allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/health", api: true, allowed: everyone},
		{method: "POST", path: "/a/{a}/signals/{s}/acknowledge", allowed: handlers},
		{method: "POST", path: "/a/{a}/signals/{s}/resolve", body: "reason=x", allowed: handlers},
		{method: "POST", path: "/a/{a}/signals/{s}/dismiss", body: "reason=x", allowed: handlers},
		{method: "GET", path: "/api/v1/alliances/{a}/signals", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/signals/{s}/acknowledge", api: true, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/signals/{s}/resolve", api: true, body: `{"reason":"x"}`, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/signals/{s}/dismiss", api: true, body: `{"reason":"x"}`, allowed: handlers},
		// Governance: committees are the admins' to set up; chairs (admins, executives,
		// clinical leaders) run meetings and decide; everyone but observers adds to
		// agendas and votes (the API then accepts seat-holders' ballots only).
		{method: "GET", path: "/api/v1/alliances/{a}/committees", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/committees", api: true, body: `{"name":"Matrix council","cadence":"monthly"}`, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/committees/matrix-committee", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/committees/matrix-committee/seats", api: true, body: `{"party_id":"none","role":"executive"}`, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/committees/matrix-committee/schedule", api: true, body: `{"through":"x"}`, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/committees/matrix-committee/meetings", api: true, body: `{"starts_at":"x"}`, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/meetings", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/meetings/{mt}", api: true, allowed: everyone},
		{method: "PUT", path: "/api/v1/alliances/{a}/meetings/{mt}/attendance", api: true, body: `{"attendance":[]}`, allowed: chairs},
		{method: "PUT", path: "/api/v1/alliances/{a}/meetings/{mt}/minutes", api: true, body: `{"minutes":"x"}`, allowed: chairs},
		{method: "POST", path: "/api/v1/alliances/{a}/meetings/{mt}/minutes/approve", api: true, body: `{"in_meeting_id":"none"}`, allowed: chairs},
		{method: "POST", path: "/api/v1/alliances/{a}/meetings/{mt}/cancel", api: true, allowed: chairs},
		{method: "POST", path: "/api/v1/alliances/{a}/meetings/{mt}/agenda", api: true, body: `{"title":"x"}`, allowed: voters},
		{method: "POST", path: "/api/v1/alliances/{a}/meetings/{mt}/agenda/{ai}/move", api: true, body: `{"delta":1}`, allowed: voters},
		{method: "PUT", path: "/api/v1/alliances/{a}/meetings/{mt}/agenda/{ai}/note", api: true, body: `{"note":"x"}`, allowed: voters},
		{method: "GET", path: "/api/v1/alliances/{a}/action-items", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/action-items", api: true, body: `{"title":""}`, allowed: chairs},
		{method: "PATCH", path: "/api/v1/alliances/{a}/action-items/{ac}", api: true, body: `{"status":"done"}`, allowed: chairs},
		{method: "GET", path: "/api/v1/alliances/{a}/motions", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/motions", api: true, body: `{"title":""}`, allowed: contributors},
		{method: "GET", path: "/api/v1/alliances/{a}/motions/{mo}", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/motions/{mo}/votes", api: true, body: `{"choice":"maybe"}`, allowed: voters},
		{method: "POST", path: "/api/v1/alliances/{a}/motions/{mo}/proxies", api: true, body: `{"holder_member_id":"x"}`, allowed: voters},
		{method: "POST", path: "/api/v1/alliances/{a}/meetings/{mt}/proxies", api: true, body: `{"holder_member_id":"x"}`, allowed: voters},
		{method: "POST", path: "/api/v1/alliances/{a}/motions/{mo}/decide", api: true, body: `{"rationale":"x"}`, allowed: chairs},
		{method: "GET", path: "/api/v1/alliances/{a}/decisions", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/protocols", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/protocols", api: true, body: `{"title":""}`, allowed: contributors},
		{method: "POST", path: "/api/v1/alliances/{a}/protocols/none/end", api: true, body: `{"on":"x"}`, allowed: chairs},
		// Notifications: everyone reads their own inbox and sets their e-mail
		// preference (marking one notification read through the API needs
		// one's own notification: TestOpenAPINotifications checks it);
		// admins manage webhooks. {wh} stays, {whd} and {whp} are deleted.
		{method: "GET", path: "/a/{a}/inbox", allowed: everyone},
		{method: "POST", path: "/a/{a}/inbox/read-all", allowed: everyone},
		{method: "POST", path: "/a/{a}/inbox/preference", body: "mode=off", allowed: everyone},
		{method: "POST", path: "/a/{a}/inbox/none/read", allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/notifications", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/needs-you", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/notifications/read-all", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/notification-preferences", api: true, allowed: everyone},
		{method: "PUT", path: "/api/v1/alliances/{a}/notification-preferences", api: true, body: `{"mode":"digest"}`, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/webhooks", api: true, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/webhooks", api: true, body: `{"url":""}`, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/webhooks/{wh}", api: true, allowed: allow("admin")},
		{method: "PATCH", path: "/api/v1/alliances/{a}/webhooks/{wh}", api: true, body: `{"events":["motion_opened"]}`, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/webhooks/{wh}/test", api: true, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/webhooks/{wh}/deliveries", api: true, allowed: allow("admin")},
		{method: "DELETE", path: "/api/v1/alliances/{a}/webhooks/{whd}", api: true, allowed: allow("admin")},
		{method: "GET", path: "/a/{a}/webhooks", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/webhooks", body: "url=ftp%3A%2F%2Fx.example", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/webhooks/{wh}/test", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/webhooks/{wh}/deactivate", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/webhooks/{wh}/activate", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/webhooks/{whp}/delete", allowed: allow("admin")},
		// Initiatives: every member sees the portfolio; all but observers
		// read the ledger; each party's finance and executives commit, enter,
		// acknowledge and dispute; admins and executives resolve disputes.
		// {in} is an initiative, {cx} a contribution of the physician group
		// (see matrixLedger): the plan's first allowed account acknowledges
		// it, the others then meet 409.
		{method: "GET", path: "/a/{a}/portfolio", allowed: everyone},
		{method: "GET", path: "/a/{a}/initiatives/{in}/ledger", allowed: voters},
		{method: "POST", path: "/a/{a}/initiatives/{in}/commitments", body: "kind=cash", allowed: drafters},
		{method: "POST", path: "/a/{a}/initiatives/{in}/contributions", body: "date=", allowed: drafters},
		{method: "POST", path: "/a/{a}/initiatives/{in}/contributions/{cx}/acknowledge", allowed: drafters},
		{method: "POST", path: "/a/{a}/initiatives/{in}/contributions/{cx}/dispute", body: "reason=", allowed: drafters},
		{method: "POST", path: "/a/{a}/initiatives/{in}/contributions/{cx}/resolve", body: "resolution=upheld", allowed: leaders},
		{method: "GET", path: "/api/v1/alliances/{a}/portfolio", api: true, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/initiatives/{in}/ledger", api: true, allowed: voters},
		{method: "POST", path: "/api/v1/alliances/{a}/initiatives/{in}/commitments", api: true, body: `{"kind":"cash"}`, allowed: drafters},
		{method: "POST", path: "/api/v1/alliances/{a}/initiatives/{in}/contributions", api: true, body: `{"commitment_id":"x"}`, allowed: drafters},
		{method: "POST", path: "/api/v1/alliances/{a}/contributions/{cx}/acknowledge", api: true, allowed: drafters},
		{method: "POST", path: "/api/v1/alliances/{a}/contributions/{cx}/dispute", api: true, body: `{"reason":""}`, allowed: drafters},
		{method: "POST", path: "/api/v1/alliances/{a}/contributions/{cx}/resolve", api: true, body: `{"resolution":"x"}`, allowed: leaders},
		// Benefits and ROI assessments (see matrixBenefits): each party's
		// finance and executives propose and approve benefits and submit
		// assessments; clinical leaders review them (the store asks for the
		// initiative's own lead; an invalid review is refused before that).
		{method: "POST", path: "/a/{a}/initiatives/{bin}/benefits", body: "kind=x", allowed: drafters},
		{method: "POST", path: "/a/{a}/initiatives/{bin}/benefits/{bn}/approve", body: "confirm=yes", allowed: drafters},
		{method: "POST", path: "/a/{a}/initiatives/{bin}/roi-assessments", body: "rate=lots", allowed: drafters},
		{method: "POST", path: "/a/{a}/initiatives/{bin}/roi-assessments/{ra}/review", body: "review=x", allowed: allow("clinical_leader")},
		{method: "POST", path: "/api/v1/alliances/{a}/initiatives/{bin}/benefits", api: true, body: `{"kind":"x"}`, allowed: drafters},
		{method: "POST", path: "/api/v1/alliances/{a}/benefits/{bn}/approve", api: true, allowed: drafters},
		{method: "POST", path: "/api/v1/alliances/{a}/initiatives/{bin}/roi-assessments", api: true, body: `{"rate":"lots"}`, allowed: drafters},
		{method: "POST", path: "/api/v1/alliances/{a}/roi-assessments/{ra}/review", api: true, body: `{"review":"x"}`, allowed: allow("clinical_leader")},
		// Partnership health: every member answers; the admin runs the surveys.
		{method: "GET", path: "/a/{a}/health/answer", allowed: everyone},
		{method: "POST", path: "/a/{a}/health/answer", allowed: everyone},
		{method: "GET", path: "/a/{a}/health/settings", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/health/settings", body: "min_respondents=2", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/health/instruments", body: "text=", allowed: allow("admin")},
		{method: "GET", path: "/a/{a}/health/rounds", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/health/rounds", body: "opens_on=x", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/health/rounds/{hr}/open", allowed: allow("admin")},
		{method: "POST", path: "/a/{a}/health/rounds/{hr}/close", allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/health/answer", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/health/answer", api: true, body: `{"answers":{}}`, allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/health/settings", api: true, allowed: allow("admin")},
		{method: "PUT", path: "/api/v1/alliances/{a}/health/settings", api: true, body: `{"min_respondents":2}`, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/health/instruments", api: true, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/health/instruments", api: true, body: `{"text":""}`, allowed: allow("admin")},
		{method: "GET", path: "/api/v1/alliances/{a}/health/rounds", api: true, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/health/rounds", api: true, body: `{"opens_on":"x"}`, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/health/rounds/{hr}/open", api: true, allowed: allow("admin")},
		{method: "POST", path: "/api/v1/alliances/{a}/health/rounds/{hr}/close", api: true, allowed: allow("admin")},
		// Initiatives: every member reads them and marks a deliverable done
		// (the store checks its role); all but observers propose; planners
		// declare sites, plan and put gates to motions; each party's
		// leaders, clinicians, operations and finance score readiness;
		// admins and executives record adoptions and gates.
		{method: "GET", path: "/a/{a}/sites", allowed: everyone},
		{method: "POST", path: "/a/{a}/sites", body: "name=", allowed: handlers},
		{method: "POST", path: "/a/{a}/sites/{site}", body: "name=", allowed: handlers},
		{method: "GET", path: "/a/{a}/initiatives", allowed: everyone},
		{method: "POST", path: "/a/{a}/initiatives", body: "name=", allowed: voters},
		{method: "GET", path: "/a/{a}/initiatives/{in}", allowed: everyone},
		{method: "POST", path: "/a/{a}/initiatives/{in}/adoption-motion", body: "committee=none", allowed: handlers},
		{method: "POST", path: "/a/{a}/initiatives/{in}/adopt", allowed: leaders},
		{method: "POST", path: "/a/{a}/initiatives/{in}", body: "name=", allowed: handlers},
		{method: "POST", path: "/a/{a}/initiatives/{in}/phases", body: "name=", allowed: handlers},
		{method: "POST", path: "/a/{a}/initiatives/{in}/phases/{ph}", body: "name=", allowed: handlers},
		{method: "POST", path: "/a/{a}/initiatives/{in}/phases/{ph}/remove", allowed: handlers},
		{method: "POST", path: "/a/{a}/initiatives/{in}/phases/{ph}/milestones", body: "kind=x", allowed: handlers},
		{method: "POST", path: "/a/{a}/initiatives/{in}/phases/{ph}/readiness", body: "dimension=x", allowed: contributors},
		{method: "POST", path: "/a/{a}/initiatives/{in}/phases/{ph}/gate-motion", body: "committee=none", allowed: handlers},
		{method: "POST", path: "/a/{a}/initiatives/{in}/phases/{ph}/gate", allowed: leaders},
		{method: "POST", path: "/a/{a}/initiatives/{in}/milestones/{ms}/complete", body: "evidence=", allowed: everyone},
		{method: "GET", path: "/api/v1/alliances/{a}/sites", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/sites", api: true, body: `{}`, allowed: handlers},
		{method: "PATCH", path: "/api/v1/alliances/{a}/sites/{site}", api: true, body: `{"name":""}`, allowed: handlers},
		{method: "GET", path: "/api/v1/alliances/{a}/initiatives", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/initiatives", api: true, body: `{}`, allowed: voters},
		{method: "GET", path: "/api/v1/alliances/{a}/initiatives/{in}", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/initiatives/{in}/adopt", api: true, body: `{}`, allowed: leaders},
		{method: "PATCH", path: "/api/v1/alliances/{a}/initiatives/{in}", api: true, body: `{"name":""}`, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/initiatives/{in}/phases", api: true, body: `{}`, allowed: handlers},
		{method: "PATCH", path: "/api/v1/alliances/{a}/phases/{ph}", api: true, body: `{"name":""}`, allowed: handlers},
		// {started} is a phase a gate started: removing it is refused (409)
		// to whoever may plan, and forbidden to the others.
		{method: "DELETE", path: "/api/v1/alliances/{a}/phases/{started}", api: true, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/phases/{ph}/milestones", api: true, body: `{}`, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/milestones/{ms}/complete", api: true, body: `{}`, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/phases/{ph}/readiness", api: true, body: `{}`, allowed: contributors},
		{method: "GET", path: "/api/v1/alliances/{a}/phases/{ph}/gate", api: true, allowed: everyone},
		{method: "POST", path: "/api/v1/alliances/{a}/phases/{ph}/gate-motions", api: true, body: `{}`, allowed: handlers},
		{method: "POST", path: "/api/v1/alliances/{a}/phases/{ph}/gate-decisions", api: true, body: `{}`, allowed: leaders},
	}
}

// TestAccessMatrix checks every alliance route for every role, in the
// person's own alliance and in an alliance they do not belong to (which must
// look exactly like one that does not exist: 404).
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			kc := a.matrixKPIChange(a.testKPI("matrix-kpi"))
			target := a.matrixTarget("matrix-kpi")
			a.matrixContract()
			signal := a.matrixSignal()
			settlement := a.matrixSettlement()
			governance := a.matrixGovernance()
			governance = append(governance, a.matrixWebhooks()...)
			governance = append(governance, a.matrixLedger()...)
			governance = append(governance, a.matrixHealth()...)
			governance = append(governance, a.matrixInitiatives()...)
			governance = append(governance, a.matrixBenefits()...)
			for role, email := range roleAccounts {
				c := a.login(email)
				tok := a.token(email, "write")
				for _, rt := range routes() {
					for _, own := range []bool{true, false} {
						slug := a.demo.AllianceSlug
						if !own {
							slug = a.other.Slug
						}
						rt := rt
						rt.path = strings.NewReplacer(append([]string{"{t}", target, "{s}", signal, "{st}", settlement, "{cn}", a.demo.Concerns.Open, "{kc}", kc}, governance...)...).Replace(rt.path)
						status := a.call(c, tok, rt, slug)
						want := expected(rt, role, own)
						if !matches(status, want) {
							t.Errorf("%s %s as %s (own alliance %v): status %d, want %s", rt.method, rt.path, role, own, status, want)
						}
					}
				}
			}
		})
	}
}

func expected(rt route, role string, own bool) string {
	switch {
	case !own:
		return "404"
	case rt.allowed[role]:
		return "allowed"
	}
	return "403"
}

func matches(status int, want string) bool {
	switch want {
	case "404":
		return status == http.StatusNotFound
	case "403":
		return status == http.StatusForbidden
	}
	// Allowed: success, a redirect after a form, or a validation answer
	// about the body, never a refusal.
	return status < 400 || status == http.StatusUnprocessableEntity || status == http.StatusConflict
}

func (a *app) call(c *http.Client, tok string, rt route, slug string) int {
	path := strings.ReplaceAll(rt.path, "{a}", slug)
	var req *http.Request
	if rt.api {
		req, _ = http.NewRequest(rt.method, a.srv.URL+path, strings.NewReader(rt.body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			a.t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	req, _ = http.NewRequest(rt.method, a.srv.URL+path, strings.NewReader(rt.body))
	if rt.method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestAnonymousAndReadOnly(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	anon := a.client()
	if s, _ := a.get(anon, "/a/north-valley"); s != http.StatusSeeOther {
		t.Errorf("anonymous page: status %d, want 303 to sign-in", s)
	}
	if r := a.api("GET", "/api/v1/alliances/north-valley", "", "", nil); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous API: status %d, want 401", r.StatusCode)
	}
	if r := a.api("GET", "/api/v1/me", "acc_bogus", "", nil); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("bogus token: status %d, want 401", r.StatusCode)
	}
	ro := a.token(roleAccounts["admin"], "read")
	if r := a.api("GET", "/api/v1/alliances/north-valley/audit", ro, "", nil); r.StatusCode != http.StatusOK {
		t.Errorf("read token reading: status %d, want 200", r.StatusCode)
	}
	if r := a.api("PATCH", "/api/v1/alliances/north-valley", ro, `{"vision":"x"}`, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("read token writing: status %d, want 403", r.StatusCode)
	}
	// A cross-site form post is refused even with a valid session.
	c := a.login(roleAccounts["admin"])
	req, _ := http.NewRequest("POST", a.srv.URL+"/a/north-valley/charter", strings.NewReader("name=Hijacked"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", resp.StatusCode)
	}
}

// matrixTarget proposes a target on the KPI so that approving it can be tried.
func (a *app) matrixTarget(key string) string {
	a.t.Helper()
	ctx := context.Background()
	al := mustAlliance(a.t, a)
	k, err := a.db.KPIByKey(ctx, al.ID, key)
	if err != nil {
		a.t.Fatal(err)
	}
	one := number.DecimalFromInt(1)
	tg := accord.Target{KPIID: k.ID, EffectiveAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Value: one, Green: one, Amber: 0}
	if err := a.db.ProposeTarget(ctx, accord.SystemActor("test"), al.ID, k.OwnerPartyID, &tg); err != nil {
		a.t.Fatal(err)
	}
	return tg.ID
}
