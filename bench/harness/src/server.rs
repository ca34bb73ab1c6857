//! Starting and stopping the servers under test, and watching their memory.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// A server process.
pub struct Server {
    child: Child,
    /// `http://host:port`.
    pub base: String,
    /// Seconds from spawning to the first good answer of the readiness URL.
    pub ready_seconds: f64,
}

impl Server {
    /// Spawns `command` and waits until `ready_path` answers 200.
    pub fn start(
        mut command: Command,
        base: &str,
        ready_path: &str,
        log: &Path,
    ) -> anyhow::Result<Server> {
        let log_file = std::fs::File::create(log)
            .with_context(|| format!("cannot write {}", log.display()))?;
        let started = Instant::now();
        let child = command
            .stdout(Stdio::from(log_file.try_clone()?))
            .stderr(Stdio::from(log_file))
            .spawn()
            .with_context(|| format!("cannot start {command:?}"))?;
        let mut server = Server {
            child,
            base: base.to_owned(),
            ready_seconds: 0.0,
        };
        let url = format!("{base}{ready_path}");
        while started.elapsed() < Duration::from_secs(120) {
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "the server exited with {status} before it was ready; see {}",
                    log.display()
                );
            }
            if ready(&url) {
                server.ready_seconds = started.elapsed().as_secs_f64();
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        bail!(
            "the server was not ready within two minutes; see {}",
            log.display()
        )
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server with SIGTERM (it finishes in-flight requests) and waits for it.
    pub fn stop(mut self) -> anyhow::Result<()> {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(40);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.child.kill().context("the server did not stop")?;
        self.child.wait()?;
        Ok(())
    }
}

/// Whether a GET of `url` answers 200 (a minimal HTTP/1.1 client: no dependency on a runtime).
fn ready(url: &str) -> bool {
    use std::io::{Read, Write};
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let Ok(mut stream) = std::net::TcpStream::connect(host) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.ends_with(b"200")
}

/// The resident memory of a process now, in bytes.
pub fn rss_bytes(pid: u32) -> Option<u64> {
    status_kb(pid, "VmRSS:").map(|kb| kb * 1024)
}

fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Samples a process's memory every 50 ms and keeps the highest value.
pub struct RssWatch {
    peak: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RssWatch {
    /// Starts watching.
    pub fn start(pid: u32) -> RssWatch {
        let peak = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (p, s) = (Arc::clone(&peak), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                if let Some(rss) = rss_bytes(pid) {
                    p.fetch_max(rss, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        RssWatch {
            peak,
            stop,
            thread: Some(thread),
        }
    }

    /// The highest memory seen so far, in bytes.
    pub fn peak(&self) -> u64 {
        self.peak.load(Ordering::Relaxed)
    }

    /// Stops watching and returns the peak.
    pub fn finish(mut self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.peak()
    }
}
