package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/api"
	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestSecretsNeverPrinted: across `auth login` (good and bad tokens), `auth status`,
// `auth tenants`, `auth tokens` (text and JSON), the debug log and the explorer's
// header, no credential appears; `auth create-token` prints its new token, once, by
// design, and nothing else ever prints it.
func TestSecretsNeverPrinted(t *testing.T) {
	h, s, credFile := cloudHarness(t)
	t.Chdir(t.TempDir()) // --debug writes ./debug.log here
	tok := s.DemoUserToken()
	bad := "pct_notarealtokenatallQRST"
	secrets := map[string]string{"USER token": tok, "bad token": bad}
	// check fails when any secret (but allowed) is in text.
	check := func(what, text, allowed string) {
		t.Helper()
		for name, sec := range secrets {
			if sec != allowed && strings.Contains(text, sec) {
				t.Errorf("%s shows the %s", what, name)
			}
		}
	}
	// run runs a command and checks what it printed (exit status aside).
	run := func(args ...string) (stdout string) {
		t.Helper()
		o, e := len(h.stdout.String()), len(h.stderr.String())
		h.run(context.Background(), args...)
		stdout = h.stdout.String()[o:]
		check(strings.Join(redact(args, secrets), " "), stdout+h.stderr.String()[e:], "")
		return stdout
	}

	for _, o := range []string{"text", "json"} {
		run("auth", "login", "--token", bad, "-o", o)
		if _, err := os.Stat(credFile); err == nil {
			t.Fatal("a refused login was saved")
		}
	}
	if out := run("auth", "login", "--token", tok, "--tenant", "production"); !strings.Contains(out, "USER token "+api.Fingerprint(tok)) {
		t.Fatalf("login does not name the token by its fingerprint:\n%s", out)
	}
	for _, o := range []string{"text", "table", "wide", "json", "yaml"} {
		if out := run("auth", "status", "-o", o); !strings.Contains(out, api.Fingerprint(tok)) {
			t.Fatalf("status (%s) has no fingerprint:\n%s", o, out)
		}
		run("auth", "tenants", "-o", o)
		run("auth", "tokens", "-o", o)
	}

	// create-token: the one place a secret is printed, once, on stdout.
	before := len(h.stdout.String())
	h.mustRun("auth", "create-token", "--name", "ci", "--scope", "TENANT")
	created := strings.TrimSpace(h.stdout.String()[before:])
	if !strings.HasPrefix(created, "pct_") || strings.Count(h.stdout.String()+h.stderr.String(), created) != 1 {
		t.Fatalf("create-token printed %q", created)
	}
	secrets["created token"] = created
	for _, o := range []string{"text", "table", "wide", "json", "yaml"} {
		run("auth", "tokens", "-o", o)
		run("--token", created, "auth", "status", "-o", o)
	}

	// The explorer, with a debug log: the picker, the switch, the header after it.
	run("--debug", "--token", tok)
	app := h.programs[len(h.programs)-1]
	app.Update(tea.WindowSizeMsg{Width: 160, Height: 30})
	top := app.Top()
	if top == nil || top.Title() != "tenants" {
		t.Fatalf("first screen: %v", top)
	}
	top, _ = uitest.Send(top, uitest.RunCmd(top.Init())...)
	_, out := uitest.Send(top, uitest.Press("enter"))
	_, out = uitest.Send(top, out...)
	changed, ok := uitest.Find[screen.SessionChangedMsg](out)
	if !ok {
		t.Fatalf("the picker did not switch: %v\n%s", out, top.View())
	}
	app.Update(changed)
	header := app.View().Content
	if !strings.Contains(header, changed.Session.TenantName) || changed.Session.Identity == "" {
		t.Fatalf("header without the tenant:\n%s", header)
	}
	check("the explorer's screen", header, "")
	check("the session identity", changed.Session.Identity, "")
	// The created token appears in create-token's output and nowhere else.
	if n := strings.Count(h.stdout.String()+h.stderr.String(), created); n != 1 {
		t.Errorf("the created token was printed %d times", n)
	}
	logText, err := os.ReadFile(filepath.Join(".", "debug.log"))
	if err != nil {
		t.Fatalf("no debug log: %v", err)
	}
	check("debug.log", string(logText), "")
	if len(logText) == 0 {
		t.Fatal("empty debug log: the check proves nothing")
	}
}

// redact replaces secrets in args, for error messages.
func redact(args []string, secrets map[string]string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		for name, s := range secrets {
			if a == s {
				out[i] = "<" + name + ">"
			}
		}
	}
	return out
}
