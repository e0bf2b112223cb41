package atomicfile

import "io"

// WriteFileWrapped is WriteFile with the temporary file's writer wrapped (tests only).
func WriteFileWrapped(path string, data []byte, wrap func(io.Writer) io.Writer) error {
	return write(path, data, Options{wrap: wrap})
}
