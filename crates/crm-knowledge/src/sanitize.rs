//! Rich text as it is stored and served: HTML cleaned by a maintained sanitizer (ammonia) on the
//! way in, so nothing unsafe that arrives is ever served back. Kept: the usual text markup,
//! lists, tables, code, images, and links to web, mail and phone addresses (opened without
//! giving the article's page to the target). Dropped: scripts, styles, frames, forms, event
//! handlers, `javascript:` and relative URLs, and every attribute not on the list.

use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .url_relative(ammonia::UrlRelative::Deny)
            .link_rel(Some("noopener noreferrer nofollow"))
            .add_tags(["mark", "figure", "figcaption"]);
        builder
    })
}

/// The safe form of a piece of rich text.
pub fn clean_html(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// Whether a piece of rich text holds any text or image once cleaned.
pub fn has_content(html: &str) -> bool {
    !to_text(html).trim().is_empty() || html.contains("<img")
}

/// The text of (cleaned) HTML, for the search index and snippets: tags dropped, block ends as
/// spaces, character references decoded.
pub fn to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let name: String = rest[1..end]
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if !INLINE.contains(&name.as_str()) && !text.ends_with(' ') && !text.is_empty() {
                text.push(' ');
            }
            rest = &rest[end..];
        } else {
            let end = rest[..rest.len().min(12)].find(';');
            match end.and_then(|i| decode_reference(&rest[1..i]).map(|c| (i, c))) {
                Some((i, c)) => {
                    text.push(c);
                    rest = &rest[i + 1..];
                }
                None => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    text.push_str(rest);
    let mut squeezed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !squeezed.is_empty() {
            squeezed.push(' ');
        }
        squeezed.push_str(word);
    }
    squeezed
}

/// Tags inside a line of text: no word ends at them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "u",
];

fn decode_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The start and end of a highlighted match in a snippet as the index returns it (characters
/// of Unicode's private use area, which the text itself cannot hold: [`to_text`] output is
/// free of them, see [`strip_markers`]).
pub const MARK_START: char = '\u{E000}';
/// See [`MARK_START`].
pub const MARK_END: char = '\u{E001}';

/// Text without the highlight markers (what is indexed).
pub fn strip_markers(text: &str) -> String {
    text.replace([MARK_START, MARK_END], "")
}

/// A snippet with markers as safe HTML: escaped, each match in `<mark>`.
pub fn highlight(snippet: &str) -> String {
    escape(snippet)
        .replace(MARK_START, "<mark>")
        .replace(MARK_END, "</mark>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_dangerous_urls_are_removed() {
        let dirty = r#"<p onclick="steal()">Hi<script>alert(1)</script></p>
            <img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a>
            <iframe src="https://evil.example"></iframe><style>p{}</style>
            <form action="/x"><input name="a"></form><svg onload="alert(4)"></svg>"#;
        let clean = clean_html(dirty);
        for bad in [
            "script",
            "onclick",
            "onerror",
            "javascript",
            "iframe",
            "style",
            "form",
            "input",
            "onload",
            "svg",
            "alert",
        ] {
            assert!(!clean.contains(bad), "{bad} left in {clean}");
        }
        assert!(clean.contains("<p>Hi</p>"), "{clean}");
    }

    #[test]
    fn safe_markup_and_links_are_kept() {
        let clean = clean_html(
            r#"<h2>Cause</h2><p><strong>Reset</strong> the <em>router</em>:</p><ol><li>one</li></ol><a href="https://help.example/x" title="Help">help</a><a href="mailto:desk@example.com">mail</a>"#,
        );
        assert!(clean.contains("<h2>Cause</h2>"), "{clean}");
        assert!(clean.contains("<strong>Reset</strong>"), "{clean}");
        assert!(clean.contains("<ol><li>one</li></ol>"), "{clean}");
        assert!(
            clean.contains(r#"href="https://help.example/x""#),
            "{clean}"
        );
        assert!(
            clean.contains(r#"rel="noopener noreferrer nofollow""#),
            "{clean}"
        );
        assert!(
            clean.contains(r#"href="mailto:desk@example.com""#),
            "{clean}"
        );
    }

    #[test]
    fn relative_links_are_dropped_and_cleaning_twice_changes_nothing() {
        let once = clean_html(r#"<a href="/api/v1/users">x</a><p>a &lt; b</p>"#);
        assert!(!once.contains("/api/v1/users"), "{once}");
        assert_eq!(clean_html(&once), once);
    }

    #[test]
    fn text_drops_tags_and_decodes_references() {
        assert_eq!(
            to_text("<h2>Cause</h2><p>A &lt; B &amp; C&nbsp;&#233;t&#xE9;</p><p>next</p>"),
            "Cause A < B & C été next"
        );
        assert_eq!(
            to_text("<p>re<b>boot</b> <a href=\"x\">now</a>.</p>"),
            "reboot now."
        );
        assert_eq!(to_text("fish &chips"), "fish &chips");
        assert!(!has_content("<p> </p>"));
        assert!(has_content("<p>x</p>"));
    }

    #[test]
    fn highlights_are_escaped_except_the_marks() {
        let snippet = format!("a <b> {MARK_START}printer{MARK_END} & c");
        assert_eq!(
            highlight(&snippet),
            "a &lt;b&gt; <mark>printer</mark> &amp; c"
        );
        assert_eq!(strip_markers(&snippet), "a <b> printer & c");
    }
}
