package config

// defaultConfig is the part of Prefect 1.x's package config.toml that the explorer
// reads, with one change: backend defaults to "server" (see the package doc).
const defaultConfig = `
home_dir = "~/.prefect"
backend = "server"

[server]
host = "http://localhost"
port = "4200"
host_port = "4200"
host_ip = "127.0.0.1"
endpoint = "${server.host}:${server.port}"

  [server.ui]
  host = "http://localhost"
  port = "8080"
  host_port = "8080"
  host_ip = "127.0.0.1"
  endpoint = "${server.ui.host}:${server.ui.port}"
  apollo_url = "http://localhost:4200/graphql"

[cloud]
api = "${${backend}.endpoint}"
endpoint = "https://api.prefect.io"
graphql = "${cloud.api}/graphql"
use_local_secrets = true
heartbeat_interval = 30.0
check_cancellation_interval = 15.0
diagnostics = false
request_timeout = 15
send_flow_run_logs = true
logging_heartbeat = 5
queue_interval = 30.0
api_key = ""
tenant_id = ""

  [cloud.agent]
  name = "agent"
  labels = "[]"
  level = "INFO"
  auth_token = ""

  [cloud.rate_limiting]
  backoff_s = 180
  backoff_multiplier = 10
  backoff_exponent = 2
  max_retries = 6
`
