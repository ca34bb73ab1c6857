//! Full-text search of published knowledge articles, on SQLite FTS5 and on PostgreSQL's text
//! search: the one place where the two differ (the tables are made by the migrations).
//!
//! - SQLite: the FTS5 table `knowledge_search` with the Porter stemmer over unicode words, ranked
//!   by BM25 with the title weighing ten times the body and the keywords five times; its rowids
//!   are those of `knowledge_search_docs`, which maps them to the versions.
//! - PostgreSQL: `knowledge_search.document`, a `tsvector` of the English stems with the title
//!   weighing most (A), the keywords next (B), the body least (D), under a GIN index; ranked by
//!   `ts_rank`.
//!
//! Both match every term as a prefix of a stemmed word (`print` finds "printer", "printing").
//! Terms are words of letters and digits only ([`terms`]), so no query syntax of either engine
//! ever reaches it from a caller.

use crm_core::security::AccessScope;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text};

use crate::conn::AnyConnection;

/// The most matches of a query ranked on SQLite: past these, the most recently indexed ones.
pub const RANKED_AT_MOST: i64 = 5_000;
/// The most terms a query uses (the rest are ignored).
pub const MAX_TERMS: usize = 16;
/// The longest term kept, in characters.
const MAX_TERM_CHARS: usize = 40;

/// The search terms of a text: its words of letters and digits, lowercased, each once, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let word: String = word.to_lowercase().chars().take(MAX_TERM_CHARS).collect();
        if !terms.contains(&word) {
            terms.push(word);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// A document of the index: a published version's text.
pub struct Document<'a> {
    /// The version's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its keywords, as one text.
    pub keywords: &'a str,
    /// Its body as plain text.
    pub body: &'a str,
}

/// Puts a document in the index (replacing what it held for the id).
pub fn index(conn: &mut AnyConnection, doc: &Document<'_>) -> QueryResult<()> {
    unindex(conn, doc.id)?;
    match conn {
        AnyConnection::Sqlite(c) => {
            #[derive(QueryableByName)]
            struct Row {
                #[diesel(sql_type = BigInt)]
                id: i64,
            }
            let row: Row = diesel::sql_query(
                "INSERT INTO knowledge_search_docs (article_id) VALUES (?) RETURNING id",
            )
            .bind::<Text, _>(doc.id)
            .get_result(c)?;
            diesel::sql_query(
                "INSERT INTO knowledge_search (rowid, title, keywords, body) VALUES (?, ?, ?, ?)",
            )
            .bind::<BigInt, _>(row.id)
            .bind::<Text, _>(doc.title)
            .bind::<Text, _>(doc.keywords)
            .bind::<Text, _>(doc.body)
            .execute(c)?
        }
        AnyConnection::Postgresql(c) => diesel::sql_query(
            "INSERT INTO knowledge_search (article_id, title, keywords, body) VALUES ($1, $2, $3, $4)",
        )
        .bind::<Text, _>(doc.id)
        .bind::<Text, _>(doc.title)
        .bind::<Text, _>(doc.keywords)
        .bind::<Text, _>(doc.body)
        .execute(c)?,
    };
    Ok(())
}

/// Takes a document out of the index.
pub fn unindex(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => {
            diesel::sql_query(
                "DELETE FROM knowledge_search WHERE rowid IN \
                 (SELECT id FROM knowledge_search_docs WHERE article_id = ?)",
            )
            .bind::<Text, _>(id)
            .execute(c)?;
            diesel::sql_query("DELETE FROM knowledge_search_docs WHERE article_id = ?")
                .bind::<Text, _>(id)
                .execute(c)?
        }
        AnyConnection::Postgresql(c) => {
            diesel::sql_query("DELETE FROM knowledge_search WHERE article_id = $1")
                .bind::<Text, _>(id)
                .execute(c)?
        }
    };
    Ok(())
}

/// How many documents the index holds.
pub fn indexed(conn: &mut AnyConnection) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let sql = "SELECT COUNT(*) AS n FROM knowledge_search";
    let row: Count = match conn {
        AnyConnection::Sqlite(c) => diesel::sql_query(sql).get_result(c)?,
        AnyConnection::Postgresql(c) => diesel::sql_query(sql).get_result(c)?,
    };
    Ok(row.n)
}

/// A search of the index.
pub struct Query<'a> {
    /// The terms ([`terms`]); empty finds nothing.
    pub terms: &'a [String],
    /// Every term must match (a search box), or any (a case's text looking for answers).
    pub match_all: bool,
    /// Only matches in the title and the keywords (the first tier of a search).
    pub title_and_keywords: bool,
    /// The articles the caller may read.
    pub scope: &'a AccessScope,
    /// Only articles of this visibility.
    pub visibility: Option<&'a str>,
    /// Only articles of this subject.
    pub subject: Option<&'a str>,
    /// The most hits.
    pub limit: i64,
    /// Hits to skip (the earlier pages).
    pub offset: i64,
}

/// A document that matches, with its score (higher is better).
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Hit {
    /// The version's id.
    #[diesel(sql_type = Text)]
    pub id: String,
    /// How well it matches.
    #[diesel(sql_type = Double)]
    pub score: f64,
}

/// The conditions on the article beyond the match, with their values in order.
fn article_conditions(
    query: &Query<'_>,
    placeholder: &mut dyn FnMut() -> String,
) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut values = Vec::new();
    if let Some(visibility) = query.visibility {
        sql.push_str(&format!(" AND a.visibility = {}", placeholder()));
        values.push(visibility.to_owned());
    }
    if let Some(subject) = query.subject {
        sql.push_str(&format!(" AND a.subject = {}", placeholder()));
        values.push(subject.to_owned());
    }
    if let AccessScope::Restricted {
        owner_ids,
        business_unit_ids,
    } = query.scope
    {
        let mut any = Vec::new();
        for (column, ids) in [
            ("a.owner_id", owner_ids),
            ("a.business_unit_id", business_unit_ids),
        ] {
            if ids.is_empty() {
                continue;
            }
            let marks: Vec<String> = ids.iter().map(|_| placeholder()).collect();
            any.push(format!("{column} IN ({})", marks.join(", ")));
            values.extend(ids.iter().cloned());
        }
        if any.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
    }
    (sql, values)
}

/// The documents that match, best first.
pub fn search(conn: &mut AnyConnection, query: &Query<'_>) -> QueryResult<Vec<Hit>> {
    if query.terms.is_empty() || query.limit <= 0 {
        return Ok(Vec::new());
    }
    match conn {
        AnyConnection::Sqlite(c) => {
            let matched: Vec<String> = query.terms.iter().map(|t| format!("\"{t}\"*")).collect();
            let mut expression = matched.join(if query.match_all { " " } else { " OR " });
            if query.title_and_keywords {
                expression = format!("{{title keywords}} : ({expression})");
            }
            let (mut conditions, values) = article_conditions(query, &mut || "?".to_owned());
            // Ranking costs a little for every match: words found in more than RANKED_AT_MOST
            // articles are ranked among the most recently indexed of those (a rowid range,
            // which FTS5 applies before ranking).
            #[derive(QueryableByName)]
            struct Cutoff {
                #[diesel(sql_type = BigInt)]
                rowid: i64,
            }
            let cutoff: Option<Cutoff> = diesel::sql_query(
                "SELECT rowid FROM knowledge_search WHERE knowledge_search MATCH ? \
                 ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            )
            .bind::<Text, _>(&expression)
            .bind::<BigInt, _>(RANKED_AT_MOST)
            .get_result(c)
            .optional()?;
            if let Some(cutoff) = cutoff {
                conditions.push_str(&format!(" AND knowledge_search.rowid > {}", cutoff.rowid));
            }
            let sql = format!(
                "SELECT d.article_id AS id, -knowledge_search.rank AS score \
                 FROM knowledge_search \
                 JOIN knowledge_search_docs d ON d.id = knowledge_search.rowid \
                 JOIN knowledge_articles a ON a.id = d.article_id \
                 WHERE knowledge_search MATCH ?{conditions} \
                 ORDER BY knowledge_search.rank, d.article_id LIMIT ? OFFSET ?"
            );
            let mut q = diesel::sql_query(sql)
                .into_boxed::<diesel::sqlite::Sqlite>()
                .bind::<Text, _>(expression);
            for value in values {
                q = q.bind::<Text, _>(value);
            }
            q.bind::<BigInt, _>(query.limit)
                .bind::<BigInt, _>(query.offset)
                .load(c)
        }
        AnyConnection::Postgresql(c) => {
            // `:*AB`: a prefix in the title (weight A) or the keywords (B) only.
            let suffix = if query.title_and_keywords {
                ":*AB"
            } else {
                ":*"
            };
            let matched: Vec<String> = query.terms.iter().map(|t| format!("{t}{suffix}")).collect();
            let expression = matched.join(if query.match_all { " & " } else { " | " });
            let mut n = 1;
            let (conditions, values) = article_conditions(query, &mut || {
                n += 1;
                format!("${n}")
            });
            // As on SQLite, words found in more than RANKED_AT_MOST articles are ranked among
            // the newest of those (by id, which grows with time), not all of them.
            #[derive(QueryableByName)]
            struct Cutoff {
                #[diesel(sql_type = Text)]
                article_id: String,
            }
            let cutoff: Option<Cutoff> = diesel::sql_query(
                "SELECT article_id FROM knowledge_search \
                 WHERE document @@ to_tsquery('english', $1) \
                 ORDER BY article_id DESC OFFSET $2 LIMIT 1",
            )
            .bind::<Text, _>(&expression)
            .bind::<BigInt, _>(RANKED_AT_MOST)
            .get_result(c)
            .optional()?;
            let cutoff = cutoff.map(|c| c.article_id).unwrap_or_default();
            let sql = format!(
                "SELECT s.article_id AS id, ts_rank(s.document, q)::float8 AS score \
                 FROM knowledge_search s JOIN knowledge_articles a ON a.id = s.article_id, \
                 to_tsquery('english', $1) q \
                 WHERE s.document @@ q AND s.article_id > ${}{conditions} \
                 ORDER BY score DESC, s.article_id LIMIT ${} OFFSET ${}",
                n + 1,
                n + 2,
                n + 3
            );
            let mut q = diesel::sql_query(sql)
                .into_boxed::<diesel::pg::Pg>()
                .bind::<Text, _>(expression);
            for value in values {
                q = q.bind::<Text, _>(value);
            }
            q.bind::<Text, _>(cutoff)
                .bind::<BigInt, _>(query.limit)
                .bind::<BigInt, _>(query.offset)
                .load(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_words_of_letters_and_digits_once_each() {
        assert_eq!(
            terms("Printer \"offline\" -- AND printer* OR (x:y) Ünïcode 42"),
            ["printer", "offline", "and", "or", "x", "y", "ünïcode", "42"]
        );
        assert!(terms("  \"* :: & | ! ").is_empty());
        assert_eq!(terms(&"word ".repeat(3)), ["word"]);
        let many: String = (0..40).map(|i| format!("w{i} ")).collect();
        assert_eq!(terms(&many).len(), MAX_TERMS);
    }
}
