//! The floor of a list of 50 contacts on SQLite: the work no server can skip to answer
//! `list_filter_sort`, measured on one thread with nothing else.
//!
//! The same query as the server's (`WHERE country = ? ORDER BY last_name, id LIMIT 51`, on the
//! same index), on one prepared statement, with SQLite's default page cache (as each pooled
//! connection of the server has), its rows read into records of owned strings, and those written
//! as JSON into one buffer. No HTTP, no authentication, no visibility, no pool, no diesel. Its
//! time on one core bounds what the machine's cores can serve at all: the budget's share of the
//! baseline is read against that bound.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;

/// What the floor measured.
#[derive(Debug, Clone, Serialize)]
pub struct ListFloor {
    /// Lists measured.
    pub lists: u64,
    /// Microseconds of one core per list, all told.
    pub micros_per_list: f64,
    /// ... of which the query and reading its rows.
    pub query_micros: f64,
    /// ... of which writing the page as JSON.
    pub json_micros: f64,
    /// Bytes of JSON per list.
    pub bytes_per_list: u64,
    /// The most lists per second the machine's cores could serve if nothing else cost anything.
    pub ceiling_per_second: f64,
}

/// A contact as the list returns it, read with owned strings as the server reads it.
#[derive(Serialize)]
struct Row {
    id: String,
    salutation: Option<String>,
    first_name: Option<String>,
    last_name: String,
    full_name: String,
    job_title: Option<String>,
    department: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    mobile_phone: Option<String>,
    address_line1: Option<String>,
    address_line2: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
    birthdate: Option<String>,
    description: Option<String>,
    preferred_contact_method: Option<String>,
    do_not_email: bool,
    do_not_phone: bool,
    do_not_bulk_email: bool,
    account_id: Option<String>,
    external_id: Option<String>,
    owner_id: String,
    business_unit_id: String,
    created_by: Option<String>,
    updated_by: Option<String>,
    created_at: String,
    updated_at: String,
    version: i64,
}

#[derive(Serialize)]
struct Page {
    data: Vec<Row>,
    next_cursor: Option<String>,
}

const QUERY: &str = "SELECT id, salutation, first_name, last_name, full_name, job_title, \
    department, email, phone, mobile_phone, address_line1, address_line2, city, region, \
    postal_code, country, birthdate, description, preferred_contact_method, do_not_email, \
    do_not_phone, do_not_bulk_email, account_id, external_id, owner_id, business_unit_id, \
    created_by, updated_by, created_at, updated_at, version \
    FROM contacts WHERE country = ?1 ORDER BY last_name, id LIMIT ?2";

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: row.get(0)?,
        salutation: row.get(1)?,
        first_name: row.get(2)?,
        last_name: row.get(3)?,
        full_name: row.get(4)?,
        job_title: row.get(5)?,
        department: row.get(6)?,
        email: row.get(7)?,
        phone: row.get(8)?,
        mobile_phone: row.get(9)?,
        address_line1: row.get(10)?,
        address_line2: row.get(11)?,
        city: row.get(12)?,
        region: row.get(13)?,
        postal_code: row.get(14)?,
        country: row.get(15)?,
        birthdate: row.get(16)?,
        description: row.get(17)?,
        preferred_contact_method: row.get(18)?,
        do_not_email: row.get(19)?,
        do_not_phone: row.get(20)?,
        do_not_bulk_email: row.get(21)?,
        account_id: row.get(22)?,
        external_id: row.get(23)?,
        owner_id: row.get(24)?,
        business_unit_id: row.get(25)?,
        created_by: row.get(26)?,
        updated_by: row.get(27)?,
        created_at: row.get(28)?,
        updated_at: row.get(29)?,
        version: row.get(30)?,
    })
}

/// Measures the floor on a SQLite database for `measure` after a warm-up, cycling through the
/// countries as the scenario picks them.
pub fn list_floor(
    database: &Path,
    countries: &[&str],
    measure: Duration,
) -> anyhow::Result<ListFloor> {
    let conn = rusqlite::Connection::open_with_flags(
        database,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", database.display()))?;
    let mut statement = conn.prepare(QUERY)?;
    let mut one = |country: &str| -> anyhow::Result<(Duration, Duration, usize)> {
        let started = Instant::now();
        let rows = statement
            .query_map(rusqlite::params![country, 51], read)?
            .collect::<Result<Vec<Row>, _>>()?;
        let read_at = Instant::now();
        let mut buffer = Vec::with_capacity(64 * 1024);
        serde_json::to_writer(
            &mut buffer,
            &Page {
                data: rows,
                next_cursor: Some("x".repeat(60)),
            },
        )?;
        Ok((read_at - started, read_at.elapsed(), buffer.len()))
    };
    let warm_until = Instant::now() + measure / 4;
    let mut i = 0usize;
    while Instant::now() < warm_until {
        one(countries[i % countries.len()])?;
        i += 1;
    }
    let (mut lists, mut query, mut json, mut bytes) =
        (0u64, Duration::ZERO, Duration::ZERO, 0usize);
    let until = Instant::now() + measure;
    while Instant::now() < until {
        // The scenario picks countries at random; a stride through them is as random for a cache.
        let (q, j, b) = one(countries[(i * 7) % countries.len()])?;
        i += 1;
        lists += 1;
        query += q;
        json += j;
        bytes += b;
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / lists.max(1) as f64;
    let micros = per(query + json);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    Ok(ListFloor {
        lists,
        micros_per_list: micros,
        query_micros: per(query),
        json_micros: per(json),
        bytes_per_list: (bytes / lists.max(1) as usize) as u64,
        ceiling_per_second: cores * 1e6 / micros.max(1e-9),
    })
}
