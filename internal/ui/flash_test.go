package ui

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

func TestFlashKinds(t *testing.T) {
	ok := parseFlash(encodeFlash("Meeting scheduled."))
	if ok.Err || ok.Msg != "Meeting scheduled." {
		t.Errorf("success flash: got %+v, want a note of success", ok)
	}
	bad := parseFlash(encodeErrorFlash("period_end", "must not be before the period's start"))
	if !bad.Err || bad.Field != "period_end" || bad.Msg != "must not be before the period's start" {
		t.Errorf("error flash: got %+v, want an error on period_end", bad)
	}
}

// TestErrorFlashShowsAsAlert follows a refused form back to its page: the
// error is an alert (not the success box), naming the field in words.
func TestErrorFlashShowsAsAlert(t *testing.T) {
	p, err := LoadPages()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	flashError(rec, "quality_measures.hba1c-control", "required by these terms")
	req := httptest.NewRequest("GET", "/login", nil)
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	s := &App{pages: p, Loader: &views.Loader{Edge: &edge.Edge{}}}
	out := httptest.NewRecorder()
	s.render(out, req, "login", views.PageData{Title: "Sign in", Data: map[string]string{}})
	body := out.Body.String()
	alert, _, found := strings.Cut(body[strings.Index(body, "<main"):], "</main>")
	if !found || !strings.Contains(alert, `class="alert" role="alert"`) {
		t.Fatalf("got no alert in\n%s", alert)
	}
	if strings.Contains(alert, `class="flash"`) {
		t.Errorf("the error is shown in the success box:\n%s", alert)
	}
	if !strings.Contains(alert, "Quality measure, hba1c-control") || strings.Contains(alert, "quality_measures.") {
		t.Errorf("got %s, want the field in words", alert)
	}
}
