package api_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/prefect-tui/prefect-tui/server"
)

// The examples run against embedded servers that this file starts on first use (an
// Example function has no *testing.T): one in Prefect Cloud mode with the demo
// tenants, one in Prefect Server mode with the demo data. Their clocks stand still, so
// what the examples print is the same on every run.

var exampleNow = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

type exampleServer struct {
	once     sync.Once
	endpoint string
	token    string // the demo user's USER token (Cloud mode)
	srv      *server.Server
	http     *httptest.Server
}

var exampleCloud, exampleServerMode, exampleScratch exampleServer

// start runs the server once; a failure ends the test binary, as there is nothing an
// example could print instead.
func (e *exampleServer) start(opts server.Options) (endpoint, token string) {
	e.once.Do(func() {
		opts.Seed = "demo"
		opts.Now = func() time.Time { return exampleNow }
		srv, err := server.New(opts)
		if err != nil {
			fmt.Fprintln(os.Stderr, "starting the example server:", err)
			os.Exit(1)
		}
		e.srv, e.http = srv, httptest.NewServer(srv.Handler())
		e.endpoint, e.token = e.http.URL+"/graphql", srv.DemoUserToken()
	})
	return e.endpoint, e.token
}

func (e *exampleServer) stop() {
	if e.http != nil {
		e.http.Close()
		_ = e.srv.Close()
	}
}

// cloudAPI is the Cloud-mode example server's endpoint and the demo user's USER token.
func cloudAPI() (endpoint, userToken string) {
	return exampleCloud.start(server.Options{Cloud: true, Scale: 40})
}

// serverAPI is the Server-mode example server's endpoint.
func serverAPI() string {
	endpoint, _ := exampleServerMode.start(server.Options{Scale: 200})
	return endpoint
}

// scratchAPI is the endpoint of a Server-mode example server for the examples that
// change data, so that the others print the same whatever order they run in.
func scratchAPI() string {
	endpoint, _ := exampleScratch.start(server.Options{Scale: 50})
	return endpoint
}

func TestMain(m *testing.M) {
	code := m.Run()
	exampleCloud.stop()
	exampleServerMode.stop()
	exampleScratch.stop()
	os.Exit(code)
}
