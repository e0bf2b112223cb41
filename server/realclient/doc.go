// Package realclient holds the tests that drive Prefect's own released Python client,
// CLI and LocalAgent (1.4.1) against the embedded server: registration, scheduling,
// agents running flows to Success and Failed, and the answers the client matches. In
// Cloud mode (cloud_*_test.go) they drive 1.4.1 with API keys (auth login --key,
// list-tenants, switch-tenants, list-keys, create project, register, a LocalAgent
// started with --key, prefect run --watch, get flows) and 0.15.13 with the API tokens
// of the API docs (the token flow, auth login -t, a LocalAgent with a RUNNER token).
//
// `make prefect-client` (which `make test` and .ci/run run first) unpacks the client
// into .cache/prefect-client and writes .cache/prefect-client.env, which these tests
// read (the PREFECT_PY, PREFECT_14 and PREFECT_015 environment variables win). Without
// it they fail and say how to set it up: they never skip.
package realclient
