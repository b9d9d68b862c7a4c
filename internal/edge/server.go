package edge

import (
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
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
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (see RealClient); none means the connection's peer is the
	// client, whatever the headers say.
	TrustedProxies []netip.Prefix
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
	HashWaiters = 4
	HashWait    = 3 * time.Second
)

// Edge is what every handler of accord's HTTP edge stands on: the
// configuration, the services, the log, the clock, the metrics, and the
// limits that protect sign-in and intake. The pages (ui) and the API (api)
// reach it through views.Loader.
type Edge struct {
	Cfg     Config
	Svc     accord.Services
	Log     *slog.Logger
	Metrics *Metrics
	Now     func() time.Time

	DummyOnce sync.Once
	Dummy     string
	// ReceiptKey keys the hash under which wrong receipt codes are counted
	// per client address; it lives only in memory, so the database never
	// holds anything an address can be recovered from.
	ReceiptKey [32]byte
	// Hashes bounds the password hashes running at once (Config.MaxHashes).
	Hashes *password.Limiter
	// Intake bounds the concerns raised through each intake link.
	Intake *IntakeLimiter
	// OIDC keeps the identity providers' discovery and key sets.
	OIDC *OIDCClients
	// ErrorPage answers a browser's failed request with a page (Fail); the
	// HTML application sets it.
	ErrorPage func(w http.ResponseWriter, r *http.Request, status int, err error)
}

// New builds the edge over the services. reg receives the server's metrics.
func New(cfg Config, svc accord.Services, log *slog.Logger, reg prometheus.Registerer, now func() time.Time) (*Edge, error) {
	if now == nil {
		now = time.Now
	}
	m, err := NewMetrics(reg)
	if err != nil {
		return nil, err
	}
	e := &Edge{Cfg: cfg.WithDefaults(), Svc: svc, Log: log, Metrics: m, Now: now}
	rand.Read(e.ReceiptKey[:])
	e.Intake = NewIntakeLimiter(e.Cfg.IntakeLimit, e.Cfg.IntakeWindow)
	e.OIDC = NewOIDCClients()
	e.Hashes = password.NewLimiter(e.Cfg.MaxHashes, HashWaiters*e.Cfg.MaxHashes, HashWait)
	e.ErrorPage = func(w http.ResponseWriter, r *http.Request, status int, err error) {
		http.Error(w, accord.ErrorMessage(err), status)
	}
	return e, nil
}
