package ui

import (
	"context"
	"errors"
	"net/url"
	"testing"
)

// TestStaleSuccessDoesNotHideAFailure: a success of a request sent before a failed
// one, answered after it, is stale: the watch keeps the failure (the header used to
// go back to "● connected" over a failed refresh). A success sent after the failure
// counts; a cancelled request tells nothing.
func TestStaleSuccessDoesNotHideAFailure(t *testing.T) {
	w := &connWatch{}
	offline := &url.Error{Op: "Post", URL: "http://127.0.0.1:4200/graphql", Err: errors.New("connection refused")}
	w.observe(2, offline)
	seq, err := w.get()
	if seq != 1 || err != offline {
		t.Fatalf("after the failure: seq %d, err %v", seq, err)
	}
	w.observe(1, nil)
	if seq, err := w.get(); seq != 1 || err != offline {
		t.Fatalf("a success sent before the failure was kept: seq %d, err %v", seq, err)
	}
	w.observe(3, nil)
	if seq, err := w.get(); seq != 2 || err != nil {
		t.Fatalf("a success sent after the failure was dropped: seq %d, err %v", seq, err)
	}
	w.observe(4, context.Canceled)
	if seq, err := w.get(); seq != 2 || err != nil {
		t.Fatalf("a cancelled request changed the watch: seq %d, err %v", seq, err)
	}
	// A failure counts even when a later-sent request succeeded first.
	w.observe(6, nil)
	w.observe(5, offline)
	if _, err := w.get(); err != offline {
		t.Fatalf("a failure answered late was dropped: %v", err)
	}
}
