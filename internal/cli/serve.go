package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/egress"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// serveFlags are the flags of serve and demo.
type serveFlags struct {
	db      dbFlags
	log     logFlags
	addr    string
	baseURL string
	ttl     time.Duration
	smtp    notify.SMTP
	jobs    jobFlags
	// chromium prints PDF packets.
	chromium string

	// metrics says where /metrics is served: its own address and/or to
	// the bearer of a token.
	metricsAddr, metricsToken string
	// webhookAllowHosts lists the internal hosts webhooks may reach.
	webhookAllowHosts string
	trustedProxies    proxyList
	// auditKey signs the audit trail's checkpoints.
	auditKey auditKeyFlag
	// hashes bounds the password hashes running at once.
	hashes int
}

// jobFlags tune background work; the defaults suit production.
type jobFlags struct {
	poll    time.Duration
	cleanup time.Duration
	// notify delivers notifications: its mailer and base URL are the
	// server's (set in runServer).
	notify notify.Delivery
	// fhirTokenDir holds the FHIR sources' token files; fhirAllowHosts
	// lists the internal hosts a FHIR source may reach.
	fhirTokenDir, fhirAllowHosts string
}

func (f *serveFlags) register(fs *flag.FlagSet, env *Env) error {
	f.db.register(fs, env)
	f.db.makeKeys = true // a server makes its data key ring on first start
	f.log.register(fs, env)
	f.auditKey.register(fs, env)
	fs.StringVar(&f.addr, "addr", envDefault(env, "ACCORD_ADDR", "127.0.0.1:8080"), "address to listen on (env ACCORD_ADDR)")
	fs.StringVar(&f.metricsAddr, "metrics-addr", env.Getenv("ACCORD_METRICS_ADDR"), "a separate address that serves /metrics, e.g. 127.0.0.1:9090 (env ACCORD_METRICS_ADDR; default: metrics only to the bearer of ACCORD_METRICS_TOKEN, or not at all)")
	f.metricsToken = env.Getenv("ACCORD_METRICS_TOKEN")
	fs.StringVar(&f.baseURL, "base-url", env.Getenv("ACCORD_BASE_URL"), "public URL used in invitation and reset links, e.g. https://accord.example.org (env ACCORD_BASE_URL; default: the address each request came to)")
	ttl, err := durationEnv(env, "ACCORD_SESSION_TTL", 12*time.Hour)
	if err != nil {
		return err
	}
	fs.DurationVar(&f.ttl, "session-ttl", ttl, "how long a sign-in lasts (env ACCORD_SESSION_TTL)")
	hashes, err := intEnv(env, "ACCORD_PASSWORD_HASHES", 2)
	if err != nil {
		return err
	}
	fs.IntVar(&f.hashes, "password-hashes", hashes, "how many password hashes (64 MiB each) run at once; sign-ins beyond them and a few waiting are answered 429 (env ACCORD_PASSWORD_HASHES)")
	fs.StringVar(&f.smtp.Addr, "smtp-addr", env.Getenv("ACCORD_SMTP_ADDR"), "SMTP relay host:port for invitation e-mails; empty: links are only shown to the inviter (env ACCORD_SMTP_ADDR)")
	fs.StringVar(&f.smtp.From, "smtp-from", envDefault(env, "ACCORD_SMTP_FROM", "accord <accord@localhost>"), "sender of accord's e-mails (env ACCORD_SMTP_FROM)")
	fs.StringVar(&f.smtp.Username, "smtp-username", env.Getenv("ACCORD_SMTP_USERNAME"), "SMTP user, if the relay requires one; the password comes from ACCORD_SMTP_PASSWORD only (env ACCORD_SMTP_USERNAME)")
	f.smtp.Password = env.Getenv("ACCORD_SMTP_PASSWORD")
	fs.StringVar(&f.chromium, "chromium", env.Getenv("ACCORD_CHROMIUM"), "Chromium binary that prints PDF packets (env ACCORD_CHROMIUM; default: chromium on the PATH)")
	fs.StringVar(&f.webhookAllowHosts, "webhook-allow-hosts", env.Getenv("ACCORD_WEBHOOK_ALLOW_HOSTS"), "host names or IP addresses, comma-separated, that webhooks may reach although they are loopback, private or link-local; default: none (env ACCORD_WEBHOOK_ALLOW_HOSTS)")
	if v := env.Getenv("ACCORD_TRUSTED_PROXIES"); v != "" {
		if err := f.trustedProxies.Set(v); err != nil {
			return fmt.Errorf("ACCORD_TRUSTED_PROXIES: %w", err)
		}
	}
	fs.Var(&f.trustedProxies, "trusted-proxies", "IP addresses or CIDR ranges, comma-separated, of the reverse proxies whose X-Forwarded-For names the client (for sign-in throttling); default: none, the connection's peer is the client (env ACCORD_TRUSTED_PROXIES)")
	fs.StringVar(&f.jobs.fhirTokenDir, "fhir-token-dir", env.Getenv("ACCORD_FHIR_TOKEN_DIR"), "directory of the bearer-token files the alliances' FHIR sources name; default: none, and a source naming a token file fails (env ACCORD_FHIR_TOKEN_DIR)")
	fs.StringVar(&f.jobs.fhirAllowHosts, "fhir-allow-hosts", env.Getenv("ACCORD_FHIR_ALLOW_HOSTS"), "host names or IP addresses, comma-separated, that FHIR sources may reach although they are loopback, private or link-local; default: none (env ACCORD_FHIR_ALLOW_HOSTS)")
	fs.DurationVar(&f.jobs.poll, "job-poll-interval", 2*time.Second, "how often each server looks for due background jobs")
	fs.DurationVar(&f.jobs.cleanup, "cleanup-interval", time.Hour, "how often expired sessions, reset links and finished jobs are removed")
	return nil
}

func (f *serveFlags) config() server.Config {
	cfg := server.Config{Addr: f.addr, MetricsAddr: f.metricsAddr, MetricsToken: f.metricsToken, BaseURL: strings.TrimRight(f.baseURL, "/"), SecureCookies: strings.HasPrefix(f.baseURL, "https://"), SessionTTL: f.ttl, Printer: pdfprint.Printer{Path: f.chromium},
		WebhookAllowHosts: egress.ParseHosts(f.webhookAllowHosts), MaxHashes: f.hashes, TrustedProxies: f.trustedProxies.prefixes}
	if f.smtp.Addr != "" {
		cfg.Mailer = &f.smtp
	}
	return cfg
}

func cmdServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve", "serve [flags]\n\nServes the web application and the JSON API until interrupted.")
	var f serveFlags
	if err := f.register(fs, env); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("serve takes no arguments")
	}
	db, err := f.db.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	return runServer(ctx, env, &f, f.config(), db, nil)
}

// runServer serves until ctx ends. ready, when set, is told the bound address.
func runServer(ctx context.Context, env *Env, f *serveFlags, cfg server.Config, db *store.DB, ready func(addr string)) error {
	log, err := f.log.logger(env.Stderr)
	if err != nil {
		return err
	}
	if cfg.AuditKey == nil {
		if cfg.AuditKey, err = f.auditKey.loadOrCreate(f.db.database); err != nil {
			return err
		}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := server.New(cfg, db, log, reg, env.Now)
	if err != nil {
		return err
	}
	f.jobs.notify.Mailer, f.jobs.notify.BaseURL, f.jobs.notify.AllowHosts = cfg.Mailer, cfg.BaseURL, cfg.WebhookAllowHosts
	packets := &packet.Mailing{Store: db, Build: srv.Views(), Printer: cfg.Printer, Mailer: cfg.Mailer, Base: srv.Views().MailBase(), Now: env.Now, Log: log.With("component", "packets")}
	runner, err := newJobRunner(db, log, env, f.jobs, packets)
	if err != nil {
		return err
	}
	jobsDone := make(chan error, 1)
	jctx, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	go func() { jobsDone <- runner.Run(jctx) }()
	err = serveHTTP(ctx, srv, cfg.MetricsAddr != "", reg, log, func(addr string) {
		log.Info("accord is serving", "addr", addr, "database", string(db.Dialect()))
		if ready != nil {
			ready(addr)
		}
	})
	stopJobs()
	if jerr := <-jobsDone; jerr != nil && err == nil {
		err = fmt.Errorf("jobs: %w", jerr)
	}
	log.Info("accord stopped")
	return err
}

// serveHTTP serves the application, and metrics on their own address when
// metricsApart, until ctx ends or either fails (which stops both).
func serveHTTP(ctx context.Context, srv *server.Server, metricsApart bool, reg *prometheus.Registry, log *slog.Logger, ready func(addr string)) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	metricsDone := make(chan error, 1)
	if !metricsApart {
		metricsDone <- nil
	} else {
		go func() {
			err := srv.ServeMetrics(ctx, reg, func(addr string) { log.Info("accord serves metrics", "addr", addr) })
			stop()
			metricsDone <- err
		}()
	}
	err := srv.Serve(ctx, srv.Handler(reg), ready)
	stop()
	if merr := <-metricsDone; merr != nil && err == nil {
		err = fmt.Errorf("metrics: %w", merr)
	}
	return err
}

// proxyList is the --trusted-proxies flag: read when set, so that a bad
// address is refused before the server starts.
type proxyList struct {
	prefixes []netip.Prefix
	text     string
}

func (p *proxyList) String() string { return p.text }

// Set reads the list (see edge.ParseTrustedProxies).
func (p *proxyList) Set(s string) error {
	ps, err := edge.ParseTrustedProxies(s)
	if err != nil {
		return err
	}
	p.prefixes, p.text = ps, s
	return nil
}
