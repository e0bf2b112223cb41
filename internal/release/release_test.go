package release_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/internal/release"
)

func TestArchiveNames(t *testing.T) {
	t.Parallel()
	if got := release.ArchiveName("v1.2.3", release.Target{OS: "linux", Arch: "arm64"}); got != "prefect-tui_1.2.3_linux_arm64.tar.gz" {
		t.Errorf("linux = %q", got)
	}
	if got := release.ArchiveName("v1.2.3", release.Target{OS: "windows", Arch: "amd64"}); got != "prefect-tui_1.2.3_windows_amd64.zip" {
		t.Errorf("windows = %q", got)
	}
	if got := (release.Target{OS: "windows", Arch: "amd64"}).Binary(); got != "prefect-tui.exe" {
		t.Errorf("windows binary = %q", got)
	}
	if _, err := release.ParseTarget("linux"); err == nil {
		t.Error("ParseTarget accepted \"linux\"")
	}
}

func writeFiles(t *testing.T) []release.File {
	dir := t.TempDir()
	bin, readme := filepath.Join(dir, "bin"), filepath.Join(dir, "README.md")
	if err := os.WriteFile(bin, []byte("\x7fELF binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(readme, []byte("# read me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return []release.File{{Name: "README.md", Path: readme, Mode: 0o644}, {Name: "prefect-tui", Path: bin, Mode: 0o755}}
}

func TestTarGzIsReproducibleAndComplete(t *testing.T) {
	t.Parallel()
	files := writeFiles(t)
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var a, b bytes.Buffer
	if err := release.WriteArchive(&a, false, files, mtime); err != nil {
		t.Fatal(err)
	}
	// Reversed input, same bytes: entries are sorted.
	if err := release.WriteArchive(&b, false, []release.File{files[1], files[0]}, mtime); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two archives of the same files differ")
	}
	gz, err := gzip.NewReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if !h.ModTime.Equal(mtime) || h.Uname != "root" {
			t.Errorf("%s: mtime %v owner %q", h.Name, h.ModTime, h.Uname)
		}
		if h.Name == "prefect-tui" && h.Mode != 0o755 {
			t.Errorf("binary mode %o", h.Mode)
		}
		data, _ := io.ReadAll(tr)
		if h.Name == "README.md" && string(data) != "# read me\n" {
			t.Errorf("README = %q", data)
		}
	}
	if !slices.Equal(names, []string{"README.md", "prefect-tui"}) {
		t.Errorf("entries = %v", names)
	}
}

func TestZip(t *testing.T) {
	t.Parallel()
	files := writeFiles(t)
	var buf bytes.Buffer
	if err := release.WriteArchive(&buf, true, files, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 2 || zr.File[1].Name != "prefect-tui" || zr.File[1].Mode().Perm() != 0o755 {
		t.Fatalf("zip entries: %+v", zr.File)
	}
}

func TestChecksums(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, body := range map[string]string{"b.zip": "bee", "a.tar.gz": "ay"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := release.WriteChecksums(dir, []string{"b.zip", "a.tar.gz"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	// sha256sum's own output for "ay" and "bee", sorted by name.
	want := "69d61997a241e97931db9dd1cfcef218041a752485f5f7956b09766287682da3  a.tar.gz\n" +
		"62cb81b5904a262ffaeed02abef36bfc540b09f964b8b0b636662f77ffce6714  b.zip\n"
	if string(got) != want {
		t.Errorf("SHA256SUMS = %q\nwant %q", got, want)
	}
}

// TestGoreleaserDescribesTheSameTargets keeps .goreleaser.yaml and Targets in step.
func TestGoreleaserDescribesTheSameTargets(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	list := func(key string) []string {
		var out []string
		in := false
		for _, line := range strings.Split(string(b), "\n") {
			trim := strings.TrimSpace(line)
			switch {
			case trim == key+":":
				in = true
			case in && strings.HasPrefix(trim, "- "):
				out = append(out, strings.TrimPrefix(trim, "- "))
			case in:
				return out
			}
		}
		return out
	}
	var oss, archs []string
	for _, tg := range release.Targets {
		if !slices.Contains(oss, tg.OS) {
			oss = append(oss, tg.OS)
		}
		if !slices.Contains(archs, tg.Arch) {
			archs = append(archs, tg.Arch)
		}
	}
	if got := list("goos"); !slices.Equal(got, oss) {
		t.Errorf(".goreleaser.yaml goos = %v, Targets have %v", got, oss)
	}
	if got := list("goarch"); !slices.Equal(got, archs) {
		t.Errorf(".goreleaser.yaml goarch = %v, Targets have %v", got, archs)
	}
	if len(release.Targets) != len(oss)*len(archs) {
		t.Errorf("Targets are not every os × arch: %v", release.Targets)
	}
	for _, want := range []string{"CGO_ENABLED=0", "name_template: SHA256SUMS", "formats: [zip]", "-X main.version=", "-X main.commit=", "-X main.date="} {
		if !strings.Contains(string(b), want) {
			t.Errorf(".goreleaser.yaml lacks %q", want)
		}
	}
}
