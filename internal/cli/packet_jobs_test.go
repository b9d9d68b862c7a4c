package cli

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store/storetest"
	"github.com/prometheus/client_golang/prometheus"
)

// TestJobRunnerMailsPackets runs the job runner `accord serve` wires, with
// the packet mailing wired as serve wires it over the server: a steering
// meeting two days ahead, inside the committee's packet window, has its
// packet e-mailed to every seat-holder by the packets.send job, as the
// HTML page when the printer has no Chromium.
func TestJobRunnerMailsPackets(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			hash, err := password.Hash(demo.Password, password.Fast)
			if err != nil {
				t.Fatal(err)
			}
			res, err := demo.Generate(ctx, db, hash, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			a, err := db.AllianceBySlug(ctx, res.AllianceSlug)
			if err != nil {
				t.Fatal(err)
			}
			c, err := db.CommitteeByKey(ctx, a.ID, "steering")
			if err != nil {
				t.Fatal(err)
			}
			m := accord.Meeting{CommitteeID: c.ID, StartsAt: time.Now().UTC().AddDate(0, 0, 2).Truncate(time.Hour)}
			if err := db.CreateMeeting(ctx, accord.SystemActor("test"), &m); err != nil {
				t.Fatal(err)
			}

			sink := smtptest.New(t)
			mailer := &notify.SMTP{Addr: sink.Addr(), From: "accord@example.org"}
			cfg := server.Config{Mailer: mailer, BaseURL: "https://accord.example.org", Password: password.Fast,
				Printer: pdfprint.Printer{Path: "/nonexistent/chromium"}}
			srv, err := server.New(cfg, db, slog.New(slog.DiscardHandler), prometheus.NewRegistry(), time.Now)
			if err != nil {
				t.Fatal(err)
			}
			env := &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }, Now: time.Now}
			packets := &packet.Mailing{Store: db, Build: srv.Views(), Printer: cfg.Printer, Mailer: mailer, Base: srv.Views().MailBase(), Now: time.Now}
			r, err := newJobRunner(db, slog.New(slog.DiscardHandler), env, jobFlags{poll: 10 * time.Millisecond, cleanup: time.Hour}, packets)
			if err != nil {
				t.Fatal(err)
			}
			rctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- r.Run(rctx) }()
			t.Cleanup(func() { cancel(); <-done })

			for _, st := range packet.ServingSeats(c, m.StartsAt) {
				waitForMail(t, sink, st.HolderEmail, "Steering committee, "+m.StartsAt.Format("2 January 2006")+": agenda and packet")
				if msg := lastMail(sink, st.HolderEmail); !strings.Contains(msg, "packet-steering-"+m.StartsAt.Format("2006-01-02")+".html") {
					t.Errorf("the packet e-mailed to %s is not attached as its HTML page", st.HolderEmail)
				}
			}
		})
	}
}
