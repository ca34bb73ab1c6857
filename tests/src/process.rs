//! The real `crm` binary as a child process, for what only a process can show: being killed,
//! being stopped with SIGTERM, backing up and restoring its database.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::{ADMIN_EMAIL, ADMIN_PASSWORD};

/// The `crm` binary of this build (`target/<profile>/crm`, next to the test binaries).
pub fn crm_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps/<test>");
    let binary = profile_dir.join("crm");
    assert!(
        binary.exists(),
        "{} is missing: build it first with `cargo build -p crm-server`",
        binary.display()
    );
    binary
}

/// A `crm serve` process on a database.
pub struct ServerProcess {
    child: Option<Child>,
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// Its standard error (the log).
    pub log: PathBuf,
}

impl ServerProcess {
    /// Starts `crm serve` on `database_url` with `data_dir`, and waits until it is ready.
    pub async fn start(database_url: &str, data_dir: &Path) -> ServerProcess {
        Self::start_with(database_url, data_dir, &[]).await
    }

    /// [`Self::start`] with more environment variables.
    pub async fn start_with(
        database_url: &str,
        data_dir: &Path,
        env: &[(&str, &str)],
    ) -> ServerProcess {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
            listener.local_addr().expect("an address").port()
        };
        let log = data_dir.join(format!("server-{port}.log"));
        let child = Command::new(crm_binary())
            .arg("serve")
            .env("CRM_BIND", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", database_url)
            .env("CRM_DATA_DIR", data_dir)
            .env("CRM_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("CRM_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("CRM_WORKERS", "2")
            .env("RUST_LOG", "warn,crm=info")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("crm serve starts");
        let server = ServerProcess {
            child: Some(child),
            address: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_ready().await;
        server
    }

    async fn wait_ready(&self) {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(r) = http.get(format!("{}/readyz", self.address)).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the server did not get ready; its log:\n{}",
            std::fs::read_to_string(&self.log).unwrap_or_default()
        );
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Kills the process with SIGKILL (no chance to clean up) and waits for it.
    pub fn kill(mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Sends SIGTERM (a graceful stop).
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Waits for the process to exit by itself.
    pub fn wait_exit(mut self, timeout: Duration) -> ExitStatus {
        let mut child = self.child.take().expect("a running child");
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = child.try_wait().expect("the child's status") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!(
                    "the server did not exit within {timeout:?}; its log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs `crm <args>` on a database and returns its status and standard error.
pub fn crm_command(args: &[&str], database_url: &str, data_dir: &Path) -> (ExitStatus, String) {
    let output = Command::new(crm_binary())
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("CRM_DATA_DIR", data_dir)
        .env("RUST_LOG", "info")
        .output()
        .expect("crm runs");
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout),
    )
}

/// An HTTP client for a process: the administrator's API key (keys survive restarts, and
/// signing in again after each restart would cost a password hash each time).
pub async fn admin_key(server: &ServerProcess) -> String {
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{}/api/v1/auth/login", server.address))
        .json(&serde_json::json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("sign-in answers")
        .json()
        .await
        .expect("tokens");
    let token = login["access_token"].as_str().expect("a token");
    let key: serde_json::Value = http
        .post(format!("{}/api/v1/api-keys", server.address))
        .bearer_auth(token)
        .json(&serde_json::json!({"name": "durability test"}))
        .send()
        .await
        .expect("the key is made")
        .json()
        .await
        .expect("a key");
    key["key"].as_str().expect("a key").to_owned()
}
