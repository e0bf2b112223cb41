// Command dist builds a release into a directory (`make dist`): for every target a
// static binary (CGO_ENABLED=0, -trimpath, stripped, version/commit/date linked in),
// its archive with the README, and SHA256SUMS over the archives.
//
//	go run ./internal/release/dist -version v1.2.3 -commit <sha> -date 2026-01-02T03:04:05Z -out dist
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/prefect-tui/prefect-tui/internal/release"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
}

type options struct {
	goBin, version, commit, date, out, pkg string
	targets                                []release.Target
	files                                  []string
}

func parse(args []string) (options, error) {
	var o options
	var targets, files string
	fs := flag.NewFlagSet("dist", flag.ContinueOnError)
	fs.StringVar(&o.goBin, "go", "go", "the go command")
	fs.StringVar(&o.version, "version", "", "release version (v1.2.3); empty: dev-<commit>")
	fs.StringVar(&o.commit, "commit", "", "VCS revision linked into the binaries")
	fs.StringVar(&o.date, "date", "", "build date, RFC 3339 (default now); also the archives' file times")
	fs.StringVar(&o.out, "out", "dist", "output directory (emptied first)")
	fs.StringVar(&o.pkg, "pkg", ".", "the main package to build")
	fs.StringVar(&targets, "targets", "", "comma-separated os/arch list (default: every release target)")
	fs.StringVar(&files, "files", "README.md", "comma-separated files to add to every archive")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.targets = release.Targets
	if targets != "" {
		o.targets = nil
		for _, s := range strings.Split(targets, ",") {
			t, err := release.ParseTarget(s)
			if err != nil {
				return o, err
			}
			o.targets = append(o.targets, t)
		}
	}
	if files != "" {
		o.files = strings.Split(files, ",")
	}
	if o.date == "" {
		o.date = time.Now().UTC().Format(time.RFC3339)
	}
	if _, err := time.Parse(time.RFC3339, o.date); err != nil {
		return o, fmt.Errorf("-date %q is not RFC 3339", o.date)
	}
	if o.version == "" {
		o.version = "dev"
		if o.commit != "" {
			o.version += "-" + o.commit[:min(12, len(o.commit))]
		}
	}
	return o, nil
}

func run(args []string) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	mtime, _ := time.Parse(time.RFC3339, o.date)
	if err := os.RemoveAll(o.out); err != nil {
		return err
	}
	work := filepath.Join(o.out, ".build")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	var names []string
	for _, t := range o.targets {
		start := time.Now()
		bin := filepath.Join(work, t.OS+"_"+t.Arch, t.Binary())
		if err := o.build(t, bin); err != nil {
			return err
		}
		name := release.ArchiveName(o.version, t)
		files := []release.File{{Name: t.Binary(), Path: bin, Mode: 0o755}}
		for _, f := range o.files {
			files = append(files, release.File{Name: filepath.Base(f), Path: f, Mode: 0o644})
		}
		var buf bytes.Buffer
		if err := release.WriteArchive(&buf, t.OS == "windows", files, mtime); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(o.out, name), buf.Bytes(), 0o644); err != nil {
			return err
		}
		st, _ := os.Stat(bin)
		fmt.Printf("%-46s binary %5.1f MB  archive %5.1f MB  %s\n", name, mb(st.Size()), mb(int64(buf.Len())),
			time.Since(start).Round(time.Second))
		names = append(names, name)
	}
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	if err := release.WriteChecksums(o.out, names); err != nil {
		return err
	}
	fmt.Printf("wrote %s\n", filepath.Join(o.out, "SHA256SUMS"))
	return nil
}

// build compiles the program for t into bin, statically and reproducibly.
func (o options) build(t release.Target, bin string) error {
	ldflags := fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s", o.version, o.commit, o.date)
	cmd := exec.Command(o.goBin, "build", "-trimpath", "-ldflags", ldflags, "-o", bin, o.pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+t.OS, "GOARCH="+t.Arch)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s: %w", t, err)
	}
	return nil
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
