package rundata

import (
	"time"

	"github.com/prefect-tui/prefect-tui/api/where"
)

// LateWhere selects late flow runs on the server, as IsLate decides for one run: state
// Scheduled and scheduled_start_time before now. A run that ran and was rescheduled
// (a restart, Lazarus) is Scheduled again with a start_time set: it counts too, as in
// the Prefect web UI.
func LateWhere(now time.Time) where.Exp {
	return where.And(
		where.Eq("state", "Scheduled"),
		where.Field("scheduled_start_time", "_lt", Stamp(now)),
	)
}

// Stamp is how a time goes out in a filter: Postgres' own timestamptz text.
func Stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }
