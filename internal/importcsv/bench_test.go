package importcsv

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkRead parses 100,000 observation rows of a few KPIs and segments,
// as a routine export has them.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("kpi,period,segment,numerator,denominator\n")
	for i := range 100_000 {
		fmt.Fprintf(&buf, "kpi-%d,%d-%02d,Clinic %d,%d,%d\n", i%7, 2000+i/1200, 1+i%12, i%17, i%1000, 1000+i%50)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		res, err := Read(bytes.NewReader(data), "f.csv")
		if err != nil || len(res.Rows) != 100_000 {
			b.Fatalf("got %v", err)
		}
	}
}
