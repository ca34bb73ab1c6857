//! A deterministic, realistic dataset written straight into the database through batched inserts
//! (the bulk path): business units, the sales people who own the records, accounts with child
//! accounts, contacts, leads, opportunities through the sales stages, calls logged on contacts,
//! service cases in every status, and published knowledge articles in the search index. The same
//! seed gives the same rows, ids included.

use std::time::Instant;

use anyhow::Context;
use chrono::{Duration, TimeZone, Utc};
use crm_core::Timestamp;
use crm_db::AnyConnection;
use crm_db::schema::{
    accounts, activities, business_units, cases, contacts, knowledge_articles, leads,
    opportunities, record_numbers, users,
};
use diesel::prelude::*;

/// How much to generate.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Size {
    /// Accounts (a quarter of them children of another).
    pub accounts: usize,
    /// Contacts (nine in ten at an account).
    pub contacts: usize,
    /// Leads, in every status.
    pub leads: usize,
    /// Opportunities at accounts, open, won and lost.
    pub opportunities: usize,
    /// Calls logged on contacts.
    pub activities: usize,
    /// Service cases of contacts, open and closed.
    pub cases: usize,
    /// Published knowledge articles, indexed for search.
    pub articles: usize,
    /// Sales people owning the records.
    pub owners: usize,
}

/// What the generator did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Loaded {
    /// Rows written.
    pub rows: usize,
    /// Seconds taken.
    pub seconds: f64,
    /// Rows per second through the bulk path, with every index of the real tables in place.
    pub rows_per_second: f64,
    /// Ids of the contacts (for the load scenarios).
    #[serde(skip)]
    pub contact_ids: Vec<String>,
    /// The leads alone: rows per second through the bulk path into the leads table with all its
    /// indexes (what the lead import is measured against).
    pub lead_rows_per_second: f64,
}

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of the items.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A UUIDv7 whose time is `base + index` milliseconds: ids sort in creation order, as real ones.
    pub fn uuid_v7(&mut self, millis: u64) -> String {
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&self.next().to_le_bytes());
        random[8..].copy_from_slice(&self.next().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(millis, &random)
            .into_uuid()
            .to_string()
    }
}

const FIRST_NAMES: &[&str] = &[
    "Ingrid",
    "Lars",
    "Sofia",
    "Mateo",
    "Amelia",
    "Noah",
    "Yuki",
    "Hiroshi",
    "Chloé",
    "Lucas",
    "Fatima",
    "Omar",
    "Priya",
    "Arjun",
    "Elena",
    "Marco",
    "Hannah",
    "Jonas",
    "Aisha",
    "Kwame",
    "Olivia",
    "Liam",
    "Zoe",
    "Ethan",
    "Mia",
    "Leon",
    "Sara",
    "David",
    "Nora",
    "Emil",
    "Ana",
    "João",
    "Wei",
    "Mei",
    "Sven",
    "Freya",
    "Tomás",
    "Lucía",
    "Pierre",
    "Camille",
    "Ravi",
    "Anika",
    "Ivan",
    "Olga",
    "Kofi",
    "Amara",
    "Henrik",
    "Astrid",
    "Diego",
    "Valentina",
];

const LAST_NAMES: &[&str] = &[
    "Halvorsen",
    "Johansson",
    "García",
    "Rossi",
    "Müller",
    "Schmidt",
    "Tanaka",
    "Suzuki",
    "Dubois",
    "Martin",
    "Haddad",
    "Khan",
    "Patel",
    "Sharma",
    "Popescu",
    "Novak",
    "Kowalski",
    "Nielsen",
    "Andersen",
    "Okafor",
    "Mensah",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Silva",
    "Santos",
    "Chen",
    "Wang",
    "Li",
    "Kim",
    "Park",
    "Nguyen",
    "Fischer",
    "Weber",
    "Lindqvist",
    "Berg",
    "Moreau",
    "Laurent",
    "Costa",
    "Ferreira",
    "Ivanova",
    "Petrov",
    "Eriksen",
    "O'Brien",
];

/// The words of support articles, the most frequent first (texts draw the first ones more often).
pub const SUPPORT_WORDS: &[&str] = &[
    "the",
    "to",
    "and",
    "a",
    "of",
    "is",
    "in",
    "for",
    "on",
    "with",
    "you",
    "your",
    "it",
    "this",
    "click",
    "open",
    "select",
    "settings",
    "account",
    "user",
    "password",
    "reset",
    "error",
    "update",
    "install",
    "restart",
    "device",
    "network",
    "connection",
    "printer",
    "email",
    "server",
    "login",
    "access",
    "file",
    "report",
    "invoice",
    "payment",
    "order",
    "shipping",
    "license",
    "version",
    "driver",
    "firmware",
    "browser",
    "cache",
    "cookie",
    "session",
    "token",
    "certificate",
    "vpn",
    "router",
    "wireless",
    "bluetooth",
    "battery",
    "screen",
    "display",
    "keyboard",
    "mouse",
    "storage",
    "backup",
    "restore",
    "sync",
    "calendar",
    "contact",
    "mailbox",
    "quota",
    "attachment",
    "signature",
    "spam",
    "filter",
    "rule",
    "permission",
    "role",
    "team",
    "admin",
    "portal",
    "mobile",
    "tablet",
    "android",
    "ios",
    "windows",
    "macos",
    "linux",
    "timeout",
    "offline",
    "slow",
    "crash",
    "freeze",
    "blank",
    "missing",
    "duplicate",
    "sync",
    "import",
    "export",
    "csv",
    "spreadsheet",
    "template",
    "workflow",
    "approval",
    "notification",
    "alert",
    "schedule",
    "meeting",
    "conference",
    "camera",
    "microphone",
    "audio",
    "video",
    "headset",
    "speaker",
    "monitor",
    "cable",
    "port",
    "usb",
    "dock",
    "power",
    "adapter",
    "charger",
    "warranty",
    "repair",
    "replacement",
    "refund",
    "subscription",
    "plan",
    "billing",
    "tax",
    "currency",
    "discount",
    "coupon",
    "checkout",
    "cart",
    "catalog",
    "product",
    "inventory",
    "warehouse",
    "delivery",
    "tracking",
    "carrier",
    "label",
    "barcode",
    "scanner",
    "terminal",
    "receipt",
    "cashier",
    "shift",
    "payroll",
    "expense",
    "budget",
    "forecast",
    "dashboard",
    "chart",
    "widget",
    "plugin",
    "extension",
    "integration",
    "webhook",
    "api",
    "key",
    "secret",
    "encryption",
    "compliance",
    "audit",
    "retention",
    "archive",
    "deletion",
    "privacy",
    "consent",
    "gdpr",
    "policy",
    "firewall",
    "proxy",
    "dns",
    "domain",
    "ssl",
    "migration",
    "upgrade",
    "downgrade",
    "rollback",
    "patch",
    "hotfix",
    "release",
    "beta",
];

const COMPANY_WORDS: &[&str] = &[
    "Nordic",
    "Atlas",
    "Blue",
    "Summit",
    "Harbor",
    "Granite",
    "Polar",
    "Vertex",
    "Crescent",
    "Pioneer",
    "Evergreen",
    "Silver",
    "Meridian",
    "Falcon",
    "Orchid",
    "Cobalt",
    "Beacon",
    "Aurora",
    "Maple",
    "Quantum",
    "Redwood",
    "Sterling",
    "Horizon",
    "Lumen",
    "Keystone",
];

const COMPANY_KINDS: &[&str] = &[
    "Logistics",
    "Foods",
    "Systems",
    "Energy",
    "Health",
    "Retail",
    "Software",
    "Textiles",
    "Shipping",
    "Pharma",
    "Motors",
    "Analytics",
    "Construction",
    "Media",
    "Finance",
    "Robotics",
];

const SUFFIXES: &[&str] = &[
    "AS", "AB", "GmbH", "Ltd", "Inc.", "S.A.", "SARL", "Oy", "BV", "KK",
];

const CITIES: &[(&str, &str)] = &[
    ("Oslo", "NO"),
    ("Bergen", "NO"),
    ("Stockholm", "SE"),
    ("Gothenburg", "SE"),
    ("Copenhagen", "DK"),
    ("Helsinki", "FI"),
    ("Berlin", "DE"),
    ("Munich", "DE"),
    ("Hamburg", "DE"),
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("Madrid", "ES"),
    ("Barcelona", "ES"),
    ("Milan", "IT"),
    ("Rome", "IT"),
    ("Amsterdam", "NL"),
    ("London", "GB"),
    ("Manchester", "GB"),
    ("Dublin", "IE"),
    ("New York", "US"),
    ("Chicago", "US"),
    ("Austin", "US"),
    ("Toronto", "CA"),
    ("São Paulo", "BR"),
    ("Tokyo", "JP"),
    ("Osaka", "JP"),
    ("Seoul", "KR"),
    ("Singapore", "SG"),
    ("Sydney", "AU"),
    ("Nairobi", "KE"),
];

const INDUSTRIES: &[&str] = &[
    "manufacturing",
    "retail",
    "technology",
    "healthcare",
    "finance",
    "logistics",
    "energy",
    "media",
];

const JOB_TITLES: &[&str] = &[
    "Purchasing Manager",
    "CEO",
    "CFO",
    "Head of IT",
    "Operations Director",
    "Buyer",
    "Office Manager",
    "Sales Director",
    "Engineer",
    "Project Manager",
];

/// The countries the generator uses, for the load scenarios' filters.
pub fn countries() -> Vec<&'static str> {
    let mut c: Vec<&str> = CITIES.iter().map(|(_, c)| *c).collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// The last names the generator uses, for the search scenario.
pub fn last_names() -> &'static [&'static str] {
    LAST_NAMES
}

/// Runs one batched insert on whichever backend the connection is.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            AnyConnection::Sqlite($c) => $body,
            AnyConnection::Postgresql($c) => $body,
        }
    };
}

const BATCH: usize = 500;

struct Owner {
    id: String,
    unit: String,
}

/// Writes the dataset into a database the server has created (migrated, with its organization).
pub fn load(conn: &mut AnyConnection, size: Size, seed: u64) -> anyhow::Result<Loaded> {
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let root: String = business_units::table
        .filter(business_units::parent_id.is_null())
        .select(business_units::id)
        .first(conn)
        .context("the organization has no root business unit: start the server once first")?;
    // Ids carry a time a year before the run, one millisecond apart, so they sort as created.
    let base = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .context("a fixed date")?;
    let base_millis = u64::try_from(base.timestamp_millis()).context("a date after 1970")?;
    let mut tick = 0u64;
    let mut at = |rng: &mut Rng| {
        tick += 1;
        let id = rng.uuid_v7(base_millis + tick);
        let ts = Timestamp::from_utc(base + Duration::milliseconds(tick as i64));
        (id, ts)
    };
    let mut rows = 0usize;

    // Units: sales regions under the root, each with its sales people.
    let regions = [
        "Sales North",
        "Sales South",
        "Sales East",
        "Sales West",
        "Key Accounts",
    ];
    let mut owners = Vec::with_capacity(size.owners);
    conn.transaction(|conn| -> anyhow::Result<()> {
        let mut units = Vec::new();
        for name in regions {
            let (id, ts) = at(&mut rng);
            diesel::insert_into(business_units::table)
                .values((
                    business_units::id.eq(&id),
                    business_units::name.eq(name),
                    business_units::parent_id.eq(&root),
                    business_units::created_at.eq(ts),
                    business_units::updated_at.eq(ts),
                    business_units::version.eq(1i64),
                ))
                .execute(conn)?;
            units.push(id);
            rows += 1;
        }
        for n in 0..size.owners {
            let (id, ts) = at(&mut rng);
            let unit = units[n % units.len()].clone();
            let first = rng.pick(FIRST_NAMES);
            let last = rng.pick(LAST_NAMES);
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(&id),
                    users::email.eq(format!("seller{n}@bench.example.com")),
                    users::full_name.eq(format!("{first} {last}")),
                    users::job_title.eq("Account Executive"),
                    users::business_unit_id.eq(&unit),
                    users::is_active.eq(true),
                    users::created_at.eq(ts),
                    users::updated_at.eq(ts),
                    users::version.eq(1i64),
                ))
                .execute(conn)?;
            owners.push(Owner { id, unit });
            rows += 1;
        }
        Ok(())
    })?;

    // Accounts: one in four is a subsidiary of an earlier one.
    let mut account_ids: Vec<String> = Vec::with_capacity(size.accounts);
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..size.accounts {
        let (id, ts) = at(&mut rng);
        let owner = &owners[rng.below(owners.len())];
        let (city, country) = CITIES[rng.below(CITIES.len())];
        let name = format!(
            "{} {} {} {}",
            rng.pick(COMPANY_WORDS),
            rng.pick(COMPANY_KINDS),
            rng.pick(SUFFIXES),
            n + 1
        );
        let parent =
            (n > 10 && rng.chance(25)).then(|| account_ids[rng.below(account_ids.len())].clone());
        let domain = format!(
            "{}.example.com",
            name.split(' ').next().unwrap_or("acme").to_lowercase()
        );
        batch.push((
            accounts::id.eq(id.clone()),
            accounts::name.eq(name),
            accounts::account_number.eq(Some(format!("ACC-{:07}", n + 1))),
            accounts::relationship_type.eq(Some(if rng.chance(70) {
                "customer"
            } else {
                "prospect"
            })),
            accounts::industry.eq(Some(rng.pick(INDUSTRIES))),
            accounts::employees.eq(Some((rng.below(5000) + 5) as i64)),
            accounts::website.eq(Some(format!("https://www.{domain}"))),
            accounts::email.eq(Some(format!("info{}@{domain}", n + 1))),
            accounts::phone.eq(Some(format!(
                "+{} {:09}",
                30 + rng.below(60),
                rng.below(999_999_999)
            ))),
            accounts::city.eq(Some(city)),
            accounts::country.eq(Some(country)),
            accounts::parent_account_id.eq(parent),
            accounts::owner_id.eq(owner.id.clone()),
            accounts::business_unit_id.eq(owner.unit.clone()),
            (
                accounts::created_at.eq(ts),
                accounts::updated_at.eq(ts),
                accounts::version.eq(1i64),
            ),
        ));
        account_ids.push(id);
        if batch.len() == BATCH || n + 1 == size.accounts {
            let chunk = std::mem::take(&mut batch);
            rows += chunk.len();
            conn.transaction(|conn| {
                on_backend!(conn, |c| diesel::insert_into(accounts::table)
                    .values(chunk)
                    .execute(c))
            })?;
        }
    }

    // Contacts: most at an account, with unique emails.
    let mut contact_ids = Vec::with_capacity(size.contacts);
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..size.contacts {
        let (id, ts) = at(&mut rng);
        let owner = &owners[rng.below(owners.len())];
        let first = rng.pick(FIRST_NAMES);
        let last = rng.pick(LAST_NAMES);
        let (city, country) = CITIES[rng.below(CITIES.len())];
        let account = rng
            .chance(90)
            .then(|| account_ids[rng.below(account_ids.len())].clone());
        let email = format!(
            "{}.{}.{}@mail.example.com",
            first.to_lowercase(),
            last.to_lowercase().replace('\'', ""),
            n + 1
        );
        batch.push((
            contacts::id.eq(id.clone()),
            contacts::first_name.eq(Some(first)),
            contacts::last_name.eq(last),
            contacts::full_name.eq(format!("{first} {last}")),
            contacts::job_title.eq(Some(rng.pick(JOB_TITLES))),
            contacts::email.eq(Some(email)),
            contacts::phone.eq(Some(format!(
                "+{} {:09}",
                30 + rng.below(60),
                rng.below(999_999_999)
            ))),
            contacts::city.eq(Some(city)),
            contacts::country.eq(Some(country)),
            contacts::do_not_email.eq(rng.chance(5)),
            contacts::do_not_phone.eq(false),
            contacts::do_not_bulk_email.eq(rng.chance(10)),
            contacts::account_id.eq(account),
            contacts::owner_id.eq(owner.id.clone()),
            contacts::business_unit_id.eq(owner.unit.clone()),
            (
                contacts::created_at.eq(ts),
                contacts::updated_at.eq(ts),
                contacts::version.eq(1i64),
            ),
        ));
        contact_ids.push(id);
        if batch.len() == BATCH || n + 1 == size.contacts {
            let chunk = std::mem::take(&mut batch);
            rows += chunk.len();
            conn.transaction(|conn| {
                on_backend!(conn, |c| diesel::insert_into(contacts::table)
                    .values(chunk)
                    .execute(c))
            })?;
        }
    }
    // Leads: a list's worth of people in every status, rated, from every source.
    let lead_started = Instant::now();
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..size.leads {
        let (id, ts) = at(&mut rng);
        let owner = &owners[rng.below(owners.len())];
        let first = rng.pick(FIRST_NAMES);
        let last = rng.pick(LAST_NAMES);
        let (city, country) = CITIES[rng.below(CITIES.len())];
        let company = format!(
            "{} {} {}",
            rng.pick(COMPANY_WORDS),
            rng.pick(COMPANY_KINDS),
            rng.pick(SUFFIXES)
        );
        let status = rng.pick(&[
            "new",
            "new",
            "new",
            "contacted",
            "contacted",
            "qualified",
            "disqualified",
        ]);
        let touched = (status != "new").then_some(ts);
        batch.push((
            leads::id.eq(id),
            leads::first_name.eq(Some(first)),
            leads::last_name.eq(Some(last)),
            leads::full_name.eq(format!("{first} {last}")),
            leads::company_name.eq(Some(company)),
            leads::email.eq(Some(format!(
                "{}.{}.{}@lead.example.com",
                first.to_lowercase(),
                last.to_lowercase().replace('\'', ""),
                n + 1
            ))),
            leads::city.eq(Some(city)),
            leads::country.eq(Some(country)),
            leads::source.eq(Some(rng.pick(&[
                "web",
                "referral",
                "trade_show",
                "purchased_list",
                "campaign",
                "partner",
            ]))),
            leads::rating.eq(Some(rng.pick(&["hot", "warm", "cold"]))),
            leads::status.eq(status),
            leads::last_touched_at.eq(touched),
            leads::owner_id.eq(owner.id.clone()),
            leads::business_unit_id.eq(owner.unit.clone()),
            (
                leads::status_changed_at.eq(ts),
                leads::created_at.eq(ts),
                leads::updated_at.eq(ts),
                leads::version.eq(1i64),
            ),
        ));
        if batch.len() == BATCH || n + 1 == size.leads {
            let chunk = std::mem::take(&mut batch);
            rows += chunk.len();
            conn.transaction(|conn| {
                on_backend!(conn, |c| diesel::insert_into(leads::table)
                    .values(chunk)
                    .execute(c))
            })?;
        }
    }
    let lead_rows_per_second = size.leads as f64 / lead_started.elapsed().as_secs_f64().max(1e-9);

    // Opportunities at accounts, through the stages; a third of them closed.
    let stages = [
        ("prospecting", 10i64),
        ("qualification", 20),
        ("proposal", 50),
        ("negotiation", 80),
    ];
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..size.opportunities {
        let (id, ts) = at(&mut rng);
        let owner = &owners[rng.below(owners.len())];
        let (stage, probability) = stages[rng.below(stages.len())];
        let status = rng.pick(&["open", "open", "open", "open", "won", "lost"]);
        let revenue = (rng.below(500) as i64 + 1) * 100_000;
        batch.push((
            opportunities::id.eq(id),
            opportunities::name.eq(format!("{} deal {}", rng.pick(COMPANY_WORDS), n + 1)),
            opportunities::account_id.eq(Some(account_ids[rng.below(account_ids.len())].clone())),
            opportunities::contact_id.eq(rng
                .chance(60)
                .then(|| contact_ids[rng.below(contact_ids.len())].clone())),
            opportunities::estimated_revenue.eq(Some(revenue)),
            opportunities::currency.eq(Some(rng.pick(&["EUR", "USD", "GBP"]))),
            opportunities::stage.eq(stage),
            opportunities::probability.eq(match status {
                "won" => 100,
                "lost" => 0,
                _ => probability,
            }),
            opportunities::status.eq(status),
            opportunities::closed_at.eq((status != "open").then_some(ts)),
            opportunities::owner_id.eq(owner.id.clone()),
            opportunities::business_unit_id.eq(owner.unit.clone()),
            (
                opportunities::stage_changed_at.eq(ts),
                opportunities::created_at.eq(ts),
                opportunities::updated_at.eq(ts),
                opportunities::version.eq(1i64),
            ),
        ));
        if batch.len() == BATCH || n + 1 == size.opportunities {
            let chunk = std::mem::take(&mut batch);
            rows += chunk.len();
            conn.transaction(|conn| {
                on_backend!(conn, |c| diesel::insert_into(opportunities::table)
                    .values(chunk)
                    .execute(c))
            })?;
        }
    }

    // Calls logged on contacts, so their timelines have something in them.
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..size.activities {
        let (id, ts) = at(&mut rng);
        let owner = &owners[rng.below(owners.len())];
        let contact = contact_ids[rng.below(contact_ids.len())].clone();
        batch.push((
            activities::id.eq(id),
            activities::activity_type.eq("phone_call"),
            activities::subject.eq(format!("Call {}", n + 1)),
            activities::status.eq("completed"),
            activities::priority.eq("normal"),
            activities::direction.eq(Some(rng.pick(&["incoming", "outgoing"]))),
            activities::regarding_type.eq(Some("contacts")),
            activities::regarding_id.eq(Some(contact)),
            activities::scheduled_at.eq(ts),
            activities::duration_minutes.eq(Some(rng.below(60) as i64 + 1)),
            activities::completed_at.eq(Some(ts)),
            activities::owner_id.eq(owner.id.clone()),
            activities::business_unit_id.eq(owner.unit.clone()),
            (
                activities::created_at.eq(ts),
                activities::updated_at.eq(ts),
                activities::version.eq(1i64),
            ),
        ));
        if batch.len() == BATCH || n + 1 == size.activities {
            let chunk = std::mem::take(&mut batch);
            rows += chunk.len();
            conn.transaction(|conn| {
                on_backend!(conn, |c| diesel::insert_into(activities::table)
                    .values(chunk)
                    .execute(c))
            })?;
        }
    }

    // Cases of contacts at their accounts, in every status, numbered as the server numbers them.
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..size.cases {
        let (id, ts) = at(&mut rng);
        let owner = &owners[rng.below(owners.len())];
        let contact = contact_ids[rng.below(contact_ids.len())].clone();
        let status = rng.pick(&[
            "new",
            "in_progress",
            "on_hold",
            "resolved",
            "resolved",
            "cancelled",
        ]);
        let closed = matches!(status, "resolved" | "cancelled");
        batch.push((
            cases::id.eq(id),
            cases::number.eq(crm_db::numbers::format_number("CAS", n as i64 + 1)),
            cases::title.eq(format!("{} fails {}", rng.pick(COMPANY_WORDS), n + 1)),
            cases::contact_id.eq(Some(contact)),
            cases::origin.eq(rng.pick(&["phone", "email", "web", "portal"])),
            cases::priority.eq(rng.pick(&["low", "normal", "normal", "high", "urgent"])),
            cases::status.eq(status),
            cases::entitlement.eq("none"),
            cases::first_response_due_at.eq(Some(ts.plus(Duration::hours(1)))),
            cases::resolve_by_at.eq(Some(ts.plus(Duration::hours(8)))),
            cases::resolved_at.eq((status == "resolved").then(|| ts.plus(Duration::hours(3)))),
            cases::resolution.eq(closed.then_some("Solved on the phone")),
            cases::owner_id.eq(owner.id.clone()),
            cases::business_unit_id.eq(owner.unit.clone()),
            (
                cases::created_at.eq(ts),
                cases::updated_at.eq(ts),
                cases::version.eq(1i64),
            ),
        ));
        if batch.len() == BATCH || n + 1 == size.cases {
            let chunk = std::mem::take(&mut batch);
            rows += chunk.len();
            conn.transaction(|conn| {
                on_backend!(conn, |c| diesel::insert_into(cases::table)
                    .values(chunk)
                    .execute(c))
            })?;
        }
    }
    diesel::update(record_numbers::table.filter(record_numbers::name.eq("cases")))
        .set(record_numbers::last_value.eq(size.cases as i64))
        .execute(conn)?;

    // Published knowledge articles, each in the search index as the server puts it there. Each
    // is about one topic (a cluster of 8 support words) and one of 500 products, in text that is
    // a third function words, some generic support words, the topic's words and the product's
    // name: as in a real knowledge base, a topic word is in a few percent of the articles.
    let topics: Vec<&[&str]> = SUPPORT_WORDS[26..].chunks(8).collect();
    let mut batch = Vec::with_capacity(BATCH);
    let mut documents: Vec<(String, String, String, String)> = Vec::with_capacity(BATCH);
    for n in 0..size.articles {
        let (id, ts) = at(&mut rng);
        let owner = &owners[rng.below(owners.len())];
        let topic = topics[rng.below(topics.len())];
        let product = format!(
            "{}{}",
            rng.pick(&["zx", "qm", "lt", "pro", "neo"]),
            100 + rng.below(100)
        );
        let title = format!(
            "{} {} {} on {product}",
            rng.pick(&["How to fix", "Why", "Set up", "Troubleshoot", "Reset"]),
            rng.pick(topic),
            rng.pick(topic),
        );
        let keywords: Vec<String> = vec![
            rng.pick(topic).to_owned(),
            rng.pick(topic).to_owned(),
            product.clone(),
        ];
        let words = 60 + rng.below(80);
        let text: Vec<String> = (0..words)
            .map(|_| match rng.below(20) {
                0..=6 => rng.pick(&SUPPORT_WORDS[..14]).to_owned(),
                7..=9 => rng.pick(&SUPPORT_WORDS[14..26]).to_owned(),
                10..=17 => rng.pick(topic).to_owned(),
                _ => product.clone(),
            })
            .collect();
        let text = text.join(" ");
        let sections =
            serde_json::json!([{"title": "Resolution", "body": format!("<p>{text}</p>")}]);
        batch.push((
            knowledge_articles::id.eq(id.clone()),
            knowledge_articles::number.eq(crm_db::numbers::format_number("KA", n as i64 + 1)),
            knowledge_articles::root_article_id.eq(id.clone()),
            knowledge_articles::version_number.eq(1i64),
            knowledge_articles::is_latest_version.eq(true),
            knowledge_articles::title.eq(title.clone()),
            knowledge_articles::keywords.eq(serde_json::json!(keywords).to_string()),
            knowledge_articles::sections.eq(sections.to_string()),
            knowledge_articles::visibility.eq(rng.pick(&["internal", "public"])),
            knowledge_articles::status.eq("published"),
            knowledge_articles::published_at.eq(Some(ts)),
            knowledge_articles::use_count.eq(rng.below(20) as i64),
            (
                knowledge_articles::owner_id.eq(owner.id.clone()),
                knowledge_articles::business_unit_id.eq(owner.unit.clone()),
                knowledge_articles::created_at.eq(ts),
                knowledge_articles::updated_at.eq(ts),
                knowledge_articles::version.eq(1i64),
            ),
        ));
        documents.push((id, title, keywords.join(" "), text));
        if batch.len() == BATCH || n + 1 == size.articles {
            let chunk = std::mem::take(&mut batch);
            let docs = std::mem::take(&mut documents);
            rows += chunk.len();
            conn.transaction(|conn| {
                on_backend!(conn, |c| diesel::insert_into(knowledge_articles::table)
                    .values(chunk)
                    .execute(c))?;
                for (id, title, keywords, body) in &docs {
                    crm_db::fulltext::index(
                        conn,
                        &crm_db::fulltext::Document {
                            id,
                            title,
                            keywords,
                            body,
                        },
                    )?;
                }
                QueryResult::Ok(())
            })?;
        }
    }
    diesel::update(record_numbers::table.filter(record_numbers::name.eq("knowledge-articles")))
        .set(record_numbers::last_value.eq(size.articles as i64))
        .execute(conn)?;

    // Fresh statistics of what was loaded, as a database in use has. Not of the change log: the
    // bulk path leaves it nearly empty while every write scenario fills it, and SQLite (which
    // never refreshes statistics by itself) then went on planning for a log of two rows: a
    // timeline scanned the whole log (63 requests/s instead of thousands). Without statistics
    // SQLite's planner takes the log's index, as it does in a database nobody analyzed.
    for table in [
        "business_units",
        "users",
        "accounts",
        "contacts",
        "leads",
        "opportunities",
        "activities",
        "cases",
        "knowledge_articles",
    ] {
        let analyze = format!("ANALYZE {table}");
        on_backend!(conn, |c| diesel::sql_query(&analyze).execute(c))?;
    }

    let seconds = started.elapsed().as_secs_f64();
    Ok(Loaded {
        rows,
        seconds,
        rows_per_second: rows as f64 / seconds.max(1e-9),
        contact_ids,
        lead_rows_per_second,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers_and_ids() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next(), b.next());
        }
        assert_eq!(a.uuid_v7(1_700_000_000_000), b.uuid_v7(1_700_000_000_000));
        assert_ne!(Rng::new(8).next(), Rng::new(7).next());
    }

    #[test]
    fn generated_ids_are_version_7_and_sort_by_time() {
        let mut rng = Rng::new(1);
        let first = rng.uuid_v7(1_700_000_000_000);
        let second = rng.uuid_v7(1_700_000_000_001);
        assert!(first < second);
        assert_eq!(
            uuid::Uuid::parse_str(&first)
                .map(|u| u.get_version_num())
                .ok(),
            Some(7)
        );
    }
}
