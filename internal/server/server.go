// Package server assembles accord's HTTP edge: the HTML application
// (ui), the JSON API (api), the health and metrics endpoints, and the
// middleware of the shared edge (edge) around them, and serves them.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/api"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/ui"
	"github.com/accord-alliance/accord/internal/views"
)

// Config is the server's configuration (see edge.Config).
type Config = edge.Config

// Server serves accord over HTTP: the HTML application (ui), the JSON API
// (api) and the operational endpoints, over one shared edge.
type Server struct {
	edge  *edge.Edge
	views *views.Loader
	app   *ui.App
	api   *api.API
}

// New builds a server over the services. reg receives the server's metrics.
func New(cfg Config, svc accord.Services, log *slog.Logger, reg prometheus.Registerer, now func() time.Time) (*Server, error) {
	e, err := edge.New(cfg, svc, log, reg, now)
	if err != nil {
		return nil, err
	}
	v := views.New(e)
	app, err := ui.New(v)
	if err != nil {
		return nil, err
	}
	return &Server{edge: e, views: v, app: app, api: api.New(v)}, nil
}

// Views is what the pages and the API read, for the packet job (cli).
func (s *Server) Views() *views.Loader { return s.views }

// Serve listens on the configured address until ctx is cancelled, then
// shuts down gracefully. ready, if not nil, receives the bound address.
func (s *Server) Serve(ctx context.Context, handler http.Handler, ready func(addr string)) error {
	return s.listenAndServe(ctx, s.edge.Cfg.Addr, handler, ready)
}

// ServeMetrics serves gatherer's metrics on the configured metrics address
// until ctx is cancelled, as Serve does the application.
func (s *Server) ServeMetrics(ctx context.Context, gatherer prometheus.Gatherer, ready func(addr string)) error {
	return s.listenAndServe(ctx, s.edge.Cfg.MetricsAddr, s.edge.MetricsHandler(gatherer), ready)
}

func (s *Server) listenAndServe(ctx context.Context, addr string, handler http.Handler, ready func(addr string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.edge.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.edge.Cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// MetricsHandler serves gatherer's metrics to the bearer of the metrics
// token, or to anyone when none is set (see edge.Edge.MetricsHandler).
func (s *Server) MetricsHandler(gatherer prometheus.Gatherer) http.Handler {
	return s.edge.MetricsHandler(gatherer)
}
