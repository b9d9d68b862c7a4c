package claims

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FromDir reads a claims directory: enrollment.csv (required) and each of
// Layouts' files that exists (at least one). Each file may instead be
// Parquet, with the same name ending in .parquet (enrollment.parquet,
// partb_physicians.parquet) and the same columns. Nothing is returned
// unless every file reads cleanly.
func FromDir(dir string, opts Options) (Totals, error) {
	b, err := NewBook(opts)
	if err != nil {
		return Totals{}, err
	}
	err = readFile(dir, EnrollmentFile, b.ReadEnrollment, b.ReadEnrollmentParquet)
	if err != nil {
		return Totals{}, err
	}
	found := 0
	for _, l := range Layouts {
		err := readFile(dir, l.File, func(r io.Reader, name string) error { return b.ReadClaims(r, name, l) },
			func(r io.ReaderAt, size int64, name string) error { return b.ReadClaimsParquet(r, size, name, l) })
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Totals{}, err
		}
		found++
	}
	if found == 0 {
		return Totals{}, fmt.Errorf("claims %s: no claims files (want %s, %s or %s, as CSV or Parquet)", dir, PartAHeader.File, PartBPhysician.File, PartBDME.File)
	}
	return b.Totals(), nil
}

// ParquetName is a layout's file name with .parquet for .csv.
func ParquetName(csvName string) string { return strings.TrimSuffix(csvName, ".csv") + ".parquet" }

// readFile reads dir/name as CSV, or its Parquet twin when that exists
// instead; both is an error, so that no file is silently ignored.
func readFile(dir, name string, readCSV func(io.Reader, string) error, readParquet func(io.ReaderAt, int64, string) error) error {
	path, pq := filepath.Join(dir, name), filepath.Join(dir, ParquetName(name))
	_, csvErr := os.Stat(path)
	_, pqErr := os.Stat(pq)
	switch {
	case csvErr == nil && pqErr == nil:
		return fmt.Errorf("claims %s: both %s and %s: keep one", dir, name, ParquetName(name))
	case pqErr == nil:
		f, err := os.Open(pq)
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		return readParquet(f, st.Size(), pq)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return readCSV(f, path)
}
