package accord

import (
	"fmt"
	"strconv"
	"strings"
)

// Formula is a parsed derived-KPI expression: KPI keys and numbers joined
// by + - * / with parentheses, e.g. "total-cost / member-months". Keys may
// hold '-', so binary minus must be written with spaces around it.
type Formula struct {
	root node
	keys []string
}

type node interface {
	eval(env map[string]float64) (float64, bool)
}

type num float64
type ref string
type binop struct {
	op   byte
	l, r node
}

func (n num) eval(map[string]float64) (float64, bool) { return float64(n), true }
func (r ref) eval(env map[string]float64) (float64, bool) {
	v, ok := env[string(r)]
	return v, ok
}
func (b binop) eval(env map[string]float64) (float64, bool) {
	l, ok1 := b.l.eval(env)
	r, ok2 := b.r.eval(env)
	if !ok1 || !ok2 {
		return 0, false
	}
	switch b.op {
	case '+':
		return l + r, true
	case '-':
		return l - r, true
	case '*':
		return l * r, true
	}
	if r == 0 {
		return 0, false
	}
	return l / r, true
}

// ParseFormula parses a derived-KPI expression.
func ParseFormula(s string) (*Formula, error) {
	p := &formulaParser{toks: tokenize(s)}
	f := &Formula{}
	root, err := p.expr(f)
	if err != nil {
		return nil, FieldError("formula", "%v", err)
	}
	if p.pos != len(p.toks) {
		return nil, FieldError("formula", "unexpected %q", p.toks[p.pos])
	}
	f.root = root
	return f, nil
}

// FormulaKeys lists the KPI keys a formula names (none if it does not parse).
func FormulaKeys(s string) []string {
	f, err := ParseFormula(s)
	if err != nil {
		return nil
	}
	return f.keys
}

// Keys lists the KPI keys the formula names, in order of appearance.
func (f *Formula) Keys() []string { return f.keys }

// Eval computes the formula from the KPIs' values; ok is false when a
// value is missing or a division by zero occurs.
func (f *Formula) Eval(env map[string]float64) (float64, bool) { return f.root.eval(env) }

func tokenize(s string) []string {
	var toks []string
	for _, field := range strings.Fields(s) {
		start := 0
		for i := 0; i < len(field); i++ {
			c := field[i]
			if c == '(' || c == ')' || c == '*' || c == '/' || c == '+' || (c == '-' && len(field) == 1) {
				if i > start {
					toks = append(toks, field[start:i])
				}
				toks = append(toks, string(c))
				start = i + 1
			}
		}
		if start < len(field) {
			toks = append(toks, field[start:])
		}
	}
	return toks
}

type formulaParser struct {
	toks  []string
	pos   int
	depth int // parentheses open
}

// maxFormulaDepth bounds nested parentheses: each level costs the parser
// three stack frames, and a formula of a million "(" took seconds and
// hundreds of megabytes of stack to refuse.
const maxFormulaDepth = 32

func (p *formulaParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *formulaParser) expr(f *Formula) (node, error) {
	l, err := p.term(f)
	for err == nil && (p.peek() == "+" || p.peek() == "-") {
		op := p.toks[p.pos][0]
		p.pos++
		var r node
		if r, err = p.term(f); err == nil {
			l = binop{op, l, r}
		}
	}
	return l, err
}

func (p *formulaParser) term(f *Formula) (node, error) {
	l, err := p.factor(f)
	for err == nil && (p.peek() == "*" || p.peek() == "/") {
		op := p.toks[p.pos][0]
		p.pos++
		var r node
		if r, err = p.factor(f); err == nil {
			l = binop{op, l, r}
		}
	}
	return l, err
}

func (p *formulaParser) factor(f *Formula) (node, error) {
	t := p.peek()
	p.pos++
	switch {
	case t == "":
		return nil, fmt.Errorf("ends too early")
	case t == "(":
		if p.depth++; p.depth > maxFormulaDepth {
			return nil, fmt.Errorf("more than %d parentheses inside one another", maxFormulaDepth)
		}
		n, err := p.expr(f)
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("a ( is not closed")
		}
		p.pos++
		p.depth--
		return n, nil
	case t[0] >= '0' && t[0] <= '9':
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", t)
		}
		return num(v), nil
	case ValidKPIKey(t):
		f.keys = append(f.keys, t)
		return ref(t), nil
	}
	return nil, fmt.Errorf("unexpected %q", t)
}
