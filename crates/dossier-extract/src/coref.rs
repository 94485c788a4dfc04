//! Speaker resolution: links each claim's speaker mention to an entity.
//!
//! In order, for a speaker mention the claims stage found (after splitting "Poland and
//! Lithuania" into two sources when one side is a known name):
//!
//! 0. "it" and "they" first: for "it", the first country or organisation named earlier in
//!    its own sentence outside the claim's content ("Russia, while massing troops near
//!    Ukraine, denies it plans …"); else the previous speaker of this or the last sentence
//!    when it is no person, and no one when that speaker names no entity ("The company
//!    says … It says" is not the outlet in the dateline); else an organisation mentioned in
//!    the last three sentences. `coref-apposition` comes next: a person's name between
//!    commas right after the mention ("The Kremlin spokesperson, Dmitry Peskov, said"), or
//!    right before a description led by an article ("Wang Wenbin, a spokesman for …,") →
//!    that person, before any organisation inside the description;
//! 1. `coref-overlap`: the mention contains an entity's mention ("Kharkiv-area Governor Oleh
//!    Synehubov" → the person; people, organisations and units win over the places inside
//!    their descriptions);
//!    `coref-relative`: "who" or "which" right after a mention ("Olaf Scholz, who stressed")
//!    → that mention's entity;
//! 2. `coref-pronoun`: "he" or "she" as a speaker → the speaker of a claim in this or the
//!    previous sentence, else the previous sentence's first fitting person, unless this
//!    sentence names one before the pronoun outside the claim's content; otherwise (and for
//!    they/it, his/its/their) the nearest earlier mention of a compatible entity
//!    (a person for he/she, skipping those whose given name says the other gender; an
//!    organisation, unit or country for it, they and we, which never name one person);
//! 3. `coref-description`: "the area governor", "the ministry" → the nearest earlier person
//!    whose role or name has the description's head word, or organisation/unit whose name
//!    has it;
//! 4. `coref-spokesperson`: "a spokesman", "an official" followed by "for|of|from|at X" in
//!    the text → the entity mentioned as X (the speaker speaks for it);
//! 5. `coref-force`: a country's armed service in lowercase ("Ukraine's air force", "the
//!    Russian navy") → a military unit "Air Force of Ukraine" (added once);
//!    `coref-demonym`: "Russians", "the Ukrainians" → that country's place entity (added when
//!    the document has no mention of the country itself);
//! 6. `coref-new-speaker`: a named speaker no rule knows ("Ukrainian leadership") becomes a
//!    new entity, an organisation unless it looks like a person's name. Met again, it is
//!    the same entity; a surname is the person whose name ends in it ("Truss" → "Liz
//!    Truss"), or, when the text writes it after a given name elsewhere ("Liz Truss visited
//!    ..."), a new person named in full. Descriptions led by an article or a possessive
//!    pronoun ("A spokesman", "Our soldiers"), participles ("Speaking after ...") and
//!    sentence-initial common nouns the text also writes in lowercase name no one.
//!
//! Rule 1 takes a person or place only at the head of the speaker's phrase ("Putin
//! apologists" and "the President of Ukraine" are neither Putin nor Ukraine). First-person
//! speakers ("I", "we": the writer, outside quotations) and speakers nothing fits get no
//! name and no entity; their mention still says who spoke.

use crate::entities::lexicon::{NOT_NAMES, NOT_PERSON_WORDS, ORG_HEADS, PRONOUNS, UNIT_WORDS};
use crate::entities::{Gender, gender_of, is_given_name};
use crate::{ByteSpan, FoundClaim, FoundEntity, FoundSpeaker};
use dossier_gazetteer::{Feature, Gazetteer};
use dossier_model::{EntityType, PlaceInfo};
use dossier_text::Sentence;
use std::collections::{BTreeSet, HashMap};

/// How many descriptions a document resolves by scanning its entities before it indexes
/// their words (see [`Index::with_word`]).
const WORD_SCANS: usize = 16;

/// Resolves speaker mentions ("he", "the area governor", "Synehubov") to entities, adding
/// an entity when a named speaker is not yet known.
///
/// Each rule asks the entity mentions one question ("which mention overlaps this span",
/// "which fitting entity was mentioned last before here"); an [`Index`] answers it in
/// logarithmic time, so a document with tens of thousands of speakers and mentions costs
/// no more per speaker than a short one.
pub fn resolve_speakers(
    text: &str,
    sentences: &[Sentence],
    claims: &mut [FoundClaim],
    entities: &mut Vec<FoundEntity>,
    gazetteer: &Gazetteer,
) {
    // Built at the first speaker to resolve: many documents have none.
    let mut index: Option<Index> = None;
    // Speaker mentions resolved so far, with their entities, in the order met.
    let mut resolved: Vec<(ByteSpan, usize)> = Vec::new();
    // Every speaker mention met so far, with its entity if it has one.
    let mut spoken: Vec<(ByteSpan, Option<usize>)> = Vec::new();
    for claim in claims.iter_mut() {
        split_joined_names(text, &mut claim.speakers, entities);
        let segments = &claim.segments;
        for speaker in &mut claim.speakers {
            if speaker.entity.is_some() {
                continue;
            }
            let Some(span) = speaker.mention else {
                continue;
            };
            let Some(mention) = text.get(span.0..span.1) else {
                continue;
            };
            // "I", "we" outside a quotation (claims never looks inside one) are the writer
            // or an unnamed group, not whoever was mentioned last.
            if is_first_person(mention) {
                speaker.name = None;
                continue;
            }
            let index = index.get_or_insert_with(|| Index::new(entities));
            let folded = mention.trim().to_lowercase();
            let group = group_pronoun(&folded, span, segments, sentences, &spoken, entities, index);
            let found = group
                // A person named between commas right after the mention is who it
                // describes, before any organisation inside it ("A spokesperson for the
                // Southern Defence Forces, Natalia Humeniuk, said").
                .unwrap_or_else(|| apposition(text, span, entities, index))
                .or_else(|| head_before_of(text, span, entities, index))
                .or_else(|| {
                    index.overlapping(entities, span, |m| heads_speaker(text, span, entities, m))
                })
                .or_else(|| relative_pronoun(text, mention, span, index))
                .or_else(|| {
                    subject_pronoun(
                        &folded, span, segments, sentences, &resolved, entities, index,
                    )
                    .or_else(|| pronoun(&folded, span, entities, index))
                    .or_else(|| description(mention, &folded, span, entities, index, gazetteer))
                    .or_else(|| spokesperson(text, &folded, span, entities, index))
                })
                .or_else(|| force_of_country(mention, span, entities, index, gazetteer))
                .or_else(|| demonym(mention, span, entities, index, gazetteer))
                .or_else(|| new_speaker(text, span, entities, index, gazetteer));
            // (A group pronoun whose antecedent names no one names no one either.)
            let found = if group == Some(None) { None } else { found };
            spoken.push((span, found));
            match found {
                Some(e) => {
                    resolved.push((span, e));
                    speaker.entity = Some(e);
                    speaker.name = Some(entities[e].name.clone());
                }
                // A pronoun or a description with no antecedent names no one; the
                // mention still says who spoke.
                None => speaker.name = None,
            }
        }
    }
}

/// "Poland and Lithuania said", "Yermak and McFaul suggested": two names joined by "and"
/// are two sources of one claim. Only when each side is a name (capitalised words, no
/// article) and the whole is no entity's mention ("Bosnia and Herzegovina").
fn split_joined_names(text: &str, speakers: &mut Vec<FoundSpeaker>, entities: &[FoundEntity]) {
    let [speaker] = speakers.as_slice() else {
        return;
    };
    let Some(span) = speaker.mention else {
        return;
    };
    let Some(mention) = text.get(span.0..span.1) else {
        return;
    };
    let Some(at) = mention.find(" and ") else {
        return;
    };
    let (left, right) = (&mention[..at], &mention[at + 5..]);
    // ("the U.S. and U.K. agreed": an article before the first name is outside it.)
    let article = ["the ", "The "]
        .iter()
        .find(|a| left.starts_with(**a))
        .map_or(0, |a| a.len());
    let left = &left[article..];
    let is_name = |part: &str| {
        !part.is_empty()
            && part.split(' ').all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && !matches!(w, "The" | "A" | "An" | "I" | "We" | "They" | "He" | "She")
                    && !w.ends_with("'s")
                    && !w.ends_with("’s")
            })
            && !is_month_or_day(part)
    };
    let second = span.0 + at + 5;
    let mentioned = |s: usize, e: usize| entities.iter().any(|x| x.mentions.contains(&(s, e)));
    let whole_is_entity = entities
        .iter()
        .any(|e| e.mentions.iter().any(|&m| m.0 <= span.0 && span.1 <= m.1));
    // (One side at least must be a name the entity stage knows: "Bosnia and Herzegovina"
    // is one country even where the gazetteer missed it.)
    let first = span.0 + article;
    let known_side = mentioned(first, span.0 + at) || mentioned(second, span.1);
    if !is_name(left) || !is_name(right) || whole_is_entity || !known_side {
        return;
    }
    *speakers = vec![
        FoundSpeaker {
            mention: Some((first, span.0 + at)),
            entity: None,
            name: None,
        },
        FoundSpeaker {
            mention: Some((second, span.1)),
            entity: None,
            name: None,
        },
    ];
}

/// Whether `word` names a time: a month, a weekday, "yesterday" (the events stage's list).
fn is_month_or_day(word: &str) -> bool {
    crate::events::is_time_word(word.to_ascii_lowercase().as_bytes())
}

/// `coref-relative`: "who", "which", "that" right after a mention ("German Chancellor Olaf
/// Scholz, who stressed ...") → that mention's entity.
fn relative_pronoun(text: &str, mention: &str, span: ByteSpan, index: &Index) -> Option<usize> {
    let m = mention.trim();
    if !["who", "which", "that"]
        .iter()
        .any(|p| m.eq_ignore_ascii_case(p))
    {
        return None;
    }
    // Only a comma and spaces may lie between the antecedent and the pronoun.
    let gap = text.get(..span.0)?;
    let antecedent_end = gap.trim_end_matches([' ', ',']).len();
    index
        .starting_in(antecedent_end.saturating_sub(index.longest), antecedent_end)
        .filter(|m| m.end == antecedent_end)
        // The longest mention ending there, as for the overlap rule.
        .min_by_key(|m| (m.start, m.entity))
        .map(|m| m.entity)
}

/// `coref-apposition`: a description followed by a person's name between commas ("The
/// brigade's spokesman, Captain Ivan Sokol, said") → that person (titles may open the
/// apposition).
fn apposition(
    text: &str,
    span: ByteSpan,
    entities: &[FoundEntity],
    index: &Index,
) -> Option<usize> {
    let rest = text.get(span.1..)?;
    // "Wang Wenbin, a spokesman for the ministry, dismissed": the person just before, when
    // the description is set off by commas and opens with an article.
    let before = text.get(..span.0)?;
    if let Some(name_end) = before.strip_suffix(", ").map(str::len)
        && rest.starts_with(',')
        && text
            .get(span.0..span.1)
            .is_some_and(|m| ["a ", "an ", "the "].iter().any(|a| m.starts_with(a)))
        && let Some(m) = index
            .starting_in(name_end.saturating_sub(index.longest), name_end)
            .filter(|m| m.end == name_end && entities[m.entity].kind == EntityType::Person)
            .min_by_key(|m| (m.start, m.entity))
    {
        return Some(m.entity);
    }
    if !rest.starts_with(", ") {
        return None;
    }
    let from = span.1 + 2;
    let m = index
        .starting_in(from, from + 40)
        .filter(|m| entities[m.entity].kind == EntityType::Person)
        .min_by_key(|m| (m.start, m.entity))?;
    // Between the comma and the name only capitalised title words ("Captain", "Lt. Col.").
    let between = text.get(from..m.start)?;
    let titles_only = between.split_whitespace().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '.')
    });
    (titles_only && text.get(m.end..)?.starts_with(',')).then_some(m.entity)
}

/// "the President of Ukraine Wołodymyr Zełenski", "The Minister of Foreign Affairs Serbia
/// Ivica Dačić": a title phrase, then two capitalised words, is that person (translated
/// copy writes titles this way, and the name alone is not in the entity stage's lists). The
/// phrase before the name becomes the role.
fn titled_name(mention: &str, span: ByteSpan) -> Option<FoundEntity> {
    let words: Vec<(usize, &str)> = mention
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - mention.as_ptr() as usize, w))
        .collect();
    if words.len() < 3 {
        return None;
    }
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let name_words = &words[words.len() - 2..];
    let title_words = &words[..words.len() - 2];
    let is_title_word = |w: &str| {
        let w = w.to_lowercase();
        TITLE_WORDS.contains(&w.as_str())
    };
    // Not a name: a body's or unit's word ("Kalinouski Regiment").
    let body_word = |w: &str| {
        let w = w.to_lowercase();
        [ORG_HEADS, BODY_WORDS, UNIT_WORDS, NOT_PERSON_WORDS]
            .iter()
            .any(|list| list.contains(&w.as_str()))
    };
    // "the Prime Minister of Great Britain": after "of", the words are the title's.
    let after_of = title_words
        .last()
        .is_some_and(|(_, w)| w.eq_ignore_ascii_case("of"));
    if after_of
        || !name_words.iter().all(|(_, w)| {
            capitalised(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        })
        || !title_words.iter().any(|(_, w)| is_title_word(w))
        || name_words
            .iter()
            .any(|(_, w)| is_title_word(w) || body_word(w))
    {
        return None;
    }
    let (name_at, _) = name_words[0];
    let name = mention[name_at..].trim_end();
    let role = mention[..name_at].trim();
    let role = role
        .strip_prefix("the ")
        .or_else(|| role.strip_prefix("The "))
        .unwrap_or(role);
    Some(FoundEntity {
        kind: EntityType::Person,
        name: name.to_string(),
        mentions: vec![(span.0 + name_at, span.0 + name_at + name.len())],
        place: None,
        role: Some(role.to_string()),
        parent: None,
        rule: "coref-new-speaker",
    })
}

/// Words that make a phrase before a name its holder's title.
const TITLE_WORDS: &[&str] = &[
    "president",
    "minister",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "mayor",
    "chancellor",
    "secretary",
    "commander",
    "general",
    "chief",
    "head",
    "director",
    "chairman",
    "leader",
    "senator",
    "envoy",
    "pm",
];

/// First-person pronouns.
fn is_first_person(mention: &str) -> bool {
    let m = mention.trim();
    ["i", "we", "me", "us", "myself", "ourselves"]
        .iter()
        .any(|p| m.eq_ignore_ascii_case(p))
}

/// Whether the entity mention `m` inside speaker mention `span` can be the speaker. An
/// organisation or unit always can: its spokesman or officials speak for it ("a Pentagon
/// spokesman", "Kremlin officials"). A person or place only as the head of the phrase, at
/// its end or before an apposition: in "Putin apologists", "Putin's spokesman", "the
/// President of Ukraine", "Moscow officials" someone else speaks.
fn heads_speaker(text: &str, span: ByteSpan, entities: &[FoundEntity], m: Mention) -> bool {
    if matches!(
        entities[m.entity].kind,
        EntityType::Organization | EntityType::MilitaryUnit
    ) {
        return true;
    }
    // "Local residents in Izium", "The governor of Belgorod": a place or person after a
    // preposition only says where or whose.
    let before = text.get(span.0..m.start).unwrap_or("").trim_end();
    if [" in", " from", " at", " of"]
        .iter()
        .any(|p| before.ends_with(p))
    {
        return false;
    }
    // ("Residents of Mykolaiv and Kherson": so does one in a list after it.) The list ends
    // the text before the mention, so the text ends in " and" too: tested first, it spares
    // most mentions four reverse substring searches.
    let after_list = before.ends_with(" and")
        && [" in ", " from ", " at ", " of "].iter().any(|p| {
            before.rfind(p).is_some_and(|at| {
                let list = &before[at + p.len()..];
                list.ends_with(" and")
                    && list
                        .split([' ', ','])
                        .filter(|w| !w.is_empty())
                        .all(|w| w == "and" || w.chars().next().is_some_and(char::is_uppercase))
            })
        });
    if after_list {
        return false;
    }
    if m.end >= span.1 {
        return true;
    }
    let after = text.get(m.end..span.1).unwrap_or("");
    // A bare possessive is still the head ("Putin’s" cut short before its noun), and so is
    // the owner of what someone says ("Putin’s comments", "Zelensky's remarks").
    let possessive = ["'s", "’s"].iter().find_map(|p| after.strip_prefix(p));
    if let Some(noun) = possessive
        && matches!(
            noun.trim().to_lowercase().as_str(),
            "comments"
                | "remarks"
                | "words"
                | "views"
                | "statement"
                | "statements"
                | "assumptions"
                | "claims"
                | "message"
        )
    {
        return true;
    }
    let after = possessive.unwrap_or(after);
    after.starts_with(',') || !after.chars().any(char::is_alphanumeric)
}

/// In "the General Staff of Ukraine's Armed Forces" the head is before "of": the
/// organisation or unit whose mention opens the phrase (after an article) and runs over
/// or up to its first "of" — unless a person's mention ends the phrase.
fn head_before_of(
    text: &str,
    span: ByteSpan,
    entities: &[FoundEntity],
    index: &Index,
) -> Option<usize> {
    let mention = text.get(span.0..span.1)?;
    let of = find(mention, " of ")? + span.0;
    let body = mention
        .strip_prefix("the ")
        .or_else(|| mention.strip_prefix("The "))
        .unwrap_or(mention);
    let first = span.1 - body.len();
    // "the Security Council of Ukraine Oleksiy Danilov": a person at the end is the head
    // (a title phrase before a name).
    let person_at_end = index
        .starting_in(span.0.saturating_sub(index.longest), span.1)
        .any(|m| m.end == span.1 && entities[m.entity].kind == EntityType::Person);
    if person_at_end {
        return None;
    }
    index
        .starting_in(first, first)
        .filter(|m| {
            m.start == first
                && m.end >= of
                && m.end <= span.1
                && matches!(
                    entities[m.entity].kind,
                    EntityType::Organization | EntityType::MilitaryUnit
                )
        })
        .max_by_key(|m| (m.end, std::cmp::Reverse(m.entity)))
        .map(|m| m.entity)
}

/// A mention of entity `entity` at `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Mention {
    start: usize,
    end: usize,
    entity: usize,
}

/// Which entities a pronoun may refer to: persons (of any or one gender) and/or bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PronounClass {
    person: bool,
    org: bool,
    excluded: Option<Gender>,
}

/// The entity mentions, indexed for the questions the rules ask. Entities added while
/// resolving (new speakers, demonyms) are added to it too. Every answer is the one a scan
/// over all entities in index order would give: ties go to the lowest entity index.
struct Index {
    /// Every mention of the entities the index was built with, by start. A sorted vector,
    /// not a tree: it is built for nearly every document and most add nothing to it.
    by_start: Vec<Mention>,
    /// Mentions of the entities added since, by start.
    added: BTreeSet<Mention>,
    /// The longest mention, in bytes: a mention overlapping `[s, e)` starts at or after
    /// `s - longest`.
    longest: usize,
    /// Per pronoun class, the mentions of fitting entities; built when first asked.
    pronoun_lists: Vec<(PronounClass, PronounList)>,
    /// Per entity, its mention ends, sorted.
    ends: Vec<Vec<usize>>,
    /// Per entity, the gender its name indicates (persons only); computed for the first
    /// he or she, as most documents have none.
    genders: Option<Vec<Option<Gender>>>,
    /// Lowercase words of entity names and roles → the entities having them, ascending;
    /// built after [`WORD_SCANS`] descriptions.
    words: Option<HashMap<String, Vec<usize>>>,
    /// Descriptions answered so far by scanning the entities.
    word_scans: usize,
    /// GeoNames id → the first place entity with it.
    places: HashMap<u32, usize>,
}

impl Index {
    fn new(entities: &[FoundEntity]) -> Index {
        let mut index = Index {
            by_start: Vec::new(),
            added: BTreeSet::new(),
            longest: 0,
            pronoun_lists: Vec::new(),
            ends: Vec::with_capacity(entities.len()),
            genders: None,
            words: None,
            word_scans: 0,
            places: HashMap::new(),
        };
        let mut mentions = Vec::new();
        for k in 0..entities.len() {
            index.note(entities, k);
            mentions.extend(entities[k].mentions.iter().map(|m| Mention {
                start: m.0,
                end: m.1,
                entity: k,
            }));
        }
        mentions.sort_unstable();
        index.longest = mentions
            .iter()
            .map(|m| m.end.saturating_sub(m.start))
            .max()
            .unwrap_or(0);
        index.by_start = mentions;
        index
    }

    /// Records entity `k`, which must be the next one, in the per-entity tables.
    fn note(&mut self, entities: &[FoundEntity], k: usize) {
        debug_assert_eq!(self.ends.len(), k);
        let e = &entities[k];
        let mut ends: Vec<usize> = e.mentions.iter().map(|m| m.1).collect();
        ends.sort_unstable();
        self.ends.push(ends);
        if let Some(genders) = &mut self.genders {
            genders.push(person_gender(e));
        }
        if let Some(words) = &mut self.words {
            add_words(words, e, k);
        }
        if let Some(p) = &e.place {
            self.places.entry(p.geonameid).or_insert(k);
        }
    }

    /// The entities with the word `lower` (lowercase) in their lowercased name or role,
    /// ascending; `None` when there are none.
    ///
    /// A document's first [`WORD_SCANS`] questions are answered by scanning the entities,
    /// the rest by a word index built then. Indexing costs about as much as a dozen scans
    /// (a hash and a string per word), and most documents ask a few times.
    fn with_word(&mut self, entities: &[FoundEntity], lower: &str) -> Option<Vec<usize>> {
        if self.words.is_none() && self.word_scans < WORD_SCANS {
            self.word_scans += 1;
            let found: Vec<usize> = (0..entities.len())
                .filter(|&k| {
                    let e = &entities[k];
                    has_word(&e.name, lower)
                        || e.role.as_deref().is_some_and(|r| has_word(r, lower))
                })
                .collect();
            return (!found.is_empty()).then_some(found);
        }
        let words = self.words.get_or_insert_with(|| {
            let mut words = HashMap::new();
            for (k, e) in entities.iter().enumerate() {
                add_words(&mut words, e, k);
            }
            words
        });
        words.get(lower).cloned()
    }

    /// Adds the entity just pushed onto `entities`.
    fn push(&mut self, entities: &[FoundEntity]) {
        let k = entities.len() - 1;
        self.note(entities, k);
        for &m in &entities[k].mentions {
            self.index_mention(entities, k, m);
        }
    }

    /// Adds the mention `span` to entity `k`, already indexed: a named speaker met again.
    fn add_mention(&mut self, entities: &mut [FoundEntity], k: usize, span: ByteSpan) {
        let mentions = &mut entities[k].mentions;
        let at = mentions.partition_point(|m| *m < span);
        mentions.insert(at, span);
        let ends = &mut self.ends[k];
        let at = ends.partition_point(|&e| e < span.1);
        ends.insert(at, span.1);
        self.index_mention(entities, k, span);
    }

    /// Makes the mention `span` of entity `k` (added after the index was built) findable
    /// by the overlap and pronoun questions.
    fn index_mention(&mut self, entities: &[FoundEntity], k: usize, span: ByteSpan) {
        self.longest = self.longest.max(span.1.saturating_sub(span.0));
        self.added.insert(Mention {
            start: span.0,
            end: span.1,
            entity: k,
        });
        for i in 0..self.pronoun_lists.len() {
            if self.pronoun_fits(self.pronoun_lists[i].0, entities, k) {
                self.pronoun_lists[i].1.added.insert((span.1, k));
            }
        }
    }

    /// Mentions starting in `[from, to]`.
    fn starting_in(&self, from: usize, to: usize) -> impl Iterator<Item = Mention> + '_ {
        let low = Mention {
            start: from,
            end: 0,
            entity: 0,
        };
        let first = self.by_start.partition_point(|m| *m < low);
        // Callers want the best of these mentions, not an order: the two sources chain.
        let before_to = move |m: &&Mention| m.start <= to;
        self.by_start[first..]
            .iter()
            .take_while(before_to)
            .chain(self.added.range(low..).take_while(before_to))
            .copied()
    }

    /// The entity whose mention overlaps `span` best, among mentions `fits` accepts.
    fn overlapping(
        &self,
        entities: &[FoundEntity],
        span: ByteSpan,
        fits: impl Fn(Mention) -> bool,
    ) -> Option<usize> {
        if span.1 == 0 {
            return None;
        }
        let mut best: Option<((bool, usize, usize), std::cmp::Reverse<usize>)> = None;
        for m in self.starting_in(span.0.saturating_sub(self.longest), span.1 - 1) {
            let overlap = m.end.min(span.1).saturating_sub(m.start.max(span.0));
            if overlap == 0 || !fits(m) {
                continue;
            }
            // Agents before places; then the mention ending last, as an English noun
            // phrase has its head at its end ("Ukraine's defense ministry", "the Belarus
            // President Administration <name>"); then the longer overlap.
            let kind = entities[m.entity].kind != EntityType::Place;
            let key = (
                (kind, m.end.min(span.1), overlap),
                std::cmp::Reverse(m.entity),
            );
            if best.is_none_or(|b| key > b) {
                best = Some(key);
            }
        }
        best.map(|(_, k)| k.0)
    }

    /// The latest end of a mention of entity `k` at or before `before`.
    fn last_end(&self, k: usize, before: usize) -> Option<usize> {
        let ends = &self.ends[k];
        let n = ends.partition_point(|&e| e <= before);
        n.checked_sub(1).map(|i| ends[i])
    }

    /// Among `candidates` (ascending entity indices) that satisfy `fits`, the one with the
    /// latest mention ending at or before `before`.
    fn nearest_among(
        &self,
        entities: &[FoundEntity],
        candidates: &[usize],
        before: usize,
        fits: impl Fn(&FoundEntity) -> bool,
    ) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for &k in candidates {
            let Some(end) = self.last_end(k, before) else {
                continue;
            };
            if best.is_none_or(|(_, b)| end > b) && fits(&entities[k]) {
                best = Some((k, end));
            }
        }
        best.map(|(k, _)| k)
    }

    /// The gender entity `k`'s name indicates, if it is a person.
    fn gender(&self, entities: &[FoundEntity], k: usize) -> Option<Gender> {
        match &self.genders {
            Some(genders) => genders[k],
            None => person_gender(&entities[k]),
        }
    }

    fn pronoun_fits(&self, class: PronounClass, entities: &[FoundEntity], k: usize) -> bool {
        match entities[k].kind {
            EntityType::Person => {
                class.person
                    && class
                        .excluded
                        .is_none_or(|x| self.gender(entities, k) != Some(x))
            }
            EntityType::Organization | EntityType::MilitaryUnit => class.org,
            EntityType::Place => false,
        }
    }

    /// Works out the people's genders (from their given names) if not yet known.
    fn know_genders(&mut self, entities: &[FoundEntity]) {
        if self.genders.is_none() {
            self.genders = Some(entities.iter().map(person_gender).collect());
        }
    }

    /// The entity fitting `class` with the latest mention ending at or before `before`.
    fn nearest_pronoun(
        &mut self,
        entities: &[FoundEntity],
        class: PronounClass,
        before: usize,
    ) -> Option<usize> {
        let at = match self.pronoun_lists.iter().position(|(c, _)| *c == class) {
            Some(at) => at,
            None => {
                if class.excluded.is_some() {
                    self.know_genders(entities);
                }
                let mut by_end: Vec<(usize, usize)> = self
                    .by_start
                    .iter()
                    .chain(&self.added)
                    .filter(|m| self.pronoun_fits(class, entities, m.entity))
                    .map(|m| (m.end, m.entity))
                    .collect();
                by_end.sort_unstable();
                let list = PronounList {
                    by_end,
                    added: BTreeSet::new(),
                };
                self.pronoun_lists.push((class, list));
                self.pronoun_lists.len() - 1
            }
        };
        self.pronoun_lists[at].1.nearest(before)
    }
}

/// (end, entity) of the mentions of the entities a pronoun class fits: a sorted vector
/// for those known when the list was built, a tree for those added since.
struct PronounList {
    by_end: Vec<(usize, usize)>,
    added: BTreeSet<(usize, usize)>,
}

impl PronounList {
    /// Among the mentions ending latest at or before `before`, the lowest entity.
    fn nearest(&self, before: usize) -> Option<usize> {
        let upto = self.by_end.partition_point(|&m| m <= (before, usize::MAX));
        let end = self.by_end[..upto]
            .last()
            .into_iter()
            .chain(self.added.range(..=(before, usize::MAX)).next_back())
            .map(|&(end, _)| end)
            .max()?;
        let from = self.by_end.partition_point(|&m| m < (end, 0));
        self.by_end
            .get(from)
            .into_iter()
            .chain(self.added.range((end, 0)..).next())
            .filter(|&&(e, _)| e == end)
            .map(|&(_, k)| k)
            .min()
    }
}

/// The gender a person's name indicates; `None` for other entities.
fn person_gender(e: &FoundEntity) -> Option<Gender> {
    (e.kind == EntityType::Person).then(|| gender_of(&e.name))
}

/// Indexes entity `k`'s lowercase name and role words.
fn add_words(words: &mut HashMap<String, Vec<usize>>, e: &FoundEntity, k: usize) {
    let name = e.name.to_lowercase();
    let role = e.role.as_deref().map(str::to_lowercase);
    for w in name
        .split_whitespace()
        .chain(role.iter().flat_map(|r| r.split_whitespace()))
    {
        let list = words.entry(w.to_string()).or_default();
        if list.last() != Some(&k) {
            list.push(k);
        }
    }
}

/// Whether `s` lowercased has the word `lower` (itself lowercase), without lowercasing
/// ASCII text into a new string.
fn has_word(s: &str, lower: &str) -> bool {
    if s.is_ascii() {
        // ASCII text splits on the six ASCII characters `char::is_whitespace` accepts.
        s.as_bytes()
            .split(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
            .any(|w| w.eq_ignore_ascii_case(lower.as_bytes()))
    } else {
        // Lowercased whole, as `str` does it: a final sigma depends on what follows it.
        s.to_lowercase().split_whitespace().any(|w| w == lower)
    }
}

/// `folded`: the mention trimmed and lowercased.
/// `coref-pronoun`, for "he" and "she" as a speaker, when the sentence names no fitting
/// person before the pronoun (outside the claim's own content: "Putin will fail, he
/// added"): the speaker of a claim in this sentence or the one before ("Biden said Putin
/// would pay. He added ..." is Biden, not Putin), or else the first fitting person of the
/// sentence before (its subject, as a rule: "Marles met the prime minister and his deputy.
/// He said ..." is Marles). Otherwise the nearest mention decides ([`pronoun`]).
/// `coref-subject` for "it" and "they": for "it", the first organisation or country named
/// earlier in its own sentence, outside the claim's content ("China must stop … if it
/// wants"); else the previous speaker, in this sentence or the one before, when it can be one ("The
/// ministry said … It added"; "Residents said … They fear"). `Some(None)` when that
/// speaker names no entity: the pronoun then names no one rather than the last
/// organisation the text happened to mention. Without a speaker nearby, an organisation
/// mentioned in the two sentences before; anything further back is a guess.
#[allow(clippy::too_many_arguments)]
fn group_pronoun(
    folded: &str,
    span: ByteSpan,
    content: &[ByteSpan],
    sentences: &[Sentence],
    spoken: &[(ByteSpan, Option<usize>)],
    entities: &[FoundEntity],
    index: &mut Index,
) -> Option<Option<usize>> {
    if !matches!(folded, "it" | "they") {
        return None;
    }
    let si = sentences.partition_point(|s| s.end <= span.0);
    let here = sentences.get(si)?;
    let from = sentences.get(si.saturating_sub(1))?.start;
    let class = PronounClass {
        person: false,
        org: true,
        excluded: None,
    };
    let in_content = |m: &Mention| content.iter().any(|c| c.0 <= m.start && m.end <= c.1);
    let speaks_as_it = |e: usize| {
        index.pronoun_fits(class, entities, e)
            || entities[e]
                .place
                .as_ref()
                .is_some_and(|p| p.feature == "country")
    };
    // The first one named: the subject comes first more often than not ("Russia, while
    // massing troops on Ukraine's border, denies it plans to invade").
    let named_here = index
        .starting_in(here.start, span.0)
        .filter(|m| m.end <= span.0 && !in_content(m) && speaks_as_it(m.entity))
        .min_by_key(|m| (m.start, m.entity))
        .map(|m| m.entity);
    if folded == "it" && named_here.is_some() {
        return Some(named_here);
    }
    let previous = spoken
        .iter()
        .filter(|&&(m, _)| m.0 >= from && m.1 <= span.0)
        .max_by_key(|&&(m, _)| m.1);
    match previous {
        // (A country speaks as "it" too: "Ukraine says it believes".)
        Some(&(_, Some(e))) if entities[e].kind != EntityType::Person => return Some(Some(e)),
        Some(&(_, None)) => return Some(None),
        _ => {}
    }
    let recent = sentences.get(si.saturating_sub(2))?.start;
    let e = index.nearest_pronoun(entities, class, span.0)?;
    let near = index.last_end(e, span.0).is_some_and(|end| end > recent);
    Some(near.then_some(e))
}

fn subject_pronoun(
    folded: &str,
    span: ByteSpan,
    content: &[ByteSpan],
    sentences: &[Sentence],
    resolved: &[(ByteSpan, usize)],
    entities: &[FoundEntity],
    index: &mut Index,
) -> Option<usize> {
    let excluded = match folded {
        "he" => Gender::Female,
        "she" => Gender::Male,
        _ => return None,
    };
    let si = sentences.partition_point(|s| s.end <= span.0);
    let here = sentences.get(si)?;
    let previous = si.checked_sub(1).map(|p| &sentences[p]);
    let class = PronounClass {
        person: true,
        org: false,
        excluded: Some(excluded),
    };
    index.know_genders(entities);
    let in_content = |m: &Mention| content.iter().any(|c| c.0 <= m.start && m.end <= c.1);
    let named_here = index.starting_in(here.start, span.0).any(|m| {
        m.end <= span.0 && !in_content(&m) && index.pronoun_fits(class, entities, m.entity)
    });
    if named_here {
        return None;
    }
    let from = previous.map_or(here.start, |p| p.start);
    let speaker = resolved
        .iter()
        .filter(|&&(m, e)| m.0 >= from && m.1 <= span.0 && index.pronoun_fits(class, entities, e))
        .max_by_key(|&&(m, _)| m.1);
    if let Some(&(_, e)) = speaker {
        return Some(e);
    }
    let previous = previous?;
    index
        .starting_in(previous.start, previous.end)
        .filter(|m| m.end <= previous.end && index.pronoun_fits(class, entities, m.entity))
        .min_by_key(|m| (m.start, m.entity))
        .map(|m| m.entity)
}

fn pronoun(
    folded: &str,
    span: ByteSpan,
    entities: &[FoundEntity],
    index: &mut Index,
) -> Option<usize> {
    // A possessive stands for its pronoun: "his view that ...", "its report".
    let folded = match folded {
        "his" => "he",
        "its" => "it",
        "their" => "they",
        other => other,
    };
    let &(_, person, org) = PRONOUNS.iter().find(|p| p.0 == folded)?;
    // "he" skips women and "she" men, where the given name tells.
    let excluded = match folded {
        "he" | "him" => Some(Gender::Female),
        "she" | "her" => Some(Gender::Male),
        _ => None,
    };
    let class = PronounClass {
        person,
        org,
        excluded,
    };
    index.nearest_pronoun(entities, class, span.0)
}

/// `folded`: the mention trimmed and lowercased.
fn description(
    mention: &str,
    folded: &str,
    span: ByteSpan,
    entities: &[FoundEntity],
    index: &mut Index,
    gazetteer: &Gazetteer,
) -> Option<usize> {
    let rest = ["the ", "this ", "that ", "a ", "an "]
        .iter()
        .find_map(|d| folded.strip_prefix(d))?;
    let head = rest.split_whitespace().last()?;
    let head = head.trim_end_matches(|c: char| !c.is_alphanumeric());
    if head.is_empty() {
        return None;
    }
    // Office words a report uses for a role it named otherwise.
    let head = if rest.ends_with("head of state") {
        "president"
    } else if rest.ends_with("head of government") {
        "minister"
    } else {
        head
    };
    // "The politician added": the person last named ("a politician", "the top US
    // diplomat" are someone else).
    let definite = !folded.starts_with("a ") && !folded.starts_with("an ");
    if definite && rest == head && GENERIC_PERSON_HEADS.contains(&head) {
        return index.nearest_pronoun(
            entities,
            PronounClass {
                person: true,
                org: false,
                excluded: None,
            },
            span.0,
        );
    }
    // "The Russian leader": whoever holds a leader's office (but "the opposition leader"
    // or "the party leader" is someone else: only country words may qualify it).
    let office_leader = head == "leader" && {
        let words: Vec<&str> = mention.split_whitespace().collect();
        words.len() >= 2
            && words[1..words.len() - 1]
                .iter()
                .all(|w| w.starts_with(char::is_uppercase))
    };
    let heads: &[&str] = if office_leader {
        &["president", "minister", "chancellor", "premier"]
    } else if head == "military" {
        // "the military" after "Ukraine's military" (named "Armed Forces of Ukraine").
        &["military", "forces"]
    } else {
        std::slice::from_ref(&head)
    };
    // Only entities with a head word in their name or role can fit.
    let mut candidates: Vec<usize> = heads
        .iter()
        .filter_map(|h| index.with_word(entities, h))
        .flatten()
        .collect();
    if candidates.is_empty() {
        return None;
    }
    candidates.sort_unstable();
    candidates.dedup();
    let has = |s: &str| heads.iter().any(|h| has_word(s, h));
    // A country in the description ("the Estonian foreign minister") must be the one in
    // the person's role: a Russian prime minister is not the Estonian foreign minister.
    let country = mention
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| {
            let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            let entry = gazetteer.entry(&dossier_gazetteer::fold(w))?;
            let c = entry.places().find(|p| p.feature() == Feature::Country)?;
            Some(c.name().to_string())
        })
        .next();
    // A role naming no place ("President", from "President Zelensky") fits any country.
    let same_country = |role: &str| {
        country.as_deref().is_none_or(|c| role.contains(c)) || find(role, " of ").is_none()
    };
    index.nearest_among(entities, &candidates, span.0, |e| match e.kind {
        EntityType::Person => {
            e.role.as_deref().is_some_and(|r| has(r) && same_country(r))
                || has(&e.name) && country.is_none()
        }
        EntityType::Organization | EntityType::MilitaryUnit => has(&e.name),
        EntityType::Place => false,
    })
}

/// Descriptions that fit any person ("the politician", "the diplomat").
const GENERIC_PERSON_HEADS: &[&str] = &["politician", "statesman", "diplomat"];

/// Words for someone who speaks for a body: "a spokesman for the ministry".
const SPOKESPERSON_WORDS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "official",
    "officials",
    "source",
    "sources",
    "adviser",
    "advisor",
    "aide",
    "officer",
    "member",
    "members",
];

/// "A spokesman" + " for the Russian defense ministry": the entity whose mention the
/// text right after the speaker mention names. `folded`: the mention trimmed and lowercased.
fn spokesperson(
    text: &str,
    folded: &str,
    span: ByteSpan,
    entities: &[FoundEntity],
    index: &Index,
) -> Option<usize> {
    let head = folded.split_whitespace().last()?;
    if !SPOKESPERSON_WORDS.contains(&head) {
        return None;
    }
    let after = text.get(span.1..)?;
    let (preposition, rest) = ["for ", "of ", "from ", "at ", "with "]
        .iter()
        .find_map(|p| after.trim_start().strip_prefix(p).map(|r| (*p, r)))?;
    // One speaks for a country ("an official of Ukraine"), but is only from a town.
    let places_ok = matches!(preposition, "for " | "of ");
    let owner_start = text.len() - rest.len();
    // The owner's mention starts right there, or after an article or an owner word
    // ("the Russian defense ministry" is mentioned from "Russian" on).
    let reach = rest
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .nth(2)
        .map_or(rest.len(), |(i, _)| i);
    let window = (owner_start, owner_start + reach);
    index
        .starting_in(window.0, window.1)
        .filter(|m| entities[m.entity].kind != EntityType::Place || places_ok)
        .map(|m| {
            (
                entities[m.entity].kind == EntityType::Place,
                m.start,
                m.entity,
            )
        })
        .min()
        .map(|(_, _, k)| k)
}

fn demonym(
    mention: &str,
    span: ByteSpan,
    entities: &mut Vec<FoundEntity>,
    index: &mut Index,
    gazetteer: &Gazetteer,
) -> Option<usize> {
    let entry = gazetteer.entry(&dossier_gazetteer::fold(without_article(mention)))?;
    if !entry.flags.demonym() {
        return None;
    }
    let country = entry.places().find(|p| p.feature() == Feature::Country)?;
    if let Some(&k) = index.places.get(&country.geonameid()) {
        return Some(k);
    }
    entities.push(FoundEntity {
        kind: EntityType::Place,
        name: country.name().to_string(),
        mentions: vec![span],
        place: Some(PlaceInfo {
            geonameid: country.geonameid(),
            lat: country.lat(),
            lon: country.lon(),
            country: country.country().to_string(),
            feature: country.feature().as_str().to_string(),
            population: Some(country.population()),
        }),
        role: None,
        parent: None,
        rule: "coref-demonym",
    });
    index.push(entities);
    Some(entities.len() - 1)
}

/// The mention trimmed, without a leading "the".
fn without_article(mention: &str) -> &str {
    let trimmed = mention.trim();
    trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed)
}

/// `coref-force`: a country's armed service written in lowercase ("Ukraine's air force",
/// "the Russian navy") → a military unit named "Air Force of Ukraine", the same entity at
/// every mention.
fn force_of_country(
    mention: &str,
    span: ByteSpan,
    entities: &mut Vec<FoundEntity>,
    index: &mut Index,
    gazetteer: &Gazetteer,
) -> Option<usize> {
    let (owner, force) = without_article(mention).split_once(' ')?;
    let force_name = match force.to_lowercase().as_str() {
        "air force" => "Air Force",
        "navy" => "Navy",
        "army" => "Army",
        "armed forces" => "Armed Forces",
        "military" => "Armed Forces",
        "national guard" => "National Guard",
        "general staff" => "General Staff",
        "border guard" | "border guards" | "border guard service" => "Border Guard Service",
        "air defence" | "air defense" | "air defence forces" | "air defense forces" => {
            "Air Defence Forces"
        }
        _ => return None,
    };
    let owner = owner
        .strip_suffix("'s")
        .or_else(|| owner.strip_suffix("’s"))
        .unwrap_or(owner);
    let entry = gazetteer.entry(&dossier_gazetteer::fold(owner))?;
    let country = entry.places().find(|p| p.feature() == Feature::Country)?;
    let name = format!(
        "{force_name} of {}",
        crate::entities::with_article(country.name())
    );
    if let Some(k) = entities
        .iter()
        .position(|e| e.kind == EntityType::MilitaryUnit && e.name == name)
    {
        index.add_mention(entities, k, span);
        return Some(k);
    }
    entities.push(FoundEntity {
        kind: EntityType::MilitaryUnit,
        name,
        mentions: vec![span],
        place: None,
        role: None,
        parent: None,
        rule: "coref-force",
    });
    index.push(entities);
    Some(entities.len() - 1)
}

/// Words for a body of people that, with a name before them, make a speaker an
/// organisation ("Ukrainian leadership", "Kremlin officials").
const BODY_WORDS: &[&str] = &[
    "leadership",
    "treasury",
    "government",
    "officials",
    "military",
    "authorities",
    "army",
    "forces",
    "command",
    "staff",
    "intelligence",
    "police",
    "navy",
    "diplomats",
    "prosecutors",
    "media",
    "chancellery",
    "presidency",
    "embassy",
    "administration",
    "cabinet",
];

fn new_speaker(
    text: &str,
    span: ByteSpan,
    entities: &mut Vec<FoundEntity>,
    index: &mut Index,
    gazetteer: &Gazetteer,
) -> Option<usize> {
    let mention = text.get(span.0..span.1)?;
    let trimmed = mention.trim();
    let first = trimmed
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    // "A spokesman", "Our soldiers", "Their commander": a description, not a name.
    if matches!(
        first.as_str(),
        "a" | "an"
            | "our"
            | "their"
            | "my"
            | "your"
            | "his"
            | "her"
            | "its"
            | "this"
            | "that"
            | "these"
            | "those"
            | "some"
            | "many"
            | "several"
    ) {
        return None;
    }
    let mut name = trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed);
    // "the Peninsula" is a common noun, never a surname.
    let with_article = name.len() < trimmed.len();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || !words.iter().any(|w| w.starts_with(char::is_uppercase)) {
        return None;
    }
    if words.len() == 1 && NOT_NAMES.contains(&words[0].to_lowercase().as_str()) {
        return None;
    }
    let mut start =
        span.0 + (mention.len() - mention.trim_start().len()) + (trimmed.len() - name.len());
    // "The Ukrainian government in Kyiv", "2.8 million people in Ukraine": the place after
    // "in" or "from" says where the speaker is, and is no part of a name.
    let titled_span = (span.0, located_at(mention).map_or(span.1, |at| span.0 + at));
    if let Some(person) = titled_name(&text[titled_span.0..titled_span.1], titled_span) {
        entities.push(person);
        index.push(entities);
        return Some(entities.len() - 1);
    }
    // (A lowercase head left, "2.8 million people", names no one: checked below.)
    if let Some(at) = located_at(name) {
        name = &name[..at];
        words = name.split_whitespace().collect();
    }
    if let Some((rest, rest_start)) =
        surname_after_glued_place(text, name, start, entities, index, gazetteer)
    {
        start = rest_start;
        name = rest;
        words.remove(0);
    }
    if names_a_group_or_office(name, &words) {
        return None;
    }
    let name_span = (start, start + name.len());
    // A named speaker met before is that entity again ("Kerry said ... Kerry added"), and
    // the end of a person's name is that person ("Truss", "von der Leyen").
    if let Some(k) = known_name(entities, name, start) {
        index.add_mention(entities, k, name_span);
        return Some(k);
    }
    let particle = |w: &&str| NAME_PARTICLES.contains(w);
    let person_shaped = is_person_shaped(&words, gazetteer);
    let org_word = words.iter().any(|w| is_body_word(w));
    // A lowercase head names no one unless it is a body's word: "Ukrainian leadership" is
    // an organisation, "the British minister" or "Chinese propaganda" is not a name.
    let head_lowercase = words
        .last()
        .is_some_and(|w| w.starts_with(char::is_lowercase));
    let head_is_body = words.last().is_some_and(|w| is_body_word(w));
    if head_lowercase && !head_is_body {
        return None;
    }
    // "US President", "Ukraine's Defence Minister": a title with no name is a description.
    if words
        .last()
        .is_some_and(|w| TITLE_WORDS.contains(&w.to_lowercase().as_str()))
    {
        return None;
    }
    // "Downing Street said": a place or building word makes it a body, not a person.
    let not_person = words.iter().any(|w| {
        let w = w.to_lowercase();
        NOT_PERSON_WORDS.contains(&w.as_str())
    });
    let surname_only = !with_article && (words.len() == 1 || words.first().is_some_and(particle));
    if surname_only && !org_word && !not_person {
        // A surname whose full name the text writes elsewhere ("Liz Truss visited ...
        // Truss said") is that person, named in full.
        if let Some(full) = full_name_of(text, name, index, gazetteer) {
            let mut mentions = vec![full, name_span];
            mentions.sort_unstable();
            mentions.dedup();
            entities.push(FoundEntity {
                kind: EntityType::Person,
                name: text[full.0..full.1].to_string(),
                mentions,
                place: None,
                role: None,
                parent: None,
                rule: "coref-new-speaker",
            });
            index.push(entities);
            return Some(entities.len() - 1);
        }
        if words.len() == 1 && !single_word_name(text, name_span) {
            return None;
        }
    }
    let kind = if person_shaped && !org_word && !not_person {
        EntityType::Person
    } else {
        EntityType::Organization
    };
    entities.push(FoundEntity {
        kind,
        name: name.to_string(),
        mentions: vec![name_span],
        place: None,
        role: None,
        parent: None,
        rule: "coref-new-speaker",
    });
    index.push(entities);
    Some(entities.len() - 1)
}

/// Whether `word` (any case) is an organisation's or a body's head word ("ministry",
/// "government", "officials").
fn is_body_word(word: &str) -> bool {
    // Both lists in one set; an ASCII word lowercased on the stack.
    static SET: std::sync::OnceLock<crate::fxhash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = SET.get_or_init(|| ORG_HEADS.iter().chain(BODY_WORDS).copied().collect());
    let mut buf = [0u8; 24];
    match crate::claims::wordscan::lowercase_in(word.as_bytes(), &mut buf) {
        Some(lower) if word.is_ascii() => set.contains(lower),
        _ => set.contains(word.to_lowercase().as_str()),
    }
}

/// Common nouns for groups of people, which name no one when they stand alone.
const GENERIC_GROUPS: &[&str] = &[
    "people",
    "residents",
    "locals",
    "citizens",
    "civilians",
    "officials",
    "authorities",
    "experts",
    "analysts",
    "observers",
    "critics",
    "witnesses",
    "sources",
    "others",
    "diplomats",
    "journalists",
    "reporters",
    "doctors",
    "volunteers",
    "activists",
    "protesters",
    "lawmakers",
    "leaders",
    "soldiers",
    "troops",
    "refugees",
    "researchers",
    "scientists",
    "economists",
    "investors",
    "members",
];

/// Lowercase words inside a person's name: "Ursula von der Leyen", "Charles de Gaulle".
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "du", "da", "di", "la", "le", "bin", "al",
];

/// The person or organisation a named speaker already is: one with that very name, or, for
/// a person, one whose name ends in it at a word boundary ("Liz Truss" for "Truss"). Of
/// several people sharing a surname, the one mentioned last before `at`; `None` when none
/// of them was.
fn known_name(entities: &[FoundEntity], name: &str, at: usize) -> Option<usize> {
    if let Some(k) = entities.iter().position(|e| {
        e.name == name && matches!(e.kind, EntityType::Person | EntityType::Organization)
    }) {
        return Some(k);
    }
    let ends_in_name = |e: &FoundEntity| {
        e.kind == EntityType::Person
            && e.name.len() > name.len()
            && e.name.ends_with(name)
            && e.name[..e.name.len() - name.len()].ends_with(' ')
    };
    let last_before = |e: &FoundEntity| e.mentions.iter().map(|m| m.0).filter(|&s| s < at).max();
    let candidates: Vec<usize> = (0..entities.len())
        .filter(|&k| ends_in_name(&entities[k]))
        .collect();
    match candidates.as_slice() {
        [] => None,
        [k] => Some(*k),
        _ => candidates
            .iter()
            .filter_map(|&k| last_before(&entities[k]).map(|s| (s, std::cmp::Reverse(k))))
            .max()
            .map(|(_, std::cmp::Reverse(k))| k),
    }
}

/// Whether a lone capitalised speaker word can be a name. Not a participle ("Speaking
/// after the talks, ...") nor, at a sentence's start, a word the text also writes in
/// lowercase ("Experts say ... experts"), an adverb, or a word the text never capitalises
/// inside a sentence.
fn single_word_name(text: &str, span: ByteSpan) -> bool {
    let word = &text[span.0..span.1];
    if word.len() >= 6 && word.ends_with("ing") {
        return false;
    }
    // "BelTA", "NATO": capitals inside a word make it a name wherever it stands. So do
    // letters no English word has ("Zełenski", "Daczić") and the endings of Slavic
    // surnames ("Zalewski", "Lavrov", "Kravchuk"), common in war reporting and found in
    // no common English word.
    if word.chars().skip(1).any(char::is_uppercase)
        || word.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
        || SURNAME_ENDINGS.iter().any(|e| word.ends_with(e))
    {
        return true;
    }
    if !sentence_initial(text, span.0) {
        return true;
    }
    // At a sentence's start a capital proves nothing: "Likewise", "Such", "Photograph"
    // are words, and a name is written capitalised inside a sentence too.
    let lower = word.to_lowercase();
    if contains_word(text, &lower)
        || lower.ends_with("ly")
        || SENTENCE_OPENERS.contains(&lower.as_str())
    {
        return false;
    }
    occurrences(text, word).any(|at| {
        !sentence_initial(text, at)
            && !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && !text[at + word.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Whether the word at byte `at` starts a sentence: nothing but quotation marks and
/// brackets between it and the text's start or a sentence's end.
fn sentence_initial(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '(' | '[')
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '\n'])
}

/// Whether `words` look like a person's name: two or three capitalised words of letters,
/// perhaps with particles ("Ursula von der Leyen"). "U.S. Treasury" is none, nor are
/// "Russia's RIA" (a possessive) and "Ukrainian Railways" (a demonym opens a body's name).
fn is_person_shaped(words: &[&str], gazetteer: &Gazetteer) -> bool {
    let particle = |w: &&str| NAME_PARTICLES.contains(w);
    words.iter().all(|w| {
        (w.starts_with(char::is_uppercase) || particle(w))
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
            && !w.ends_with("'s")
            && !w.ends_with("’s")
    }) && (2..=3).contains(&words.iter().filter(|w| !particle(w)).count())
        && !words.first().is_some_and(|w| {
            gazetteer
                .entry(&dossier_gazetteer::fold(w))
                .is_some_and(|e| e.flags.demonym())
        })
}

/// Where " in " or " from " first starts in a speaker phrase: what follows says where the
/// speaker is ("The Ukrainian government in Kyiv").
fn located_at(phrase: &str) -> Option<usize> {
    [" in ", " from "]
        .iter()
        .filter_map(|p| find(phrase, p))
        .min()
}

/// "... War With Russia Kallas said": a headline glued to the text can put a place right
/// before a surname, and no name starts with a place's mention. The surname and where it
/// starts, when the two-word `name` (at byte `start`) opens with a place's mention and the
/// rest is someone known or named in full elsewhere ("US Senate" stays the Senate of the
/// US).
fn surname_after_glued_place<'t>(
    text: &'t str,
    name: &'t str,
    start: usize,
    entities: &[FoundEntity],
    index: &Index,
    gazetteer: &Gazetteer,
) -> Option<(&'t str, usize)> {
    let mut words = name.split_whitespace();
    let (first, second) = (words.next()?, words.next()?);
    if words.next().is_some() || !second.starts_with(char::is_uppercase) {
        return None;
    }
    let first = (start, start + first.len());
    let place_first = index
        .starting_in(first.0, first.0)
        .any(|m| (m.start, m.end) == first && entities[m.entity].kind == EntityType::Place);
    if !place_first {
        return None;
    }
    let rest = name[first.1 - start..].trim_start();
    let rest_start = start + name.len() - rest.len();
    let rest_is_person = known_name(entities, rest, rest_start)
        .is_some_and(|k| entities[k].kind == EntityType::Person)
        || full_name_of(text, rest, index, gazetteer).is_some();
    rest_is_person.then_some((rest, rest_start))
}

/// Whether a speaker's `name` describes rather than names: a group noun alone ("Officials
/// said", "People in Kyiv say"), or an office, a common noun or a group before "of" ("the
/// President of Ukraine", "the people of Ukraine", "Members of the G7"; "National Bank of
/// Ukraine" is a name: its head is a body's word).
fn names_a_group_or_office(name: &str, words: &[&str]) -> bool {
    if let [word] = words
        && GENERIC_GROUPS.contains(&word.to_lowercase().as_str())
    {
        return true;
    }
    let Some(at) = find(name, " of ") else {
        return false;
    };
    let head = name[..at].split_whitespace().next_back().unwrap_or("");
    let lower = head.to_lowercase();
    head.starts_with(char::is_lowercase)
        || TITLE_WORDS.contains(&lower.as_str())
        || GENERIC_GROUPS.contains(&lower.as_str())
}

/// Endings of Slavic surnames, which no common English word has.
const SURNAME_ENDINGS: &[&str] = &[
    "ski", "sky", "ska", "skyi", "vich", "wicz", "enko", "chuk", "czuk", "shvili", "ov", "ova",
    "ev", "eva", "yk", "iuk", "yuk",
];

/// Adverbs that open a sentence before a surname ("Later Kerry said"), besides the "-ly"
/// ones.
const SENTENCE_OPENERS: &[&str] = &[
    "later",
    "earlier",
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "now",
    "then",
    "still",
    "also",
    "here",
    "there",
    "instead",
    "again",
    "soon",
    "once",
    "first",
    "next",
    "last",
    "so",
    "thus",
    "indeed",
    "besides",
    "meanwhile",
    "however",
    "afterwards",
    "overnight",
    "elsewhere",
];

/// Whether `word` occurs in `text` as a whole word, case-sensitively.
fn contains_word(text: &str, word: &str) -> bool {
    occurrences(text, word).any(|i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Where `needle` first occurs in `haystack`: what `haystack.find(needle)` gives. The
/// haystacks here are names and phrases of a few words and the needles (" of ", " in ")
/// start with a space: trying the needle at each of the first byte's occurrences costs a
/// fraction of setting up `str::find`'s two-way searcher (or `memmem`'s), which
/// coreference did tens of thousands of times a pass.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, h).find(|&i| h[i..].starts_with(n))
}

/// Where `needle` occurs in `text`, left to right and not overlapping: what
/// `text.match_indices(needle)` gives, found by `memchr`'s vectorised substring search.
/// [`full_name_of`] and [`single_word_name`] search the whole text for a word per lone
/// speaker, and the general two-way search of `match_indices` was most of coreference.
fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    // An empty needle matches at every character boundary.
    let every_boundary = needle
        .is_empty()
        .then(|| text.char_indices().map(|(i, _)| i).chain([text.len()]))
        .into_iter()
        .flatten();
    let found = (!needle.is_empty())
        .then(|| memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()))
        .into_iter()
        .flatten();
    every_boundary.chain(found)
}

/// The span of "Given Surname" where the text writes `surname` after a capitalised word that
/// can be a given name, preferring the first: not a title, a body's word or a word that is
/// never a name, no demonym, country or big town ("Ukrainian Brask"), not part of another entity's
/// mention. A word that is no listed given name must not be an adverb opening the
/// sentence ("Later Kerry said"), or written in lowercase elsewhere where it opens one.
fn full_name_of(
    text: &str,
    surname: &str,
    index: &Index,
    gazetteer: &Gazetteer,
) -> Option<ByteSpan> {
    occurrences(text, surname).find_map(|at| {
        let after = text[at + surname.len()..].chars().next();
        if after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        // "Kerry County": a capitalised word after the surname makes it something else.
        let rest = text[at + surname.len()..].strip_prefix(' ').unwrap_or("");
        if rest.starts_with(char::is_uppercase) {
            return None;
        }
        let before = text[..at].strip_suffix(' ')?;
        let given_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphabetic() || c == '-')
            .last()
            .map(|(i, _)| i)?;
        let given = &before[given_start..];
        let mut chars = given.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_lowercase() || c == '-')
            && given.chars().count() >= 2;
        if !capitalised || before[..given_start].ends_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let folded = given.to_lowercase();
        let not_given = [
            NOT_NAMES,
            TITLE_WORDS,
            ORG_HEADS,
            BODY_WORDS,
            UNIT_WORDS,
            NOT_PERSON_WORDS,
        ]
        .iter()
        .any(|list| list.contains(&folded.as_str()));
        if not_given {
            return None;
        }
        let listed = is_given_name(given);
        let opener = sentence_initial(text, given_start)
            && (contains_word(text, &folded)
                || folded.ends_with("ly")
                || SENTENCE_OPENERS.contains(&folded.as_str()));
        // A demonym, a country or a big town ("Ukrainian Brask", "Kyiv Brask") is no given
        // name; a village's name may be one ("Kaja").
        let placename = gazetteer
            .entry(&dossier_gazetteer::fold(given))
            .is_some_and(|e| {
                e.flags.demonym()
                    || e.places().any(|p| {
                        p.by_main_name()
                            && (p.feature() == Feature::Country || p.population() >= 100_000)
                    })
            });
        if !listed && (opener || placename) {
            return None;
        }
        let span = (given_start, at + surname.len());
        let inside_entity = index
            .starting_in(span.0.saturating_sub(index.longest), span.1 - 1)
            .any(|m| m.start < span.1 && m.end > span.0);
        (!inside_entity).then_some(span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FoundSpeaker;
    use dossier_model::{ClaimKind, Stance};

    #[test]
    fn occurrences_are_what_match_indices_finds() {
        let texts = [
            "Biden met Putin. Putin said Biden's aides; BidenBiden and Bide n.",
            "aaaa aaa",
            "Ізюм and Ізюмський: Ізюм’s",
            "",
        ];
        let needles = ["Biden", "Putin", "aa", "a", "Ізюм", "’s", "zz", "n.", ""];
        for t in texts {
            for n in needles {
                let want: Vec<usize> = t.match_indices(n).map(|(i, _)| i).collect();
                assert_eq!(occurrences(t, n).collect::<Vec<_>>(), want, "{t:?} {n:?}");
            }
        }
    }

    #[test]
    fn find_is_what_str_find_finds() {
        let texts = [
            "the President of the Republic of Ukraine",
            "officials in Kyiv and in  Lviv",
            "of",
            " of",
            "Ізюм of Ізюм",
            "",
        ];
        for t in texts {
            for n in [" of ", " in ", " from ", "of", " ", "Ізюм", ""] {
                assert_eq!(super::find(t, n), t.find(n), "{t:?} {n:?}");
            }
        }
    }

    fn person(name: &str, role: Option<&str>, at: ByteSpan) -> FoundEntity {
        FoundEntity {
            kind: EntityType::Person,
            name: name.into(),
            mentions: vec![at],
            place: None,
            role: role.map(Into::into),
            parent: None,
            rule: "test",
        }
    }

    fn claim(mention: ByteSpan) -> FoundClaim {
        FoundClaim {
            kind: ClaimKind::Direct,
            speakers: vec![FoundSpeaker {
                mention: Some(mention),
                entity: None,
                name: None,
            }],
            cue: None,
            segments: vec![(0, 1)],
            stance: Stance::Asserted,
            hedges: vec![],
            rule: "test",
        }
    }

    fn find(text: &str, needle: &str) -> ByteSpan {
        let s = text.find(needle).unwrap();
        (s, s + needle.len())
    }

    #[test]
    fn pronouns_descriptions_and_new_speakers() {
        let text = "Governor Ann Lee spoke. Mayor Bo Kim spoke. He said no. \
                    The area governor added more. Local Leadership said yes.";
        let entities = vec![
            person(
                "Ann Lee",
                Some("Governor of Somewhere"),
                find(text, "Ann Lee"),
            ),
            person("Bo Kim", Some("Mayor of Elsewhere"), find(text, "Bo Kim")),
        ];
        let (claims, entities) = resolve_all(
            text,
            entities,
            &[
                find(text, "He"),
                find(text, "The area governor"),
                find(text, "Local Leadership"),
                find(text, "Bo Kim"),
            ],
        );
        let names: Vec<Option<&str>> = claims
            .iter()
            .map(|c| c.speakers[0].name.as_deref())
            .collect();
        assert_eq!(
            names,
            [
                Some("Bo Kim"),
                Some("Ann Lee"),
                Some("Local Leadership"),
                Some("Bo Kim")
            ]
        );
        assert_eq!(claims[2].speakers[0].entity, Some(2));
        assert_eq!(entities[2].kind, EntityType::Organization);
    }

    /// The span of the `nth` (from 0) occurrence of `needle` in `text`.
    fn find_nth(text: &str, needle: &str, nth: usize) -> ByteSpan {
        let s = text.match_indices(needle).nth(nth).unwrap().0;
        (s, s + needle.len())
    }

    /// Resolves a claim per speaker span, from `entities`; the resolved names and entities.
    fn resolve(
        text: &str,
        entities: Vec<FoundEntity>,
        speakers: &[ByteSpan],
    ) -> (Vec<Option<String>>, Vec<FoundEntity>) {
        let (claims, entities) = resolve_all(text, entities, speakers);
        let names = claims.iter().map(|c| c.speakers[0].name.clone()).collect();
        (names, entities)
    }

    /// Resolves a claim per speaker span, from `entities`: the claims and the entities.
    fn resolve_all(
        text: &str,
        mut entities: Vec<FoundEntity>,
        speakers: &[ByteSpan],
    ) -> (Vec<FoundClaim>, Vec<FoundEntity>) {
        let mut claims: Vec<FoundClaim> = speakers.iter().map(|&s| claim(s)).collect();
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        (claims, entities)
    }

    #[test]
    fn a_named_speaker_met_again_is_one_entity() {
        let text = "\"No,\" Okonkwo said. Later Okonkwo added more. Okonkwo left.";
        let (names, entities) = resolve(
            text,
            Vec::new(),
            &[find_nth(text, "Okonkwo", 0), find_nth(text, "Okonkwo", 1)],
        );
        assert_eq!(names, [Some("Okonkwo".into()), Some("Okonkwo".into())]);
        assert_eq!(entities.len(), 1);
        assert_eq!(
            entities[0].mentions,
            [find_nth(text, "Okonkwo", 0), find_nth(text, "Okonkwo", 1)]
        );
    }

    #[test]
    fn a_surname_is_the_person_named_in_full() {
        // Known already, or written in full elsewhere in the text.
        let text = "Talks began. Marta Quill and Teodor Brask arrived. \"Yes,\" Quill said. \
                    \"No,\" Brask said.";
        let known = person("Marta Quill", None, find(text, "Marta Quill"));
        let (names, entities) = resolve(
            text,
            vec![known],
            &[find_nth(text, "Quill", 1), find_nth(text, "Brask", 1)],
        );
        assert_eq!(
            names,
            [Some("Marta Quill".into()), Some("Teodor Brask".into())]
        );
        assert_eq!(entities.len(), 2);
        assert_eq!(entities[1].kind, EntityType::Person);
        assert_eq!(
            entities[1].mentions,
            [find(text, "Teodor Brask"), find_nth(text, "Brask", 1)]
        );
        // Of two people with one surname, the one mentioned last before the speaker.
        let text = "Anna Brask spoke. Then Piotr Brask spoke. Brask said no.";
        let (names, _) = resolve(
            text,
            vec![
                person("Anna Brask", None, find(text, "Anna Brask")),
                person("Piotr Brask", None, find(text, "Piotr Brask")),
            ],
            &[find_nth(text, "Brask", 2)],
        );
        assert_eq!(names, [Some("Piotr Brask".into())]);
    }

    #[test]
    fn a_place_after_in_or_from_is_no_part_of_a_new_name() {
        let text = "People in Ridgeton said no. The Harbour Council in Exville said yes. \
                    Foreign Minister Marta Quill from Exville said maybe.";
        let (names, entities) = resolve(
            text,
            Vec::new(),
            &[
                find(text, "People in Ridgeton"),
                find(text, "The Harbour Council in Exville"),
                find(text, "Foreign Minister Marta Quill from Exville"),
            ],
        );
        assert_eq!(
            names,
            [
                None,
                Some("Harbour Council".into()),
                Some("Marta Quill".into())
            ]
        );
        assert_eq!(entities[1].kind, EntityType::Person);
    }

    #[test]
    fn offices_of_places_are_descriptions_not_names() {
        let text = "The Prime Minister of Great Britain said no. The people of Ridgeland \
                    said yes. The President of Exland said maybe.";
        let (names, entities) = resolve(
            text,
            Vec::new(),
            &[
                find(text, "The Prime Minister of Great Britain"),
                find(text, "The people of Ridgeland"),
                find(text, "The President of Exland"),
            ],
        );
        assert_eq!(names, [None, None, None]);
        assert!(entities.is_empty(), "{entities:?}");
    }

    #[test]
    fn the_head_of_an_of_phrase_speaks() {
        let text = "the General Staff of Ukraine's Armed Forces said";
        let body = |name: &str, kind: EntityType, at: ByteSpan| FoundEntity {
            kind,
            name: name.into(),
            mentions: vec![at],
            place: None,
            role: None,
            parent: None,
            rule: "test",
        };
        let entities = vec![
            body(
                "General Staff",
                EntityType::Organization,
                find(text, "General Staff of Ukraine"),
            ),
            body(
                "Armed Forces of Ukraine",
                EntityType::MilitaryUnit,
                find(text, "Armed Forces"),
            ),
        ];
        let speaker = find(text, "the General Staff of Ukraine's Armed Forces");
        let (names, _) = resolve(text, entities, &[speaker]);
        assert_eq!(names, [Some("General Staff".into())]);
    }

    #[test]
    fn a_place_glued_before_a_surname_is_not_part_of_it() {
        let text = "Kaja Kallas spoke. Talks With Estonia Kallas said that talks help.";
        let place = FoundEntity {
            kind: EntityType::Place,
            name: "Estonia".into(),
            mentions: vec![find(text, "Estonia")],
            place: None,
            role: None,
            parent: None,
            rule: "test",
        };
        let (names, entities) = resolve(text, vec![place], &[find(text, "Estonia Kallas")]);
        assert_eq!(names, [Some("Kaja Kallas".into())]);
        assert_eq!(
            entities[1].mentions,
            [find(text, "Kaja Kallas"), find_nth(text, "Kallas", 1)]
        );
    }

    #[test]
    fn a_full_name_is_no_sentence_opener_or_adjective() {
        // "Yesterday" opens a sentence and is written in lowercase too; "Crimean" is an
        // adjective of a place; "the Peninsula" takes an article.
        let text = "Yesterday Quill spoke, and yesterday too. Ukrainian Brask was there. \
                    Brask said no. The Peninsula said yes.";
        let (names, entities) = resolve(
            text,
            Vec::new(),
            &[
                find_nth(text, "Quill", 0),
                find_nth(text, "Brask", 1),
                find(text, "The Peninsula"),
            ],
        );
        assert_eq!(
            names,
            [
                Some("Quill".into()),
                Some("Brask".into()),
                Some("Peninsula".into())
            ]
        );
        assert!(
            entities.iter().all(|e| e.kind == EntityType::Organization),
            "{entities:?}"
        );
    }

    #[test]
    fn a_sentence_opening_word_is_a_name_only_if_written_like_one() {
        // "Likewise" and "Photograph" are words; "Okonkwo" is capitalised inside a sentence
        // too, "Zalewski" has a surname's ending, "BelTA" inner capitals.
        let text = "Likewise, the talks went on. Photograph: archive. Okonkwo said yes. \
                    We met Okonkwo. Zalewski said no. BelTA reported it.";
        let (names, _) = resolve(
            text,
            Vec::new(),
            &[
                find(text, "Likewise"),
                find(text, "Photograph"),
                find(text, "Okonkwo"),
                find(text, "Zalewski"),
                find(text, "BelTA"),
            ],
        );
        assert_eq!(
            names,
            [
                None,
                None,
                Some("Okonkwo".into()),
                Some("Zalewski".into()),
                Some("BelTA".into())
            ]
        );
    }

    #[test]
    fn participles_and_common_nouns_are_no_speakers_names() {
        let text = "Speaking after the talks, the envoy left. Analysts say it failed. \
                    Many analysts agree.";
        let (names, entities) = resolve(
            text,
            Vec::new(),
            &[find(text, "Speaking"), find(text, "Analysts")],
        );
        assert_eq!(names, [None, None]);
        assert!(entities.is_empty());
    }

    #[test]
    fn names_with_particles_are_people() {
        let text = "Ursula von der Leyen said yes. \"No,\" said Quill of the U.S. Treasury.";
        let (names, entities) = resolve(
            text,
            Vec::new(),
            &[
                find(text, "Ursula von der Leyen"),
                find(text, "U.S. Treasury"),
            ],
        );
        assert_eq!(
            names,
            [
                Some("Ursula von der Leyen".into()),
                Some("U.S. Treasury".into())
            ]
        );
        assert_eq!(entities[0].kind, EntityType::Person);
        assert_eq!(entities[1].kind, EntityType::Organization);
        // A demonym opens a body's name.
        let text = "Ukrainian Railways said trains ran late.";
        let (_, entities) = resolve(text, Vec::new(), &[find(text, "Ukrainian Railways")]);
        assert_eq!(entities[0].kind, EntityType::Organization);
    }

    #[test]
    fn a_named_building_that_speaks_is_a_body() {
        let text = "Downing Street said the talks went well. Olga Petrenko said no.";
        let entities = Vec::new();
        let (_, entities) = resolve_all(
            text,
            entities,
            &[find(text, "Downing Street"), find(text, "Olga Petrenko")],
        );
        assert_eq!(entities[0].name, "Downing Street");
        assert_eq!(entities[0].kind, EntityType::Organization);
        assert_eq!(entities[1].kind, EntityType::Person);
    }

    #[test]
    fn descriptions_with_a_country_need_that_country_in_the_role() {
        let text = "Ivan Orlov met them. The Latvian prime minister said no.";
        for (role, fits) in [
            ("Prime Minister of Russia", false),
            ("Prime Minister of Latvia", true),
            ("Prime Minister", true),
        ] {
            let mut entities = vec![person("Ivan Orlov", Some(role), find(text, "Ivan Orlov"))];
            let mut claims = vec![claim(find(text, "The Latvian prime minister"))];
            resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
            assert_eq!(claims[0].speakers[0].entity == Some(0), fits, "{role}");
        }
    }

    #[test]
    fn a_leader_holds_a_leading_office() {
        let text = "Ivan Orlov met them. The Latvian leader said no. The opposition leader \
                    said yes.";
        let entities = vec![person(
            "Ivan Orlov",
            Some("Prime Minister of Latvia"),
            find(text, "Ivan Orlov"),
        )];
        let (claims, _) = resolve_all(
            text,
            entities,
            &[
                find(text, "The Latvian leader"),
                find(text, "The opposition leader"),
            ],
        );
        assert_eq!(claims[0].speakers[0].entity, Some(0));
        assert_eq!(claims[1].speakers[0].entity, None);
    }

    #[test]
    fn speaker_spans_resolve_to_the_entity_at_their_end() {
        let text = "the Belarus State Office head Ivan Orlov told us";
        let mut entities = vec![
            FoundEntity {
                kind: EntityType::Organization,
                name: "State Office".into(),
                mentions: vec![find(text, "State Office")],
                place: None,
                role: None,
                parent: None,
                rule: "test",
            },
            person("Ivan Orlov", None, find(text, "Ivan Orlov")),
        ];
        let mut claims = vec![claim(find(
            text,
            "the Belarus State Office head Ivan Orlov",
        ))];
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        assert_eq!(claims[0].speakers[0].entity, Some(1));
    }

    #[test]
    fn pronouns_follow_given_name_gender() {
        let text = "Mary Stone met John Hill. She said no.";
        let mut entities = vec![
            person("Mary Stone", None, find(text, "Mary Stone")),
            person("John Hill", None, find(text, "John Hill")),
        ];
        let mut claims = vec![claim(find(text, "She"))];
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        assert_eq!(claims[0].speakers[0].name.as_deref(), Some("Mary Stone"));
    }

    #[test]
    fn demonyms_resolve_to_their_country() {
        let text = "Russians said so";
        let mut entities = Vec::new();
        let mut claims = vec![claim((0, 8))];
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        assert_eq!(claims[0].speakers[0].name.as_deref(), Some("Russia"));
        assert_eq!(entities[0].place.as_ref().unwrap().geonameid, 2017370);
    }

    #[test]
    fn spokespeople_speak_for_the_body_named_after_them() {
        let text = "Talks stalled. A spokeswoman for the Polish foreign ministry said no.";
        let ministry = find(text, "Polish foreign ministry");
        let mut entities = vec![FoundEntity {
            kind: EntityType::Organization,
            name: "Ministry of Foreign Affairs of Poland".into(),
            mentions: vec![ministry],
            place: None,
            role: None,
            parent: None,
            rule: "test",
        }];
        let mut claims = vec![claim(find(text, "A spokeswoman"))];
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        assert_eq!(claims[0].speakers[0].entity, Some(0));
        assert_eq!(entities.len(), 1, "no entity named after the description");
    }

    #[test]
    fn pronoun_led_descriptions_are_not_entities() {
        let text = "Our soldiers said so. A spokesman said more.";
        let entities = Vec::new();
        let (claims, entities) = resolve_all(
            text,
            entities,
            &[find(text, "Our soldiers"), find(text, "A spokesman")],
        );
        assert!(entities.is_empty(), "{entities:?}");
        assert_eq!(claims[0].speakers[0].name, None);
        assert_eq!(claims[1].speakers[0].entity, None);
        let text = "The Danish minister said so. Estonian propaganda said more. \
                    Latvian intelligence said most.";
        let entities = Vec::new();
        let (_, entities) = resolve_all(
            text,
            entities,
            &[
                find(text, "The Danish minister"),
                find(text, "Estonian propaganda"),
                find(text, "Latvian intelligence"),
            ],
        );
        assert_eq!(entities.len(), 1, "{entities:?}");
        assert_eq!(entities[0].name, "Latvian intelligence");
        assert_eq!(entities[0].kind, EntityType::Organization);
        let text = "The German chancellery said so.";
        let mut entities = Vec::new();
        let mut claims = vec![claim(find(text, "The German chancellery"))];
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        assert_eq!(
            claims[0].speakers[0].name.as_deref(),
            Some("German chancellery")
        );
        assert_eq!(entities[0].kind, EntityType::Organization);
    }

    /// The index answers as a scan over every entity in order does (the code before the
    /// index), on overlapping mentions with ties, and after entities are added.
    #[test]
    fn index_answers_as_a_scan_does() {
        fn scan_overlapping(entities: &[FoundEntity], span: ByteSpan) -> Option<usize> {
            let mut best: Option<(usize, (bool, usize, usize))> = None;
            for (k, e) in entities.iter().enumerate() {
                for m in &e.mentions {
                    let overlap = m.1.min(span.1).saturating_sub(m.0.max(span.0));
                    let key = (e.kind != EntityType::Place, m.1.min(span.1), overlap);
                    if overlap > 0 && best.is_none_or(|(_, b)| key > b) {
                        best = Some((k, key));
                    }
                }
            }
            best.map(|(k, _)| k)
        }
        fn scan_nearest(
            entities: &[FoundEntity],
            before: usize,
            fits: impl Fn(&FoundEntity) -> bool,
        ) -> Option<usize> {
            let mut best: Option<(usize, usize)> = None;
            for (k, e) in entities.iter().enumerate().filter(|(_, e)| fits(e)) {
                let end = e
                    .mentions
                    .iter()
                    .map(|m| m.1)
                    .filter(|&x| x <= before)
                    .max();
                if let Some(end) = end
                    && best.is_none_or(|(_, b)| end > b)
                {
                    best = Some((k, end));
                }
            }
            best.map(|(k, _)| k)
        }
        let mut next = crate::testing::numbers(0x2545_f491_4f6c_dd1d_u64);
        let kinds = [
            EntityType::Person,
            EntityType::Organization,
            EntityType::Place,
            EntityType::MilitaryUnit,
        ];
        let names = ["Mary Stone", "John Hill", "Defense Ministry", "Kyiv"];
        let mut entities: Vec<FoundEntity> = (0..40)
            .map(|_| {
                let mut e = person(names[next(4)], None, (0, 0));
                e.kind = kinds[next(4)];
                e.mentions = (0..1 + next(4))
                    .map(|_| {
                        let s = next(300);
                        (s, s + 1 + next(12))
                    })
                    .collect();
                e.mentions.sort_unstable();
                e
            })
            .collect();
        let mut index = Index::new(&entities);
        let classes = [
            (true, false, Some(Gender::Female)),
            (true, true, None),
            (false, true, None),
        ];
        for round in 0..400 {
            if round % 40 == 39 {
                let s = next(300);
                entities.push(person("Ann Lee", None, (s, s + 3 + next(30))));
                index.push(&entities);
            }
            let s = next(320);
            let span = (s, s + next(20));
            assert_eq!(
                index.overlapping(&entities, span, |_| true),
                scan_overlapping(&entities, span),
                "{span:?}"
            );
            let (person, org, excluded) = classes[next(3)];
            let class = PronounClass {
                person,
                org,
                excluded,
            };
            let fits = |e: &FoundEntity| match e.kind {
                EntityType::Person => person && excluded.is_none_or(|x| gender_of(&e.name) != x),
                EntityType::Organization | EntityType::MilitaryUnit => org,
                EntityType::Place => false,
            };
            assert_eq!(
                index.nearest_pronoun(&entities, class, s),
                scan_nearest(&entities, s, fits),
                "{class:?} before {s}"
            );
        }
    }

    #[test]
    fn has_word_splits_and_folds_as_str_does() {
        let reference = |s: &str, w: &str| s.to_lowercase().split_whitespace().any(|x| x == w);
        for c in (0..=0x7f_u8)
            .map(char::from)
            .chain(['\u{a0}', '\u{2003}', 'é'])
        {
            for s in [
                format!("Ann{c}LEE"),
                format!("{c}lee{c}"),
                format!("Lee{c}{c}"),
            ] {
                for w in ["lee", "ann", "ann\u{b}lee"] {
                    assert_eq!(has_word(&s, w), reference(&s, w), "{s:?} {w:?}");
                }
            }
        }
    }

    /// Scanning the entities for a word and looking it up in the word index agree, for
    /// entities added before and after the index is built.
    #[test]
    fn word_scans_and_the_word_index_agree() {
        let mut entities = vec![
            person("Ann Lee", Some("Governor of Kharkiv"), (0, 7)),
            person("ΣΟΦΊΑ Lee", Some("Deputy\u{b}Governor"), (10, 20)),
            person("Bo Kim", None, (30, 36)),
        ];
        let mut index = Index::new(&entities);
        let queries = ["governor", "lee", "σοφία", "kim", "of", "deputy", "mayor"];
        let expected = |entities: &[FoundEntity], q: &str| {
            let found: Vec<usize> = (0..entities.len())
                .filter(|&k| {
                    let e = &entities[k];
                    let words = |s: &str| s.to_lowercase().split_whitespace().any(|w| w == q);
                    words(&e.name) || e.role.as_deref().is_some_and(words)
                })
                .collect();
            (!found.is_empty()).then_some(found)
        };
        for round in 0..3 * WORD_SCANS {
            if round % WORD_SCANS == WORD_SCANS / 2 {
                entities.push(person("Governor Lee", None, (40 + round, 52 + round)));
                index.push(&entities);
            }
            let q = queries[round % queries.len()];
            assert_eq!(index.with_word(&entities, q), expected(&entities, q), "{q}");
        }
        assert!(index.words.is_some(), "the index was built");
    }

    #[test]
    fn unresolvable_speakers_have_no_name() {
        let text = "officials said so. He added. I note it.";
        let entities = Vec::new();
        let (claims, _) = resolve_all(text, entities, &[(0, 9), find(text, "He"), find(text, "I")]);
        for c in &claims {
            assert_eq!(c.speakers[0].name, None, "{c:?}");
            assert_eq!(c.speakers[0].entity, None, "{c:?}");
        }
    }

    #[test]
    fn relative_pronouns_take_the_mention_right_before_them() {
        let text =
            "He met Olaf Scholz, who stressed talks. Kyiv, which said no, and then who said so.";
        let mut entities = vec![
            person("Olaf Scholz", None, find(text, "Olaf Scholz")),
            person("Scholz", None, find(text, "Scholz")),
        ];
        entities[1].kind = EntityType::Organization;
        entities.push(person("Kyiv", None, find(text, "Kyiv")));
        let later = text.rfind("who").unwrap();
        let (claims, _) = resolve_all(
            text,
            entities,
            &[find(text, "who"), find(text, "which"), (later, later + 3)],
        );
        let got: Vec<Option<usize>> = claims.iter().map(|c| c.speakers[0].entity).collect();
        assert_eq!(got, [Some(0), Some(2), None]);
    }

    #[test]
    fn a_title_phrase_before_a_name_is_the_role_of_a_new_person() {
        let text = "The Minister of Foreign Affairs Ruritania Ivo Petrov said so. \
                    The Ruritania Defence Council said more. The Ruritania President said \
                    most. A commander of the Ivo Regiment said all.";
        let entities = Vec::new();
        let (claims, entities) = resolve_all(
            text,
            entities,
            &[
                find(text, "The Minister of Foreign Affairs Ruritania Ivo Petrov"),
                find(text, "The Ruritania Defence Council"),
                find(text, "The Ruritania President"),
                find(text, "commander of the Ivo Regiment"),
            ],
        );
        assert_eq!(entities[0].name, "Ivo Petrov");
        assert_eq!(entities[0].kind, EntityType::Person);
        assert_eq!(
            entities[0].role.as_deref(),
            Some("Minister of Foreign Affairs Ruritania")
        );
        assert_eq!(
            &text[entities[0].mentions[0].0..entities[0].mentions[0].1],
            "Ivo Petrov"
        );
        assert_eq!(entities[1].name, "Ruritania Defence Council");
        assert_eq!(entities[1].kind, EntityType::Organization);
        assert_eq!(claims[2].speakers[0].name, None);
        assert!(
            entities
                .iter()
                .all(|e| e.kind != EntityType::Person || e.name == "Ivo Petrov")
        );
    }

    #[test]
    fn office_words_and_generic_descriptions() {
        let text = "Ivo Petrov met Ana Kova. The head of state said so. The politician added. \
                    A politician and the top diplomat disagreed.";
        let entities = vec![
            person("Ivo Petrov", Some("President"), find(text, "Ivo Petrov")),
            person("Ana Kova", None, find(text, "Ana Kova")),
        ];
        let (claims, _) = resolve_all(
            text,
            entities,
            &[
                find(text, "The head of state"),
                find(text, "The politician"),
                find(text, "A politician"),
                find(text, "the top diplomat"),
            ],
        );
        let got: Vec<Option<usize>> = claims.iter().map(|c| c.speakers[0].entity).collect();
        assert_eq!(got, [Some(0), Some(1), None, None]);
    }

    #[test]
    fn possessive_speakers_resolve_as_their_pronouns() {
        let text = "Putin spoke. His view is known.";
        let mut entities = vec![person("Vladimir Putin", None, find(text, "Putin"))];
        let mut claims = vec![claim(find(text, "His"))];
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        assert_eq!(claims[0].speakers[0].entity, Some(0));
    }

    #[test]
    fn first_person_speakers_are_not_the_last_person_named() {
        let text = "Putin spoke. I believe he lied.";
        let mut entities = vec![person("Vladimir Putin", None, find(text, "Putin"))];
        let mut claims = vec![claim(find(text, "I")), claim(find(text, "he"))];
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        assert_eq!(claims[0].speakers[0].name, None);
        assert_eq!(claims[1].speakers[0].entity, Some(0));
    }

    #[test]
    fn a_person_or_place_inside_a_description_is_not_its_speaker() {
        let text = "Putin apologists say so. Putin's spokesman Peskov said so. \
                    Putin's spokesman said so. Putin, the president, said so. Putin's said.";
        let mut entities = vec![
            person("Vladimir Putin", None, find(text, "Putin apologists")),
            person("Dmitry Peskov", None, find(text, "Peskov")),
        ];
        entities[0].mentions = text
            .match_indices("Putin")
            .map(|(i, _)| (i, i + 5))
            .collect();
        let said = text.find("Putin's spokesman said").unwrap();
        let mut claims = vec![
            claim(find(text, "Putin apologists")),
            claim(find(text, "Putin's spokesman Peskov")),
            claim((said, said + "Putin's spokesman".len())),
            claim(find(text, "Putin, the president")),
            claim(find(text, "Putin's said")),
        ];
        let k = claims.len() - 1;
        claims[k].speakers[0].mention = claims[k].speakers[0].mention.map(|(s, e)| (s, e - 5));
        resolve_speakers(text, &[], &mut claims, &mut entities, Gazetteer::embedded());
        let names: Vec<Option<&str>> = claims
            .iter()
            .map(|c| c.speakers[0].name.as_deref())
            .collect();
        assert_eq!(
            names,
            [
                None,
                Some("Dmitry Peskov"),
                None,
                Some("Vladimir Putin"),
                Some("Vladimir Putin")
            ]
        );
    }

    /// Resolves `claims` in `text` split into its sentences.
    fn resolve_in(text: &str, claims: &mut [FoundClaim], entities: &mut Vec<FoundEntity>) {
        let sentences = dossier_text::sentences(text);
        resolve_speakers(text, &sentences, claims, entities, Gazetteer::embedded());
    }

    /// A country named `name`, mentioned where `text` first has it.
    fn country(text: &str, name: &str) -> FoundEntity {
        FoundEntity {
            kind: EntityType::Place,
            place: Some(PlaceInfo {
                geonameid: 1,
                lat: 0.0,
                lon: 0.0,
                country: "XX".into(),
                feature: "country".into(),
                population: None,
            }),
            ..person(name, None, find(text, name))
        }
    }

    #[test]
    fn it_and_they_are_the_previous_speaker_or_no_one() {
        let text = "The Alliance met. Ann Lee spoke. The committee said no. It added more. \
                    Ukraine said yes. It said more.";
        let org = |at| FoundEntity {
            kind: EntityType::Organization,
            ..person("The Alliance", None, at)
        };
        let mut entities = vec![
            org(find(text, "The Alliance")),
            person("Ann Lee", None, find(text, "Ann Lee")),
            country(text, "Ukraine"),
        ];
        let second_it = text.rfind("It").unwrap();
        let mut claims = vec![
            claim(find(text, "The committee")),
            claim(find(text, "It")),
            claim(find(text, "Ukraine said")),
            claim((second_it, second_it + 2)),
        ];
        claims[2].speakers[0].mention = Some(find(text, "Ukraine"));
        resolve_in(text, &mut claims, &mut entities);
        // "The committee" names no entity, so neither does its "It" (not the Alliance,
        // mentioned three sentences before).
        assert_eq!(claims[1].speakers[0].name, None);
        // A country speaker is its own "it".
        assert_eq!(claims[3].speakers[0].name.as_deref(), Some("Ukraine"));
    }

    #[test]
    fn it_is_the_first_country_or_organisation_of_its_own_sentence() {
        let text = "Russia, while massing troops near Ukraine, denies it plans an attack.";
        let mut entities = vec![country(text, "Russia"), country(text, "Ukraine")];
        let mut claims = vec![claim(find(text, "it"))];
        claims[0].segments = vec![find(text, "an attack")];
        resolve_in(text, &mut claims, &mut entities);
        assert_eq!(claims[0].speakers[0].name.as_deref(), Some("Russia"));
    }

    #[test]
    fn two_names_joined_by_and_are_two_sources() {
        let text = "The Ruritania and Freedonia said so. Bosnia and Herzegovina said so.";
        let mut entities = vec![country(text, "Ruritania"), country(text, "Freedonia")];
        let mut claims = vec![
            claim(find(text, "The Ruritania and Freedonia")),
            claim(find(text, "Bosnia and Herzegovina")),
        ];
        resolve_in(text, &mut claims, &mut entities);
        let names: Vec<Option<&str>> = claims[0]
            .speakers
            .iter()
            .map(|s| s.name.as_deref())
            .collect();
        assert_eq!(names, [Some("Ruritania"), Some("Freedonia")]);
        // (The article before the first name stays outside its mention.)
        assert_eq!(claims[0].speakers[0].mention, Some(find(text, "Ruritania")));
        // Neither side known: one name.
        assert_eq!(claims[1].speakers.len(), 1);
    }
}
