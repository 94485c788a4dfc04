//! The human-readable summary of a document record, for terminals.

use dossier_model::{DocumentRecord, EntityType};
use std::io::{self, Write};

pub fn write(out: &mut impl Write, r: &DocumentRecord) -> io::Result<()> {
    if let Some(t) = &r.document.title {
        writeln!(out, "{t}")?;
    }
    writeln!(
        out,
        "{} claims, {} entities, {} hedges, {} events  (id {})",
        r.claims.len(),
        r.entities.len(),
        r.hedges.len(),
        r.events.len(),
        &r.document.id[..12.min(r.document.id.len())]
    )?;
    if !r.claims.is_empty() {
        writeln!(out, "\nClaims")?;
    }
    for c in &r.claims {
        let speakers: Vec<String> = c
            .sources
            .iter()
            .map(|s| {
                let name = s.name.clone().unwrap_or_else(|| "?".into());
                match &s.mention {
                    Some(m) if m.text != name => format!("{name} (\"{}\")", m.text),
                    _ => name,
                }
            })
            .collect();
        let who = if speakers.is_empty() {
            "(no speaker)".to_string()
        } else {
            speakers.join(" & ")
        };
        let cue = c.cue.as_ref().map(|c| c.text.as_str()).unwrap_or("");
        writeln!(
            out,
            "  {} [{}] {} {}: {}",
            c.id,
            c.stance.as_str(),
            who,
            cue,
            shorten(&c.content.text, 160)
        )?;
    }
    for (kind, label) in [
        (EntityType::Person, "People"),
        (EntityType::Organization, "Organisations"),
        (EntityType::MilitaryUnit, "Military units"),
        (EntityType::Place, "Places"),
    ] {
        let items: Vec<_> = r
            .entities
            .iter()
            .filter(|e| e.entity_type == kind)
            .collect();
        if items.is_empty() {
            continue;
        }
        writeln!(out, "\n{label}")?;
        for e in items {
            let mut line = format!("  {} {}", e.id, e.name);
            if let Some(role) = &e.role {
                line.push_str(&format!(", {role}"));
            }
            if let Some(p) = &e.place {
                line.push_str(&format!(
                    "  [geonames {} {} {:.2},{:.2}]",
                    p.geonameid, p.country, p.lat, p.lon
                ));
            }
            if let Some(parent) = &e.parent {
                line.push_str(&format!("  (part of {parent})"));
            }
            line.push_str(&format!("  ×{}", e.mentions.len()));
            writeln!(out, "{line}")?;
        }
    }
    if !r.hedges.is_empty() {
        writeln!(out, "\nHedges")?;
        for h in &r.hedges {
            let target = h.claim.as_deref().unwrap_or("-");
            writeln!(
                out,
                "  {} {:?} \"{}\" → {}",
                h.id, h.hedge_type, h.text, target
            )?;
        }
    }
    Ok(())
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}
