// Package release makes prefect-tui's release artefacts, as `make dist` runs them
// (internal/release/dist) and .goreleaser.yaml describes them for a tagged release:
// a static binary per platform (CGO_ENABLED=0: the SQLite driver is pure Go), one
// archive each (tar.gz, zip for Windows) holding the binary and the README, and
// SHA256SUMS over the archives.
//
// Archives are reproducible: entries are sorted, owned by root, and carry the
// modification time they are given (the build date), so the same commit and date
// give the same bytes and the same checksums.
package release

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Project is the name of the binary and the prefix of every archive.
const Project = "prefect-tui"

// Target is one platform a release is built for.
type Target struct {
	OS, Arch string
}

// Targets are the platforms of a release: linux, darwin and windows on amd64 and
// arm64. .goreleaser.yaml lists the same (a test checks it).
var Targets = []Target{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// String is "os/arch", as GOOS/GOARCH pairs are written.
func (t Target) String() string { return t.OS + "/" + t.Arch }

// ParseTarget reads "os/arch".
func ParseTarget(s string) (Target, error) {
	goos, goarch, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok || goos == "" || goarch == "" {
		return Target{}, fmt.Errorf("%q is not os/arch", s)
	}
	return Target{goos, goarch}, nil
}

// Binary is the file name of the program on the target.
func (t Target) Binary() string {
	if t.OS == "windows" {
		return Project + ".exe"
	}
	return Project
}

// ArchiveName is goreleaser's default name for the target's archive:
// prefect-tui_1.2.3_linux_amd64.tar.gz (the version without its leading "v").
func ArchiveName(version string, t Target) string {
	ext := ".tar.gz"
	if t.OS == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("%s_%s_%s_%s%s", Project, strings.TrimPrefix(version, "v"), t.OS, t.Arch, ext)
}

// File is one file to put in an archive: Name inside it, Path on disk, Mode.
type File struct {
	Name string
	Path string
	Mode os.FileMode
}

// WriteArchive writes files to w as a zip (zipped true) or a gzip'd tar, every entry
// with modification time mtime, sorted by name.
func WriteArchive(w io.Writer, zipped bool, files []File, mtime time.Time) error {
	files = append([]File(nil), files...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	if zipped {
		return writeZip(w, files, mtime)
	}
	return writeTarGz(w, files, mtime)
}

func writeTarGz(w io.Writer, files []File, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return err
		}
		hdr := &tar.Header{
			Name: f.Name, Mode: int64(f.Mode.Perm()), Size: int64(len(data)),
			ModTime: mtime.UTC(), Typeflag: tar.TypeReg, Format: tar.FormatPAX,
			Uname: "root", Gname: "root",
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, files []File, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return err
		}
		hdr := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: mtime.UTC()}
		hdr.SetMode(f.Mode.Perm())
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// WriteChecksums writes SHA256SUMS in dir for the named files in dir, in the format
// `sha256sum -c` reads: "<hex>  <name>" a line, sorted by name.
func WriteChecksums(dir string, names []string) error {
	names = append([]string(nil), names...)
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		sum, err := fileSHA256(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, n)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
