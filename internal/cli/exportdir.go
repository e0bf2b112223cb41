package cli

import (
	"os"
	"path/filepath"
	"strings"
)

// exportDir is the settings file's export-dir with ~ made the home directory ("" when
// unset: the explorer exports to the current directory and says so).
func (c *cli) exportDir() (string, error) {
	uc, err := c.userConfig()
	if err != nil {
		return "", err
	}
	d := uc.ExportDir
	if d == "~" || strings.HasPrefix(d, "~/") {
		home, _ := os.UserHomeDir()
		if h := c.getenv("HOME"); h != "" {
			home = h
		}
		d = filepath.Join(home, d[1:])
	}
	return d, nil
}
