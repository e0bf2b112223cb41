package seed

import "time"

// taskDef describes one task of a flow template.
type taskDef struct {
	name     string
	typ      string
	up       []string // upstream task names
	keys     []string // argument names of the upstream edges (parallel to up)
	mapped   bool     // the task is mapped over its first upstream
	auto     bool     // auto-generated constant
	retries  int
	trigger  string // "" = all_successful
	cacheKey string
	skippy   bool // a conditional task that is sometimes Skipped
	seconds  int  // typical duration
	logs     []string
}

// flowDef describes one flow group (with its versions) of the demo tenant.
type flowDef struct {
	name, project, description string
	shape                      []taskDef
	versions                   int
	interval                   time.Duration // 0: no schedule
	cron                       string
	active                     bool
	labels                     []string // run_config labels
	runConfig                  string   // run config type
	fgLabels                   []string // flow group label override (nil: none)
	params                     []paramDef
	weight                     int // share of the runs
	failRate                   float64
}

type paramDef struct {
	name     string
	def      any
	required bool
}

const fnTask = "prefect.tasks.core.function.FunctionTask"

var projects = []struct{ name, description string }{
	{"data-warehouse", "Nightly and hourly loads into the warehouse"},
	{"ml-platform", "Training, evaluation and deployment of models"},
	{"operations", "Reports, maintenance and housekeeping"},
}

func etlShape(src string) []taskDef {
	return []taskDef{
		{name: "table_name", typ: "prefect.tasks.core.constants.Constant", auto: true, seconds: 0},
		{name: "extract_" + src, typ: fnTask, up: []string{"table_name"}, keys: []string{"table"}, retries: 2, seconds: 40,
			logs: []string{"Connecting to postgres://warehouse-replica:5432/" + src, "Fetched %d rows from " + src}},
		{name: "validate_" + src, typ: "prefect.tasks.great_expectations.RunGreatExpectationsValidation", up: []string{"extract_" + src}, keys: []string{"data"}, seconds: 15,
			logs: []string{"Validated %d expectations, all passed"}},
		{name: "transform_" + src, typ: fnTask, up: []string{"validate_" + src}, keys: []string{"data"}, seconds: 60,
			logs: []string{"Applied 7 transformations to %d rows"}},
		{name: "load_" + src, typ: "prefect.tasks.snowflake.SnowflakeQuery", up: []string{"transform_" + src}, keys: []string{"data"}, retries: 3, seconds: 45,
			logs: []string{"Loaded %d rows into ANALYTICS." + src}},
		{name: "notify_slack", typ: "prefect.tasks.notifications.SlackTask", up: []string{"load_" + src}, trigger: "prefect.triggers.all_finished", seconds: 2,
			logs: []string{"Posted summary to #data-alerts"}},
	}
}

func fanShape() []taskDef {
	return []taskDef{
		{name: "get_partitions", typ: fnTask, seconds: 10, logs: []string{"Found %d partitions to process"}},
		{name: "process_events", typ: fnTask, up: []string{"get_partitions"}, keys: []string{"partitions"}, seconds: 90, retries: 1,
			logs: []string{"Processed %d events"}},
		{name: "process_sessions", typ: fnTask, up: []string{"get_partitions"}, keys: []string{"partitions"}, seconds: 70,
			logs: []string{"Sessionised %d events"}},
		{name: "process_users", typ: fnTask, up: []string{"get_partitions"}, keys: []string{"partitions"}, seconds: 50,
			logs: []string{"Updated %d user profiles"}},
		{name: "merge_results", typ: fnTask, up: []string{"process_events", "process_sessions", "process_users"}, keys: []string{"events", "sessions", "users"}, seconds: 30,
			logs: []string{"Merged %d rows"}},
		{name: "publish_report", typ: fnTask, up: []string{"merge_results"}, keys: []string{"data"}, seconds: 8,
			logs: []string{"Report published to s3://acme-reports/daily/"}},
	}
}

func mappedShape() []taskDef {
	return []taskDef{
		{name: "bucket", typ: "prefect.tasks.core.constants.Constant", auto: true},
		{name: "list_files", typ: "prefect.tasks.aws.s3.S3List", up: []string{"bucket"}, keys: []string{"bucket"}, seconds: 5,
			logs: []string{"Listed %d new objects"}},
		{name: "download_file", typ: "prefect.tasks.aws.s3.S3Download", up: []string{"list_files"}, keys: []string{"key"}, mapped: true, retries: 2, seconds: 20,
			logs: []string{"Downloaded %d bytes"}},
		{name: "parse_file", typ: fnTask, up: []string{"download_file"}, keys: []string{"data"}, mapped: true, seconds: 15,
			logs: []string{"Parsed %d records"}},
		{name: "aggregate", typ: fnTask, up: []string{"parse_file"}, keys: []string{"records"}, seconds: 25,
			logs: []string{"Aggregated into %d buckets"}},
		{name: "upload_summary", typ: "prefect.tasks.aws.s3.S3Upload", up: []string{"aggregate"}, keys: []string{"data"}, seconds: 6,
			logs: []string{"Uploaded summary (%d bytes)"}},
	}
}

func mlShape() []taskDef {
	return []taskDef{
		{name: "load_dataset", typ: fnTask, seconds: 60, cacheKey: "dataset-v3", logs: []string{"Loaded %d samples"}},
		{name: "split", typ: fnTask, up: []string{"load_dataset"}, keys: []string{"data"}, seconds: 10,
			logs: []string{"Train/test split: %d samples held out"}},
		{name: "train_model", typ: fnTask, up: []string{"split"}, keys: []string{"data"}, retries: 2, seconds: 300,
			logs: []string{"Epoch 10/10 loss=0.21%d", "Training finished"}},
		{name: "train_baseline", typ: fnTask, up: []string{"split"}, keys: []string{"data"}, seconds: 40,
			logs: []string{"Baseline accuracy 0.7%d"}},
		{name: "evaluate", typ: fnTask, up: []string{"train_model", "train_baseline"}, keys: []string{"model", "baseline"}, seconds: 30,
			logs: []string{"Model beats baseline by %d bp"}},
		{name: "deploy_model", typ: "prefect.tasks.kubernetes.CreateNamespacedDeployment", up: []string{"evaluate"}, keys: []string{"metrics"}, skippy: true, seconds: 45,
			logs: []string{"Rolled out revision %d"}},
		{name: "notify_team", typ: "prefect.tasks.notifications.EmailTask", up: []string{"deploy_model"}, trigger: "prefect.triggers.all_finished", seconds: 2,
			logs: []string{"Sent results to ml-team@acme.io"}},
	}
}

func reportShape() []taskDef {
	return []taskDef{
		{name: "query_db", typ: "prefect.tasks.postgres.PostgresFetch", seconds: 20, retries: 1, logs: []string{"Query returned %d rows"}},
		{name: "fetch_api", typ: fnTask, seconds: 12, retries: 3, logs: []string{"GET https://api.stripe.com/v1/charges: %d results"}},
		{name: "build_report", typ: fnTask, up: []string{"query_db", "fetch_api"}, keys: []string{"rows", "charges"}, seconds: 15,
			logs: []string{"Rendered report with %d sections"}},
		{name: "send_email", typ: "prefect.tasks.notifications.EmailTask", up: []string{"build_report"}, keys: []string{"msg"}, seconds: 3,
			logs: []string{"Sent to %d recipients"}},
	}
}

func maintenanceShape() []taskDef {
	return []taskDef{
		{name: "vacuum", typ: "prefect.tasks.shell.ShellTask", seconds: 120, logs: []string{"VACUUM ANALYZE finished on %d tables"}},
		{name: "reindex", typ: "prefect.tasks.shell.ShellTask", up: []string{"vacuum"}, seconds: 80, logs: []string{"Rebuilt %d indexes"}},
		{name: "cleanup_tmp", typ: "prefect.tasks.shell.ShellTask", seconds: 15, logs: []string{"Removed %d stale files"}},
		{name: "check_health", typ: fnTask, up: []string{"reindex", "cleanup_tmp"}, seconds: 5, cacheKey: "health", logs: []string{"All %d checks green"}},
	}
}

var dateParams = []paramDef{{"date", nil, false}, {"full_refresh", false, false}}

var flowDefs = []flowDef{
	{name: "etl-orders", project: "data-warehouse", description: "Hourly load of the orders table", shape: etlShape("orders"), versions: 3,
		interval: time.Hour, active: true, labels: []string{"prod", "k8s"}, runConfig: "KubernetesRun", params: dateParams, weight: 10, failRate: 0.08},
	{name: "etl-customers", project: "data-warehouse", shape: etlShape("customers"), versions: 2,
		interval: 2 * time.Hour, active: true, labels: []string{"prod", "k8s"}, runConfig: "KubernetesRun", params: dateParams, weight: 6, failRate: 0.05},
	{name: "etl-payments", project: "data-warehouse", shape: etlShape("payments"), versions: 2,
		interval: 30 * time.Minute, active: true, labels: []string{"prod", "k8s"}, runConfig: "KubernetesRun", params: dateParams, weight: 12, failRate: 0.12},
	{name: "clickstream-rollup", project: "data-warehouse", description: "Fan-out over event partitions", shape: fanShape(), versions: 2,
		cron: "15 * * * *", active: true, labels: []string{"prod", "k8s"}, runConfig: "KubernetesRun", weight: 8, failRate: 0.1},
	{name: "s3-ingest", project: "data-warehouse", description: "Mapped ingestion of new S3 objects", shape: mappedShape(), versions: 3,
		interval: 20 * time.Minute, active: true, labels: []string{"prod", "docker"}, runConfig: "DockerRun", params: []paramDef{{"prefix", "incoming/", false}}, weight: 10, failRate: 0.15},
	{name: "legacy-import", project: "data-warehouse", description: "Old CSV importer, kept for backfills", shape: mappedShape(), versions: 1,
		interval: 6 * time.Hour, active: false, labels: []string{"legacy"}, runConfig: "LocalRun", weight: 2, failRate: 0.3},
	{name: "train-recommender", project: "ml-platform", description: "Nightly recommender training", shape: mlShape(), versions: 3,
		cron: "0 2 * * *", active: true, labels: []string{"gpu", "k8s"}, runConfig: "KubernetesRun",
		params: []paramDef{{"learning_rate", 0.01, false}, {"epochs", 10, false}}, weight: 4, failRate: 0.2},
	{name: "train-churn", project: "ml-platform", shape: mlShape(), versions: 2,
		interval: 12 * time.Hour, active: true, labels: []string{"gpu", "k8s"}, runConfig: "KubernetesRun", fgLabels: []string{"gpu", "k8s", "ml"},
		params: []paramDef{{"learning_rate", 0.05, false}}, weight: 3, failRate: 0.15},
	{name: "feature-backfill", project: "ml-platform", description: "Manual backfill of features", shape: fanShape(), versions: 1,
		labels: []string{"dev"}, runConfig: "LocalRun", params: []paramDef{{"start_date", nil, true}, {"end_date", nil, false}}, weight: 2, failRate: 0.2},
	{name: "batch-scoring", project: "ml-platform", shape: mappedShape(), versions: 2,
		interval: 4 * time.Hour, active: false, labels: []string{"prod", "docker"}, runConfig: "DockerRun", weight: 3, failRate: 0.1},
	{name: "daily-revenue-report", project: "operations", description: "Revenue report for finance", shape: reportShape(), versions: 2,
		cron: "0 7 * * *", active: true, labels: []string{"dev"}, runConfig: "LocalRun", weight: 3, failRate: 0.1},
	{name: "kpi-digest", project: "operations", shape: reportShape(), versions: 1,
		interval: 3 * time.Hour, active: true, labels: []string{"dev"}, runConfig: "LocalRun", weight: 4, failRate: 0.05},
	{name: "db-maintenance", project: "operations", description: "Vacuum and reindex the replicas", shape: maintenanceShape(), versions: 2,
		cron: "30 3 * * *", active: true, labels: []string{"prod", "k8s"}, runConfig: "KubernetesRun", weight: 2, failRate: 0.05},
	{name: "cleanup-artifacts", project: "operations", shape: maintenanceShape(), versions: 1,
		interval: 24 * time.Hour, active: false, labels: []string{"dev"}, runConfig: "LocalRun", weight: 1, failRate: 0.02},
}

// agentDef is one agent of the demo tenant.
type agentDef struct {
	name, typ string
	labels    []string
	stale     bool
}

var agentDefs = []agentDef{
	{"k8s-prod-agent", "KubernetesAgent", []string{"prod", "k8s", "gpu", "ml"}, false},
	{"docker-agent", "DockerAgent", []string{"prod", "docker"}, false},
	{"laptop-local", "LocalAgent", []string{"dev"}, false},
	{"old-vm-agent", "LocalAgent", []string{"legacy"}, true},
}
