//! `dossier search`: claims (and documents) matching words and facets.

use crate::home::Home;
use anyhow::{Context, Result};
use dossier_gazetteer::Gazetteer;
use dossier_model::Stance;
use dossier_store::{ClaimHit, DocumentHit, Query, Store};
use std::io::Write;
use std::process::ExitCode;

/// Facets shared by `search` and `export`.
#[derive(clap::Args, Debug, Default)]
pub struct Filters {
    /// Only claims whose speaker's name or mention contains these words.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only claims about this place, by any spelling the gazetteer or the store knows
    /// (Izium, Izyum, Ізюм). Repeat for several.
    #[arg(long, value_name = "PLACE")]
    pub place: Vec<String>,
    /// Only claims with this stance (asserted, hedged, unverified, disputed, refuted);
    /// repeat or separate with commas for several.
    #[arg(long, value_name = "STANCE", value_delimiter = ',', value_parser = parse_stance)]
    pub stance: Vec<Stance>,
    /// Only documents published on or after this date (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only documents published on or before this date (the whole day, month or year).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

fn parse_stance(s: &str) -> Result<Stance, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(|_| {
        format!("unknown stance {s:?} (asserted, hedged, unverified, disputed, refuted)")
    })
}

impl Filters {
    /// The store query for these filters; place names go through the gazetteer and the
    /// store's own place names. A place nobody knows is reported on stderr and matches
    /// nothing.
    pub fn to_query(&self, store: &Store, text: Option<String>) -> Result<Query> {
        let places = if self.place.is_empty() {
            None
        } else {
            let gazetteer = Gazetteer::embedded();
            let mut ids: Vec<u32> = Vec::new();
            for name in &self.place {
                let mut found: Vec<u32> =
                    gazetteer.lookup(name).iter().map(|p| p.geonameid).collect();
                found.extend(store.places_named(name)?);
                if found.is_empty() {
                    eprintln!("warning: no place called {name:?} is known; it matches nothing");
                }
                ids.extend(found);
            }
            ids.sort_unstable();
            ids.dedup();
            Some(ids)
        };
        Ok(Query {
            text,
            speaker: self.speaker.clone(),
            places,
            stances: self.stance.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            limit: None,
            offset: 0,
        })
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Words to find (all must occur; "a phrase" in quotes; word* for a prefix). Without
    /// words, every claim the filters allow, newest first.
    query: Option<String>,
    #[command(flatten)]
    filters: Filters,
    /// At most this many claims.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Skip this many claims first (to page through results).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print the hits as JSON: {"claims": [...], "documents": [...]}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    let store = open_existing(home)?;
    let mut query = args.filters.to_query(&store, args.query.clone())?;
    query.limit = Some(args.limit);
    query.offset = args.offset;
    let claims = store.search(&query)?;
    // Documents that match the words, for reports whose claims do not: only when there are
    // words and no claim-only facet.
    let documents = if query.text.is_some() && query.speaker.is_none() && query.stances.is_empty() {
        store.search_documents(&Query {
            limit: Some(args.limit.min(10)),
            offset: 0,
            ..query.clone()
        })?
    } else {
        Vec::new()
    };
    // Written whole at the end, so a reader that stops early (`| head`) ends it quietly.
    let mut out: Vec<u8> = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({ "claims": claims, "documents": documents }),
        )?;
        writeln!(out)?;
    } else {
        write_claims(&mut out, &claims)?;
        write_documents(&mut out, &documents)?;
        if claims.is_empty() && documents.is_empty() {
            writeln!(out, "nothing found")?;
        }
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a command's whole output to stdout; a closed pipe (`| head`) is a normal end.
pub fn print(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Opens the store under `home`, refusing to create one where nothing was ever ingested
/// (a mistyped --home should not look like an empty archive).
pub fn open_existing(home: &Home) -> Result<Store> {
    let path = home.dir.join("dossier.sqlite");
    anyhow::ensure!(
        path.exists(),
        "no store at {} (run `dossier --home {} ingest PATH` first)",
        path.display(),
        home.dir.display()
    );
    Store::open(&path).with_context(|| format!("opening {}", path.display()))
}

fn write_claims(out: &mut impl Write, hits: &[ClaimHit]) -> std::io::Result<()> {
    for hit in hits {
        let c = &hit.claim;
        let who = c
            .speaker
            .as_ref()
            .and_then(|s| {
                s.name
                    .clone()
                    .or_else(|| s.mention.as_ref().map(|m| m.text.clone()))
            })
            .unwrap_or_else(|| "(no speaker)".into());
        let cue = c.cue.as_ref().map(|m| m.text.as_str()).unwrap_or("");
        writeln!(
            out,
            "{} {}  [{}] {} {}: {}",
            &hit.document.id[..12],
            c.id,
            c.stance.as_str(),
            who,
            cue,
            c.content.text
        )?;
        let mut details: Vec<String> = Vec::new();
        if let Some(t) = &hit.document.title {
            details.push(t.clone());
        }
        if let Some(p) = &hit.document.published {
            details.push(p.clone());
        }
        for h in &hit.hedges {
            details.push(format!("“{}”", h.text));
        }
        if !hit.places.is_empty() {
            let names: Vec<&str> = hit.places.iter().map(|p| p.name.as_str()).collect();
            details.push(names.join(", "));
        }
        if !details.is_empty() {
            writeln!(out, "    {}", details.join(" · "))?;
        }
    }
    Ok(())
}

fn write_documents(out: &mut impl Write, hits: &[DocumentHit]) -> std::io::Result<()> {
    if hits.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nDocuments")?;
    for hit in hits {
        writeln!(
            out,
            "{}  {} ({} claims)",
            &hit.document.id[..12],
            hit.document.title.as_deref().unwrap_or("(untitled)"),
            hit.claims
        )?;
        writeln!(out, "    {}", hit.snippet)?;
    }
    Ok(())
}
