package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
)

const userUsage = `user <create|list|set-password|reset-link|reset-second-factor|disable|enable|export|erase> [flags]

  create        --email E --name N [--organization O] [--admin] [--password-stdin]
  list
  set-password  --email E   (reads the new password from standard input)
  reset-link    --email E [--base-url URL]   (prints a one-time link valid for 24 hours)
  reset-second-factor  --email E   (removes their authenticator app, passkeys and
                recovery codes, for a person who lost them all: check who
                is asking first; they set up a new one at their next sign-in)
  disable       --email E   (signs the person out everywhere; history is kept)
  enable        --email E
  export        --email E   (prints everything accord holds about the person, as JSON)
  erase         --email E --confirm   (a departed person: their name and e-mail become a
                pseudonym, their sign-in, tokens and second factors are removed and their
                memberships end; decisions keep the pseudonym, the audit trail is kept
                as it is (docs/security.md). It cannot be undone)`

func cmdUser(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return usageErrorf("%s", userUsage)
	}
	sub := args[0]
	fs := newFlagSet(env, "user "+sub, userUsage)
	if isHelp(args) {
		return fs.Parse([]string{"--help"})
	}
	var f dbFlags
	f.register(fs, env)
	email := fs.String("email", "", "the person's e-mail address")
	name := fs.String("name", "", "full name (create)")
	org := fs.String("organization", "", "organisation the person works for (create)")
	admin := fs.Bool("admin", false, "make an installation admin, who may create alliances (create)")
	pwStdin := fs.Bool("password-stdin", false, "read a password from standard input (create)")
	confirm := fs.Bool("confirm", false, "confirm an erasure, which cannot be undone (erase)")
	baseURL := fs.String("base-url", envDefault(env, "ACCORD_BASE_URL", "http://127.0.0.1:8080"), "public URL for the link (reset-link)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := f.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	actor := accord.SystemActor("cli")
	switch sub {
	case "create":
		return userCreate(ctx, env, db, actor, accord.User{Email: *email, Name: *name, SuperAdmin: *admin}, *org, *pwStdin)
	case "list":
		return userList(ctx, env, db)
	}
	if *email == "" {
		return usageErrorf("--email is required")
	}
	u, _, err := db.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(*email)))
	if err != nil {
		return err
	}
	switch sub {
	case "set-password":
		pw, err := readPassword(env, u.Email, u.Name)
		if err != nil {
			return err
		}
		hash, err := password.Hash(pw, password.Default)
		if err != nil {
			return err
		}
		if err := db.SetPassword(ctx, actor, u.ID, hash); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "password set for %s; their sessions were ended and their API tokens revoked\n", u.Email)
	case "reset-link":
		tok, err := db.CreatePasswordReset(ctx, actor, u.ID, 24*time.Hour)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s/reset/%s\n", strings.TrimRight(*baseURL, "/"), tok)
	case "reset-second-factor":
		if err := db.ResetSecondFactors(ctx, actor, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s has no second factor now: they sign in with their password and set up a new one\n", u.Email)
	case "disable", "enable":
		if _, err := db.SetUserDisabled(ctx, actor, u.ID, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s is now %sd\n", u.Email, sub)
	case "export":
		data, err := db.PersonData(ctx, u.ID)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(data)
	case "erase":
		if !*confirm {
			return usageErrorf("erasing %s cannot be undone: add --confirm", u.Email)
		}
		erased, err := db.ErasePerson(ctx, actor, u.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s is now %q (%s); their decisions keep that name, and `accord audit verify` still passes\n", u.Email, erased.Name, erased.Email)
	default:
		return usageErrorf("unknown user command %q\n\n%s", sub, userUsage)
	}
	return nil
}

func userCreate(ctx context.Context, env *Env, db *store.DB, actor accord.Actor, u accord.User, org string, pwStdin bool) error {
	if org != "" {
		o, err := db.EnsureOrganization(ctx, actor, org)
		if err != nil {
			return err
		}
		u.OrgID = o.ID
	}
	var hash string
	if pwStdin {
		pw, err := readPassword(env, u.Email, u.Name)
		if err != nil {
			return err
		}
		if hash, err = password.Hash(pw, password.Default); err != nil {
			return err
		}
	}
	if err := db.CreateUser(ctx, actor, &u, hash); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "created %s (%s)\n", u.Email, u.ID)
	if hash == "" {
		fmt.Fprintln(env.Stdout, "no password yet: give them a link with 'accord user reset-link --email "+u.Email+"'")
	}
	return nil
}

func userList(ctx context.Context, env *Env, db *store.DB) error {
	us, err := db.ListUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tINSTALLATION ADMIN\tSTATUS")
	for _, u := range us {
		status := "active"
		if !u.Active() {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", u.Email, u.Name, u.SuperAdmin, status)
	}
	return tw.Flush()
}

// readPassword reads one line from standard input and checks the rules,
// personal being the person's e-mail address and name.
func readPassword(env *Env, personal ...string) (string, error) {
	sc := bufio.NewScanner(env.Stdin)
	if !sc.Scan() {
		return "", usageErrorf("expected a password on standard input")
	}
	pw := strings.TrimRight(sc.Text(), "\r\n")
	if err := accord.CheckPassword(pw, personal...); err != nil {
		return "", err
	}
	return pw, nil
}
