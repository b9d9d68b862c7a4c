package store

import (
	"context"
	"database/sql"
)

// scanner is what both *sql.Row and *sql.Rows offer; the scan functions of
// the entities take it so one function reads a row from either. It is an
// alias so that functions declared with the literal interface fit too.
type scanner = interface{ Scan(...any) error }

// queryAll runs a query in the transaction and reads every row with scan.
// The rows are read completely and closed before it returns, so the caller
// may write in the same transaction right after. No rows give a nil slice,
// as the hand-written loops did.
func queryAll[T any](ctx context.Context, tx *Tx, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scan)
}

// scanAll reads every row of rows with scan, closes rows and returns the
// first error of scanning or of the iteration (rows.Err).
func scanAll[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// scanValue reads a row of one column into a T.
func scanValue[T any](s scanner) (T, error) {
	var v T
	err := s.Scan(&v)
	return v, err
}
