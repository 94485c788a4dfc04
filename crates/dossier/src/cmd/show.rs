//! `dossier show`: one stored document, its claims, speakers and hedges marked in the text.

use crate::home::Home;
use anyhow::Result;
use dossier_model::DocumentRecord;
use dossier_store::StoredDocument;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The document id, or enough of its start to be unique (at least 4 characters).
    id: String,
    /// Print the stored record and its provenance as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    let store = crate::cmd::search::open_existing(home)?;
    let doc = store.document(&args.id)?;
    // Written whole at the end, so a reader that stops early (`| head`) ends it quietly.
    let mut out: Vec<u8> = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        write_document(&mut out, &doc, color)?;
    }
    crate::cmd::search::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One marker to insert into the text.
struct Mark {
    /// Code point position.
    at: usize,
    /// Closing marks go before opening ones at the same position.
    closing: bool,
    /// The other end's position, to nest: outer marks open first and close last.
    other_end: usize,
    text: String,
}

/// What a span is, for its brackets and colour.
#[derive(Clone, Copy)]
enum Role {
    Content,
    Speaker,
    Hedge,
}

impl Role {
    fn brackets(self) -> (&'static str, &'static str) {
        match self {
            Role::Content => ("[", "]"),
            Role::Speaker => ("{", "}"),
            Role::Hedge => ("<", ">"),
        }
    }
    fn ansi(self) -> &'static str {
        match self {
            Role::Content => "\x1b[32m",
            Role::Speaker => "\x1b[1;36m",
            Role::Hedge => "\x1b[33m",
        }
    }
}

fn marks_for(record: &DocumentRecord, color: bool) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut add = |start: usize, end: usize, role: Role, label: String| {
        let (open, close) = role.brackets();
        let (on, off) = if color {
            (role.ansi(), "\x1b[0m")
        } else {
            ("", "")
        };
        marks.push(Mark {
            at: start,
            closing: false,
            other_end: end,
            text: format!("{on}{open}{label}"),
        });
        marks.push(Mark {
            at: end,
            closing: true,
            other_end: start,
            text: format!("{close}{off}"),
        });
    };
    // One speaker mention often speaks several claims (and is both `speaker` and
    // `sources[0]`): one mark per mention, listing the claims.
    let mut speakers: std::collections::BTreeMap<(usize, usize), Vec<&str>> =
        std::collections::BTreeMap::new();
    for c in &record.claims {
        let segments = if c.content.segments.is_empty() {
            vec![c.content.span]
        } else {
            c.content.segments.clone()
        };
        for s in segments {
            add(s.0, s.1, Role::Content, format!("{}: ", c.id));
        }
        for sp in c.sources.iter().chain(c.speaker.iter()) {
            if let Some(m) = &sp.mention {
                let ids = speakers.entry((m.span.0, m.span.1)).or_default();
                if !ids.contains(&c.id.as_str()) {
                    ids.push(&c.id);
                }
            }
        }
    }
    for ((start, end), ids) in speakers {
        add(start, end, Role::Speaker, format!("{}: ", ids.join(",")));
    }
    for h in &record.hedges {
        add(h.span.0, h.span.1, Role::Hedge, format!("{}: ", h.id));
    }
    // At one position: closing marks first; then outer spans open first and inner spans
    // close first (in both cases: the larger `other_end` first), so marks nest.
    marks.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then(b.closing.cmp(&a.closing))
            .then(b.other_end.cmp(&a.other_end))
    });
    marks
}

/// Writes the text with marks: `[c1: content]`, `{c1,c2: speaker}`, `<h1: hedge>`, then the
/// claims and the provenance.
pub fn write_document(
    out: &mut impl Write,
    doc: &StoredDocument,
    color: bool,
) -> std::io::Result<()> {
    let r = &doc.record;
    let d = &r.document;
    writeln!(out, "{}", d.title.as_deref().unwrap_or("(untitled)"))?;
    writeln!(out, "id        {}", d.id)?;
    if let Some(s) = &d.source {
        for (label, value) in [
            ("url", &s.url),
            ("published", &s.published),
            ("byline", &s.byline),
            ("site", &s.site_name),
            ("path", &s.path),
            ("type", &s.media_type),
        ] {
            if let Some(v) = value {
                writeln!(out, "{label:<10}{v}")?;
            }
        }
    }
    let p = &doc.provenance;
    match p.log_index {
        Some(i) => writeln!(out, "log index {i}")?,
        None => writeln!(out, "log index (not archived)")?,
    }
    if let Some(b) = &p.blob_sha256 {
        writeln!(out, "blob      sha256:{b}")?;
    }
    writeln!(out, "ingested  {}", p.ingested_at)?;
    if let Some(v) = &p.version_of {
        writeln!(out, "version of {v}")?;
    }
    for v in &p.later_versions {
        writeln!(out, "newer version {v}")?;
    }
    writeln!(out)?;

    let marks = marks_for(r, color);
    let mut next = marks.iter().peekable();
    let mut text = String::with_capacity(d.text.len() + marks.len() * 8);
    for (i, ch) in d.text.chars().enumerate() {
        while let Some(m) = next.next_if(|m| m.at <= i) {
            text.push_str(&m.text);
        }
        text.push(ch);
    }
    for m in next {
        text.push_str(&m.text);
    }
    writeln!(out, "{}", text.trim_end())?;

    if !r.claims.is_empty() {
        writeln!(out, "\nClaims  ([content] {{speaker}} <hedge>)")?;
    }
    for c in &r.claims {
        let who: Vec<String> = c
            .sources
            .iter()
            .chain(c.speaker.iter().filter(|_| c.sources.is_empty()))
            .filter_map(|s| {
                s.name
                    .clone()
                    .or_else(|| s.mention.as_ref().map(|m| m.text.clone()))
            })
            .collect();
        let who = if who.is_empty() {
            "(no speaker)".to_string()
        } else {
            who.join(" & ")
        };
        let hedges: Vec<String> = r
            .hedges
            .iter()
            .filter(|h| c.hedges.contains(&h.id) || h.claim.as_deref() == Some(c.id.as_str()))
            .map(|h| format!("{} “{}”", h.id, h.text))
            .collect();
        write!(out, "  {} [{}] {}", c.id, c.stance.as_str(), who)?;
        if !hedges.is_empty() {
            write!(out, "  — {}", hedges.join(", "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
