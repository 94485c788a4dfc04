//! Search latency over a store of (at least) 100,000 claims built from real news text.
//!
//! `cargo bench -p dossier-store --bench search [-- --claims N]`
//!
//! Documents come from `../shared/corpus/ukraine-news` (303 articles), extracted with
//! `dossier_extract`. Where the extractor finds no claims in a document, every sentence of
//! six words or more becomes a claim with a speaker from a fixed pool, a stance drawn with a
//! fixed skew (mostly asserted) and the places the gazetteer recognises in it, so the
//! indexes hold real news vocabulary either way. The corpus is inserted again and again with
//! a variation (a suffix line that changes the bytes, so the id; each copy keeps the
//! original's publication time) until the claim target is reached. Then a fixed mix of queries (words,
//! phrases, prefixes, each facet, combinations, none) runs repeatedly, 20 hits per query as
//! `dossier search` asks, and the latency percentiles are printed per query and overall.

use dossier_gazetteer::Gazetteer;
use dossier_model::{
    Claim, ClaimKind, Content, Entity, EntityType, PlaceInfo, Span, Speaker, Stance, TextRef,
};
use dossier_store::{Provenance, Query, Store};
use std::path::Path;
use std::time::{Duration, Instant};

const SPEAKERS: &[&str] = &[
    "Oleh Synehubov",
    "Volodymyr Zelensky",
    "Dmitry Peskov",
    "Maria Zakharova",
    "Oleksiy Reznikov",
    "Hanna Maliar",
    "Sergei Shoigu",
    "Antony Blinken",
    "Jens Stoltenberg",
    "Ihor Terekhov",
    "Vitali Klitschko",
    "Andriy Yermak",
    "the Ukrainian General Staff",
    "the Russian defence ministry",
    "a local official",
    "a military spokesman",
];

const PLACES: &[&str] = &[
    "Kharkiv",
    "Kyiv",
    "Izium",
    "Bakhmut",
    "Mariupol",
    "Odesa",
    "Kherson",
    "Donetsk",
    "Zaporizhzhia",
    "Lviv",
    "Avdiivka",
    "Crimea",
    "Moscow",
    "Belgorod",
];

fn main() {
    let target: usize = std::env::args()
        .skip_while(|a| a != "--claims")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ukraine-news");
    if !corpus.is_dir() {
        println!("skipped: ../shared not found");
        return;
    }
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("read corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let gazetteer = Gazetteer::embedded();
    let places: Vec<(&str, PlaceInfo)> = PLACES
        .iter()
        .filter_map(|name| {
            let p = gazetteer
                .lookup(name)
                .into_iter()
                .max_by_key(|p| p.population)?;
            Some((
                *name,
                PlaceInfo {
                    geonameid: p.geonameid,
                    lat: p.lat,
                    lon: p.lon,
                    country: p.country,
                    feature: p.feature,
                    population: Some(p.population),
                },
            ))
        })
        .collect();

    // DOSSIER_BENCH_DB=path keeps the store, and reuses it when it already holds enough
    // claims (to compare query plans without refilling).
    let dir = tempfile::tempdir().expect("temp dir");
    let db = std::env::var_os("DOSSIER_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.sqlite"));
    let mut store = Store::open(&db).expect("open store");
    let held = store.status().expect("status");
    if held.claims as usize >= target {
        println!("reusing {} with {} claims", db.display(), held.claims);
        return run_queries(&store);
    }
    let started = Instant::now();
    let (mut docs, mut claims, mut extracted, mut synthetic, mut pass) = (0usize, 0, 0, 0, 0u32);
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    'fill: loop {
        for path in &files {
            let original = std::fs::read_to_string(path).expect("UTF-8 corpus file");
            let text = if pass == 0 {
                original
            } else {
                format!("{original}\n\n(Republished, pass {pass}.)\n")
            };
            let id = dossier_model::document_id(text.as_bytes());
            let mut record = dossier_extract::extract_text(&text, &id, gazetteer);
            let made_up = record.claims.is_empty();
            if made_up {
                synthesize(
                    &text,
                    &mut record.claims,
                    &mut record.entities,
                    &places,
                    &mut rng,
                );
            }
            let name = path.file_name().unwrap().to_string_lossy();
            record.document.source = Some(dossier_model::SourceInfo {
                path: Some(format!("{name}#{pass}")),
                published: Some(published(&name)),
                media_type: Some("text/plain".into()),
                ..Default::default()
            });
            // The corpus holds a few identical articles: count what was actually stored.
            let outcome = store
                .insert(&record, &Provenance::default())
                .expect("insert");
            if outcome == dossier_store::InsertOutcome::Duplicate {
                continue;
            }
            docs += 1;
            claims += record.claims.len();
            if made_up {
                synthetic += record.claims.len();
            } else {
                extracted += record.claims.len();
            }
            if claims >= target {
                break 'fill;
            }
        }
        pass += 1;
    }
    let fill = started.elapsed();
    let db_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(db.with_extension("sqlite-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "store: {docs} documents, {claims} claims ({extracted} extracted, {synthetic} synthesized), \
         filled in {:.1} s ({:.0} documents/s, {:.0} claims/s), database {:.1} MiB",
        fill.as_secs_f64(),
        docs as f64 / fill.as_secs_f64(),
        claims as f64 / fill.as_secs_f64(),
        db_bytes as f64 / 1048576.0
    );
    run_queries(&store);
}

fn run_queries(store: &Store) {
    // As `dossier search --place Kharkiv` does: every id the gazetteer gives for the name,
    // and those the store's own documents use for it.
    let mut kharkiv: Vec<u32> = Gazetteer::embedded()
        .lookup("Kharkiv")
        .iter()
        .map(|p| p.geonameid)
        .collect();
    kharkiv.extend(store.places_named("Kharkiv").expect("places"));

    let q = |text: Option<&str>| Query {
        text: text.map(str::to_string),
        limit: Some(20),
        ..Query::default()
    };
    let queries: Vec<(&str, Query)> = vec![
        ("word: Ukraine", q(Some("Ukraine"))),
        ("two words: border Kharkiv", q(Some("border Kharkiv"))),
        ("phrase: \"air defence\"", q(Some("\"air defence\""))),
        ("prefix: missil*", q(Some("missil*"))),
        (
            "rare word: humanitarian corridor",
            q(Some("humanitarian corridor")),
        ),
        (
            "speaker: Zelensky",
            Query {
                speaker: Some("Zelensky".into()),
                ..q(None)
            },
        ),
        (
            "stance: unverified",
            Query {
                stances: vec![Stance::Unverified],
                ..q(None)
            },
        ),
        (
            "place: Kharkiv",
            Query {
                places: Some(kharkiv.clone()),
                ..q(None)
            },
        ),
        (
            "dates: 2023-01..2023-06",
            Query {
                since: Some("2023-01".into()),
                until: Some("2023-06".into()),
                ..q(None)
            },
        ),
        (
            "attack + hedged + since 2022-06",
            Query {
                stances: vec![Stance::Hedged],
                since: Some("2022-06".into()),
                ..q(Some("attack"))
            },
        ),
        ("no filter (newest)", q(None)),
    ];
    let rounds = 50;
    let mut all: Vec<Duration> = Vec::new();
    println!(
        "{:<36} {:>6} {:>10} {:>10}",
        "query", "hits", "p50 ms", "p99 ms"
    );
    for (label, query) in &queries {
        for _ in 0..3 {
            store.search(query).expect("search");
        }
        let mut times = Vec::with_capacity(rounds);
        let mut hits = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            hits = store.search(query).expect("search").len();
            times.push(t.elapsed());
        }
        all.extend(&times);
        println!(
            "{label:<36} {hits:>6} {:>10.2} {:>10.2}",
            ms(percentile(&mut times, 50.0)),
            ms(percentile(&mut times, 99.0))
        );
    }
    // Document search (`dossier search` lists matching documents too), 10 per page.
    for words in ["Ukraine", "border Kharkiv"] {
        let query = Query {
            limit: Some(10),
            ..q(Some(words))
        };
        let mut times = Vec::with_capacity(rounds);
        let mut hits = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            hits = store.search_documents(&query).expect("search").len();
            times.push(t.elapsed());
        }
        println!(
            "{:<36} {hits:>6} {:>10.2} {:>10.2}",
            format!("documents: {words}"),
            ms(percentile(&mut times, 50.0)),
            ms(percentile(&mut times, 99.0))
        );
    }
    println!(
        "overall ({} searches): p50 {:.2} ms, p99 {:.2} ms",
        all.len(),
        ms(percentile(&mut all, 50.0)),
        ms(percentile(&mut all, 99.0))
    );
}

/// One claim per sentence of six words or more, for documents the extractor found none in.
fn synthesize(
    text: &str,
    claims: &mut Vec<Claim>,
    entities: &mut Vec<Entity>,
    places: &[(&str, PlaceInfo)],
    rng: &mut u64,
) {
    let chars = dossier_model::CharOffsets::new(text);
    for (i, s) in dossier_text::sentences(text).iter().enumerate() {
        let sentence = &text[s.start..s.end];
        if sentence.split_whitespace().count() < 6 {
            continue;
        }
        let span = Span(chars.to_char(s.start), chars.to_char(s.end));
        let speaker = SPEAKERS[(next(rng) % SPEAKERS.len() as u64) as usize];
        let stance = match next(rng) % 100 {
            0..70 => Stance::Asserted,
            70..85 => Stance::Hedged,
            85..93 => Stance::Unverified,
            93..98 => Stance::Disputed,
            _ => Stance::Refuted,
        };
        for (name, place) in places {
            if let Some(at) = sentence.find(name) {
                let start = chars.to_char(s.start + at);
                entities.push(Entity {
                    id: format!("e{}", entities.len() + 1),
                    entity_type: EntityType::Place,
                    name: name.to_string(),
                    mentions: vec![TextRef {
                        text: name.to_string(),
                        span: Span(start, start + name.chars().count()),
                    }],
                    place: Some(place.clone()),
                    role: None,
                    parent: None,
                    rule: "bench".into(),
                });
            }
        }
        let who = Speaker {
            name: Some(speaker.into()),
            entity: None,
            mention: None,
        };
        claims.push(Claim {
            id: format!("c{}", i + 1),
            kind: ClaimKind::Indirect,
            speaker: Some(who.clone()),
            sources: vec![who],
            cue: None,
            content: Content {
                text: sentence.to_string(),
                span,
                segments: vec![span],
            },
            stance,
            hedges: vec![],
            rule: "bench".into(),
        });
    }
}

/// The file name's timestamp (`20220125T090000Z_...`) as RFC 3339.
fn published(name: &str) -> String {
    let part = |r: std::ops::Range<usize>| name.get(r).unwrap_or("00");
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        part(0..4),
        part(4..6),
        part(6..8),
        part(9..11),
        part(11..13),
        part(13..15)
    )
}

fn next(state: &mut u64) -> u64 {
    // xorshift64*: deterministic and good enough to spread stances and speakers.
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort_unstable();
    let i = ((p / 100.0) * (times.len() - 1) as f64).round() as usize;
    times[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
