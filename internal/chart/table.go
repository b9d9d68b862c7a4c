package chart

// DataTable is a chart's data as text: the table alternative a page offers
// beside the chart. Columns that would be empty are left out.
type DataTable struct {
	Columns []string
	Rows    [][]string
}

// Table returns one row per period: the period, the value ("No data" when
// missing), the target, centre line and limits when the series has them,
// and the signals and annotations at that period.
func Table(se Series, fm Format) DataTable {
	n := se.len()
	type column struct {
		name string
		cell func(i int) string
	}
	line := func(l Line) func(int) string {
		return func(i int) string {
			if v := l.at(i); finite(v) {
				return fm.Value(v)
			}
			return ""
		}
	}
	cols := []column{
		{"Period", se.period},
		{se.name(), func(i int) string {
			switch v := se.value(i); {
			case se.provisional(i):
				return fm.Value(v) + " (provisional)"
			case finite(v):
				return fm.Value(v)
			}
			return "No data"
		}},
	}
	for _, c := range []struct {
		name string
		l    Line
	}{{"Target", se.Target}, {se.centreLabel(), se.Centre}, {"Lower limit", se.LCL}, {"Upper limit", se.UCL}} {
		if c.l.present(n) {
			cols = append(cols, column{c.name, line(c.l)})
		}
	}
	eff, labels, marked := se.marks()
	if len(se.Signals) > 0 {
		cols = append(cols, column{"Signal", func(i int) string {
			if !marked[i] {
				return ""
			}
			if labels[i] != "" {
				return eff[i].String() + ": " + labels[i]
			}
			return eff[i].String()
		}})
	}
	idx, notes := se.annotationsAt()
	if len(notes) > 0 {
		cols = append(cols, column{"Note", func(i int) string {
			out := ""
			for k, at := range idx {
				if at == i {
					if out != "" {
						out += "; "
					}
					out += notes[k].Label
				}
			}
			return out
		}})
	}
	t := DataTable{Rows: make([][]string, n)}
	for _, c := range cols {
		t.Columns = append(t.Columns, c.name)
	}
	for i := range n {
		row := make([]string, len(cols))
		for k, c := range cols {
			row[k] = c.cell(i)
		}
		t.Rows[i] = row
	}
	return t
}
