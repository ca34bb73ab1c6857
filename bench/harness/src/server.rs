//! Starting and stopping the servers under test, and watching their memory.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
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

/// A process's resident memory split by kind, in bytes (`/proc/<pid>/status`): `anon` is the
/// heap and stacks (SQLite's page caches among them), `file` the pages of mapped files (the
/// binary's code, shared libraries).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rss {
    /// `VmRSS`.
    pub total: u64,
    /// `RssAnon`.
    pub anon: u64,
    /// `RssFile` plus `RssShmem`.
    pub file: u64,
}

/// The resident memory of a process now, split by kind.
pub fn rss(pid: u32) -> Option<Rss> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |field: &str| field_kb(&status, field);
    Some(Rss {
        total: kb("VmRSS:")? * 1024,
        anon: kb("RssAnon:").unwrap_or(0) * 1024,
        file: (kb("RssFile:").unwrap_or(0) + kb("RssShmem:").unwrap_or(0)) * 1024,
    })
}

fn field_kb(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The highest memory seen, with its split at that moment.
#[derive(Debug, Default)]
struct Peaks {
    /// Since the watch started.
    all: Rss,
    /// Since the last [`RssWatch::take_window`].
    window: Rss,
}

/// Samples a process's memory every 50 ms and keeps the highest value, overall and per window
/// (one scenario).
pub struct RssWatch {
    peaks: Arc<Mutex<Peaks>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RssWatch {
    /// Starts watching.
    pub fn start(pid: u32) -> RssWatch {
        let peaks = Arc::new(Mutex::new(Peaks::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (p, s) = (Arc::clone(&peaks), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                if let Some(now) = rss(pid) {
                    let mut peaks = p.lock().unwrap_or_else(PoisonError::into_inner);
                    if now.total > peaks.all.total {
                        peaks.all = now;
                    }
                    if now.total > peaks.window.total {
                        peaks.window = now;
                    }
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        RssWatch {
            peaks,
            stop,
            thread: Some(thread),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Peaks> {
        self.peaks.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The highest memory seen so far.
    pub fn peak(&self) -> Rss {
        self.lock().all
    }

    /// The highest memory seen since the last call (or the start), and a new window begun.
    pub fn take_window(&self) -> Rss {
        std::mem::take(&mut self.lock().window)
    }

    /// Stops watching and returns the peak.
    pub fn finish(mut self) -> Rss {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.peak()
    }
}
