// Command pgping exits 0 when the PostgreSQL server at the URL in its first
// argument answers within three seconds; scripts/test.sh uses it so that the
// test run needs no psql client.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pgping postgres://...")
		os.Exit(2)
	}
	db, err := sql.Open("pgx", os.Args[1])
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
