package ui

import (
	"net/url"
	"strings"
	"testing"
)

// TestMarkFormError marks the posted form of a page: the field at fault,
// its message right under it, the entries kept, the other forms untouched.
func TestMarkFormError(t *testing.T) {
	page := `<main><form method="get" class="filters"><input name="q" value=""></form>
<details class="addform"><summary>Add</summary>
<form method="post" action="/a/x/items" class="form"><input type="hidden" name="back" value="/a/x">
<label for="t">Title</label><input id="t" name="title" required value="">
<label for="d">Details</label><textarea id="d" name="detail" rows="2"></textarea>
<select name="kind"><option value="a" selected>A</option><option value="b">B</option></select>
<label class="check"><input type="checkbox" name="urgent"> Urgent</label>
<fieldset><legend>Choice</legend><label class="check"><input type="radio" name="choice" value="yes"> Yes</label><label class="check"><input type="radio" name="choice" value="no"> No</label></fieldset>
<input type="password" name="secret"><input name="otp" autocomplete="one-time-code">
<button type="submit">Add</button></form></details>
<form method="post" action="/a/x/items" class="form"><input type="hidden" name="back" value="/a/y"><input name="title"></form></main>`
	posted := url.Values{"back": {"/a/x"}, "title": {`Fix "it" <now>`}, "detail": {"line one\nline two"}, "kind": {"b"}, "urgent": {"on"}, "secret": {"hunter2"}, "otp": {"123456"}}
	cases := []struct {
		field string
		want  []string
	}{
		{"title", []string{`<input id="t" name="title" required value="Fix &#34;it&#34; &lt;now&gt;" aria-invalid="true" aria-describedby="field-error" autofocus><p class="field-error" id="field-error">Title: must be shorter</p>`}},
		{"choice", []string{`<input type="radio" name="choice" value="yes" aria-invalid="true" aria-describedby="field-error" autofocus>`,
			`<input type="radio" name="choice" value="no" aria-invalid="true" aria-describedby="field-error">`, `</fieldset><p class="field-error" id="field-error">Choice: must be shorter</p>`}},
		{"urgent", []string{`Urgent</label><p class="field-error" id="field-error">Urgent: must be shorter</p>`}},
		{"detail", []string{`>line one` + "\n" + `line two</textarea><p class="field-error"`}},
		{"", []string{`<form method="post" action="/a/x/items" class="form"><p class="field-error" id="field-error">must be shorter</p><input type="hidden" name="back" value="/a/x">`}},
	}
	for _, c := range cases {
		got := string(markFormError([]byte(page), "/a/x", &formFailure{Action: "/a/x/items", Field: c.field, Msg: "must be shorter", Values: posted}))
		for _, w := range append(c.want, `<details class="addform" open>`, `<form method="get" class="filters" action="/a/x">`,
			`<option value="a">A</option><option value="b" selected>B</option>`, `<input type="checkbox" name="urgent" checked`,
			`<input type="password" name="secret"><input name="otp" autocomplete="one-time-code">`, `<input type="hidden" name="back" value="/a/y"><input name="title"></form>`) {
			if !strings.Contains(got, w) {
				t.Errorf("field %q: the page lacks %s\n%s", c.field, w, got)
			}
		}
		if n := strings.Count(got, `class="field-error"`); n != 1 {
			t.Errorf("field %q: %d messages, want 1", c.field, n)
		}
	}
}
