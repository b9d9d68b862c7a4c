package chart_test

import (
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"strings"
	"testing"
)

// node is an element of a parsed chart.
type node struct {
	name  string
	attr  map[string]string
	kids  []*node
	text  strings.Builder // character data directly inside
	outer *node
}

// parse reads a chart as strict XML and fails the test when it is not
// well-formed or is not one <svg> root.
func parse(t *testing.T, h template.HTML) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(h)))
	d.Strict = true
	top := &node{name: "#document"}
	cur := top
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v\n%s", err, h)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}, outer: cur}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			cur.kids = append(cur.kids, n)
			cur = n
		case xml.EndElement:
			cur = cur.outer
		case xml.CharData:
			cur.text.Write(tok)
		}
	}
	if len(top.kids) != 1 || top.kids[0].name != "svg" {
		t.Fatalf("got %d root elements, want one <svg>", len(top.kids))
	}
	return top.kids[0]
}

// all returns every element under n (n included) for which ok is true.
func (n *node) all(ok func(*node) bool) []*node {
	var out []*node
	if ok(n) {
		out = append(out, n)
	}
	for _, k := range n.kids {
		out = append(out, k.all(ok)...)
	}
	return out
}

// classed returns the elements whose class list has c.
func (n *node) classed(c string) []*node {
	return n.all(func(e *node) bool { return hasWord(e.attr["class"], c) })
}

// named returns the elements called name.
func (n *node) named(name string) []*node {
	return n.all(func(e *node) bool { return e.name == name })
}

// texts returns the text of every <text> element, in order.
func (n *node) texts() []string {
	var out []string
	for _, e := range n.named("text") {
		out = append(out, e.text.String())
	}
	return out
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}

// checkChart checks what every chart must be: accessible, self-contained,
// free of styles and scripts, and free of NaN and infinities.
func checkChart(t *testing.T, h template.HTML) *node {
	t.Helper()
	root := parse(t, h)
	if root.attr["role"] != "img" {
		t.Errorf("role: got %q, want img", root.attr["role"])
	}
	if root.attr["viewBox"] == "" || root.attr["xmlns"] != "http://www.w3.org/2000/svg" {
		t.Errorf("got viewBox %q xmlns %q, want a viewBox and the SVG namespace", root.attr["viewBox"], root.attr["xmlns"])
	}
	ids := map[string]*node{}
	for _, e := range root.all(func(e *node) bool { return e.attr["id"] != "" }) {
		if ids[e.attr["id"]] != nil {
			t.Errorf("id %q is used twice", e.attr["id"])
		}
		ids[e.attr["id"]] = e
	}
	refs := strings.Fields(root.attr["aria-labelledby"])
	if len(refs) != 2 || ids[refs[0]] == nil || ids[refs[0]].name != "title" || ids[refs[1]] == nil || ids[refs[1]].name != "desc" {
		t.Errorf("aria-labelledby %q: want the ids of the chart's <title> and <desc>", root.attr["aria-labelledby"])
	} else if ids[refs[0]].outer != root || strings.TrimSpace(ids[refs[1]].text.String()) == "" {
		t.Errorf("want <title> a child of <svg> and a non-empty <desc>")
	}
	for _, e := range root.all(func(*node) bool { return true }) {
		switch e.name {
		case "style", "script", "foreignObject", "image", "use", "a":
			t.Errorf("got a <%s> element, want none", e.name)
		}
		for a, v := range e.attr {
			if a == "style" || strings.HasPrefix(strings.ToLower(a), "on") || a == "href" {
				t.Errorf("<%s> has attribute %s=%q, want none (CSP, self-contained)", e.name, a, v)
			}
			if strings.Contains(v, "NaN") || strings.Contains(v, "Inf") {
				t.Errorf("<%s %s=%q>: a coordinate is not a number", e.name, a, v)
			}
		}
	}
	return root
}
