package server_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/accord-alliance/accord/internal/"

// TestEdgeLayers checks that the HTTP edge's packages import one way,
// edge ← views ← {ui, api} ← server, so that a page never reaches into the
// API's files or the other way round, and the shared edge knows neither.
func TestEdgeLayers(t *testing.T) {
	t.Parallel()
	forbidden := map[string][]string{
		"edge":  {"views", "ui", "api", "server"},
		"views": {"ui", "api", "server"},
		"ui":    {"api", "server"},
		"api":   {"ui", "server"},
	}
	for pkg, not := range forbidden {
		for _, f := range parseDir(t, "../"+pkg) {
			for _, imp := range f.file.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if name, ok := strings.CutPrefix(path, module); ok && slices.Contains(not, name) {
					t.Errorf("%s imports internal/%s; the edge's packages import one way: edge ← views ← {ui, api} ← server", f.name, name)
				}
			}
		}
	}
}

// TestOneWayToFail checks that page and API handlers return their errors
// rather than writing them: outside the edge, only the few places that
// answer a returned error (and the API's bearer guard) call Fail.
func TestOneWayToFail(t *testing.T) {
	t.Parallel()
	allowed := map[string]bool{"ui.handle": true, "ui.failBack": true, "api.apiAuth": true}
	for _, pkg := range []string{"views", "ui", "api"} {
		for _, f := range parseDir(t, "../"+pkg) {
			for _, d := range f.file.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Fail" && !allowed[pkg+"."+fd.Name.Name] {
						t.Errorf("%s: %s calls Fail; return the error instead (ui: return backTo(page, err) for a refused form)", f.name, fd.Name.Name)
					}
					return true
				})
			}
		}
	}
}

type parsedFile struct {
	name string
	file *ast.File
}

func parseDir(t *testing.T, dir string) []parsedFile {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	var out []parsedFile
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parsedFile{name: strings.TrimPrefix(name, "../"), file: f})
	}
	return out
}

// TestNoFailureDropped checks that no call to a method that answers a
// request and returns its failure (w http.ResponseWriter, ...) error
// stands alone as a statement, where its error would be lost.
func TestNoFailureDropped(t *testing.T) {
	t.Parallel()
	var files []parsedFile
	answers := map[string]bool{}
	for _, pkg := range []string{"views", "ui", "api"} {
		for _, f := range parseDir(t, "../"+pkg) {
			files = append(files, f)
			for _, d := range f.file.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv == nil || fd.Type.Results == nil || len(fd.Type.Results.List) != 1 || len(fd.Type.Params.List) == 0 {
					continue
				}
				if types.ExprString(fd.Type.Params.List[0].Type) == "http.ResponseWriter" && types.ExprString(fd.Type.Results.List[0].Type) == "error" {
					answers[fd.Name.Name] = true
				}
			}
		}
	}
	if len(answers) < 100 {
		t.Fatalf("found only %d handlers returning their error; has their shape changed?", len(answers))
	}
	for _, f := range files {
		ast.Inspect(f.file, func(n ast.Node) bool {
			es, ok := n.(*ast.ExprStmt)
			if !ok {
				return true
			}
			if call, ok := es.X.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && answers[sel.Sel.Name] {
					t.Errorf("%s: the error %s returns is dropped; return it", f.name, sel.Sel.Name)
				}
			}
			return true
		})
	}
}
