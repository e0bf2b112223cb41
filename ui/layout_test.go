package ui_test

import (
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/prefect-tui/prefect-tui/"

// screens are the screen packages: each builds a screen or a tab of one. A screen
// package (with the packages under it) never imports another one: the root (package ui)
// wires screens together, and what several screens share lives in ui/screen or
// ui/components.
var screens = []string{
	"ui/actions", "ui/agents", "ui/fleet", "ui/flow", "ui/flows", "ui/login", "ui/logs", "ui/open", "ui/queryeditor",
	"ui/overview", "ui/run", "ui/runs", "ui/schematic", "ui/taskrun", "ui/taskruns", "ui/tenantpicker", "ui/timeline",
	"ui/tokens",
}

// shared are the packages under ui/ that are not screens (nor the root, package ui):
// the contracts and helpers every screen may import, and test helpers (below
// ui/uitest). They import no screen.
var shared = []string{
	"ui/screen", "ui/components", "ui/theme", "ui/rundata", "ui/timefmt", "ui/uitest",
	"ui/agenthealth", "ui/diagnose", "ui/runhistory",
}

// owner is the screen or shared package p is (or is under), "" for none.
func owner(p string, list []string) string {
	best := ""
	for _, s := range list {
		if (p == s || strings.HasPrefix(p, s+"/")) && len(s) > len(best) {
			best = s
		}
	}
	return best
}

// isTestHelper reports whether p is a test-helper package: one of its path elements
// ends in "test" (ui/uitest/demo, ui/uitest/runtest, api/schemacache/schematest).
func isTestHelper(p string) bool {
	for _, e := range strings.Split(p, "/") {
		if strings.HasSuffix(e, "test") {
			return true
		}
	}
	return false
}

// packages lists the Go packages under dir (module-relative paths) and their imports
// outside _test files, module-relative where they are the module's.
func packages(t *testing.T, root, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			var none *build.NoGoError
			if errors.As(err, &none) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		var imps []string
		for _, imp := range pkg.Imports {
			if strings.HasPrefix(imp, module) {
				imps = append(imps, strings.TrimPrefix(imp, module))
			}
		}
		out[rel] = imps
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoScreenImportsAnotherScreen: screens lean on the contracts in ui/screen and
// ui/components, never on each other; every package under ui/ is classified.
func TestNoScreenImportsAnotherScreen(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	pkgs := packages(t, root, "ui")
	if len(pkgs) < len(screens) {
		t.Fatalf("found %d packages under ui/", len(pkgs))
	}
	for p, imps := range pkgs {
		if p == "ui" {
			continue // the root wires the screens
		}
		from := owner(p, screens)
		if from == "" && owner(p, shared) == "" {
			t.Errorf("%s is neither a screen package nor a shared one: add it to screens or shared in this test", p)
			continue
		}
		for _, imp := range imps {
			to := owner(imp, screens)
			switch {
			case to == "" || to == from:
			case from != "":
				t.Errorf("screen package %s imports screen package %s: wire them in ui/routes.go, or move what they share to ui/screen or ui/components", p, imp)
			default:
				t.Errorf("shared package %s imports screen package %s", p, imp)
			}
		}
	}
	for _, s := range screens {
		if _, ok := pkgs[s]; !ok {
			t.Errorf("screen package %s does not exist: remove it from the list", s)
		}
	}
}

// TestClientCodeDoesNotImportTheServer: the explorer and the client library run without
// the embedded server; only tests and test helpers import it.
func TestClientCodeDoesNotImportTheServer(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "server")); err != nil {
		t.Fatalf("no server/ beside ui/: %v", err)
	}
	for _, dir := range []string{"ui", "api"} {
		for p, imps := range packages(t, root, dir) {
			if isTestHelper(p) {
				continue
			}
			for _, imp := range imps {
				switch {
				case imp == "server" || strings.HasPrefix(imp, "server/"):
					t.Errorf("%s imports %s outside tests", p, imp)
				case isTestHelper(imp):
					t.Errorf("%s imports the test helper %s outside tests", p, imp)
				}
			}
		}
	}
}
