package server

import (
	"io/fs"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/ui"
)

// Handler returns the whole application: pages, API, health and metrics.
// gatherer serves /metrics, here only to the bearer of the operator's
// metrics token (Config.MetricsToken); without one, metrics are served
// only on their own address (see MetricsHandler), never to the public.
func (s *Server) Handler(gatherer prometheus.Gatherer) http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(ui.Assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	// The check-in packet's style sheet lives with the packet.
	mux.Handle("GET /static/packet.css", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(packet.Assets))))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if s.edge.Cfg.MetricsToken != "" {
		mux.Handle("GET /metrics", s.edge.MetricsAuth(promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{})))
	}
	s.app.Routes(mux)
	s.api.Routes(mux)
	mux.HandleFunc("/", s.edge.NotFound)
	s.app.Router.Store(mux)
	return s.edge.RealClient(s.edge.Observe(s.edge.RecoverPanics(s.edge.Secure(s.edge.Authenticate(edge.NotePattern(mux))))))
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	edge.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only while the database answers, so a load balancer
// stops sending traffic to a server that lost it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.edge.Svc.Ping(r.Context()); err != nil {
		s.edge.Log.Warn("not ready", "err", err)
		edge.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	edge.WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
