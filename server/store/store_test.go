package store

import (
	"testing"
	"time"
)

func TestOpenMigrates(t *testing.T) {
	db, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM flow_run`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("flow_run: %d %v", n, err)
	}
}

func TestParseTime(t *testing.T) {
	cases := map[string]string{
		"2021-03-04T12:00:00Z":             "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04T12:00:00.123456+00:00": "2021-03-04T12:00:00.123456+00:00",
		"2021-03-04T14:00:00+02:00":        "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04T12:00:00":              "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04 12:00:00+00":           "2021-03-04T12:00:00.000000+00:00",
		"2021-03-04":                       "2021-03-04T00:00:00.000000+00:00",
	}
	for in, want := range cases {
		got, err := NormalizeTime(in)
		if err != nil || got != want {
			t.Errorf("%s: got %q %v, want %q", in, got, err, want)
		}
	}
	if _, err := NormalizeTime("yesterday"); err == nil {
		t.Error("want error")
	}
	if FormatTime(time.Date(2020, 1, 2, 3, 4, 5, 6000, time.UTC)) != "2020-01-02T03:04:05.000006+00:00" {
		t.Error("format")
	}
}
