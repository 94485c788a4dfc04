//! The whole pipeline on a front-line report written for the project (not a real article):
//! who claims what, how sure anyone is, and who and where everyone is, as an analyst would
//! read it. Each assertion is one general rule seen end to end; the unit tests in
//! `src/` pin each rule on its own.

use dossier_gazetteer::Gazetteer;
use dossier_model::{Claim, DocumentRecord, EntityType, HedgeType, Stance};

const REPORT: &str = "\
Drones hit a depot near the river

KYIV, May 3 (Wire) - Ukrainian troops pushed Russian forces back from two villages, the General Staff of Ukraine's Armed Forces said on Friday.

\"We will clear the rubble by spring,\" the mayor, Ivan Petrenko, wrote on a messaging app. Local residents in Izium told a reporter they had heard explosions overnight.

As of Monday, Ukraine's military claims that Russia has lost 400 soldiers near Kupiansk. The figures could not be independently verified.

Donetsk regional governor Pavlo Kyrylenko said shelling killed four civilians. Kyrylenko added that rescuers were still searching the rubble.

Marta Quill, a spokeswoman for the Southern Defence Forces of Ukraine, said the river crossing held. \"It is hard,\" Quill said.

The commander of the brigade claimed without providing evidence that his unit had taken the bridge. Reportedly, a drone also hit a fuel depot near Lozova.
";

fn record() -> DocumentRecord {
    dossier_extract::extract_text(REPORT, "war-report", Gazetteer::embedded())
}

/// The claim whose cue is `cue` and whose content contains `content`.
fn claim<'r>(r: &'r DocumentRecord, cue: &str, content: &str) -> &'r Claim {
    r.claims
        .iter()
        .find(|c| c.cue.as_ref().is_some_and(|q| q.text == cue) && c.content.text.contains(content))
        .unwrap_or_else(|| panic!("no claim {cue:?} … {content:?} in {:#?}", r.claims))
}

fn speaker_name(c: &Claim) -> Option<&str> {
    c.speaker.as_ref().and_then(|s| s.name.as_deref())
}

#[test]
fn speakers_resolve_to_who_spoke() {
    let r = record();
    let staff = claim(&r, "said", "Ukrainian troops pushed");
    assert_eq!(
        speaker_name(staff),
        Some("General Staff of the Armed Forces of Ukraine")
    );
    // The dateline is not what the General Staff said.
    assert!(
        staff.content.text.starts_with("Ukrainian troops"),
        "{:?}",
        staff.content
    );
    assert_eq!(
        speaker_name(claim(&r, "wrote", "clear the rubble")),
        Some("Ivan Petrenko")
    );
    assert_eq!(
        speaker_name(claim(&r, "added", "rescuers")),
        Some("Pavlo Kyrylenko")
    );
    assert_eq!(
        speaker_name(claim(&r, "said", "It is hard")),
        Some("Marta Quill")
    );
    // A place inside a description only says where the speakers are.
    let residents = claim(&r, "told", "explosions");
    assert_eq!(
        residents
            .speaker
            .as_ref()
            .and_then(|s| s.mention.as_ref())
            .map(|m| m.text.as_str()),
        Some("Local residents in Izium")
    );
    assert_eq!(speaker_name(residents), None);
}

#[test]
fn how_sure_anyone_is() {
    let r = record();
    let losses = claim(&r, "claims", "Russia has lost 400 soldiers");
    assert_eq!(losses.stance, Stance::Unverified);
    let bridge = claim(&r, "claimed", "his unit had taken the bridge");
    assert_eq!(bridge.stance, Stance::Unverified);
    assert!(
        !bridge.content.text.contains("evidence"),
        "{:?}",
        bridge.content
    );
    // A report without a named source is a claim without a speaker, hedged.
    let depot = claim(&r, "Reportedly", "a drone also hit a fuel depot");
    assert!(depot.speaker.is_none());
    assert_eq!(depot.stance, Stance::Hedged);
    // Every verification statement and hedge qualifies a claim.
    for h in &r.hedges {
        assert!(h.claim.is_some(), "{h:?}");
    }
    assert!(
        r.hedges
            .iter()
            .any(|h| h.hedge_type == HedgeType::Unverified)
    );
}

#[test]
fn who_and_where_everyone_is() {
    let r = record();
    let role = |name: &str| {
        r.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name}"))
            .role
            .clone()
    };
    assert_eq!(
        role("Pavlo Kyrylenko").as_deref(),
        Some("Governor of Donetsk Oblast")
    );
    assert_eq!(
        role("Marta Quill").as_deref(),
        Some("Spokesperson for the Southern Defence Forces of Ukraine")
    );
    let unit = r
        .entities
        .iter()
        .find(|e| e.name == "Southern Defence Forces of Ukraine")
        .expect("the unit");
    assert_eq!(unit.entity_type, EntityType::MilitaryUnit);
    let staff = r
        .entities
        .iter()
        .find(|e| e.name == "General Staff of the Armed Forces of Ukraine")
        .expect("the General Staff");
    let parent = staff
        .parent
        .as_deref()
        .and_then(|p| r.entities.iter().find(|e| e.id == p));
    assert_eq!(
        parent.map(|e| e.name.as_str()),
        Some("Armed Forces of Ukraine")
    );
    let places: Vec<u32> = r
        .entities
        .iter()
        .filter_map(|e| e.place.as_ref().map(|p| p.geonameid))
        .collect();
    // Izium, Kupiansk and Lozova by their GeoNames ids.
    for id in [707_292, 703_656, 702_760] {
        assert!(places.contains(&id), "{id} in {places:?}");
    }
    // Nobody is an organisation by mistake: every speaker that names a person is a person.
    for name in ["Ivan Petrenko", "Marta Quill", "Pavlo Kyrylenko"] {
        let e = r.entities.iter().find(|e| e.name == name).expect(name);
        assert_eq!(e.entity_type, EntityType::Person, "{name}");
    }
}

/// A subject pronoun is the speaker before it or the previous sentence's subject, not the
/// person mentioned last.
#[test]
fn he_is_the_previous_speaker_or_subject_not_the_last_person_named() {
    let text = "Defence minister Ivan Lee said Oleg Petrov would face sanctions. He added that \
                talks were over.\n\nDuring the visit, Taras Quill met Ivan Bondar and Oleg \
                Melnyk. He said the front was stable.";
    let r = dossier_extract::extract_text(text, "pronouns", Gazetteer::embedded());
    let added = claim(&r, "added", "talks were over");
    assert_eq!(speaker_name(added), Some("Ivan Lee"));
    let said = claim(&r, "said", "the front was stable");
    assert_eq!(speaker_name(said), Some("Taras Quill"));
}

/// A description with the speaker's name in apposition is that person; places listed after
/// "of" only say where the speakers are from.
#[test]
fn apposed_names_speak_and_listed_places_do_not() {
    let text = "The brigade's spokesman, Captain Ivan Sokol, said the line held. Residents of \
                Kharkiv and Izium reported explosions overnight.";
    let r = dossier_extract::extract_text(text, "apposition", Gazetteer::embedded());
    assert_eq!(
        speaker_name(claim(&r, "said", "the line held")),
        Some("Ivan Sokol")
    );
    assert_eq!(speaker_name(claim(&r, "reported", "explosions")), None);
}

/// A country's armed service written in lowercase is one military unit.
#[test]
fn lowercase_armed_services_of_a_country_are_units() {
    let text = "Air defence shot down 14 drones, Ukraine's air force said. The Ukrainian air \
                force added that two missiles hit a depot. The Russian navy said it fired.";
    let r = dossier_extract::extract_text(text, "forces", Gazetteer::embedded());
    assert_eq!(
        speaker_name(claim(&r, "said", "14 drones")),
        Some("Air Force of Ukraine")
    );
    assert_eq!(
        speaker_name(claim(&r, "added", "two missiles")),
        Some("Air Force of Ukraine")
    );
    assert_eq!(
        speaker_name(claim(&r, "said", "it fired")),
        Some("Navy of Russia")
    );
    let units: Vec<&str> = r
        .entities
        .iter()
        .filter(|e| e.entity_type == EntityType::MilitaryUnit)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(units, ["Air Force of Ukraine", "Navy of Russia"]);
    // "the military" after "Ukraine's military" is the same unit.
    let text =
        "Ukraine's military said the line held. The military added that two tanks were lost.";
    let r = dossier_extract::extract_text(text, "military", Gazetteer::embedded());
    assert_eq!(
        speaker_name(claim(&r, "added", "two tanks")),
        Some("Armed Forces of Ukraine")
    );
}

/// What someone says, owned ("Petrov's comments"), is theirs.
#[test]
fn the_owner_of_comments_speaks() {
    let text = "Oleg Petrov met the envoy. Petrov's comments suggested that talks would resume.";
    let r = dossier_extract::extract_text(text, "owner", Gazetteer::embedded());
    assert_eq!(
        speaker_name(claim(&r, "suggested", "talks would resume")),
        Some("Oleg Petrov")
    );
}
