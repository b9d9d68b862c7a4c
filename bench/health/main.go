// Command health measures the partnership health page against issue 16's
// figure (p95 ≤ 50 ms for an alliance of 2,000 members with 24 rounds), on
// SQLite or PostgreSQL, and prints a Markdown row for docs/benchmarks.md:
//
//	go run ./bench/health                          # a new SQLite file
//	go run ./bench/health -database postgres://…   # an empty PostgreSQL database
//
// The alliance has four parties of 500 members; each of 24 quarterly rounds
// of the default instrument is answered by 60% of them, every item. Page
// times are taken by the client over loopback, from the request sent to the
// last byte of the answer read (so a little above the server's own time).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/pulse"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

func main() {
	var (
		database = flag.String("database", "", "SQLite file or postgres:// URL (default: a new SQLite file in a temporary folder)")
		members  = flag.Int("members", 2000, "members of the alliance, in four parties")
		rounds   = flag.Int("rounds", 24, "closed quarterly rounds")
		requests = flag.Int("requests", 200, "requests of the health page")
	)
	flag.Parse()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "accord-bench-health-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if *database == "" {
		*database = filepath.Join(dir, "health.db")
	}
	if err := run(ctx, *database, *members, *rounds, *requests); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, database string, members, rounds, requests int) error {
	db, err := store.Open(ctx, database, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	now := time.Now().UTC()
	start := time.Now()
	user, err := build(ctx, db, members, rounds, now)
	if err != nil {
		return err
	}
	fmt.Printf("built %d members and %d rounds on %s in %s\n", members, rounds, db.Dialect(), time.Since(start).Round(time.Second))
	srv, err := server.New(server.Config{}, db, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry(), nil)
	if err != nil {
		return err
	}
	var times []time.Duration
	timed := srv.Handler(prometheus.NewRegistry())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: timed}
	go hs.Serve(ln)
	defer hs.Close()
	token, err := db.CreateSession(ctx, user, time.Hour)
	if err != nil {
		return err
	}
	get := func() error {
		t := time.Now()
		defer func() { times = append(times, time.Since(t)) }()
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/a/bench-health/health", nil)
		req.AddCookie(&http.Cookie{Name: "accord_session", Value: token})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("health page: status %d", resp.StatusCode)
		}
		return nil
	}
	if err := get(); err != nil {
		return err
	}
	first := times[0]
	times = times[:0]
	for range requests {
		if err := get(); err != nil {
			return err
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	pct := func(p float64) string {
		return fmt.Sprintf("%.2f ms", float64(times[int(p*float64(len(times)-1)+0.5)].Microseconds())/1000)
	}
	fmt.Printf("\n| %s | first view | p50 | p95 |\n|---|---|---|---|\n| health page, %d members, %d rounds, %d requests | %.2f ms | %s | %s |\n",
		db.Dialect(), members, rounds, requests, float64(first.Microseconds())/1000, pct(0.5), pct(0.95))
	return nil
}

// build makes the alliance, its members and its closed rounds, and returns
// the id of a member to read the page as.
func build(ctx context.Context, db *store.DB, members, rounds int, now time.Time) (string, error) {
	actor := accord.SystemActor("bench")
	founded := now.AddDate(0, -3*rounds-1, 0)
	at := db.AtTime(founded)
	a := accord.Alliance{Slug: "bench-health", Name: "Benchmark Health"}
	if err := at.CreateAlliance(ctx, actor, &a); err != nil {
		return "", err
	}
	var parties []accord.Party
	for i, role := range []accord.PartyRole{accord.PartyPayer, accord.PartyProvider, accord.PartyInvestor, accord.PartyVendor} {
		o, err := at.EnsureOrganization(ctx, actor, fmt.Sprintf("Bench health org %d", i))
		if err != nil {
			return "", err
		}
		p := accord.Party{AllianceID: a.ID, OrgID: o.ID, Role: role}
		if err := at.AddParty(ctx, actor, &p); err != nil {
			return "", err
		}
		parties = append(parties, p)
	}
	var ms []accord.Membership
	roles := []accord.Role{accord.RoleMember, accord.RoleOperations, accord.RoleClinicalLeader, accord.RoleFinance, accord.RoleExecutive}
	for i := range members {
		u := accord.User{Email: fmt.Sprintf("m%04d@bench-health.example", i), Name: fmt.Sprintf("Member %d", i)}
		if err := at.CreateUser(ctx, actor, &u, ""); err != nil {
			return "", err
		}
		m := accord.Membership{AllianceID: a.ID, UserID: u.ID, PartyID: parties[i%len(parties)].ID, Roles: accord.Roles{roles[i%len(roles)]}}
		if i == 0 {
			m.Roles = accord.Roles{accord.RoleAdmin}
		}
		if err := at.AddMember(ctx, actor, &m); err != nil {
			return "", err
		}
		ms = append(ms, m)
	}
	in := pulse.Default(a.ID)
	if err := at.CreateInstrument(ctx, actor, &in); err != nil {
		return "", err
	}
	items := in.Items()
	for k := range rounds {
		opens := accord.Day(now).AddDate(0, -3*(rounds-k), 0)
		r := accord.HealthRound{AllianceID: a.ID, InstrumentID: in.ID, OpensOn: opens, ClosesOn: opens.AddDate(0, 0, 13), ReminderDays: []int{}}
		if err := db.AtTime(opens).ScheduleRound(ctx, actor, &r); err != nil {
			return "", err
		}
		if _, err := db.AtTime(opens).OpenRound(ctx, actor, a.ID, r.ID); err != nil {
			return "", err
		}
		day := db.AtTime(opens.AddDate(0, 0, 3))
		for i, m := range ms {
			if (i+k)%5 >= 3 { // 60% answer
				continue
			}
			answers := map[string]int{}
			for j, it := range items {
				answers[it.Key] = 1 + (i*7+j*3+k)%5
			}
			if err := day.SubmitHealthResponse(ctx, a.ID, m.ID, accord.HealthSubmission{RoundID: r.ID, Answers: answers}); err != nil {
				return "", err
			}
		}
		if _, err := db.AtTime(r.ClosesOn).CloseRound(ctx, actor, a.ID, r.ID); err != nil {
			return "", err
		}
	}
	return ms[0].UserID, nil
}
