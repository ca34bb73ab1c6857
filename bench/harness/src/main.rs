//! `make bench`: measures the CRM against what this machine can do at all, in one run.
//!
//! For each backend (SQLite, and PostgreSQL when reachable): a fresh database is created by
//! `crm serve`, filled with a deterministic dataset through the bulk path, and the server is
//! restarted on it (timing start to `/readyz`). A bare actix-web server (`bench-baseline`) is
//! measured in the same run. `wrk` drives every scenario at each concurrency after a warm-up; the
//! results, with ratios to the baseline and the budget, go to `bench/results/<date>-<backend>.json`
//! and to a table on the terminal.

#![allow(
    clippy::print_stdout,
    reason = "a command-line tool reports on the terminal"
)]

mod dataset;
mod floor;
mod server;
mod wrk;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use clap::Parser;
use serde::Serialize;
use serde_json::json;

use crate::dataset::Size;
use crate::server::{RssWatch, Server};
use crate::wrk::{Measurement, Wrk};

/// Measure the CRM against a bare server on this machine.
#[derive(Debug, Parser)]
#[command(name = "crm-bench")]
struct Args {
    /// 1,000,000 contacts, leads and activities instead of 100,000 (and 100,000 accounts, 200,000
    /// opportunities, a 1,000,000-line lead import).
    #[arg(long)]
    large: bool,
    /// `sqlite`, `postgres` or `all` (PostgreSQL is skipped when it cannot be reached).
    #[arg(long, default_value = "all")]
    backend: String,
    /// Seconds each scenario is measured at each concurrency.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Seconds of warm-up before each measurement.
    #[arg(long, default_value_t = 2)]
    warmup: u64,
    /// Concurrencies (open connections).
    #[arg(long, value_delimiter = ',', default_value = "1,16,64")]
    concurrency: Vec<usize>,
    /// Only the scenarios whose names contain one of these (default: all).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// The dataset's seed.
    #[arg(long, default_value_t = 20_261_123)]
    seed: u64,
    /// The PostgreSQL server to create the benchmark database on.
    #[arg(
        long,
        env = "CRM_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    postgres_url: String,
    /// Where the release binaries are.
    #[arg(long, default_value = "target/release")]
    bin_dir: PathBuf,
    /// Where the wrk scripts are.
    #[arg(long, default_value = "bench/wrk")]
    scripts: PathBuf,
    /// Where results are written.
    #[arg(long, default_value = "bench/results")]
    out: PathBuf,
    /// Scratch space (databases, logs).
    #[arg(long, default_value = "target/bench")]
    work: PathBuf,
}

/// A scenario: a wrk script against the CRM.
struct Scenario {
    name: &'static str,
    script: &'static str,
    /// Which ids the script picks from.
    ids: Ids,
}

#[derive(Clone, Copy)]
enum Ids {
    Contacts,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "get_by_id",
        script: "get_by_id.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "list_filter_sort",
        script: "list_filter_sort.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "search",
        script: "search.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "create",
        script: "create.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "update",
        script: "update.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "log_call",
        script: "log_call.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "timeline",
        script: "timeline.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "case_create",
        script: "case_create.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "case_list",
        script: "case_list.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "kb_search",
        script: "kb_search.lua",
        ids: Ids::Contacts,
    },
    Scenario {
        name: "mix_80_15_5",
        script: "mix.lua",
        ids: Ids::Contacts,
    },
];

const ADMIN_EMAIL: &str = "bench@example.com";
const ADMIN_PASSWORD: &str = "benchmark password 1";
const CRM_PORT: u16 = 8091;
const BASELINE_PORT: u16 = 8099;

#[derive(Debug, Serialize)]
struct ScenarioResult {
    scenario: String,
    concurrency: usize,
    #[serde(flatten)]
    measurement: Measurement,
    /// Requests/s as a share of the baseline's at the same concurrency.
    ratio_to_baseline: f64,
    /// The server's peak memory while this ran.
    server_rss: RssMb,
}

/// A process's memory in MB: in all, anonymous (heap, stacks, SQLite's page caches) and mapped
/// files (code, libraries).
#[derive(Debug, Clone, Copy, Serialize)]
struct RssMb {
    peak_mb: f64,
    anon_mb: f64,
    file_mb: f64,
}

impl From<server::Rss> for RssMb {
    fn from(r: server::Rss) -> RssMb {
        RssMb {
            peak_mb: mb(r.total),
            anon_mb: mb(r.anon),
            file_mb: mb(r.file),
        }
    }
}

#[derive(Debug, Serialize)]
struct Budget {
    what: &'static str,
    target: String,
    measured: String,
    met: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    for tool in ["wrk"] {
        if Command::new(tool).arg("--version").output().is_err() {
            bail!("`{tool}` is not installed: apt-get install -y {tool}");
        }
    }
    std::fs::create_dir_all(&args.work)?;
    std::fs::create_dir_all(&args.out)?;
    let size = if args.large {
        Size {
            accounts: 100_000,
            contacts: 1_000_000,
            leads: 1_000_000,
            opportunities: 200_000,
            activities: 1_000_000,
            cases: 200_000,
            articles: 100_000,
            owners: 200,
        }
    } else {
        Size {
            accounts: 10_000,
            contacts: 100_000,
            leads: 100_000,
            opportunities: 20_000,
            activities: 100_000,
            cases: 20_000,
            articles: 100_000,
            owners: 50,
        }
    };
    let wrk = Wrk {
        scripts: args.scripts.clone(),
        work: args.work.clone(),
        duration: args.duration,
        warmup: args.warmup,
    };

    println!("== baseline (bench-baseline: actix-web, a fixed JSON document)");
    let baseline = measure_baseline(&args, &wrk)?;
    for (c, m) in &baseline {
        println!(
            "   c={c:<3} {:>10.0} req/s  p99 {:>7.2} ms",
            m.requests_per_second, m.p99_ms
        );
    }

    let mut backends = Vec::new();
    if matches!(args.backend.as_str(), "sqlite" | "all") {
        backends.push("sqlite");
    }
    if matches!(args.backend.as_str(), "postgres" | "all") {
        if postgres_reachable(&args.postgres_url) {
            backends.push("postgres");
        } else if args.backend == "postgres" {
            bail!("PostgreSQL is not reachable at {}", args.postgres_url);
        } else {
            println!(
                "== PostgreSQL is not reachable at {}: skipped",
                args.postgres_url
            );
        }
    }
    for backend in backends {
        run_backend(&args, &wrk, backend, size, &baseline)?;
    }
    Ok(())
}

fn measure_baseline(args: &Args, wrk: &Wrk) -> anyhow::Result<Vec<(usize, Measurement)>> {
    let mut command = Command::new(args.bin_dir.join("bench-baseline"));
    command.arg(format!("127.0.0.1:{BASELINE_PORT}"));
    let base = format!("http://127.0.0.1:{BASELINE_PORT}");
    let server = Server::start(command, &base, "/ready", &args.work.join("baseline.log"))?;
    let mut results = Vec::new();
    for &c in &args.concurrency {
        results.push((c, wrk.run(&base, "baseline.lua", c, &[])?));
    }
    server.stop()?;
    Ok(results)
}

fn postgres_reachable(url: &str) -> bool {
    crm_db::DatabaseTarget::parse(url)
        .and_then(|t| crm_db::conn::open(&t, 1))
        .is_ok()
}

fn run_backend(
    args: &Args,
    wrk: &Wrk,
    backend: &str,
    size: Size,
    baseline: &[(usize, Measurement)],
) -> anyhow::Result<()> {
    println!(
        "== {backend}: {} accounts, {} contacts, {} leads, {} opportunities, {} activities",
        size.accounts, size.contacts, size.leads, size.opportunities, size.activities
    );
    let data_dir = args.work.join(format!("data-{backend}"));
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)?;
    }
    std::fs::create_dir_all(&data_dir)?;
    let database_url = match backend {
        "postgres" => {
            let name = "crm_bench";
            let target = crm_db::DatabaseTarget::parse(&args.postgres_url)?;
            let pool = crm_db::conn::open(&target, 1)?;
            let mut conn = pool.get()?;
            use diesel::RunQueryDsl;
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut *conn)?;
            diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut *conn)?;
            with_database(&args.postgres_url, name)
        }
        _ => data_dir.join("crm.db").display().to_string(),
    };
    let crm = |log: &str| -> anyhow::Result<Server> {
        let mut command = Command::new(args.bin_dir.join("crm"));
        command
            .arg("serve")
            .env("CRM_BIND", format!("127.0.0.1:{CRM_PORT}"))
            .env("DATABASE_URL", &database_url)
            .env("CRM_DATA_DIR", &data_dir)
            .env("CRM_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("CRM_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("CRM_ORGANIZATION_NAME", "Bench Organization")
            .env("RUST_LOG", "warn");
        Server::start(
            command,
            &format!("http://127.0.0.1:{CRM_PORT}"),
            "/readyz",
            &args.work.join(log),
        )
    };

    // First start: migrations and the organization.
    let first = crm(&format!("{backend}-first.log"))?;
    println!(
        "   first start (migrations, organization): {:.2} s",
        first.ready_seconds
    );
    first.stop()?;

    let target = crm_db::DatabaseTarget::parse(&database_url)?;
    let pool = crm_db::conn::open(&target, 1)?;
    let loaded = {
        let mut conn = pool.get()?;
        dataset::load(&mut conn, size, args.seed)?
    };
    drop(pool);
    println!(
        "   dataset: {} rows in {:.1} s ({:.0} rows/s through the bulk path, indexes in place)",
        loaded.rows, loaded.seconds, loaded.rows_per_second
    );
    let ids_file = args.work.join(format!("{backend}-contact-ids.txt"));
    std::fs::write(&ids_file, loaded.contact_ids.join("\n"))?;

    // The floor of a list of 50 (SQLite: the same file, read directly, before the server runs).
    let list_floor = match &target {
        crm_db::DatabaseTarget::Sqlite(path)
            if args.only.is_empty()
                || args
                    .only
                    .iter()
                    .any(|o| "list_filter_sort".contains(o.as_str())) =>
        {
            let countries = dataset::countries();
            let floor = floor::list_floor(path, &countries, std::time::Duration::from_secs(2))?;
            let base64 = baseline
                .iter()
                .find(|(c, _)| *c == 64)
                .map(|(_, m)| m.requests_per_second);
            println!(
                "   list floor: {:.0} us of one core per list of 50 (query and rows {:.0} us, JSON {:.0} us, {} B): at most {:.0} lists/s on this machine's cores{}",
                floor.micros_per_list,
                floor.query_micros,
                floor.json_micros,
                floor.bytes_per_list,
                floor.ceiling_per_second,
                base64.map_or(String::new(), |b| format!(
                    ", {:.1}% of the baseline at c=64",
                    100.0 * floor.ceiling_per_second / b.max(1e-9)
                ))
            );
            Some(floor)
        }
        _ => None,
    };

    // Second start on the existing database: the figure the budget speaks of.
    let server = crm(&format!("{backend}.log"))?;
    println!(
        "   start to /readyz on the existing database: {:.3} s",
        server.ready_seconds
    );
    let rss_idle = server::rss(server.pid()).unwrap_or_default();
    let token = api_key(&server.base).context("cannot create the benchmark's API key")?;
    let watch = RssWatch::start(server.pid());
    let countries = dataset::countries().join(",");
    let names: Vec<&str> = dataset::last_names()
        .iter()
        .copied()
        .filter(|n| n.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    let names = names.join(",");
    let mut results = Vec::new();
    for scenario in SCENARIOS {
        if !args.only.is_empty() && !args.only.iter().any(|o| scenario.name.contains(o.as_str())) {
            continue;
        }
        let ids = match scenario.ids {
            Ids::Contacts => &ids_file,
        };
        for &c in &args.concurrency {
            let env = [
                ("BENCH_TOKEN", token.as_str()),
                ("BENCH_IDS", path_str(ids)?),
                ("BENCH_COUNTRIES", countries.as_str()),
                ("BENCH_NAMES", names.as_str()),
            ];
            watch.take_window();
            let m = wrk.run(&server.base, scenario.script, c, &env)?;
            let server_rss = RssMb::from(watch.take_window());
            let base_rps = baseline
                .iter()
                .find(|(bc, _)| *bc == c)
                .map(|(_, b)| b.requests_per_second)
                .unwrap_or(0.0);
            let ratio = if base_rps > 0.0 {
                m.requests_per_second / base_rps
            } else {
                0.0
            };
            println!(
                "   {:<17} c={c:<3} {:>9.0} req/s {:>6.1}% of baseline  p50 {:>7.2} ms  p99 {:>7.2} ms  errors {:>4}  {:>6.0} B/resp  rss {:>5.1} MB",
                scenario.name,
                m.requests_per_second,
                ratio * 100.0,
                m.p50_ms,
                m.p99_ms,
                m.errors,
                m.bytes_per_response,
                server_rss.peak_mb
            );
            results.push(ScenarioResult {
                scenario: scenario.name.to_owned(),
                concurrency: c,
                measurement: m,
                ratio_to_baseline: ratio,
                server_rss,
            });
        }
    }
    // A lead list imported in one call, as a purchased list is.
    let import = if args.only.is_empty()
        || args.only.iter().any(|o| "lead_import".contains(o.as_str()))
    {
        let lines = size.leads;
        let file = args.work.join(format!("leads-{lines}.csv"));
        write_lead_csv(&file, lines)?;
        watch.take_window();
        let mut imported = import_leads(&server.base, &token, &file)?;
        imported.server_rss = Some(RssMb::from(watch.take_window()));
        println!(
            "   lead_import       {} lines in {:.2} s: {:.0} leads/s ({:.0}% of the bulk insert rate into leads), {} refused  rss {:.1} MB",
            lines,
            imported.seconds,
            imported.rows_per_second,
            100.0 * imported.rows_per_second / loaded.lead_rows_per_second.max(1e-9),
            imported.rejected,
            imported.server_rss.map_or(0.0, |r| r.peak_mb)
        );
        Some(imported)
    } else {
        None
    };
    let ready_seconds = server.ready_seconds;
    let mut rss_peak = watch.finish();
    if let Some(now) = server::rss(server.pid())
        && now.total > rss_peak.total
    {
        rss_peak = now;
    }
    server.stop()?;
    println!(
        "   server memory: {:.1} MB at rest ({:.1} anonymous, {:.1} mapped files); peak {:.1} MB ({:.1} anonymous, {:.1} mapped files)",
        mb(rss_idle.total),
        mb(rss_idle.anon),
        mb(rss_idle.file),
        mb(rss_peak.total),
        mb(rss_peak.anon),
        mb(rss_peak.file)
    );

    let mut budget_rows = budgets(backend, &results, rss_peak.total, ready_seconds);
    if let Some(imported) = &import {
        let share = imported.rows_per_second / loaded.lead_rows_per_second.max(1e-9);
        budget_rows.push(Budget {
            what: "lead CSV import: share of the bulk insert rate into leads",
            target: ">= 50%".into(),
            measured: format!("{:.0}%", share * 100.0),
            met: share >= 0.5 && imported.rejected == 0,
        });
    }
    println!("   budget:");
    for b in &budget_rows {
        println!(
            "     {} {:<55} {:>14}  (target {})",
            if b.met { "ok  " } else { "MISS" },
            b.what,
            b.measured,
            b.target
        );
    }
    let date = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let report = json!({
        "date": date,
        "backend": backend,
        "machine": { "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0) },
        "dataset": { "seed": args.seed, "size": size, "load": loaded },
        "baseline": baseline.iter().map(|(c, m)| json!({"concurrency": c, "requests_per_second": m.requests_per_second, "p50_ms": m.p50_ms, "p99_ms": m.p99_ms})).collect::<Vec<_>>(),
        "scenarios": results,
        "lead_import": import,
        "list_floor": list_floor,
        "server": {
            "rss_idle_mb": mb(rss_idle.total),
            "rss_peak_mb": mb(rss_peak.total),
            "rss_idle": RssMb::from(rss_idle),
            "rss_peak": RssMb::from(rss_peak),
        },
        "budget": budget_rows,
        "settings": { "duration_s": args.duration, "warmup_s": args.warmup },
    });
    let path = args.out.join(format!(
        "{date}-{backend}{}.json",
        if args.large { "-large" } else { "" }
    ));
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("   written to {}", path.display());
    Ok(())
}

/// The budget of the issue that introduced the harness, against this run's figures.
fn budgets(backend: &str, results: &[ScenarioResult], rss: u64, ready_seconds: f64) -> Vec<Budget> {
    let find = |name: &str, c: usize| {
        results
            .iter()
            .find(|r| r.scenario == name && r.concurrency == c)
    };
    let mut out = Vec::new();
    if let Some(r) = find("get_by_id", 64) {
        out.push(Budget {
            what: "get-by-id at c=64: share of the baseline",
            target: ">= 30%".into(),
            measured: format!("{:.1}%", r.ratio_to_baseline * 100.0),
            met: r.ratio_to_baseline >= 0.30,
        });
        out.push(Budget {
            what: "get-by-id at c=64: p99",
            target: "< 5 ms".into(),
            measured: format!("{:.2} ms", r.measurement.p99_ms),
            met: r.measurement.p99_ms < 5.0,
        });
    }
    if let Some(r) = find("list_filter_sort", 64) {
        out.push(Budget {
            what: "list 50 (filter + sort) at c=64: share of the baseline",
            target: ">= 10%".into(),
            measured: format!("{:.1}%", r.ratio_to_baseline * 100.0),
            met: r.ratio_to_baseline >= 0.10,
        });
        out.push(Budget {
            what: "list 50 (filter + sort) at c=64: p99",
            target: "< 20 ms".into(),
            measured: format!("{:.2} ms", r.measurement.p99_ms),
            met: r.measurement.p99_ms < 20.0,
        });
    }
    if backend == "sqlite"
        && let Some(r) = find("create", 16)
    {
        out.push(Budget {
            what: "create at c=16 (change log written)",
            target: ">= 5000/s".into(),
            measured: format!("{:.0}/s", r.measurement.requests_per_second),
            met: r.measurement.requests_per_second >= 5000.0,
        });
    }
    out.push(Budget {
        what: "server peak RSS under load",
        target: "< 100 MB".into(),
        measured: format!("{:.1} MB", mb(rss)),
        met: mb(rss) < 100.0,
    });
    out.push(Budget {
        what: "start to /readyz on an existing database",
        target: "< 1 s".into(),
        measured: format!("{ready_seconds:.3} s"),
        met: ready_seconds < 1.0,
    });
    let errors: u64 = results.iter().map(|r| r.measurement.errors).sum();
    out.push(Budget {
        what: "errors in every scenario",
        target: "0".into(),
        measured: errors.to_string(),
        met: errors == 0,
    });
    out
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str().context("a path that is not UTF-8")
}

fn with_database(url: &str, name: &str) -> String {
    let (head, tail) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let (authority, query) = match tail.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (tail, None),
    };
    let host = authority.split('/').next().unwrap_or(authority);
    match query {
        Some(q) => format!("{head}{host}/{name}?{q}"),
        None => format!("{head}{host}/{name}"),
    }
}

/// Signs in as the administrator and creates an API key for the load (keys do not expire during
/// a long run, as access tokens would).
fn api_key(base: &str) -> anyhow::Result<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let login: serde_json::Value = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let token = login["access_token"]
            .as_str()
            .context("no access token in the sign-in answer")?;
        let key: serde_json::Value = http
            .post(format!("{base}/api/v1/api-keys"))
            .bearer_auth(token)
            .json(&json!({ "name": "make bench" }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(key["key"]
            .as_str()
            .context("no key in the answer")?
            .to_owned())
    })
}

/// What importing a lead list took.
#[derive(Debug, Serialize)]
struct Imported {
    lines: usize,
    created: u64,
    rejected: u64,
    seconds: f64,
    rows_per_second: f64,
    /// The server's peak memory during the import.
    server_rss: Option<RssMb>,
}

/// A lead list of `lines` people with unique emails, in the CRM's field names.
fn write_lead_csv(path: &Path, lines: usize) -> anyhow::Result<()> {
    use std::io::Write;
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    writeln!(
        out,
        "first_name,last_name,company_name,email,city,country,rating,description"
    )?;
    let names = dataset::last_names();
    let countries = dataset::countries();
    for n in 0..lines {
        let last = names[n % names.len()].replace(['"', ','], "");
        let country = countries[n % countries.len()];
        let rating = ["hot", "warm", "cold"][n % 3];
        writeln!(
            out,
            "Import,{last},\"{last} Trading, Ltd\",import.{n}@list.example.com,Oslo,{country},{rating},\"Met at the fair, line {n}\""
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Imports a lead list in one `POST /leads/import` and times it.
fn import_leads(base: &str, token: &str, path: &Path) -> anyhow::Result<Imported> {
    let body = std::fs::read(path)?;
    let lines = body
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let started = std::time::Instant::now();
        let answer: serde_json::Value = reqwest::Client::new()
            .post(format!("{base}/api/v1/leads/import?source=bench-list"))
            .bearer_auth(token)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let seconds = started.elapsed().as_secs_f64();
        let created = answer["created"]
            .as_u64()
            .context("no created count in the answer")?;
        let rejected = answer["rejected"].as_array().map_or(0, |r| r.len() as u64);
        Ok(Imported {
            lines,
            created,
            rejected,
            seconds,
            rows_per_second: created as f64 / seconds.max(1e-9),
            server_rss: None,
        })
    })
}
