package server

import (
	"io/fs"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/accord-alliance/accord/internal/access"
)

// Handler returns the whole application: pages, API, health and metrics.
// gatherer serves /metrics.
func (s *Server) Handler(gatherer prometheus.Gatherer) http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	s.pageRoutes(mux)
	s.apiRoutes(mux)
	mux.HandleFunc("/", s.notFound)
	return s.observe(s.recoverPanics(s.secure(s.authenticate(mux))))
}

func (s *Server) pageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.signedIn(s.homePage))
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /invite/{token}", s.invitePage)
	mux.HandleFunc("POST /invite/{token}", s.inviteAccept)
	mux.HandleFunc("GET /reset/{token}", s.resetPage)
	mux.HandleFunc("POST /reset/{token}", s.resetSubmit)
	mux.HandleFunc("GET /account", s.signedIn(s.accountPage))
	mux.HandleFunc("POST /account/password", s.signedIn(s.accountPassword))
	mux.HandleFunc("POST /account/tokens", s.signedIn(s.accountTokenCreate))
	mux.HandleFunc("POST /account/tokens/{id}/revoke", s.signedIn(s.accountTokenRevoke))
	mux.HandleFunc("GET /alliances/new", s.signedIn(s.newAlliancePage))
	mux.HandleFunc("POST /alliances", s.signedIn(s.newAllianceSubmit))
	// A reporter follows up an anonymous concern with its receipt, signed in or not.
	mux.HandleFunc("GET /concern", s.concernFollowPage)
	mux.HandleFunc("POST /concern", s.concernFollow)

	a := func(act access.Action, h http.HandlerFunc) http.HandlerFunc { return s.signedIn(s.inAlliance(act, h)) }
	mux.HandleFunc("GET /a/{slug}", a(access.ViewAlliance, s.alliancePage))
	mux.HandleFunc("GET /a/{slug}/charter/edit", a(access.EditCharter, s.charterEditPage))
	mux.HandleFunc("POST /a/{slug}/charter", a(access.EditCharter, s.charterSubmit))
	mux.HandleFunc("POST /a/{slug}/parties", a(access.ManageParties, s.partyCreate))
	mux.HandleFunc("GET /a/{slug}/parties/{id}/edit", a(access.ManageParties, s.partyEditPage))
	mux.HandleFunc("POST /a/{slug}/parties/{id}", a(access.ManageParties, s.partySubmit))
	mux.HandleFunc("GET /a/{slug}/people", a(access.ViewPeople, s.peoplePage))
	mux.HandleFunc("POST /a/{slug}/invitations", a(access.ManagePeople, s.inviteCreate))
	mux.HandleFunc("POST /a/{slug}/invitations/{id}/revoke", a(access.ManagePeople, s.inviteRevoke))
	mux.HandleFunc("POST /a/{slug}/people/{id}", a(access.ManagePeople, s.memberSubmit))
	mux.HandleFunc("GET /a/{slug}/audit", a(access.ViewAudit, s.auditPage))
	mux.HandleFunc("GET /a/{slug}/scorecard", a(access.ViewScorecard, s.scorecardPage))
	mux.HandleFunc("GET /a/{slug}/kpis/new", a(access.ProposeKPI, s.kpiNewPage))
	mux.HandleFunc("POST /a/{slug}/kpis", a(access.ProposeKPI, s.kpiCreate))
	mux.HandleFunc("GET /a/{slug}/kpis/{key}", a(access.ViewScorecard, s.kpiPage))
	mux.HandleFunc("GET /a/{slug}/kpis/{key}/observations.csv", a(access.ViewScorecard, s.kpiExport))
	mux.HandleFunc("POST /a/{slug}/kpis/{key}/approve", a(access.ApproveKPI, s.kpiApprove))
	mux.HandleFunc("POST /a/{slug}/kpis/{key}/targets", a(access.ProposeKPI, s.targetCreate))
	mux.HandleFunc("POST /a/{slug}/kpis/{key}/annotations", a(access.ProposeKPI, s.annotationCreate))
	mux.HandleFunc("POST /a/{slug}/kpis/{key}/observations", a(access.SubmitData, s.observationSubmit))
	mux.HandleFunc("POST /a/{slug}/targets/{id}/approve", a(access.ApproveKPI, s.targetApprove))
	mux.HandleFunc("GET /a/{slug}/import", a(access.SubmitData, s.importPage))
	mux.HandleFunc("POST /a/{slug}/import", a(access.SubmitData, s.importUpload))
	mux.HandleFunc("POST /a/{slug}/import/{draft}", a(access.SubmitData, s.importConfirm))
	mux.HandleFunc("GET /a/{slug}/signals", a(access.ViewSignals, s.signalsPage))
	mux.HandleFunc("POST /a/{slug}/signals/{id}/acknowledge", a(access.HandleSignal, s.signalAcknowledge))
	mux.HandleFunc("POST /a/{slug}/signals/{id}/resolve", a(access.HandleSignal, s.signalResolve))
	mux.HandleFunc("POST /a/{slug}/signals/{id}/dismiss", a(access.HandleSignal, s.signalDismiss))
	mux.HandleFunc("GET /a/{slug}/concerns/new", a(access.RaiseConcern, s.concernNewPage))
	mux.HandleFunc("POST /a/{slug}/concerns/new", a(access.RaiseConcern, s.concernCreate))
	mux.HandleFunc("GET /a/{slug}/concerns", a(access.HandleConcern, s.concernsPage))
	mux.HandleFunc("GET /a/{slug}/concerns/{id}", a(access.HandleConcern, s.concernPage))
	mux.HandleFunc("POST /a/{slug}/concerns/{id}/{action}", a(access.HandleConcern, s.concernAction))
	mux.HandleFunc("GET /a/{slug}/contracts", a(access.ViewContracts, s.contractsPage))
	mux.HandleFunc("POST /a/{slug}/contracts", a(access.DraftContract, s.contractCreate))
	mux.HandleFunc("GET /a/{slug}/contracts/{contract}", a(access.ViewContracts, s.contractPage))
	mux.HandleFunc("POST /a/{slug}/contracts/{contract}/review", a(access.DraftContract, s.contractReview))
	mux.HandleFunc("POST /a/{slug}/contracts/{contract}/amendments", a(access.ProposeAmendment, s.amendmentCreate))
	mux.HandleFunc("GET /a/{slug}/contracts/{contract}/amendments/{number}", a(access.ViewContracts, s.amendmentPage))
	mux.HandleFunc("POST /a/{slug}/contracts/{contract}/amendments/{number}/sign", a(access.SignAmendment, s.amendmentSign))
	mux.HandleFunc("POST /a/{slug}/contracts/{contract}/settlements", a(access.Settle, s.settlementCreate))
	mux.HandleFunc("GET /a/{slug}/contracts/{contract}/settlements/{id}", a(access.ViewSettlements, s.settlementPage))
	mux.HandleFunc("GET /a/{slug}/contracts/{contract}/what-if", a(access.ViewSettlements, s.whatIfPage))
}

func (s *Server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)
	mux.HandleFunc("GET /api/v1/me", s.apiAuth(s.apiMe))
	mux.HandleFunc("GET /api/v1/alliances", s.apiAuth(s.apiAlliances))
	mux.HandleFunc("POST /api/v1/alliances", s.apiAuth(s.apiAllianceCreate))
	mux.HandleFunc("GET /api/v1/organizations", s.apiAuth(s.apiOrganizations))
	mux.HandleFunc("GET /api/v1/tokens", s.apiAuth(s.apiTokens))
	mux.HandleFunc("POST /api/v1/tokens", s.apiAuth(s.apiTokenCreate))
	mux.HandleFunc("DELETE /api/v1/tokens/{id}", s.apiAuth(s.apiTokenRevoke))

	a := func(act access.Action, h http.HandlerFunc) http.HandlerFunc { return s.apiAuth(s.inAlliance(act, h)) }
	mux.HandleFunc("GET /api/v1/alliances/{slug}", a(access.ViewAlliance, s.apiAlliance))
	mux.HandleFunc("PATCH /api/v1/alliances/{slug}", a(access.EditCharter, s.apiCharterUpdate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/parties", a(access.ViewAlliance, s.apiParties))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/parties", a(access.ManageParties, s.apiPartyCreate))
	mux.HandleFunc("PATCH /api/v1/alliances/{slug}/parties/{id}", a(access.ManageParties, s.apiPartyUpdate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/members", a(access.ViewPeople, s.apiMembers))
	mux.HandleFunc("PATCH /api/v1/alliances/{slug}/members/{id}", a(access.ManagePeople, s.apiMemberUpdate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/invitations", a(access.ViewInvitations, s.apiInvitations))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/invitations", a(access.ManagePeople, s.apiInvitationCreate))
	mux.HandleFunc("DELETE /api/v1/alliances/{slug}/invitations/{id}", a(access.ManagePeople, s.apiInvitationRevoke))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/audit", a(access.ViewAudit, s.apiAudit))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/scorecard", a(access.ViewScorecard, s.apiScorecard))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/kpis", a(access.ViewScorecard, s.apiKPIs))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/kpis", a(access.ProposeKPI, s.apiKPICreate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/kpis/{key}", a(access.ViewScorecard, s.apiKPI))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/kpis/{key}/approve", a(access.ApproveKPI, s.apiKPIApprove))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/kpis/{key}/targets", a(access.ViewScorecard, s.apiTargets))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/kpis/{key}/targets", a(access.ProposeKPI, s.apiTargetCreate))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/targets/{id}/approve", a(access.ApproveKPI, s.apiTargetApprove))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/kpis/{key}/observations", a(access.ViewScorecard, s.apiObservations))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/kpis/{key}/annotations", a(access.ViewScorecard, s.apiAnnotations))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/kpis/{key}/annotations", a(access.ProposeKPI, s.apiAnnotationCreate))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/observations", a(access.SubmitData, s.apiObservationBatch))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/imports", a(access.SubmitData, s.apiImport))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/signals", a(access.ViewSignals, s.apiSignals))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/signals/{id}/acknowledge", a(access.HandleSignal, s.apiSignalAcknowledge))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/signals/{id}/resolve", a(access.HandleSignal, s.apiSignalResolve))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/signals/{id}/dismiss", a(access.HandleSignal, s.apiSignalDismiss))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts", a(access.ViewContracts, s.apiContracts))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/contracts", a(access.DraftContract, s.apiContractCreate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts/{contract}", a(access.ViewContracts, s.apiContract))
	mux.HandleFunc("PATCH /api/v1/alliances/{slug}/contracts/{contract}", a(access.DraftContract, s.apiContractUpdate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts/{contract}/version-at", a(access.ViewContracts, s.apiVersionAt))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts/{contract}/amendments", a(access.ViewContracts, s.apiAmendments))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/contracts/{contract}/amendments", a(access.ProposeAmendment, s.apiAmendmentCreate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts/{contract}/amendments/{number}", a(access.ViewContracts, s.apiAmendment))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/contracts/{contract}/amendments/{number}/sign", a(access.SignAmendment, s.apiAmendmentSign))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts/{contract}/settlements", a(access.ViewSettlements, s.apiSettlements))
	mux.HandleFunc("POST /api/v1/alliances/{slug}/contracts/{contract}/settlements", a(access.Settle, s.apiSettlementCreate))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts/{contract}/settlements/{id}", a(access.ViewSettlements, s.apiSettlement))
	mux.HandleFunc("GET /api/v1/alliances/{slug}/contracts/{contract}/what-if", a(access.ViewSettlements, s.apiWhatIf))
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only while the database answers, so a load balancer
// stops sending traffic to a server that lost it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Ping(r.Context()); err != nil {
		s.log.Warn("not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errNotFound)
}
