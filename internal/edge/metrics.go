package edge

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the request counters and durations, by route pattern.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the request metrics with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accord_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "accord_http_request_duration_seconds", Help: "Time to serve HTTP requests by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// observe counts a request under the route pattern that served it, as the
// router noted it (see notePattern): requests refused before routing (a
// cross-origin form, an invalid token) and methods a path does not take
// count as "unmatched"; paths accord does not serve fall to the pattern "/".
func (m *Metrics) observe(r *http.Request, route string, code int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, r.Method, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

// patternKey is the context key of where the router notes the pattern
// that matched.
type patternKey struct{}

// withPatternNote gives the request a place for the router to note which
// route pattern it matched; the router sets the pattern on its own copy of
// the request, which the outer middleware does not see.
func withPatternNote(r *http.Request) (*http.Request, *string) {
	var p string
	return r.WithContext(context.WithValue(r.Context(), patternKey{}, &p)), &p
}

// NotePattern notes, once the router is done, the pattern it matched.
func NotePattern(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p, ok := r.Context().Value(patternKey{}).(*string); ok {
				*p = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// MetricsHandler serves /metrics from gatherer alone, for the separate
// metrics address (Config.MetricsAddr); with a MetricsToken it too asks
// for the token.
func (s *Edge) MetricsHandler(gatherer prometheus.Gatherer) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.MetricsAuth(promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{})))
	return mux
}

// MetricsAuth lets through requests that carry the operator's metrics
// token, when one is configured; without one it lets everything through,
// and the caller decides where metrics are served at all.
func (s *Edge) MetricsAuth(h http.Handler) http.Handler {
	if s.Cfg.MetricsToken == "" {
		return h
	}
	want := sha256.Sum256([]byte(s.Cfg.MetricsToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="accord metrics"`)
			http.Error(w, "metrics need the operator's metrics token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
