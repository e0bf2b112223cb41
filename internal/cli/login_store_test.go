package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prefect-tui/prefect-tui/ui/screen"
	"github.com/prefect-tui/prefect-tui/ui/uitest"
)

// TestLoginScreenHonoursTheCredentialStore: with --credential-store file the login
// screen offers the file (and this session), never the OS keyring, and a login with
// its default choice is kept in the file, as `auth login` keeps it.
func TestLoginScreenHonoursTheCredentialStore(t *testing.T) {
	h, s, credFile := cloudHarness(t)
	if code := h.run(context.Background(), "--credential-store", "file"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	app := h.programs[len(h.programs)-1]
	app.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	top := app.Top()
	if top == nil || top.Title() != "log in" {
		t.Fatalf("first screen: %v", top)
	}
	v := uitest.Strip(app.View().Content)
	if strings.Contains(v, "keyring") || !strings.Contains(v, "[file (mode 0600)]") {
		t.Fatalf("the login screen offers the keyring or does not preselect the file:\n%s", v)
	}
	top, _ = uitest.Send(top, uitest.RunCmd(top.Init())...)
	_, out := uitest.Send(top, append(uitest.Type(s.DemoUserToken()), uitest.Press("enter"))...)
	top, out = uitest.Send(top, out...)
	if _, ok := uitest.Find[screen.SessionChangedMsg](out); !ok {
		t.Fatalf("no login: %v\n%s", out, uitest.Strip(top.View()))
	}
	data, err := os.ReadFile(credFile)
	if err != nil || !strings.Contains(string(data), "token") {
		t.Fatalf("the login was not kept in %s: %v", credFile, err)
	}
}
