-- Shared by every scenario: the credentials, the ids to pick from, and the report the harness
-- reads (one line starting with "RESULT ").
-- Environment: BENCH_TOKEN (an API key), BENCH_IDS (a file of record ids, one per line),
-- BENCH_COUNTRIES and BENCH_NAMES (comma-separated values for filters and searches).

local token = os.getenv("BENCH_TOKEN")
wrk.headers["Authorization"] = token and ("Bearer " .. token) or nil
wrk.headers["Accept"] = "application/json"

local function split(text)
  local out = {}
  for item in string.gmatch(text or "", "([^,]+)") do out[#out + 1] = item end
  return out
end

local function read_lines(path)
  local out = {}
  if path == nil then return out end
  local file = io.open(path, "r")
  if file == nil then return out end
  for line in file:lines() do out[#out + 1] = line end
  file:close()
  return out
end

ids = read_lines(os.getenv("BENCH_IDS"))
countries = split(os.getenv("BENCH_COUNTRIES"))
names = split(os.getenv("BENCH_NAMES"))

local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  counter = 0
end

local function json_headers()
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["Content-Type"] = "application/json"
  return h
end

function random_id()
  return ids[math.random(#ids)]
end

function unique()
  counter = counter + 1
  return string.format("%d-%d-%d-%d", id or 0, os.time(), counter, math.random(1000000))
end

function create_contact()
  local n = unique()
  local body = string.format(
    '{"first_name":"Bench","last_name":"Load %s","email":"bench.%s@load.example.com","city":"Oslo","country":"NO"}',
    n, n)
  return wrk.format("POST", "/api/v1/contacts", json_headers(), body)
end

function update_contact()
  local body = string.format('{"job_title":"Buyer %d"}', math.random(1000))
  return wrk.format("PATCH", "/api/v1/contacts/" .. random_id(), json_headers(), body)
end

function log_call()
  local body = string.format(
    '{"activity_type":"phone_call","subject":"Call %s","status":"completed","duration_minutes":%d,"regarding_type":"contacts","regarding_id":"%s"}',
    unique(), math.random(60), random_id())
  return wrk.format("POST", "/api/v1/activities", json_headers(), body)
end

function get_timeline()
  return wrk.format("GET", "/api/v1/contacts/" .. random_id() .. "/timeline?limit=50")
end

function create_case()
  local body = string.format(
    '{"title":"Bench case %s","contact_id":"%s","origin":"phone","priority":"normal"}',
    unique(), random_id())
  return wrk.format("POST", "/api/v1/cases", json_headers(), body)
end

local open_statuses = {"new", "in_progress", "on_hold"}

function list_cases()
  local status = open_statuses[math.random(#open_statuses)]
  return wrk.format("GET", "/api/v1/cases?status=" .. status .. "&sort=-created_at&limit=50")
end

function get_contact()
  return wrk.format("GET", "/api/v1/contacts/" .. random_id())
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"status_errors":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
