package auth_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/prefect-tui/prefect-tui/api/auth"
)

const apiURL = "http://127.0.0.1:4200/graphql"

func sample() auth.Saved {
	return auth.Saved{Kind: auth.KindToken, Secret: "pct_secretsecretsecretABCD", TenantID: "t-1", TenantSlug: "prod", Scope: "USER",
		Saved: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// roundTrip saves, loads, overwrites and deletes through a store.
func roundTrip(t *testing.T, st auth.Store) {
	t.Helper()
	if _, ok, err := st.Load(apiURL); err != nil || ok {
		t.Fatalf("empty store: ok=%v err=%v", ok, err)
	}
	want := sample()
	if err := st.Save(apiURL, want); err != nil {
		t.Fatal(err)
	}
	// The same API spelled differently finds the same login.
	got, ok, err := st.Load("http://127.0.0.1:4200/")
	if err != nil || !ok || got != want {
		t.Fatalf("load = %+v %v %v, want %+v", got, ok, err, want)
	}
	if _, ok, _ := st.Load("http://other:4200/graphql"); ok {
		t.Fatal("a login leaked to another API")
	}
	want.TenantSlug = "staging"
	if err := st.Save(apiURL, want); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := st.Load(apiURL); got.TenantSlug != "staging" {
		t.Fatalf("overwrite: %+v", got)
	}
	if err := st.Delete(apiURL); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Load(apiURL); ok {
		t.Fatal("delete left the login")
	}
	if err := st.Delete(apiURL); err != nil {
		t.Fatalf("deleting nothing: %v", err)
	}
}

func TestKeyringStoreWithMock(t *testing.T) {
	keyring.MockInit()
	roundTrip(t, auth.KeyringStore{})
	if err := auth.KeyringAvailable(); err != nil {
		t.Fatalf("mock keyring unavailable: %v", err)
	}
	// The value in the keyring is the login as JSON, under service prefect-tui.
	if err := (auth.KeyringStore{}).Save(apiURL, sample()); err != nil {
		t.Fatal(err)
	}
	v, err := keyring.Get(auth.KeyringService, apiURL)
	if err != nil || !strings.Contains(v, `"tenant_slug":"prod"`) {
		t.Fatalf("keyring entry = %q, %v", v, err)
	}
}

func TestKeyringUnavailableFallsBackToFile(t *testing.T) {
	keyring.MockInitWithError(os.ErrPermission)
	t.Cleanup(keyring.MockInit)
	path := filepath.Join(t.TempDir(), "prefect-tui", "credentials.json")
	st, note, err := auth.OpenStore(auth.StoreAuto, path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, path) || !strings.Contains(note, "0600") {
		t.Fatalf("fallback note = %q", note)
	}
	if st.Where() != "file "+path {
		t.Fatalf("where = %q", st.Where())
	}
	if _, _, err := auth.OpenStore(auth.StoreKeyring, path); err == nil {
		t.Fatal("--credential-store keyring without a keyring should fail")
	}
	roundTrip(t, st)
}

func TestFileStorePermissions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cfg", "prefect-tui", "credentials.json")
	st := &auth.FileStore{Path: path}
	roundTrip(t, st)
	if err := st.Save(apiURL, sample()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file mode %o, want 600", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Dir(path))
	if di.Mode().Perm() != 0o700 {
		t.Fatalf("credentials dir mode %o, want 700", di.Mode().Perm())
	}
	// A file others can read is refused, not silently used.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Load(apiURL); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable file: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), sample().Secret) {
		t.Fatal("error shows the secret")
	}
}

func TestAutoStoreFindsAnOlderFileLogin(t *testing.T) {
	keyring.MockInit()
	path := filepath.Join(t.TempDir(), "credentials.json")
	if err := (&auth.FileStore{Path: path}).Save(apiURL, sample()); err != nil {
		t.Fatal(err)
	}
	st, note, err := auth.OpenStore(auth.StoreAuto, path)
	if err != nil || note != "" {
		t.Fatalf("open: %v %q", err, note)
	}
	if got, ok, _ := st.Load(apiURL); !ok || got.Secret != sample().Secret {
		t.Fatal("file login not found through the keyring store")
	}
	if w := auth.WhereSaved(st, apiURL); w != "file "+path {
		t.Fatalf("where saved = %q", w)
	}
	// Saving moves it into the keyring and out of the file.
	if err := st.Save(apiURL, sample()); err != nil {
		t.Fatal(err)
	}
	if w := auth.WhereSaved(st, apiURL); w != "OS keyring" {
		t.Fatalf("where saved after save = %q", w)
	}
	if _, ok, _ := (&auth.FileStore{Path: path}).Load(apiURL); ok {
		t.Fatal("login left in the file after moving to the keyring")
	}
}

// TestRealKeyring uses the OS Secret Service: CI runs it under scripts/with-keyring.sh
// (a private D-Bus session with an unlocked gnome-keyring). go-keyring's mock replaces
// its provider for the whole process and cannot be undone, so the test re-runs this
// test binary for TestRealKeyringChild alone, where no mock was ever installed.
func TestRealKeyring(t *testing.T) {
	if os.Getenv("PREFECT_TUI_KEYRING_READY") != "1" {
		if os.Getenv("PREFECT_TUI_REQUIRE_KEYRING") != "" {
			t.Fatal("PREFECT_TUI_REQUIRE_KEYRING is set (CI) but no Secret Service is ready: scripts/with-keyring.sh needs dbus-run-session and gnome-keyring-daemon")
		}
		t.Skip("no Secret Service: run under scripts/with-keyring.sh (dbus-run-session + gnome-keyring) to test the real keyring")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRealKeyringChild$", "-test.v")
	cmd.Env = append(os.Environ(), "PREFECT_TUI_REAL_KEYRING_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestRealKeyringChild") {
		t.Fatalf("real keyring: %v\n%s", err, out)
	}
}

// TestRealKeyringChild is TestRealKeyring's body, in a process without the mock.
func TestRealKeyringChild(t *testing.T) {
	if os.Getenv("PREFECT_TUI_REAL_KEYRING_CHILD") != "1" {
		t.Skip("run by TestRealKeyring")
	}
	if err := auth.KeyringAvailable(); err != nil {
		t.Fatalf("PREFECT_TUI_KEYRING_READY=1 but the keyring is unavailable: %v", err)
	}
	url := "http://real-keyring-test.invalid:4200/graphql"
	st := auth.KeyringStore{}
	t.Cleanup(func() { _ = st.Delete(url) })
	want := sample()
	if err := st.Save(url, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := st.Load(url)
	if err != nil || !ok || got != want {
		t.Fatalf("real keyring load = %+v %v %v", got, ok, err)
	}
	if err := st.Delete(url); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Load(url); ok {
		t.Fatal("real keyring kept the login after Delete")
	}
}
