package ui

import (
	"reflect"
	"slices"
	"testing"
	"text/template/parse"
)

// TestChromeKeyCoversTheLayout reads the layout and the "content" templates
// of the pages that show a pageBody, and checks that every field they read
// is part of chromeKey: a field the layout starts to show without being in
// the key would be served stale from the cache.
func TestChromeKeyCoversTheLayout(t *testing.T) {
	keyed := map[string]bool{
		"Can":  true, // decided by the membership's roles and the scope, both keyed
		"Data": true, // the body itself, written between the halves
	}
	var walkType func(reflect.Type)
	walkType = func(tp reflect.Type) {
		for tp.Kind() == reflect.Pointer || tp.Kind() == reflect.Slice {
			tp = tp.Elem()
		}
		if tp.Kind() != reflect.Struct {
			return
		}
		for f := range tp.Fields() {
			keyed[f.Name] = true
			walkType(f.Type)
		}
	}
	walkType(reflect.TypeFor[chromeKey]())

	var used []string
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		if reflect.ValueOf(n).IsNil() {
			return
		}
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			used = append(used, n.Ident...)
		case *parse.VariableNode:
			used = append(used, n.Ident[1:]...)
		case *parse.ChainNode:
			walk(n.Node)
			used = append(used, n.Field...)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		}
	}
	for _, file := range []string{"_layout.html", "scorecard.html", "kpi.html"} {
		text, err := Assets.ReadFile("templates/" + file)
		if err != nil {
			t.Fatal(err)
		}
		trees, tr := map[string]*parse.Tree{}, parse.New(file)
		tr.Mode = parse.SkipFuncCheck
		if _, err := tr.Parse(string(text), "{{", "}}", trees); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for name, tree := range trees {
			if name == "layout" || name == "content" {
				walk(tree.Root)
			}
		}
	}
	if !slices.Contains(used, "Unread") || !slices.Contains(used, "Slug") {
		t.Fatalf("read %v from the layout: the walk misses the navigation", used)
	}
	for _, f := range used {
		if !keyed[f] {
			t.Errorf("the layout or a cached page's content reads .%s, which chromeKey does not hold: add it to chromeKey and chromeKeyOf", f)
		}
	}
}
