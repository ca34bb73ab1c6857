//! Running `wrk` with a scenario script and reading its result line.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// How `wrk` is run.
pub struct Wrk {
    /// Where the scripts are.
    pub scripts: PathBuf,
    /// Where the assembled scripts are written.
    pub work: PathBuf,
    /// Seconds measured.
    pub duration: u64,
    /// Seconds of warm-up, not measured.
    pub warmup: u64,
}

/// One measurement.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// Requests answered per second.
    pub requests_per_second: f64,
    /// Median latency.
    pub p50_ms: f64,
    /// 99th percentile latency.
    pub p99_ms: f64,
    /// Slowest request.
    pub max_ms: f64,
    /// Answers that were not 2xx/3xx, and socket errors.
    pub errors: u64,
    /// Bytes per response (headers included).
    pub bytes_per_response: f64,
    /// Requests in the measured period.
    pub requests: u64,
}

#[derive(Debug, Deserialize)]
struct Raw {
    requests: u64,
    duration_us: u64,
    bytes: u64,
    status_errors: u64,
    socket_errors: u64,
    p50_us: u64,
    p99_us: u64,
    max_us: u64,
}

impl Wrk {
    /// Warms up, then measures `script` against `base` with `connections` open connections.
    pub fn run(
        &self,
        base: &str,
        script: &str,
        connections: usize,
        env: &[(&str, &str)],
    ) -> anyhow::Result<Measurement> {
        let common = std::fs::read_to_string(self.scripts.join("common.lua"))
            .context("cannot read bench/wrk/common.lua")?;
        let body = std::fs::read_to_string(self.scripts.join(script))
            .with_context(|| format!("cannot read the scenario {script}"))?;
        let assembled = self.work.join(format!("run-{script}"));
        std::fs::write(&assembled, format!("{common}\n{body}"))?;
        let threads = connections.clamp(1, 2);
        if self.warmup > 0 {
            self.wrk(base, &assembled, connections, threads, self.warmup, env)?;
        }
        let raw = self.wrk(base, &assembled, connections, threads, self.duration, env)?;
        let seconds = raw.duration_us as f64 / 1e6;
        let requests = raw.requests.max(1) as f64;
        Ok(Measurement {
            requests_per_second: raw.requests as f64 / seconds.max(1e-9),
            p50_ms: raw.p50_us as f64 / 1000.0,
            p99_ms: raw.p99_us as f64 / 1000.0,
            max_ms: raw.max_us as f64 / 1000.0,
            errors: raw.status_errors + raw.socket_errors,
            bytes_per_response: raw.bytes as f64 / requests,
            requests: raw.requests,
        })
    }

    fn wrk(
        &self,
        base: &str,
        script: &std::path::Path,
        connections: usize,
        threads: usize,
        seconds: u64,
        env: &[(&str, &str)],
    ) -> anyhow::Result<Raw> {
        let mut command = Command::new("wrk");
        command
            .arg(format!("-t{threads}"))
            .arg(format!("-c{connections}"))
            .arg(format!("-d{seconds}s"))
            .arg("--timeout")
            .arg("10s")
            .arg("-s")
            .arg(script)
            .arg(base);
        for (k, v) in env {
            command.env(k, v);
        }
        let output = command.output().context("cannot run wrk")?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            bail!(
                "wrk failed: {}{}",
                stdout,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("RESULT "))
            .with_context(|| format!("wrk printed no result: {stdout}"))?;
        serde_json::from_str(line).with_context(|| format!("cannot read wrk's result {line}"))
    }
}
