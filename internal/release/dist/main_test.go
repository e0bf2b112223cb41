package main

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDistBuildsArchivesAndChecksums runs dist on a small program for this platform
// and one other: an archive each, SHA256SUMS that sha256sum accepts, and a binary that
// carries the linked version, commit and date.
func TestDistBuildsArchivesAndChecksums(t *testing.T) {
	out := t.TempDir()
	host := runtime.GOOS + "/" + runtime.GOARCH
	args := []string{"-version", "v9.8.7", "-commit", "0123456789abcdef", "-date", "2026-01-02T03:04:05Z",
		"-out", out, "-pkg", "./testdata/hello", "-targets", host + ",windows/amd64", "-files", "testdata/hello/main.go"}
	if err := run(args); err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	hostArchive := "prefect-tui_9.8.7_" + runtime.GOOS + "_" + runtime.GOARCH
	if runtime.GOOS == "windows" {
		hostArchive += ".zip"
	} else {
		hostArchive += ".tar.gz"
	}
	for _, name := range []string{hostArchive, "prefect-tui_9.8.7_windows_amd64.zip"} {
		if !strings.Contains(string(sums), "  "+name+"\n") {
			t.Errorf("SHA256SUMS lacks %s:\n%s", name, sums)
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 3 {
		t.Errorf("dist dir holds %d entries (want 2 archives and SHA256SUMS)", len(entries))
	}
	if sha, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command(sha, "-c", "SHA256SUMS")
		cmd.Dir = out
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v\n%s", err, b)
		}
	}
	zr, err := zip.OpenReader(filepath.Join(out, "prefect-tui_9.8.7_windows_amd64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if strings.Join(names, " ") != "main.go prefect-tui.exe" {
		t.Errorf("windows archive holds %v", names)
	}
	if runtime.GOOS != "linux" {
		return
	}
	dir := t.TempDir()
	if b, err := exec.Command("tar", "-xzf", filepath.Join(out, hostArchive), "-C", dir).CombinedOutput(); err != nil {
		t.Fatalf("tar: %v %s", err, b)
	}
	b, err := exec.Command(filepath.Join(dir, "prefect-tui")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(b)); got != "v9.8.7 0123456789abcdef 2026-01-02T03:04:05Z" {
		t.Errorf("the built binary says %q", got)
	}
}

func TestBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-date", "yesterday"}, {"-targets", "linux"}} {
		if _, err := parse(args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
