package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/api"
)

// Build says which build of prefect-tui this is. `make build` and `make dist` set it
// through -ldflags (-X main.version=… -X main.commit=… -X main.date=…); what is not
// set comes from the build information the Go toolchain stamps into every binary
// (readBuild), so `go install …@v1.2.3` still reports v1.2.3.
type Build struct {
	// Version is the release ("v1.2.3") or "dev-<commit>" for an untagged build.
	Version string
	// Commit is the full VCS revision, "" when unknown.
	Commit string
	// Date is when the binary was built (RFC 3339), "" when unknown.
	Date string
	// Modified is true when the work tree had uncommitted changes.
	Modified bool
}

// resolveBuild fills what the linker flags left empty from the binary's build
// information (info is nil when there is none).
func resolveBuild(b Build, info *debug.BuildInfo) Build {
	if info != nil {
		vcsTime := ""
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				b.Modified = b.Modified || s.Value == "true"
			}
		}
		if b.Version == "" {
			if v := info.Main.Version; v != "" && v != "(devel)" {
				b.Version = v
			}
		}
		if b.Date == "" {
			// A VCS build knows only its commit's time: the closest thing to a
			// build date that the toolchain records.
			b.Date = vcsTime
		}
	}
	if b.Version == "" {
		b.Version = "dev"
		if b.Commit != "" {
			b.Version += "-" + short(b.Commit)
			if b.Modified {
				b.Version += "-dirty"
			}
		}
	}
	return b
}

// readBuild is resolveBuild with this binary's build information.
func readBuild(b Build) Build {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return resolveBuild(b, info)
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// String is the version line of `version` and `--version`:
// "prefect-tui v1.2.3 (commit 0123456789ab, built 2026-01-02T03:04:05Z)".
func (b Build) String() string {
	commit, date := "unknown", "unknown"
	if b.Commit != "" {
		commit = short(b.Commit)
		if b.Modified {
			commit += ", modified"
		}
	}
	if b.Date != "" {
		date = b.Date
	}
	return fmt.Sprintf("prefect-tui %s (commit %s, built %s)", b.Version, commit, date)
}

func newVersionCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date",
		Args:  cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			fmt.Fprintln(c.stdout, c.build)
			fmt.Fprintf(c.stdout, "Prefect 1.x API (core %s); %s %s/%s\n",
				api.CoreVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		},
	}
}
