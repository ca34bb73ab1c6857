//! Durability: no acknowledged write is lost when the server is killed, a graceful stop finishes
//! what is in flight, a backup taken under write load restores to an integral database.
//!
//! These tests run the real `crm` binary as a child process. The crash test kills it
//! `CRM_CRASH_KILLS` times (default 10; `make test-crash` runs 50).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crm_tests::process::{ServerProcess, admin_key, crm_command};
use crm_tests::{Backend, TestDb};
use diesel::{Connection, QueryableByName, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A small deterministic generator (xorshift), seeded from the clock and printed, so a failing
/// run can be repeated with `CRM_CRASH_SEED`.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("CRM_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        eprintln!("crash test seed: {seed} (set CRM_CRASH_SEED to repeat)");
        Random(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// An account the server acknowledged with 201.
#[derive(Debug, Clone)]
struct Acked {
    id: String,
    name: String,
    city: String,
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

async fn get(http: &reqwest::Client, key: &str, url: String) -> (StatusCode, Value) {
    let response = http
        .get(url)
        .bearer_auth(key)
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post(
    http: &reqwest::Client,
    key: &str,
    url: String,
    body: &Value,
) -> Result<(StatusCode, Value), reqwest::Error> {
    let response = http.post(url).bearer_auth(key).json(body).send().await?;
    let status = response.status();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// SQLite's own integrity check of the file (with no server running).
fn assert_sqlite_integral(path: &str) {
    let mut conn = diesel::SqliteConnection::establish(path).expect("open the database");
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .expect("the integrity check runs");
    let results: Vec<&str> = rows.iter().map(|r| r.integrity_check.as_str()).collect();
    assert_eq!(results, ["ok"], "SQLite's integrity check of {path}");
}

/// Every acknowledged account is there and whole, with its creation in the change log.
async fn assert_all_present(server: &ServerProcess, key: &str, acked: &[Acked]) {
    let http = client();
    for chunk in acked.chunks(200) {
        let ids: Vec<&str> = chunk.iter().map(|a| a.id.as_str()).collect();
        let (status, page) = get(
            &http,
            key,
            format!(
                "{}/api/v1/accounts?limit=200&id[in]={}",
                server.address,
                ids.join(",")
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let rows = page["data"].as_array().cloned().unwrap_or_default();
        for account in chunk {
            let row = rows
                .iter()
                .find(|r| r["id"] == account.id.as_str())
                .unwrap_or_else(|| panic!("acknowledged account {} was lost", account.id));
            assert_eq!(row["name"], account.name.as_str(), "{row}");
            assert_eq!(row["city"], account.city.as_str(), "{row}");
        }
    }
    // The record and its change-log entry were written in one transaction: both or neither.
    for account in acked.iter().rev().take(25) {
        let (status, history) = get(
            &http,
            key,
            format!("{}/api/v1/accounts/{}/history", server.address, account.id),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let creations = history["data"].as_array().map_or(0, |h| {
            h.iter().filter(|c| c["operation"] == "create").count()
        });
        assert_eq!(creations, 1, "history of {}: {history}", account.id);
    }
}

/// The users moved together by `/users/reassign` are all in one unit: it is all or nothing.
async fn assert_moved_together(server: &ServerProcess, key: &str, users: &[String]) {
    let (status, page) = get(
        &client(),
        key,
        format!(
            "{}/api/v1/users?limit=200&id[in]={}",
            server.address,
            users.join(",")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let units: std::collections::BTreeSet<String> = page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            u["business_unit_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(units.len(), 1, "a reassignment was half applied: {page}");
}

/// Every import batch is all there or not at all: a completed one has all its leads, any other
/// none; every acknowledged one is completed.
async fn assert_imports_whole(server: &ServerProcess, key: &str, acked: &[String]) {
    let http = client();
    let (status, page) = get(
        &http,
        key,
        format!("{}/api/v1/import-batches?limit=200", server.address),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    for batch in page["data"].as_array().into_iter().flatten() {
        let id = batch["id"].as_str().unwrap_or_default();
        let (_, leads) = get(
            &http,
            key,
            format!(
                "{}/api/v1/leads?import_batch_id={id}&count=true&limit=1",
                server.address
            ),
        )
        .await;
        let expected = if batch["status"] == "completed" {
            batch["created_count"].as_i64().unwrap_or(-1)
        } else {
            0
        };
        assert_eq!(leads["total"], expected, "batch {batch} is half applied");
        if acked.iter().any(|a| a == id) {
            assert_eq!(batch["status"], "completed", "acknowledged batch {batch}");
            assert_eq!(batch["created_count"], 300);
        }
    }
}

#[tokio::test]
async fn acknowledged_writes_survive_the_server_being_killed() {
    let kills: usize = std::env::var("CRM_CRASH_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(10);
    let mut random = Random::new();
    let db = TestDb::create();
    let sqlite = Backend::from_env() == Backend::Sqlite;

    let mut server = ServerProcess::start(&db.url, &db.dir).await;
    let key = admin_key(&server).await;
    let http = client();
    let (_, me) = get(&http, &key, format!("{}/api/v1/me", server.address)).await;
    let root = me["business_unit_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut units = Vec::new();
    for name in ["East", "West"] {
        let (status, unit) = post(
            &http,
            &key,
            format!("{}/api/v1/business-units", server.address),
            &json!({"name": name, "parent_id": root}),
        )
        .await
        .expect("a unit");
        assert_eq!(status, StatusCode::CREATED, "{unit}");
        units.push(unit["id"].as_str().unwrap_or_default().to_owned());
    }
    let mut users = Vec::new();
    for i in 0..5 {
        let (status, user) = post(
            &http,
            &key,
            format!("{}/api/v1/users", server.address),
            &json!({"email": format!("mover{i}@example.com"), "full_name": format!("Mover {i}"),
                    "business_unit_id": units[0], "password": "a long enough password"}),
        )
        .await
        .expect("a user");
        assert_eq!(status, StatusCode::CREATED, "{user}");
        users.push(user["id"].as_str().unwrap_or_default().to_owned());
    }

    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let batches: Arc<Mutex<Vec<String>>> = Arc::default();
    for round in 0..kills {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut writers = Vec::new();
        for writer in 0..6 {
            let (acked, stop, key) = (Arc::clone(&acked), Arc::clone(&stop), key.clone());
            let url = format!("{}/api/v1/accounts", server.address);
            writers.push(tokio::spawn(async move {
                let http = client();
                for n in 0.. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let name = format!("Crash {round}-{writer}-{n}");
                    let city = format!("City {n}");
                    match post(
                        &http,
                        &key,
                        url.clone(),
                        &json!({"name": name, "city": city}),
                    )
                    .await
                    {
                        Ok((StatusCode::CREATED, body)) => {
                            let id = body["id"].as_str().unwrap_or_default().to_owned();
                            acked
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .push(Acked { id, name, city });
                        }
                        Ok((status, body)) => panic!("a write was refused: {status} {body}"),
                        // The server was killed under this request: it was never acknowledged.
                        Err(_) => break,
                    }
                }
            }));
        }
        {
            // Lead lists imported: each acknowledged batch must be there whole.
            let (stop, key, batches) = (Arc::clone(&stop), key.clone(), Arc::clone(&batches));
            let url = format!("{}/api/v1/leads/import?source=crash", server.address);
            writers.push(tokio::spawn(async move {
                let http = client();
                for n in 0.. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let mut csv = String::from("last_name,company_name,email\n");
                    for line in 0..300 {
                        csv.push_str(&format!(
                            "Imported {round}-{n}-{line},Crash Ltd,i{round}.{n}.{line}@example.com\n"
                        ));
                    }
                    let sent = http
                        .post(url.clone())
                        .bearer_auth(&key)
                        .header("content-type", "text/csv")
                        .body(csv)
                        .send()
                        .await;
                    let Ok(response) = sent else { break };
                    let status = response.status();
                    let Ok(body) = response.json::<Value>().await else { break };
                    assert_eq!(status, StatusCode::OK, "an import was refused: {body}");
                    batches
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(body["batch_id"].as_str().unwrap_or_default().to_owned());
                }
            }));
        }
        {
            let (stop, key, users, units) =
                (Arc::clone(&stop), key.clone(), users.clone(), units.clone());
            let url = format!("{}/api/v1/users/reassign", server.address);
            writers.push(tokio::spawn(async move {
                let http = client();
                for n in 0.. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let body = json!({"user_ids": users, "business_unit_id": units[n % 2]});
                    match post(&http, &key, url.clone(), &body).await {
                        Ok((status, _)) if status.is_success() => {}
                        Ok((status, body)) => panic!("a reassignment was refused: {status} {body}"),
                        Err(_) => break,
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(100 + random.below(500))).await;
        server.kill();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for writer in writers {
            writer.await.expect("a writer ends");
        }
        if sqlite {
            assert_sqlite_integral(&db.url);
        }
        server = ServerProcess::start(&db.url, &db.dir).await;
        let acked_now = acked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        assert_all_present(&server, &key, &acked_now).await;
        assert_moved_together(&server, &key, &users).await;
        let acked_batches = batches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        assert_imports_whole(&server, &key, &acked_batches).await;
        eprintln!(
            "kill {}/{kills}: {} acknowledged accounts and {} imports, all present and whole",
            round + 1,
            acked_now.len(),
            acked_batches.len()
        );
    }
    let total = acked
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .len();
    assert!(
        total > kills,
        "the writers wrote too little to test: {total}"
    );
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits_cleanly() {
    let db = TestDb::create();
    let server = ServerProcess::start(&db.url, &db.dir).await;
    let key = admin_key(&server).await;

    // A creation whose body arrives in two parts, with SIGTERM in between.
    let body = json!({"name": "Finished After SIGTERM"}).to_string();
    let (head, tail) = body.split_at(10);
    let address = server.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let request = format!(
        "POST /api/v1/accounts HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the start");
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.terminate();
    tokio::time::sleep(Duration::from_millis(500)).await;

    // No new connection is accepted while it finishes.
    let refused = client()
        .get(format!("{}/healthz", server.address))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(refused.is_err(), "a new request was accepted after SIGTERM");

    stream
        .write_all(tail.as_bytes())
        .await
        .expect("send the rest");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .await
        .expect("read the answer");
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "the request in flight was not finished: {answer}"
    );
    let status = server.wait_exit(Duration::from_secs(35));
    assert!(status.success(), "the server exited with {status}");

    let server = ServerProcess::start(&db.url, &db.dir).await;
    let (_, page) = get(
        &client(),
        &key,
        format!(
            "{}/api/v1/accounts?name=Finished%20After%20SIGTERM&count=true",
            server.address
        ),
    )
    .await;
    assert_eq!(page["total"], 1, "{page}");
    if Backend::from_env() == Backend::Sqlite {
        // A clean stop folds the write-ahead log into the database.
        server.terminate();
        assert!(server.wait_exit(Duration::from_secs(35)).success());
        let wal = std::path::PathBuf::from(format!("{}-wal", db.url));
        assert!(
            !wal.exists() || std::fs::metadata(&wal).map_or(0, |m| m.len()) == 0,
            "the WAL was left behind after a clean stop"
        );
        assert_sqlite_integral(&db.url);
    }
}

#[tokio::test]
async fn a_backup_taken_under_write_load_restores_to_an_integral_database() {
    let db = TestDb::create();
    let backup = db.dir.join("backup.db");
    let backup_arg = backup.display().to_string();
    if Backend::from_env() != Backend::Sqlite {
        let (status, output) = crm_command(&["backup", &backup_arg], &db.url, &db.dir);
        assert!(!status.success());
        assert!(output.contains("pg_dump"), "{output}");
        return;
    }
    let server = ServerProcess::start(&db.url, &db.dir).await;
    let key = admin_key(&server).await;
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let (acked, stop, key) = (Arc::clone(&acked), Arc::clone(&stop), key.clone());
        let url = format!("{}/api/v1/accounts", server.address);
        writers.push(tokio::spawn(async move {
            let http = client();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (name, city) = (format!("Backup {writer}-{n}"), format!("City {n}"));
                let (status, body) = post(
                    &http,
                    &key,
                    url.clone(),
                    &json!({"name": name, "city": city}),
                )
                .await
                .expect("the server answers");
                assert_eq!(status, StatusCode::CREATED, "{body}");
                let id = body["id"].as_str().unwrap_or_default().to_owned();
                acked
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(Acked { id, name, city });
                n += 1;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = acked
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let (status, output) = crm_command(&["backup", &backup_arg], &db.url, &db.dir);
    assert!(status.success(), "crm backup failed: {output}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.expect("a writer ends");
    }
    let after = acked
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .len();
    assert!(
        after > before.len(),
        "the writers stopped during the backup"
    );

    // A restore under a running server is refused.
    let (status, output) = crm_command(&["restore", &backup_arg], &db.url, &db.dir);
    assert!(!status.success());
    assert!(output.contains("stop it before restoring"), "{output}");
    // Overwriting a backup is refused.
    let (status, output) = crm_command(&["backup", &backup_arg], &db.url, &db.dir);
    assert!(!status.success(), "{output}");

    server.terminate();
    assert!(server.wait_exit(Duration::from_secs(35)).success());
    let (status, output) = crm_command(&["restore", &backup_arg], &db.url, &db.dir);
    assert!(status.success(), "crm restore failed: {output}");
    assert_sqlite_integral(&db.url);

    let server = ServerProcess::start(&db.url, &db.dir).await;
    // Everything acknowledged before the backup began is in it; what came later may or may not
    // be, but nothing is half there.
    assert_all_present(&server, &key, &before).await;
    let (_, page) = get(
        &client(),
        &key,
        format!("{}/api/v1/accounts?count=true&limit=1", server.address),
    )
    .await;
    let restored = page["total"].as_u64().unwrap_or(0) as usize;
    assert!(
        restored >= before.len() && restored <= after,
        "restored {restored} accounts; {} before the backup, {after} in all",
        before.len()
    );
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_answered_503_and_the_server_goes_on() {
    let db = TestDb::create();
    let server = ServerProcess::start_with(&db.url, &db.dir, &[("CRM_REQUEST_TIMEOUT", "1")]).await;
    let key = admin_key(&server).await;
    // A client that announces a body and never sends it.
    let address = server.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let request = format!(
        "POST /api/v1/accounts HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"na"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the start");
    let started = std::time::Instant::now();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut answer))
        .await
        .expect("the server answers within its timeout")
        .expect("read the answer");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    let (status, _) = get(&client(), &key, format!("{}/api/v1/me", server.address)).await;
    assert_eq!(status, StatusCode::OK);
}
