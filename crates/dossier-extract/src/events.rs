//! Events: who did what to whom, where and when (PLOVER types).
//!
//! A trigger lexicon maps verbs and nouns of news prose to PLOVER event types (plus MOVE
//! and OCCUPY, which the seed's gold uses for troop movements and occupation). Within a
//! sentence, one event per type: the first trigger of that type. Its participants come from
//! the entities mentioned in the same sentence:
//!
//! - actors: people, organisations, units and countries in the trigger's clause before it
//!   ("..., the U.S. and U.K. have agreed"); failing those, people, organisations and units
//!   earlier in the sentence (nearest first), then countries;
//! - targets: people, organisations, units and countries after the trigger;
//! - places: towns and subdivisions anywhere in the sentence;
//! - when: a weekday, "yesterday"/"today", or a month and day in the sentence;
//! - claim: the attributed claim whose content contains the trigger, if any.
//!
//! Rule names are `event-<type>` so an analyst can see which lexicon fired. Lexicon entries
//! are word prefixes on lowercase words ("shell" matches shelled, shelling), so the stage
//! needs no morphology and stays linear in the text.

use crate::{ByteSpan, FoundClaim, FoundEntity, FoundEvent};
use dossier_model::EntityType;
use dossier_text::Sentence;

/// (word prefix, whole word only?, PLOVER type).
const TRIGGERS: &[(&str, bool, &str)] = &[
    ("attack", false, "ASSAULT"),
    ("shell", false, "ASSAULT"),
    ("bomb", false, "ASSAULT"),
    ("airstrike", false, "ASSAULT"),
    ("strike", false, "ASSAULT"),
    ("struck", true, "ASSAULT"),
    ("kill", false, "ASSAULT"),
    ("invad", false, "ASSAULT"),
    ("invasion", false, "ASSAULT"),
    ("assault", false, "ASSAULT"),
    ("liberat", false, "ASSAULT"),
    ("casualties", true, "ASSAULT"),
    ("shot", true, "ASSAULT"),
    ("pushing", true, "ASSAULT"),
    ("force", true, "COERCE"),
    ("forced", true, "COERCE"),
    ("arrest", false, "COERCE"),
    ("detain", false, "COERCE"),
    ("deport", false, "COERCE"),
    ("abduct", false, "COERCE"),
    ("occup", false, "OCCUPY"),
    ("annex", false, "OCCUPY"),
    ("captur", false, "OCCUPY"),
    ("seiz", false, "OCCUPY"),
    ("reached", true, "MOVE"),
    ("reach", true, "MOVE"),
    ("advanc", false, "MOVE"),
    ("flee", false, "RETREAT"),
    ("fled", true, "RETREAT"),
    ("withdr", false, "RETREAT"),
    ("retreat", false, "RETREAT"),
    ("agree", false, "AGREE"),
    ("signed", true, "AGREE"),
    ("sign", true, "AGREE"),
    ("backed", true, "AGREE"),
    ("committed", true, "AGREE"),
    ("approv", false, "AGREE"),
    ("ratif", false, "AGREE"),
    ("seeking", true, "REQUEST"),
    ("membership", true, "REQUEST"),
    ("appli", false, "REQUEST"),
    ("request", false, "REQUEST"),
    ("urg", false, "REQUEST"),
    ("appeal", false, "REQUEST"),
    ("assistance", true, "AID"),
    ("aid", true, "AID"),
    ("deliver", false, "AID"),
    ("supplied", true, "AID"),
    ("supply", true, "AID"),
    ("provide", false, "AID"),
    ("support", false, "SUPPORT"),
    ("praise", false, "SUPPORT"),
    ("accus", false, "ACCUSE"),
    ("blame", false, "ACCUSE"),
    ("reject", false, "REJECT"),
    ("refus", false, "REJECT"),
    ("veto", false, "REJECT"),
    ("threat", false, "THREATEN"),
    ("protest", false, "PROTEST"),
    ("sanction", false, "SANCTION"),
    ("expel", false, "SANCTION"),
    ("embargo", false, "SANCTION"),
    ("mobili", false, "MOBILIZE"),
    ("deploy", false, "MOBILIZE"),
    ("conscript", false, "MOBILIZE"),
    ("met", true, "CONSULT"),
    ("meet", false, "CONSULT"),
    ("talks", true, "CONSULT"),
    ("visit", false, "CONSULT"),
    ("summit", false, "CONSULT"),
    ("cooperat", false, "COOPERATE"),
    ("surrender", false, "CONCEDE"),
    ("ceasefire", false, "CONCEDE"),
];

const WHEN_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tonight",
    "overnight",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Trigger indices by the first two letters of their prefix (every prefix has two).
fn triggers_by_pair() -> &'static [Vec<u8>] {
    static BY_PAIR: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    BY_PAIR.get_or_init(|| {
        let mut t: Vec<Vec<u8>> = vec![Vec::new(); 26 * 26];
        for (k, (prefix, _, _)) in TRIGGERS.iter().enumerate() {
            let p = prefix.as_bytes();
            t[usize::from(p[0] - b'a') * 26 + usize::from(p[1] - b'a')].push(k as u8);
        }
        t
    })
}

/// The event type `word` triggers. `by_pair` is [`triggers_by_pair`].
fn trigger_type(word: &str, by_pair: &[Vec<u8>]) -> Option<&'static str> {
    // Triggers are lowercase ASCII: compare ignoring ASCII case, and only the entries
    // sharing the word's first two letters.
    let bytes = word.as_bytes();
    if bytes.len() > 24 {
        return None;
    }
    let (&[a, b], _) = bytes.split_first_chunk::<2>()?;
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    if !a.is_ascii_lowercase() || !b.is_ascii_lowercase() {
        return None;
    }
    by_pair
        .get(usize::from(a - b'a') * 26 + usize::from(b - b'a'))?
        .iter()
        .find_map(|&k| {
            let (prefix, whole, kind) = TRIGGERS[usize::from(k)];
            let p = prefix.as_bytes();
            let hit = if whole {
                bytes.eq_ignore_ascii_case(p)
            } else {
                bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p)
            };
            hit.then_some(kind)
        })
}

/// Words of a sentence (runs of alphanumeric characters): (start, end) byte spans, into
/// `out` (cleared first).
fn words_into(text: &str, s: ByteSpan, out: &mut Vec<ByteSpan>) {
    let bytes = text.as_bytes();
    out.clear();
    let mut start = None;
    let mut i = s.0;
    while i < s.1 {
        // ASCII without decoding; other characters decoded one at a time.
        let (alphanumeric, len) = match bytes[i] {
            b if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        };
        if alphanumeric {
            start.get_or_insert(i);
        } else if let Some(a) = start.take() {
            out.push((a, i));
        }
        i += len;
    }
    if let Some(a) = start {
        out.push((a, s.1));
    }
}

fn when_in(text: &str, ws: &[ByteSpan]) -> Option<ByteSpan> {
    for (k, &w) in ws.iter().enumerate() {
        // Every weekday and month word is 3 to 9 ASCII letters: lowercase on the stack.
        let word = &text.as_bytes()[w.0..w.1];
        if !(3..=9).contains(&word.len()) {
            continue;
        }
        let mut buf = [0u8; 9];
        for (d, s) in buf.iter_mut().zip(word) {
            *d = s.to_ascii_lowercase();
        }
        let lower = &buf[..word.len()];
        let is = |list: &[&str]| list.iter().any(|x| x.as_bytes() == lower);
        if is(WHEN_WORDS) && !(lower == b"may" || lower == b"march") {
            return Some(w);
        }
        // "May 5", "Jan. 12": a month name followed by a day number.
        if is(MONTHS) && text[w.0..w.1].starts_with(char::is_uppercase) {
            if let Some(&next) = ws.get(k + 1) {
                let day = &text[next.0..next.1];
                if day.len() <= 2 && day.bytes().all(|b| b.is_ascii_digit()) {
                    return Some((w.0, next.1));
                }
            }
        }
    }
    None
}

/// Finds events.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    entities: &[FoundEntity],
    claims: &[FoundClaim],
) -> Vec<FoundEvent> {
    // Every entity mention, sorted, so each sentence takes its slice.
    let mut mentions: Vec<(ByteSpan, usize)> = entities
        .iter()
        .enumerate()
        .flat_map(|(k, e)| e.mentions.iter().map(move |&m| (m, k)))
        .collect();
    mentions.sort_unstable();
    let segments = SegmentIndex::new(claims);
    let mut out = Vec::new();
    let mut first = 0;
    let mut ws = Vec::new();
    let by_pair = triggers_by_pair();
    for s in sentences {
        while first < mentions.len() && mentions[first].0.0 < s.start {
            first += 1;
        }
        let mut last = first;
        while last < mentions.len() && mentions[last].0.1 <= s.end {
            last += 1;
        }
        let here = &mentions[first..last];
        // Every participant is a mention in the sentence: without one, no event.
        if here.is_empty() {
            continue;
        }
        words_into(text, (s.start, s.end), &mut ws);
        // The sentence's time expression, found at its first event.
        let mut when: Option<Option<ByteSpan>> = None;
        let mut seen: Vec<&'static str> = Vec::new();
        for &w in &ws {
            let Some(kind) = trigger_type(&text[w.0..w.1], by_pair) else {
                continue;
            };
            // A trigger inside an entity's name ("Territorial Defense Forces") is not one.
            if seen.contains(&kind) || here.iter().any(|(m, _)| m.0 <= w.0 && w.1 <= m.1) {
                continue;
            }
            let agent = |k: usize| {
                matches!(
                    entities[k].kind,
                    EntityType::Person | EntityType::Organization | EntityType::MilitaryUnit
                )
            };
            let country = |k: usize| {
                entities[k]
                    .place
                    .as_ref()
                    .is_some_and(|p| p.feature == "country")
            };
            // The trigger's own clause first: "While ... pending with NATO, the U.S. and
            // U.K. have agreed" has the U.S. and the U.K. as actors, not NATO.
            let clause_start = text[s.start..w.0]
                .rfind([',', ';', '—', '(', ':'])
                .map_or(s.start, |p| s.start + p);
            let mut actors: Vec<usize> = Vec::new();
            for &(_, k) in here
                .iter()
                .filter(|(m, _)| m.0 >= clause_start && m.1 <= w.0)
            {
                if (agent(k) || country(k)) && !actors.contains(&k) {
                    actors.push(k);
                }
            }
            if actors.is_empty() {
                for &(_, k) in here.iter().rev().filter(|(m, _)| m.1 <= w.0) {
                    if agent(k) && !actors.contains(&k) {
                        actors.push(k);
                    }
                }
            }
            if actors.is_empty() {
                for &(_, k) in here.iter().filter(|(m, _)| m.1 <= w.0) {
                    if country(k) && !actors.contains(&k) {
                        actors.push(k);
                    }
                }
            }
            let mut targets: Vec<usize> = Vec::new();
            for &(_, k) in here.iter().filter(|(m, _)| m.0 >= w.1) {
                if (agent(k) || country(k)) && !targets.contains(&k) && !actors.contains(&k) {
                    targets.push(k);
                }
            }
            let mut places: Vec<usize> = Vec::new();
            for &(_, k) in here {
                let local = entities[k]
                    .place
                    .as_ref()
                    .is_some_and(|p| p.feature != "country");
                if local && !places.contains(&k) {
                    places.push(k);
                }
            }
            if actors.is_empty() && targets.is_empty() && places.is_empty() {
                continue;
            }
            seen.push(kind);
            let claim = segments.claim_containing(w);
            out.push(FoundEvent {
                event_type: kind,
                trigger: w,
                sentence: (s.start, s.end),
                actors,
                targets,
                places,
                when: *when.get_or_insert_with(|| when_in(text, &ws)),
                claim,
                rule: rule_name(kind),
            });
        }
    }
    out
}

/// Finds the first claim (in claim order) with a content segment containing a span, in
/// logarithmic time plus the overlapping segments: a linear scan of every claim per event
/// made long documents quadratic.
struct SegmentIndex {
    /// (start, end, claim index), sorted by start.
    segments: Vec<(usize, usize, usize)>,
    /// `max_end[i]`: the largest end among `segments[..=i]`.
    max_end: Vec<usize>,
}

impl SegmentIndex {
    fn new(claims: &[FoundClaim]) -> Self {
        let mut segments: Vec<(usize, usize, usize)> = claims
            .iter()
            .enumerate()
            .flat_map(|(k, c)| c.segments.iter().map(move |g| (g.0, g.1, k)))
            .collect();
        segments.sort_unstable();
        let max_end = segments
            .iter()
            .scan(0, |m, s| {
                *m = (*m).max(s.1);
                Some(*m)
            })
            .collect();
        SegmentIndex { segments, max_end }
    }

    fn claim_containing(&self, w: ByteSpan) -> Option<usize> {
        // Segments starting at or before w.0; walk back while one of them can still reach w.1.
        let mut i = self.segments.partition_point(|s| s.0 <= w.0);
        let mut best: Option<usize> = None;
        while i > 0 && self.max_end[i - 1] >= w.1 {
            i -= 1;
            let (_, end, k) = self.segments[i];
            if end >= w.1 && best.is_none_or(|b| k < b) {
                best = Some(k);
            }
        }
        best
    }
}

fn rule_name(kind: &str) -> &'static str {
    match kind {
        "ASSAULT" => "event-assault",
        "COERCE" => "event-coerce",
        "OCCUPY" => "event-occupy",
        "MOVE" => "event-move",
        "RETREAT" => "event-retreat",
        "AGREE" => "event-agree",
        "REQUEST" => "event-request",
        "AID" => "event-aid",
        "SUPPORT" => "event-support",
        "ACCUSE" => "event-accuse",
        "REJECT" => "event-reject",
        "THREATEN" => "event-threaten",
        "PROTEST" => "event-protest",
        "SANCTION" => "event-sanction",
        "MOBILIZE" => "event-mobilize",
        "CONSULT" => "event-consult",
        "COOPERATE" => "event-cooperate",
        "CONCEDE" => "event-concede",
        _ => "event",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn segment_index_finds_the_first_claim_containing_a_span_like_a_scan_would() {
        let claim = |segments: Vec<ByteSpan>| FoundClaim {
            kind: dossier_model::ClaimKind::Indirect,
            speakers: vec![],
            cue: None,
            segments,
            stance: dossier_model::Stance::Asserted,
            hedges: vec![],
            rule: "test",
        };
        // Overlapping, nested and split claims, in no particular order.
        let claims = vec![
            claim(vec![(50, 90)]),
            claim(vec![(0, 200)]),
            claim(vec![(10, 20), (60, 70)]),
            claim(vec![(300, 310)]),
        ];
        let index = SegmentIndex::new(&claims);
        for start in 0..320 {
            for len in [1, 5, 15] {
                let w = (start, start + len);
                let scan = claims
                    .iter()
                    .position(|c| c.segments.iter().any(|g| g.0 <= w.0 && w.1 <= g.1));
                assert_eq!(index.claim_containing(w), scan, "{w:?}");
            }
        }
    }

    use super::*;
    use dossier_model::PlaceInfo;

    fn entity(kind: EntityType, name: &str, at: ByteSpan, feature: Option<&str>) -> FoundEntity {
        FoundEntity {
            kind,
            name: name.into(),
            mentions: vec![at],
            place: feature.map(|f| PlaceInfo {
                geonameid: 1,
                lat: 0.0,
                lon: 0.0,
                country: "XX".into(),
                feature: f.into(),
                population: None,
            }),
            role: None,
            parent: None,
            rule: "test",
        }
    }

    fn span(text: &str, needle: &str) -> ByteSpan {
        let s = text.find(needle).unwrap();
        (s, s + needle.len())
    }

    #[test]
    fn actor_target_place_and_time() {
        let text = "On Tuesday the 5th Brigade shelled Northtown, said Ann Lee.";
        let entities = vec![
            entity(
                EntityType::MilitaryUnit,
                "5th Brigade",
                span(text, "5th Brigade"),
                None,
            ),
            entity(
                EntityType::Place,
                "Northtown",
                span(text, "Northtown"),
                Some("city"),
            ),
            entity(EntityType::Person, "Ann Lee", span(text, "Ann Lee"), None),
        ];
        let sentences = [Sentence {
            start: 0,
            end: text.len(),
        }];
        let events = find(text, &sentences, &entities, &[]);
        assert_eq!(events.len(), 1, "{events:?}");
        let e = &events[0];
        assert_eq!(e.event_type, "ASSAULT");
        assert_eq!(&text[e.trigger.0..e.trigger.1], "shelled");
        assert_eq!(e.actors, vec![0]);
        assert_eq!(e.places, vec![1]);
        assert_eq!(e.when.map(|w| &text[w.0..w.1]), Some("Tuesday"));
    }

    #[test]
    fn countries_act_when_no_one_else_does() {
        let text = "Sweden and Finland launched applications for membership in NATO.";
        let entities = vec![
            entity(
                EntityType::Place,
                "Sweden",
                span(text, "Sweden"),
                Some("country"),
            ),
            entity(
                EntityType::Place,
                "Finland",
                span(text, "Finland"),
                Some("country"),
            ),
            entity(EntityType::Organization, "NATO", span(text, "NATO"), None),
        ];
        let sentences = [Sentence {
            start: 0,
            end: text.len(),
        }];
        let events = find(text, &sentences, &entities, &[]);
        let request = events.iter().find(|e| e.event_type == "REQUEST").unwrap();
        assert_eq!(request.actors, vec![0, 1]);
        assert_eq!(request.targets, vec![2]);
    }
}
