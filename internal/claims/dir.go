package claims

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// FromDir reads a claims directory: enrollment.csv (required) and each of
// Layouts' files that exists (at least one). Each file may instead be
// Parquet, with the same name ending in .parquet (enrollment.parquet,
// partb_physicians.parquet) and the same columns. Nothing is returned
// unless every file reads cleanly and someone is enrolled in the period.
// The totals list the files read and the directory's other files, which
// were not.
func FromDir(dir string, opts Options) (Totals, error) {
	b, err := NewBook(opts)
	if err != nil {
		return Totals{}, err
	}
	var read []string
	name, err := readFile(dir, EnrollmentFile, b.ReadEnrollment, b.ReadEnrollmentParquet)
	if err != nil {
		return Totals{}, err
	}
	read = append(read, name)
	for _, l := range Layouts {
		name, err := readFile(dir, l.File, func(r io.Reader, name string) error { return b.ReadClaims(r, name, l) },
			func(r io.ReaderAt, size int64, name string) error { return b.ReadClaimsParquet(r, size, name, l) })
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Totals{}, err
		}
		read = append(read, name)
	}
	if len(read) == 1 {
		return Totals{}, fmt.Errorf("claims %s: no claims files (want %s, %s or %s, as CSV or Parquet)", dir, PartAHeader.File, PartBPhysician.File, PartBDME.File)
	}
	if err := b.CheckEnrolled(); err != nil {
		return Totals{}, err
	}
	t := b.Totals()
	if t.FilesNotRead, err = notRead(dir, read); err != nil {
		return Totals{}, err
	}
	t.FilesRead = read
	return t, nil
}

// notRead lists the files in dir that are not among read, sorted.
func notRead(dir string, read []string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("claims %s: %w", dir, err)
	}
	var out []string
	for _, e := range entries {
		if !slices.Contains(read, e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// ParquetName is a layout's file name with .parquet for .csv.
func ParquetName(csvName string) string { return strings.TrimSuffix(csvName, ".csv") + ".parquet" }

// readFile reads dir/name as CSV, or its Parquet twin when that exists
// instead; both is an error, so that no file is silently ignored. It
// returns the name of the file it read.
func readFile(dir, name string, readCSV func(io.Reader, string) error, readParquet func(io.ReaderAt, int64, string) error) (string, error) {
	path, pq := filepath.Join(dir, name), filepath.Join(dir, ParquetName(name))
	_, csvErr := os.Stat(path)
	_, pqErr := os.Stat(pq)
	switch {
	case csvErr == nil && pqErr == nil:
		return "", fmt.Errorf("claims %s: both %s and %s: keep one", dir, name, ParquetName(name))
	case pqErr == nil:
		f, err := os.Open(pq)
		if err != nil {
			return "", err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return "", err
		}
		return ParquetName(name), readParquet(f, st.Size(), pq)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return name, readCSV(f, path)
}
