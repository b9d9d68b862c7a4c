// Package server is accord's HTTP edge: the HTML pages, the JSON API under
// /api/v1, health and metrics endpoints, and the middleware that signs people
// in, applies the access policy and protects every state-changing request.
package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/password"
)

// Config is the server's configuration, filled from flags and ACCORD_* variables.
type Config struct {
	Addr string
	// MetricsAddr, when set, is a second address that serves /metrics
	// alone (see ServeMetrics), e.g. one only the monitoring network reaches.
	MetricsAddr string
	// MetricsToken, when set, is the bearer token /metrics asks for; it is
	// then served on Addr too. With neither, metrics are not served.
	MetricsToken string
	// BaseURL is the public address used in invitation and reset links;
	// empty means derived from each request.
	BaseURL string
	// SecureCookies marks cookies Secure; on when BaseURL is https.
	SecureCookies bool
	SessionTTL    time.Duration
	// MaxBodyBytes bounds request bodies.
	MaxBodyBytes int64
	// Password is the argon2id cost for new password hashes.
	Password password.Params
	// LoginLimit failed sign-ins of one account from one client address
	// (four times as many from a client address over all accounts) go
	// through at once; each further one waits a delay that doubles from a
	// second up to LoginWindow (see signInKeys and docs/access.md).
	LoginLimit  int
	LoginWindow time.Duration
	// MaxHashes bounds how many password hashes (argon2id, each holding
	// Password.Memory) run at once; sign-ins beyond it and a few waiting
	// are answered 429.
	MaxHashes int
	// ReceiptLimit wrong concern receipt codes per LoginWindow lock the
	// reporter's follow-up for a client address.
	ReceiptLimit int
	// IntakeLimit concerns per IntakeWindow may be raised through one
	// alliance's intake link (counted in memory, per link, never per
	// person); further ones are answered 429 until the window passes.
	IntakeLimit  int
	IntakeWindow time.Duration
	// ShutdownTimeout bounds graceful shutdown.
	ShutdownTimeout time.Duration
	// Mailer sends invitation e-mails; nil means links are only shown to
	// the inviter, who passes them on.
	Mailer accord.Mailer
	// Printer prints check-in packets to PDF (cli gives pdfprint's, with
	// headless Chromium); nil, or one not available, answers a packet's
	// PDF with 503 while the printable page still works.
	Printer packet.Printer
	// WebhookAllowHosts are the hosts webhooks may target although they
	// are internal addresses (loopback, private, link-local…).
	WebhookAllowHosts []string
	// AuditKey signs the audit trail's checkpoints (docs/access.md); nil
	// means a key made for this process only, whose checkpoints no later
	// process recognises (tests).
	AuditKey ed25519.PrivateKey
}

// WithDefaults fills unset fields with production defaults.
func (c Config) WithDefaults() Config {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.SessionTTL == 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.Password == (password.Params{}) {
		c.Password = password.Default
	}
	if c.LoginLimit == 0 {
		c.LoginLimit = 5
	}
	if c.LoginWindow == 0 {
		c.LoginWindow = 15 * time.Minute
	}
	if c.MaxHashes <= 0 {
		c.MaxHashes = 2
	}
	if c.ReceiptLimit == 0 {
		c.ReceiptLimit = 10
	}
	if c.IntakeLimit == 0 {
		c.IntakeLimit = 30
	}
	if c.IntakeWindow == 0 {
		c.IntakeWindow = time.Hour
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
	if c.AuditKey == nil {
		_, c.AuditKey, _ = ed25519.GenerateKey(nil)
	}
	return c
}

// hashWaiters (per running hash) may wait up to hashWait for a password
// hash to finish before theirs starts; anyone beyond them is answered 429.
const (
	hashWaiters = 4
	hashWait    = 3 * time.Second
)

// Server serves accord over HTTP.
type Server struct {
	cfg     Config
	svc     accord.Services
	log     *slog.Logger
	pages   *pages
	metrics *metrics
	now     func() time.Time

	dummyOnce sync.Once
	dummy     string
	frags     *fragCache
	chrome    *fragCache // the layout around cached page bodies, see pageChrome
	switcher  *switcherCache
	// pageBufs holds the buffers pages are rendered into, reused rather
	// than allocated (and cleared) for every request. Pages with a cached
	// body (pageBody) need none: their parts are written as they are.
	pageBufs sync.Pool
	// receiptKey keys the hash under which wrong receipt codes are counted
	// per client address; it lives only in memory, so the database never
	// holds anything an address can be recovered from.
	receiptKey [32]byte
	// hashes bounds the password hashes running at once (Config.MaxHashes).
	hashes *password.Limiter
	// intake bounds the concerns raised through each intake link.
	intake *intakeLimiter
	// router serves the page of a refused form again (showFormError).
	router atomic.Pointer[http.ServeMux]
}

// New builds a server over the services. reg receives the server's metrics.
func New(cfg Config, svc accord.Services, log *slog.Logger, reg prometheus.Registerer, now func() time.Time) (*Server, error) {
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	srv := &Server{cfg: cfg.WithDefaults(), svc: svc, log: log, pages: p, metrics: m, now: now, frags: newFragCache(256), chrome: newFragCache(1024), switcher: newSwitcherCache()}
	rand.Read(srv.receiptKey[:])
	srv.intake = newIntakeLimiter(srv.cfg.IntakeLimit, srv.cfg.IntakeWindow)
	srv.hashes = password.NewLimiter(srv.cfg.MaxHashes, hashWaiters*srv.cfg.MaxHashes, hashWait)
	return srv, nil
}

// Serve listens on the configured address until ctx is cancelled, then
// shuts down gracefully. ready, if not nil, receives the bound address.
func (s *Server) Serve(ctx context.Context, handler http.Handler, ready func(addr string)) error {
	return s.listenAndServe(ctx, s.cfg.Addr, handler, ready)
}

// ServeMetrics serves gatherer's metrics on the configured metrics address
// until ctx is cancelled, as Serve does the application.
func (s *Server) ServeMetrics(ctx context.Context, gatherer prometheus.Gatherer, ready func(addr string)) error {
	return s.listenAndServe(ctx, s.cfg.MetricsAddr, s.MetricsHandler(gatherer), ready)
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
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
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
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
