//! Every entity of the seed report's gold file is found: places by GeoNames id, people,
//! organisations and units by canonical name or alias, with roles and unit parents; and
//! every speaker the claims stage finds resolves to the gold speaker.
//!
//! Reads ../shared/corpus/seed (relative to the repository root); skipped when absent.

use dossier_extract::extract_bytes;
use dossier_gazetteer::Gazetteer;
use dossier_model::{DocumentRecord, Entity, EntityType};
use serde_json::Value;
use std::path::PathBuf;

fn seed() -> Option<(DocumentRecord, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed");
    let (Ok(text), Ok(gold)) = (
        std::fs::read(dir.join("kharkiv-border.txt")),
        std::fs::read_to_string(dir.join("kharkiv-border.gold.json")),
    ) else {
        println!("skipped: ../shared not found");
        return None;
    };
    let record = extract_bytes(&text, Gazetteer::embedded()).expect("the seed is text");
    Some((record, serde_json::from_str(&gold).expect("gold is JSON")))
}

fn kind_of(gold: &str) -> EntityType {
    match gold {
        "place" => EntityType::Place,
        "person" => EntityType::Person,
        "organization" => EntityType::Organization,
        "military_unit" => EntityType::MilitaryUnit,
        other => panic!("unknown gold type {other}"),
    }
}

fn names(g: &Value) -> Vec<String> {
    let mut v = vec![g["canonical"].as_str().unwrap().to_string()];
    v.push(g["text"].as_str().unwrap().to_string());
    if let Some(a) = g["aliases"].as_array() {
        v.extend(a.iter().filter_map(|x| x.as_str().map(String::from)));
    }
    v
}

fn matching<'a>(record: &'a DocumentRecord, g: &Value) -> Option<&'a Entity> {
    let kind = kind_of(g["type"].as_str().unwrap());
    record.entities.iter().find(|e| {
        e.entity_type == kind
            && match g["geonameid"].as_u64() {
                Some(id) => e
                    .place
                    .as_ref()
                    .is_some_and(|p| u64::from(p.geonameid) == id),
                None => names(g).contains(&e.name),
            }
    })
}

#[test]
fn every_gold_entity_is_found() {
    let Some((record, gold)) = seed() else { return };
    let mut missing = Vec::new();
    for g in gold["entities"].as_array().unwrap() {
        let Some(e) = matching(&record, g) else {
            missing.push(g["canonical"].to_string());
            continue;
        };
        if let Some(country) = g["country"].as_str() {
            assert_eq!(e.place.as_ref().unwrap().country, country, "{}", e.name);
        }
        if let Some(feature) = g["feature"].as_str() {
            assert_eq!(e.place.as_ref().unwrap().feature, feature, "{}", e.name);
        }
        if let Some(role) = g["role"].as_str() {
            assert_eq!(e.role.as_deref(), Some(role), "role of {}", e.name);
        }
        if let Some(parent) = g["parent"].as_str() {
            let parent_id = e
                .parent
                .as_deref()
                .unwrap_or_else(|| panic!("{} has no parent", e.name));
            let p = record.entities.iter().find(|x| x.id == parent_id).unwrap();
            assert!(
                p.name == parent || p.name.starts_with(parent),
                "{}'s parent is {}, gold {parent}",
                e.name,
                p.name
            );
        }
    }
    assert!(missing.is_empty(), "not found: {missing:?}");
}

#[test]
fn no_false_places_in_the_seed() {
    let Some((record, gold)) = seed() else { return };
    let gold_ids: Vec<u64> = gold["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["geonameid"].as_u64())
        .collect();
    for e in &record.entities {
        if let Some(p) = &e.place {
            assert!(
                gold_ids.contains(&u64::from(p.geonameid)),
                "unexpected place {} ({}) at {:?}",
                e.name,
                p.geonameid,
                e.mentions.first().map(|m| &m.text)
            );
        }
    }
}

#[test]
fn aliases_group_under_one_entity() {
    let Some((record, _)) = seed() else { return };
    let ministry = record
        .entities
        .iter()
        .find(|e| e.name == "Ministry of Defence of Ukraine")
        .expect("ministry");
    let texts: Vec<&str> = ministry.mentions.iter().map(|m| m.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Ukraine’s defense ministry")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Ukrainian defense ministry")),
        "{texts:?}"
    );
    let governor = record
        .entities
        .iter()
        .find(|e| e.name == "Oleh Synehubov")
        .expect("governor");
    assert!(governor.mentions.len() >= 3, "{:?}", governor.mentions);
}

#[test]
fn found_speakers_resolve_to_the_gold_speaker() {
    let Some((record, gold)) = seed() else { return };
    let text: Vec<char> = record.document.text.chars().collect();
    let mut checked = 0;
    for g in gold["attributions"].as_array().unwrap() {
        let span = g["content_span"].as_array().unwrap();
        let (gs, ge) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        let want = g["speaker"].as_str().unwrap();
        for c in &record.claims {
            let (s, e) = (c.content.span.0, c.content.span.1);
            let overlap = e.min(ge).saturating_sub(s.max(gs));
            let union = e.max(ge) - s.min(gs);
            if union == 0 || overlap * 2 < union {
                continue;
            }
            // Several sources: the one whose mention is the gold mention.
            let gold_mention = g["speaker_mention"].as_str().unwrap();
            let Some(sp) = c.sources.iter().find(|sp| {
                sp.mention.as_ref().is_some_and(|m| {
                    let t: String = text[m.span.0..m.span.1].iter().collect();
                    t.contains(gold_mention) || gold_mention.contains(t.as_str())
                })
            }) else {
                continue;
            };
            assert_eq!(
                sp.name.as_deref(),
                Some(want),
                "speaker of {:?}",
                c.content.text
            );
            checked += 1;
        }
    }
    println!("{checked} speakers checked");
}

#[test]
fn seed_events_have_the_gold_types_and_participants() {
    let Some((record, _)) = seed() else { return };
    let name = |id: &String| {
        record
            .entities
            .iter()
            .find(|e| &e.id == id)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    let has = |kind: &str, actor: Option<&str>, target: Option<&str>, place: Option<&str>| {
        record.events.iter().any(|v| {
            v.event_type == kind
                && actor.is_none_or(|a| v.actors.iter().any(|x| name(x).contains(a)))
                && target.is_none_or(|t| v.targets.iter().any(|x| name(x).contains(t)))
                && place.is_none_or(|p| v.places.iter().any(|x| name(x).contains(p)))
        })
    };
    assert!(has("MOVE", Some("227th Battalion"), None, None), "MOVE");
    assert!(
        has("ASSAULT", None, None, Some("Kharkiv")),
        "ASSAULT near Kharkiv"
    );
    assert!(has("COERCE", None, None, Some("Izyum")), "COERCE in Izium");
    assert!(has("OCCUPY", None, None, Some("Izyum")), "OCCUPY of Izium");
    assert!(
        has("REQUEST", Some("Sweden"), Some("NATO"), None),
        "REQUEST"
    );
    assert!(
        has("REQUEST", Some("Finland"), Some("NATO"), None),
        "REQUEST"
    );
    assert!(
        has("AGREE", Some("United States"), None, None),
        "AGREE by the US"
    );
    assert!(
        has("AGREE", Some("United Kingdom"), None, None),
        "AGREE by the UK"
    );
    assert!(
        has("AGREE", Some("Joe Biden"), None, None),
        "AGREE by Biden"
    );
}
