//! Events: who did what to whom, where and when (PLOVER types).
//!
//! A trigger lexicon maps verbs and nouns of news prose to PLOVER event types (plus MOVE
//! and OCCUPY, which the seed's gold uses for troop movements and occupation). Within a
//! sentence, one event per type: the first trigger of that type. Its participants come from
//! the entities mentioned in the same sentence:
//!
//! - for a verb, actors: people, organisations, units and countries in the trigger's clause
//!   before it ("..., the U.S. and U.K. have agreed"); failing those, people, organisations
//!   and units earlier in the sentence (nearest first), then countries; targets: those after
//!   the trigger;
//! - for a passive ("Kharkiv was shelled by Russia"), the actor is named right after "by"
//!   and the target right before the auxiliary;
//! - for a noun ("Russia's invasion of Ukraine"), the owner before "'s" acts and the object
//!   of "of", "on" or "against" is the target; a noun after a light verb ("launched an
//!   invasion") is read as a verb; a participle used as an adjective ("its bombed cities")
//!   has no actor or target. Nothing else in the sentence is taken for a participant, so an
//!   entity that merely shares the sentence is not made an attacker;
//! - places: towns and subdivisions anywhere in the sentence;
//! - when: a weekday, "yesterday"/"today", or a month and day in the sentence;
//! - claim: the attributed claim whose content contains the trigger, if any.
//!
//! Rule names are `event-<type>` so an analyst can see which lexicon fired. Lexicon entries
//! are word prefixes on lowercase words ("shell" matches shelled, shelling), so the stage
//! needs no morphology and stays linear in the text.

use crate::triggers::Triggers;
use crate::{ByteSpan, FoundClaim, FoundEntity, FoundEvent};
use dossier_model::EntityType;
use dossier_text::{Sentence, is_alphanumeric};

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

/// Weekdays and day-relative times ("yesterday"), lowercase.
const WHEN_WORDS: [&[u8]; 11] = [
    b"monday",
    b"tuesday",
    b"wednesday",
    b"thursday",
    b"friday",
    b"saturday",
    b"sunday",
    b"yesterday",
    b"today",
    b"tonight",
    b"overnight",
];

/// Month names and abbreviations, lowercase.
const MONTHS: [&[u8]; 24] = [
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
    b"jan",
    b"feb",
    b"mar",
    b"apr",
    b"jun",
    b"jul",
    b"aug",
    b"sep",
    b"sept",
    b"oct",
    b"nov",
    b"dec",
];

/// Whether a lowercase word is one of [`WHEN_WORDS`] or [`MONTHS`].
pub(crate) fn is_time_word(lower: &[u8]) -> bool {
    WHEN_WORDS.contains(&lower) || MONTHS.contains(&lower)
}

/// Bit `i` of `WHEN_INITIALS[n]` is set when a word of [`WHEN_WORDS`] or [`MONTHS`] has
/// `n` letters and starts with the `i`-th letter: [`when_in`] reads every word of a
/// sentence with an event, and five in six fail this test.
static WHEN_INITIALS: [u32; 10] = {
    let mut t = [0u32; 10];
    let mut k = 0;
    while k < WHEN_WORDS.len() + MONTHS.len() {
        let w = if k < WHEN_WORDS.len() {
            WHEN_WORDS[k]
        } else {
            MONTHS[k - WHEN_WORDS.len()]
        };
        t[w.len()] |= 1 << (w[0] - b'a');
        k += 1;
    }
    t
};

/// The trigger lexicon indexed for [`trigger_type`], which runs on every word of every
/// sentence with an entity mention.
struct TriggerIndex {
    /// Bit `triple(a, b, c)` is set when some prefix starts with the letters a, b, c (every
    /// prefix has three): most words fail this one test.
    first_three: Vec<u64>,
    /// Trigger indices by the first two letters of their prefix, in lexicon order.
    by_pair: Vec<Vec<u8>>,
}

/// The position of three lowercase ASCII letters among all such triples.
fn triple(a: u8, b: u8, c: u8) -> usize {
    (usize::from(a - b'a') * 26 + usize::from(b - b'a')) * 26 + usize::from(c - b'a')
}

fn trigger_index() -> &'static TriggerIndex {
    static INDEX: std::sync::OnceLock<TriggerIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = TriggerIndex {
            first_three: vec![0; (26 * 26 * 26usize).div_ceil(64)],
            by_pair: vec![Vec::new(); 26 * 26],
        };
        for (k, (prefix, _, _)) in TRIGGERS.iter().enumerate() {
            let &[a, b, c, ..] = prefix.as_bytes() else {
                unreachable!("trigger prefixes have at least three letters")
            };
            let t = triple(a, b, c);
            index.first_three[t / 64] |= 1 << (t % 64);
            index.by_pair[usize::from(a - b'a') * 26 + usize::from(b - b'a')].push(k as u8);
        }
        index
    })
}

/// The event type `word` (its bytes) triggers.
fn trigger_type(bytes: &[u8], index: &TriggerIndex) -> Option<&'static str> {
    // Triggers are lowercase ASCII: compare ignoring ASCII case, and only the entries
    // sharing the word's first two letters, once its first three letters can start one.
    if bytes.len() > 24 {
        return None;
    }
    let (&[a, b, c], _) = bytes.split_first_chunk::<3>()?;
    // Setting bit 5 lowercases an ASCII letter and puts no other byte in a..=z.
    let (a, b, c) = (a | 0x20, b | 0x20, c | 0x20);
    if !(a.is_ascii_lowercase() && b.is_ascii_lowercase() && c.is_ascii_lowercase()) {
        return None;
    }
    let t = triple(a, b, c);
    if index.first_three[t / 64] & (1 << (t % 64)) == 0 {
        return None;
    }
    index.by_pair[usize::from(a - b'a') * 26 + usize::from(b - b'a')]
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
///
/// This scan reads every byte of most sentences. A byte-at-a-time loop mispredicts a
/// branch at nearly every word boundary, so all-ASCII groups of eight bytes are classified
/// at once ([`ascii_word_bits`]) and only the boundaries are visited; a group with a
/// non-ASCII byte is read character by character.
#[inline(never)] // Its loops keep their variables in registers when not inlined into `find`.
pub(crate) fn words_into(text: &str, s: ByteSpan, out: &mut Vec<ByteSpan>) {
    let bytes = text.as_bytes();
    out.clear();
    // The start of the word the scan is in, if any.
    let mut open: Option<usize> = None;
    let mut i = s.0;
    while i < s.1 {
        let group = bytes
            .get(i..i + 8)
            .filter(|_| i + 8 <= s.1)
            .and_then(|g| <[u8; 8]>::try_from(g).ok())
            .map(u64::from_le_bytes)
            .filter(|g| g & 0x8080_8080_8080_8080 == 0);
        if let Some(group) = group {
            let word = ascii_word_bits(group);
            // Bit k of `before`: whether byte k - 1 (the previous group's last, for k = 0)
            // is in a word. A word starts where a word byte follows a non-word byte and
            // ends at a non-word byte that follows a word byte.
            let before = (word << 1) | u8::from(open.is_some());
            let starts = word & !before;
            let ends = !word & before;
            let mut boundaries = starts | ends;
            while boundaries != 0 {
                let k = boundaries.trailing_zeros() as usize;
                boundaries &= boundaries - 1;
                if starts & (1 << k) != 0 {
                    open = Some(i + k);
                } else if let Some(start) = open.take() {
                    out.push((start, i + k));
                }
            }
            i += 8;
            continue;
        }
        // One character: ASCII without decoding.
        let (alphanumeric, len) = match bytes[i] {
            b if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (is_alphanumeric(c), c.len_utf8())),
        };
        if alphanumeric {
            open.get_or_insert(i);
        } else if let Some(start) = open.take() {
            out.push((start, i));
        }
        i += len;
    }
    if let Some(start) = open {
        out.push((start, s.1));
    }
}

/// Bit k is set when byte k (in little-endian order) of `group`, eight ASCII bytes, is a
/// letter or a digit.
fn ascii_word_bits(group: u64) -> u8 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // For a byte below 0x80, adding 0x80 - n sets its high bit exactly when it is at least
    // n, and carries nothing into the next byte.
    let at_least = |x: u64, n: u8| x.wrapping_add(ONES * u64::from(0x80 - n)) & HIGH;
    let digit = at_least(group, b'0') & !at_least(group, b'9' + 1);
    // Setting bit 5 lowercases letters; no other byte lands in a..=z.
    let folded = group | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    // Gather the eight high bits, byte k's into bit k: the multiplier's terms land each
    // byte's bit in the top byte at a distinct place, with no carries.
    (((digit | letter) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// Where the clause holding byte `at` starts: at the last ',', ';', '—', '(' or ':' in
/// `text[from..at]`, or at `from`. The same answer as `str::rfind` with those characters,
/// searching bytes instead of decoding characters backwards.
fn clause_start(text: &str, from: usize, at: usize) -> usize {
    let bytes = &text.as_bytes()[from..at];
    let mut end = bytes.len();
    while let Some(p) = bytes[..end]
        .iter()
        .rposition(|&b| matches!(b, b',' | b';' | b'(' | b':' | 0x94))
    {
        // 0x94 ends an em dash (E2 80 94), or is part of another character.
        if bytes[p] != 0x94 {
            return from + p;
        }
        if p >= 2 && bytes[p - 2..p] == [0xe2, 0x80] {
            return from + p - 2;
        }
        end = p;
    }
    from
}

fn when_in(text: &str, ws: &[ByteSpan]) -> Option<ByteSpan> {
    for (k, &w) in ws.iter().enumerate() {
        // Every weekday and month word is 3 to 9 ASCII letters: lowercase on the stack.
        let word = &text.as_bytes()[w.0..w.1];
        // "in 2014", "since 2022": a year after a preposition of time.
        if word.len() == 4
            && word.iter().all(u8::is_ascii_digit)
            && matches!(&word[..2], b"19" | b"20")
            && k > 0
            && matches!(
                text[ws[k - 1].0..ws[k - 1].1].to_ascii_lowercase().as_str(),
                "in" | "since"
            )
        {
            return Some(w);
        }
        let (Some(&initials), Some(&first)) = (WHEN_INITIALS.get(word.len()), word.first()) else {
            continue;
        };
        // Setting bit 5 lowercases an ASCII letter; other bytes fail the range test.
        let initial = (first | 0x20).wrapping_sub(b'a');
        if initial >= 26 || initials & (1 << initial) == 0 {
            continue;
        }
        let mut buf = [0u8; 9];
        for (d, s) in buf.iter_mut().zip(word) {
            *d = s.to_ascii_lowercase();
        }
        let lower = &buf[..word.len()];
        if WHEN_WORDS.contains(&lower) {
            return Some(w);
        }
        // "May 5", "Jan. 12": a month name followed by a day number.
        if MONTHS.contains(&lower) && text[w.0..w.1].starts_with(char::is_uppercase) {
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
    find_where(text, sentences, entities, claims, |_| true)
}

/// Finds events, looking only at the sentences where `triggers` says a trigger word may
/// be ([`Triggers::event`]): the others have none, so no event.
pub fn find_with_triggers(
    text: &str,
    sentences: &[Sentence],
    entities: &[FoundEntity],
    claims: &[FoundClaim],
    triggers: &Triggers,
) -> Vec<FoundEvent> {
    find_where(text, sentences, entities, claims, |i| triggers.event(i))
}

/// Whether a word of the entity scan (a spelling, which can join several words of
/// [`words_into`]: "don't", "U.S.") holds a word [`trigger_type`] knows. `plain`: it is
/// all ASCII letters and digits, so one such word.
pub(crate) fn spelling_may_trigger(spelling: &str, plain: bool) -> bool {
    let index = trigger_index();
    if plain {
        return trigger_type(spelling.as_bytes(), index).is_some();
    }
    let mut start = None;
    for (i, c) in spelling.char_indices().chain([(spelling.len(), ' ')]) {
        match (is_alphanumeric(c) && i < spelling.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                if trigger_type(&spelling.as_bytes()[a..i], index).is_some() {
                    return true;
                }
                start = None;
            }
            _ => {}
        }
    }
    false
}

fn find_where(
    text: &str,
    sentences: &[Sentence],
    entities: &[FoundEntity],
    claims: &[FoundClaim],
    may_trigger: impl Fn(usize) -> bool,
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
    let triggers = trigger_index();
    for (index, s) in sentences.iter().enumerate() {
        while first < mentions.len() && mentions[first].0.0 < s.start {
            first += 1;
        }
        let mut last = first;
        while last < mentions.len() && mentions[last].0.1 <= s.end {
            last += 1;
        }
        let here = &mentions[first..last];
        // Every participant is a mention in the sentence: without one, no event.
        if here.is_empty() || !may_trigger(index) {
            continue;
        }
        words_into(text, (s.start, s.end), &mut ws);
        // The sentence's time expression, found at its first event.
        let mut when: Option<Option<ByteSpan>> = None;
        let mut seen: Vec<&'static str> = Vec::new();
        for (wi, &w) in ws.iter().enumerate() {
            let Some(kind) = trigger_type(&text.as_bytes()[w.0..w.1], triggers) else {
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
            let clause_start = clause_start(text, s.start, w.0);
            let form = trigger_form(text, &ws, wi);
            let participant = |k: usize| agent(k) || country(k);
            let mut actors: Vec<usize> = Vec::new();
            let mut targets: Vec<usize> = Vec::new();
            match form {
                TriggerForm::Verb => {
                    // The trigger's own clause first: "While ... pending with NATO, the
                    // U.S. and U.K. have agreed" has the U.S. and the U.K. as actors, not
                    // NATO.
                    for &(_, k) in here
                        .iter()
                        .filter(|(m, _)| m.0 >= clause_start && m.1 <= w.0)
                    {
                        if participant(k) && !actors.contains(&k) {
                            actors.push(k);
                        }
                    }
                }
                TriggerForm::Passive {
                    agent_at,
                    subject_from,
                } => {
                    // "Kharkiv was shelled by Russia": the agent right after "by" (or its
                    // "the"), and the subject right before the auxiliary is the target.
                    actors.extend(
                        here.iter()
                            .find(|(m, k)| agent_at.contains(&Some(m.0)) && participant(*k))
                            .map(|&(_, k)| k),
                    );
                    let aux = ws[wi - 1].0;
                    targets.extend(
                        here.iter()
                            .rev()
                            .find(|(m, k)| m.1 <= aux && m.1 > subject_from && participant(*k))
                            .map(|&(_, k)| k),
                    );
                }
                TriggerForm::Adjective => {}
                TriggerForm::Noun { owner_end, object } => {
                    // "Russia's invasion of Ukraine": the owner acts, the object of "of",
                    // "on" or "against" is the target.
                    if let Some(end) = owner_end {
                        actors.extend(
                            here.iter()
                                .find(|(m, k)| m.1 == end && participant(*k))
                                .map(|&(_, k)| k),
                        );
                    }
                    if let Some(at) = object {
                        targets.extend(
                            here.iter()
                                .find(|(m, k)| m.0 == at && participant(*k))
                                .map(|&(_, k)| k),
                        );
                    }
                }
            }
            // A verb with no participant in its clause takes the sentence's: people,
            // organisations and units nearest first, then countries. (A noun or a
            // participle names only those its own phrase names.)
            if actors.is_empty() && form == TriggerForm::Verb {
                for &(_, k) in here.iter().rev().filter(|(m, _)| m.1 <= w.0) {
                    if agent(k) && !actors.contains(&k) {
                        actors.push(k);
                    }
                }
            }
            if actors.is_empty() && form == TriggerForm::Verb {
                for &(_, k) in here.iter().filter(|(m, _)| m.1 <= w.0) {
                    if country(k) && !actors.contains(&k) {
                        actors.push(k);
                    }
                }
            }
            if form == TriggerForm::Verb {
                for &(_, k) in here.iter().filter(|(m, _)| m.0 >= w.1) {
                    if participant(k) && !targets.contains(&k) && !actors.contains(&k) {
                        targets.push(k);
                    }
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

/// How a trigger word is used, which decides where its participants are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TriggerForm {
    /// A verb ("shelled the city", "have agreed"): actors before it, targets after.
    Verb,
    /// A passive ("Kharkiv was shelled by Russia"): where the agent may start (the word
    /// after a following "by", or the one after its "the"), and the offset after which the
    /// subject's name must end (two words before the auxiliary).
    Passive {
        agent_at: [Option<usize>; 2],
        subject_from: usize,
    },
    /// A participle as an adjective ("its bombed cities", "the occupied territories"):
    /// nobody named acts.
    Adjective,
    /// A noun ("the invasion", "Russia's invasion of Ukraine"): the end of an owner's
    /// name before "'s", and the start of the word after "of", "on" or "against".
    Noun {
        owner_end: Option<usize>,
        object: Option<usize>,
    },
}

/// Words before a noun that make the trigger a noun, not a verb.
const NOUN_OPENERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "any", "new", "further",
    "full", "large", "massive", "latest",
];

/// Verbs whose object is an act done by their subject ("launched an invasion", "carried out
/// strikes"): the subject acts, as for a verb trigger.
const LIGHT_VERBS: &[&str] = &[
    "launched",
    "launch",
    "launches",
    "launching",
    "carried",
    "conducted",
    "began",
    "begun",
    "started",
    "staged",
    "mounted",
    "ordered",
    "continued",
    "waged",
    "intensified",
    "made",
    "stepped",
];

/// How the trigger `ws[wi]` is used, from the words around it.
fn trigger_form(text: &str, ws: &[ByteSpan], wi: usize) -> TriggerForm {
    let word = |j: usize| ws.get(j).map_or("", |&(a, b)| &text[a..b]);
    let lower = |j: usize| word(j).to_ascii_lowercase();
    let trigger = lower(wi);
    let prev = wi.checked_sub(1).map(lower).unwrap_or_default();
    if trigger.ends_with("ed") {
        if matches!(
            prev.as_str(),
            "was" | "were" | "been" | "being" | "is" | "are" | "be" | "got"
        ) {
            let by = (wi + 1..(wi + 4).min(ws.len())).find(|&j| lower(j) == "by");
            let agent_at = by.map_or([None, None], |j| {
                let first = ws.get(j + 1).map(|w| w.0);
                let after_the = (lower(j + 1) == "the").then(|| ws.get(j + 2).map(|w| w.0));
                [first, after_the.flatten()]
            });
            let subject_from = wi.checked_sub(5).map_or(0, |j| ws[j].1);
            return TriggerForm::Passive {
                agent_at,
                subject_from,
            };
        }
        if NOUN_OPENERS.contains(&prev.as_str()) {
            return TriggerForm::Adjective;
        }
        return TriggerForm::Verb;
    }
    // "Russia's invasion": "s" after an apostrophe right after a name.
    let possessive = prev == "s"
        && wi >= 2
        && text[ws[wi - 2].1..ws[wi - 1].0]
            .chars()
            .all(|c| matches!(c, '\'' | '’'));
    if !(possessive || NOUN_OPENERS.contains(&prev.as_str())) {
        return TriggerForm::Verb;
    }
    // "launched an invasion": the act of the light verb's subject.
    let before_opener = if possessive {
        wi.checked_sub(3)
    } else {
        wi.checked_sub(2)
    };
    if before_opener.is_some_and(|j| LIGHT_VERBS.contains(&lower(j).as_str())) {
        return TriggerForm::Verb;
    }
    let owner_end = possessive.then(|| ws[wi - 2].1);
    let object = matches!(lower(wi + 1).as_str(), "of" | "on" | "against")
        .then(|| ws.get(wi + 2).map(|w| w.0))
        .flatten();
    TriggerForm::Noun { owner_end, object }
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

    #[test]
    fn trigger_prefilter_changes_no_answer() {
        // The lexicon scanned in order, as before the three-letter prefilter.
        let scan = |word: &str| {
            TRIGGERS.iter().find_map(|&(prefix, whole, kind)| {
                let (w, p) = (word.as_bytes(), prefix.as_bytes());
                let hit = if whole {
                    w.eq_ignore_ascii_case(p)
                } else {
                    w.len() >= p.len() && w[..p.len()].eq_ignore_ascii_case(p)
                };
                (word.len() <= 24 && hit).then_some(kind)
            })
        };
        let index = trigger_index();
        let mut words: Vec<String> = TRIGGERS
            .iter()
            .flat_map(|(p, _, _)| {
                [
                    p.to_string(),
                    p.to_uppercase(),
                    format!("{p}ed"),
                    p[..p.len() - 1].to_string(),
                    format!("x{p}"),
                ]
            })
            .collect();
        words.extend(
            [
                "MET",
                "Met",
                "aid",
                "a1d",
                "ai",
                "strike@",
                "s",
                "",
                "Str\u{fc}ck",
                "[ttack",
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(trigger_type(w.as_bytes(), index), scan(w), "{w:?}");
        }
        assert_eq!(trigger_type(b"Shelling", index), Some("ASSAULT"));
    }

    #[test]
    fn general_punctuation_has_no_alphanumeric_character() {
        for c in '\u{2000}'..='\u{206f}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        assert_eq!(is_alphanumeric('\u{2070}'), '\u{2070}'.is_alphanumeric());
        assert!(is_alphanumeric('é') && is_alphanumeric('Ж') && !is_alphanumeric('«'));
    }

    #[test]
    fn ascii_word_bits_marks_letters_and_digits() {
        for b in 0..0x80_u8 {
            for at in 0..8 {
                let mut group = *b"........";
                group[at] = b;
                let bits = ascii_word_bits(u64::from_le_bytes(group));
                let expected = if b.is_ascii_alphanumeric() {
                    1 << at
                } else {
                    0
                };
                assert_eq!(bits, expected, "byte {b:#x} at {at}");
            }
        }
        assert_eq!(
            ascii_word_bits(u64::from_le_bytes(*b"a1 Z_9@z")),
            0b1010_1011
        );
    }

    #[test]
    fn word_scan_agrees_with_a_character_scan_on_generated_text() {
        let reference = |text: &str, s: ByteSpan| {
            let mut words = Vec::new();
            let mut start = None;
            for (i, c) in text[s.0..s.1].char_indices() {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(s.0 + i),
                    (false, Some(a)) => {
                        words.push((a, s.0 + i));
                        start = None;
                    }
                    _ => {}
                }
            }
            words.extend(start.map(|a| (a, s.1)));
            words
        };
        let pieces = [
            "a", "Zz", "09", " ", ",", "-", "’", "é", "Київ", "—", "x²", "\u{a0}", "@", "[", "`",
            "{", "/", ":", "\n", "shelled", "…",
        ];
        let mut next = crate::testing::numbers(0x9e37_79b9_7f4a_7c15_u64);
        let mut ws = Vec::new();
        for _ in 0..2000 {
            let text: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let a = bounds[next(bounds.len())];
            let b = bounds[next(bounds.len())];
            let s = (a.min(b), a.max(b));
            words_into(&text, s, &mut ws);
            assert_eq!(ws, reference(&text, s), "{text:?} {s:?}");
        }
    }

    #[test]
    fn clause_start_is_where_rfind_finds_a_clause_mark() {
        // Characters whose UTF-8 ends in 0x94 like the em dash's: Ԕ (D4 94), ₔ (E2 82 94).
        let text = "a, b; c—d (e: f”g Ԕh ₔi — j";
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &from in &bounds {
            for &at in bounds.iter().filter(|&&at| at >= from) {
                let expected = text[from..at]
                    .rfind([',', ';', '—', '(', ':'])
                    .map_or(from, |p| from + p);
                assert_eq!(clause_start(text, from, at), expected, "{from}..{at}");
            }
        }
    }

    #[test]
    fn time_expressions() {
        fn when(text: &str) -> Option<&str> {
            let mut ws = Vec::new();
            words_into(text, (0, text.len()), &mut ws);
            when_in(text, &ws).map(|w| &text[w.0..w.1])
        }
        assert_eq!(when("troops left on 12 MAY 5 and Sept. 3"), Some("MAY 5"));
        assert_eq!(when("the may 5 vote, Sept. 3"), Some("Sept. 3"));
        assert_eq!(when("March 2022, then OVERNIGHT"), Some("OVERNIGHT"));
        assert_eq!(when("todays mayday 1 Octobers 2 to-day"), None);
        assert_eq!(when("Wednesdays 9 and Yesterday"), Some("Yesterday"));
        assert_eq!(when("annexed Crimea in 2014 and"), Some("2014"));
        assert_eq!(when("lost 2014 soldiers, In 1990s"), None);
    }

    #[test]
    fn words_are_runs_of_alphanumeric_characters() {
        // The same words a char-by-char scan finds, with non-ASCII letters, digits and
        // punctuation inside, between and at the ends of words.
        let text = "«Ізюм» was shelled—again; naïve 5th Bde’s x² café … Київ,ok¿ ";
        let mut expected = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(a)) => {
                    expected.push((a, i));
                    start = None;
                }
                _ => {}
            }
        }
        let mut ws = Vec::new();
        words_into(text, (0, text.len()), &mut ws);
        assert_eq!(ws, expected);
        let words: Vec<&str> = ws.iter().map(|w| &text[w.0..w.1]).collect();
        assert_eq!(words[..3], ["Ізюм", "was", "shelled"]);
        // A sentence that ends inside a word ends the word.
        let shelled = text.find("shelled").unwrap();
        words_into(text, (shelled - 1, shelled + 3), &mut ws);
        assert_eq!(ws, [(shelled, shelled + 3)]);
    }

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

    #[test]
    fn nouns_passives_and_participles_place_their_participants() {
        let country = |text: &str, name: &str| {
            entity(EntityType::Place, name, span(text, name), Some("country"))
        };
        let events_of = |text: &str, entities: &[FoundEntity]| {
            let sentences = [Sentence {
                start: 0,
                end: text.len(),
            }];
            find(text, &sentences, entities, &[])
        };
        // A noun: its owner acts, the object of "of" is the target; Poland, before it,
        // does neither.
        let text = "Poland warned of Ruritania's invasion of Freedonia in spring.";
        let es = [
            country(text, "Poland"),
            country(text, "Ruritania"),
            country(text, "Freedonia"),
        ];
        let invasion = events_of(text, &es)
            .into_iter()
            .find(|e| e.event_type == "ASSAULT");
        let invasion = invasion.expect("an invasion");
        assert_eq!((invasion.actors, invasion.targets), (vec![1], vec![2]));
        // A passive: the agent after "by", the subject before the auxiliary.
        let text = "Freedonia was attacked by Ruritania on Monday.";
        let es = [country(text, "Freedonia"), country(text, "Ruritania")];
        let attack = &events_of(text, &es)[0];
        assert_eq!(
            (attack.actors.clone(), attack.targets.clone()),
            (vec![1], vec![0])
        );
        // A participle as an adjective: nobody named bombed anything.
        let text = "In Freedonia, tourists now photograph its bombed towns.";
        let es = [country(text, "Freedonia")];
        assert!(events_of(text, &es).iter().all(|e| e.actors.is_empty()));
        // "launched an invasion": the subject acts, as for a verb.
        let text = "Ruritania launched an invasion of Freedonia.";
        let es = [country(text, "Ruritania"), country(text, "Freedonia")];
        let launched = &events_of(text, &es)[0];
        assert_eq!(launched.actors, vec![0]);
    }
}
