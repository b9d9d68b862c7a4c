package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/accord-alliance/accord/internal/accord"
)

// translate turns driver errors that mean something to a user (a unique or
// foreign-key violation) into domain errors, per driver; others pass through.
func translate(d Dialect, err error) error {
	if err == nil {
		return nil
	}
	var de *accord.Error
	if errors.As(err, &de) {
		return err
	}
	switch d {
	case Postgres:
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			switch pe.Code {
			case "23505":
				return &accord.Error{Code: accord.ECONFLICT, Message: "that already exists", Err: err}
			case "23503":
				return &accord.Error{Code: accord.EINVALID, Message: "refers to something that does not exist", Err: err}
			case "22021", "22P05":
				// Invalid UTF-8 or a NUL character: PostgreSQL text cannot hold them.
				return &accord.Error{Code: accord.EINVALID, Message: "contains characters that cannot be stored (invalid UTF-8 or NUL)", Err: err}
			}
		}
	case SQLite:
		// By the extended result code, never by the message's text.
		var se *sqlite.Error
		if errors.As(err, &se) {
			switch se.Code() {
			case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
				return &accord.Error{Code: accord.ECONFLICT, Message: "that already exists", Err: err}
			case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
				return &accord.Error{Code: accord.EINVALID, Message: "refers to something that does not exist", Err: err}
			}
		}
	}
	return err
}
