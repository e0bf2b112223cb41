package e2e

import (
	"net"
	"strings"
	"testing"
)

// hangingAPI listens and accepts connections but never answers a request: a Prefect
// Server stuck behind a proxy, or a very slow one.
func hangingAPI(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop); _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-stop; _ = c.Close() }()
		}
	}()
	return "http://" + ln.Addr().String()
}

// TestFirstFrameWhileTheAPIHangs: the explorer draws its first frame while the API has
// not answered (it used to show a blank terminal until a 5 s check gave up, then exit):
// the header says "connecting", the overview screen is there, and ctrl+c quits cleanly.
func TestFirstFrameWhileTheAPIHangs(t *testing.T) {
	t.Parallel()
	term := start(t, "--api", hangingAPI(t), "--backend", "server", "--timeout", "10m")
	s := term.waitText("○ connecting", "prefect-tui")
	if !strings.Contains(s, "overview") {
		t.Errorf("no overview screen in the first frame:\n%s", s)
	}
	term.quit()
}
