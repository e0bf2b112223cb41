package screen

import (
	"os"
	"path/filepath"
	"strings"
)

// ExportMode is the mode of every file an export writes: logs and query answers may
// hold secrets (a token a task printed, tenant data), so they are private, like the
// history and the credentials file.
const ExportMode os.FileMode = 0o600

// ExportPath is where an export named name goes: name itself when absolute (or
// starting with ~/, the home directory), else name in dir, the export directory ("" is
// the current directory). note says where that is for the status line: "" for a
// configured directory, else that it is the current one and how to change it.
func ExportPath(dir, name string) (path, note string, err error) {
	home := func(p string) string {
		if p == "~" || strings.HasPrefix(p, "~/") {
			if h, err := os.UserHomeDir(); err == nil {
				return filepath.Join(h, p[1:])
			}
		}
		return p
	}
	name = home(name)
	if filepath.IsAbs(name) {
		return filepath.Clean(name), "", nil
	}
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", "", err
		}
		dir, note = wd, " (the current directory: export-dir in config.toml sets another)"
	}
	return filepath.Join(home(dir), name), note, nil
}
