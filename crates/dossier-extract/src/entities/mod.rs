//! Entities: people, organisations, military units and geocoded places.
//!
//! The text is scanned once into words (byte spans with capitalisation, sentence position
//! and a folded form), then rules claim words in order of specificity, each claiming words
//! so later, looser rules cannot reuse them:
//!
//! | rule | finds |
//! |---|---|
//! | `unit-ordinal` | "227th Battalion", "93rd Mechanized Brigade" |
//! | `unit-named` | "Territorial Defense Forces" (+ owner: "of Ukraine", "Ukraine's") |
//! | `unit-parent` | links "A of B" chains of units: "the 227th Battalion of the 127th Brigade" |
//! | `org-lexicon` | organisations and agencies known by name or acronym (NATO, Reuters) |
//! | `org-ministry` | "Ukraine's defense ministry", "the Ukrainian defense ministry", "Ministry of Defence of Ukraine" → one canonical name |
//! | `org-head` | capitalised names ending in an organisation word ("Security Council"); a rank before a state-body word is part of it ("the Ukrainian General Staff" → "General Staff of the Armed Forces of Ukraine") |
//! | `person-title` | "Kharkiv-area Governor Oleh Synehubov", "President Joe Biden" (role normalised) |
//! | `person-lexicon` | well-known office holders by full or short name ("Putin") |
//! | `person-given-name` | a common given name followed by a surname |
//! | `person-appositive` | "The regional governor, Petro Hordiienko, said": the description is a mention of the person and gives the role; an unknown name of two or more words becomes a person |
//! | `person-surname` | later mentions by surname of a person already found |
//! | `place-gazetteer` | capitalised spans of 1–4 words found in the gazetteer, gated and disambiguated |
//!
//! Headlines (a title-case line without a final full stop) capitalise every word, so there
//! capitals do not delimit names: after a title only words the body also writes as names,
//! or a known given name and the word after it, make a person ("Governor Reports Forced
//! Conscription" makes none), and a force word makes a unit only of body-confirmed words.
//!
//! Places are gated against ordinary words: a name that is also an English word ("Human",
//! "Mobile") or a given name ("Austin") needs strong support (a country or large town in a
//! country the document is about); demonyms ("Ukrainian") count as that country's context
//! but are not place mentions. Among places sharing a name, countries and subdivisions
//! (only when written as such: "Kharkiv Oblast") beat towns, towns in the document's
//! countries beat others, and larger beats smaller.
//!
//! Everything is linear in the text: one scan, hash lookups per word, and one gazetteer
//! lookup per candidate span of at most four words.

pub(crate) mod lexicon;

use crate::triggers::{Collector, Triggers};
use crate::{ByteSpan, FoundEntity};
use dossier_gazetteer::{Feature, Gazetteer, PlaceRef};
use dossier_model::{EntityType, PlaceInfo};
use dossier_text::Sentence;
use std::cell::{Cell, OnceCell};
use std::collections::hash_map::Entry;
use std::fmt::Write as _;
use std::sync::OnceLock;

type HashMap<K, V> = crate::fxhash::FxHashMap<K, V>;
type HashSet<K> = crate::fxhash::FxHashSet<K>;

/// Finds entities and groups their mentions.
pub fn find(text: &str, sentences: &[Sentence], gazetteer: &Gazetteer) -> Vec<FoundEntity> {
    find_with_triggers(text, sentences, gazetteer).0
}

/// Finds entities, and from the same scan of the text's words the sentences the claim and
/// hedge rules need to look at: what [`Triggers::scan`] finds, without scanning the text
/// again.
pub fn find_with_triggers(
    text: &str,
    sentences: &[Sentence],
    gazetteer: &Gazetteer,
) -> (Vec<FoundEntity>, Triggers) {
    let mut collector = Collector::new(text, sentences);
    let doc = Doc::new(text, sentences, &mut collector);
    // The word scan stops short of 4 GiB ([`Doc::new`]).
    let triggers = if text.len() >= u32::MAX as usize - 1 {
        Triggers::scan(text, sentences)
    } else {
        collector.finish()
    };
    let mut b = Builder::new(&doc, gazetteer);
    b.units();
    b.organisations();
    b.people();
    b.appositives();
    b.surnames();
    b.places();
    let found = b.finish();
    doc.vocabulary.give_back();
    (found, triggers)
}

// ------------------------------------------------------------------ words

#[derive(Debug, Clone, Copy)]
struct Word {
    /// Byte offsets (u32 keeps a word at 24 bytes: a 64 MB report has ~10 M words).
    start: u32,
    end: u32,
    /// Range in `Doc::folded`.
    fold: (u32, u32),
    /// Starts with an uppercase letter.
    cap: bool,
    /// Two or more letters, all uppercase ("NATO", "U.S.").
    upper: bool,
    /// First word of its sentence.
    sent_first: bool,
    /// Followed by 's / ’s (not part of the word).
    possessive: bool,
    /// Index of its sentence.
    sent: u32,
    /// Its word type: words with the same spelling share one, and with it their folded
    /// form, lexicon flags and gazetteer lookups.
    ty: u32,
    /// What separates it from the next word.
    gap: Gap,
    /// Its spelling's lexicon flags ([`flag`]), kept here (the word still fits in 32
    /// bytes): the rules ask millions of times a pass.
    flags: u16,
}

/// The text between a word and the next, as the rules ask about it (worked out once per
/// word: the rules ask many times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// " "
    Space,
    /// "-"
    Hyphen,
    /// A no-break space.
    Nbsp,
    /// ". " (after an initial or an abbreviation)
    DotSpace,
    /// ", " or a comma and a no-break space
    Comma,
    /// Anything else, and after the last word.
    Other,
}

impl Gap {
    /// The gap of the bytes between two words.
    fn of(between: &[u8]) -> Gap {
        match between {
            b" " => Gap::Space,
            b"-" => Gap::Hyphen,
            b"\xc2\xa0" => Gap::Nbsp,
            b". " => Gap::DotSpace,
            b", " | b",\xc2\xa0" => Gap::Comma,
            _ => Gap::Other,
        }
    }
}

impl Word {
    fn s(&self) -> usize {
        self.start as usize
    }
    fn e(&self) -> usize {
        self.end as usize
    }
}

struct Doc<'t> {
    text: &'t str,
    words: Vec<Word>,
    /// Indices of the capitalised words, in order: the rules that only start a name at one
    /// go from one to the next instead of testing every word ([`Doc::next_cap`]).
    caps: Vec<u32>,
    /// Indices of the words a unit or organisation can start at: capitalised, starting
    /// with a digit ("227th") or a ministry word ("defense ministry") ([`Doc::next_anchor`]).
    anchors: Vec<u32>,
    /// Indices of the words followed by a comma gap ([`Gap::Comma`]), in order: the
    /// appositive rule starts only there.
    commas: Vec<u32>,
    /// The spellings met so far on this thread, this text's among them: words' folded
    /// forms are in its `folded`.
    vocabulary: Vocabulary,
    /// Per word type (this text's spellings, numbered from 0 in order of first use), its
    /// spelling's number in `vocabulary`.
    spellings: Vec<u32>,
    title_sentences: Vec<bool>,
    /// Sentences ending in a full stop: running text, however many capitals it has
    /// ("Tuesday – Italian Prime Minister Giorgia Meloni was in Kyiv.").
    stop_ended: Vec<bool>,
}

/// Word spellings met by earlier texts on this thread, each with its [`TypeInfo`]: reports
/// share most of their words, and working out a spelling's folded form, lexicon flags and
/// triggers once per thread instead of once per text halved the entity scan's work on
/// spellings (about half of a report's words are its first use of a spelling).
///
/// A text takes it from the thread ([`Vocabulary::take`]) and gives it back when done; it
/// starts afresh when it grows past [`Vocabulary::MAX_SPELLINGS`].
#[derive(Default)]
struct Vocabulary {
    /// Spellings of up to eight bytes by their [`short_word`] integer.
    short: ShortTable,
    /// Spellings of nine to sixteen bytes by their [`medium_word`] integers: most longer
    /// words, hashed and compared as two integers rather than as strings.
    medium: HashMap<(u64, u64), u32>,
    /// Longer spellings.
    long: HashMap<Box<str>, u32>,
    infos: Vec<TypeInfo>,
    /// Folded forms (ranges in [`TypeInfo::fold`]).
    folded: String,
    /// Per spelling: the last text (its `stamp`) that used it, and its type number there.
    seen: Vec<(u32, u32)>,
    /// Per spelling, its entry in the embedded gazetteer once looked up (lookups in any
    /// other gazetteer are not kept across texts): 0 not yet, 1 none, `k` `found[k - 2]`.
    /// (An entry is over a hundred bytes, and most spellings are never looked up or have
    /// none: a slot per spelling and a list of the entries found keep the vocabulary
    /// small.)
    entries: Vec<Cell<u32>>,
    found: std::cell::RefCell<Vec<dossier_gazetteer::Entry<'static>>>,
    /// The current text's number, from 1.
    stamp: u32,
}

thread_local! {
    static VOCABULARY: std::cell::RefCell<Vocabulary> = std::cell::RefCell::default();
}

impl Vocabulary {
    /// Beyond this many spellings the vocabulary starts afresh: a server reading an
    /// endless stream of texts keeps bounded memory. A spelling costs about 150 bytes with
    /// the tables' spare room (the 5 MB bench corpus has 33 k spellings: some 5 MB per
    /// reading thread), so the bound is some 20 MB per thread.
    const MAX_SPELLINGS: usize = 1 << 17;

    /// The thread's vocabulary, for one more text.
    fn take() -> Vocabulary {
        let mut v = VOCABULARY.with(|v| std::mem::take(&mut *v.borrow_mut()));
        if v.infos.len() > Self::MAX_SPELLINGS
            || v.folded.len() > u32::MAX as usize / 2
            || v.stamp == u32::MAX
        {
            v = Vocabulary::default();
        }
        v.stamp += 1;
        v
    }

    /// A new spelling's number, its [`TypeInfo`] worked out (its parts of the vocabulary
    /// passed one by one, as the caller holds the map it goes into).
    #[cold]
    #[inline(never)]
    fn add(
        infos: &mut Vec<TypeInfo>,
        folded: &mut String,
        seen: &mut Vec<(u32, u32)>,
        entries: &mut Vec<Cell<u32>>,
        word: &str,
        plain: bool,
        buf: &mut String,
    ) -> u32 {
        infos.push(TypeInfo::new(word, plain, folded, buf, lex()));
        seen.push((0, 0));
        entries.push(Cell::new(0));
        infos.len() as u32 - 1
    }

    /// The number of a spelling longer than sixteen bytes, added if new.
    #[inline(never)]
    fn long_spelling(&mut self, word: &str, plain: bool, buf: &mut String) -> u32 {
        if let Some(&k) = self.long.get(word) {
            return k;
        }
        let k = Self::add(
            &mut self.infos,
            &mut self.folded,
            &mut self.seen,
            &mut self.entries,
            word,
            plain,
            buf,
        );
        self.long.insert(word.into(), k);
        k
    }

    /// Returns it to the thread for the next text.
    fn give_back(self) {
        VOCABULARY.with(|v| *v.borrow_mut() = self);
    }
}

/// Spellings of up to eight bytes by their [`short_word`] integer: an open-addressing table
/// with linear probing. Every word of a report is looked up here, and a multiply, a shift
/// and a compare or two cost half of what a general hash map's lookup did.
#[derive(Default)]
struct ShortTable {
    /// (key, spelling number) pairs, key 0 for an empty slot (no word's integer is 0); a
    /// power of two long and at most half full, or empty.
    slots: Vec<(u64, u32)>,
    /// Keys present.
    len: usize,
    /// 64 minus the log2 of the length: a key's home slot is its product's top bits.
    shift: u32,
}

impl ShortTable {
    /// The slot holding `key`, or the empty slot where it goes (the table is not empty).
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        loop {
            let k = self.slots[i].0;
            if k == key || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The number stored for `key`, or `new()` stored for it.
    #[inline]
    fn get_or_insert_with(&mut self, key: u64, new: impl FnOnce() -> u32) -> u32 {
        debug_assert!(key != 0);
        if self.slots.is_empty() {
            self.grow();
        }
        let i = self.slot(key);
        if self.slots[i].0 == key {
            return self.slots[i].1;
        }
        let v = new();
        self.slots[i] = (key, v);
        self.len += 1;
        // At most half full: probes stay short, and there is always an empty slot.
        if 2 * self.len > self.slots.len() {
            self.grow();
        }
        v
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let len = (2 * self.slots.len()).max(1 << 10);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); len]);
        self.shift = 64 - len.trailing_zeros();
        for (k, v) in old {
            if k != 0 {
                let i = self.slot(k);
                self.slots[i] = (k, v);
            }
        }
    }
}

/// What all words of one spelling share.
struct TypeInfo {
    /// Range in `Doc::folded`.
    fold: (u32, u32),
    /// Lexicon flags ([`flag`]).
    flags: u16,
    cap: bool,
    upper: bool,
    /// What the spelling may trigger ([`crate::triggers::word_bits`]).
    triggers: u8,
}

/// [`BYTE_CLASS`] values.
const NOT_WORD: u8 = 0;
const ASCII_WORD: u8 = 1;
const NON_ASCII: u8 = 2;

/// What each byte is to the word scanner: an ASCII letter or digit, other ASCII (never part
/// of a word), or part of a non-ASCII character (decoded to find out). One table load per
/// byte is cheaper than the range tests of `is_ascii_alphanumeric` in the scanner's loops.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [NOT_WORD; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b >= 0x80 {
            NON_ASCII
        } else if (b as u8).is_ascii_alphanumeric() {
            ASCII_WORD
        } else {
            NOT_WORD
        };
        b += 1;
    }
    table
};

/// A word of one to eight bytes as one integer (its bytes little-endian, zero-padded), or
/// `None` for a longer (or empty) one. Words never contain a zero byte, so different words
/// give different integers: most words are found in the type table by comparing and
/// hashing one integer instead of a string.
fn short_word(bytes: &[u8], start: usize, end: usize) -> Option<u64> {
    let len = end - start;
    if len == 0 || len > 8 {
        return None;
    }
    let mask = u64::MAX >> (64 - 8 * len as u32);
    if let Some(eight) = bytes.get(start..start + 8) {
        // Eight bytes are there to load at once (all but the last words of a text).
        let eight: [u8; 8] = eight.try_into().ok()?;
        return Some(u64::from_le_bytes(eight) & mask);
    }
    let mut padded = [0u8; 8];
    padded[..len].copy_from_slice(&bytes[start..end]);
    Some(u64::from_le_bytes(padded))
}

/// A word of nine to sixteen bytes as two integers (its first eight bytes and the rest,
/// little-endian and zero-padded, as [`short_word`]), or `None` for another length.
fn medium_word(bytes: &[u8], start: usize, end: usize) -> Option<(u64, u64)> {
    let len = end - start;
    if !(9..=16).contains(&len) {
        return None;
    }
    let first: [u8; 8] = bytes.get(start..start + 8)?.try_into().ok()?;
    let rest = short_word(bytes, start + 8, end)?;
    Some((u64::from_le_bytes(first), rest))
}

impl TypeInfo {
    /// The type of spelling `w`, its folded form appended to `folded`; `plain`: `w` is all
    /// ASCII letters and digits.
    fn new(w: &str, plain: bool, folded: &mut String, buf: &mut String, lex: &Lex) -> TypeInfo {
        let f0 = folded.len();
        let (cap, upper) = if plain {
            // ASCII letters and digits (most words): folding is lowercasing, and the
            // character tests below are their ASCII forms.
            debug_assert!(w.bytes().all(|b| b.is_ascii_alphanumeric()));
            folded.push_str(w);
            folded[f0..].make_ascii_lowercase();
            let cap = w.as_bytes()[0].is_ascii_uppercase();
            // Lowercase letters first: most capitalised words have one right after the
            // capital, which settles it without counting letters.
            let upper = cap
                && !w.bytes().any(|b| b.is_ascii_lowercase())
                && w.bytes().filter(u8::is_ascii_alphabetic).count() >= 2;
            (cap, upper)
        } else {
            dossier_gazetteer::fold_into(w, buf);
            folded.push_str(buf);
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            let upper = cap
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.chars().all(|c| !c.is_lowercase());
            (cap, upper)
        };
        let flags = lex.flags.get(&folded[f0..]).copied().unwrap_or(0);
        // A word of ASCII letters is one run of them, its folded form lowercased: the
        // lexicon flags say whether it is a trigger word.
        let triggers = if plain && !w.bytes().any(|b| b.is_ascii_digit()) {
            let mut bits = 0;
            if flags & flag::TRIGGER_CLAIM != 0 {
                bits |= crate::triggers::CLAIM;
            }
            if flags & flag::TRIGGER_ANCHOR != 0 {
                bits |= crate::triggers::ANCHOR;
            }
            bits
        } else {
            crate::triggers::word_bits(w)
        };
        let triggers = if crate::events::spelling_may_trigger(w, plain) {
            triggers | crate::triggers::EVENT
        } else {
            triggers
        };
        TypeInfo {
            fold: (f0 as u32, folded.len() as u32),
            flags,
            cap,
            upper,
            triggers,
        }
    }
}

/// Where the run of ASCII letters and digits starting at `from` ends. Not inlined: in its
/// own function the loop keeps the slice and index in registers.
#[inline(never)]
fn ascii_word_run_end(bytes: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < bytes.len() && BYTE_CLASS[usize::from(bytes[j])] == ASCII_WORD {
        j += 1;
    }
    j
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The first index at or after `i` in `list` (ascending), `none` if there is none;
/// `cursor` is where the previous call (with an `i` no greater) got to in `list`.
fn next_listed(list: &[u32], none: usize, i: usize, cursor: &mut usize) -> usize {
    while list.get(*cursor).is_some_and(|&c| (c as usize) < i) {
        *cursor += 1;
    }
    list.get(*cursor).map_or(none, |&c| c as usize)
}

impl<'t> Doc<'t> {
    // Not inlined into `find`: its scanning loops keep their variables in registers.
    #[inline(never)]
    fn new(text: &'t str, sentences: &[Sentence], triggers: &mut Collector) -> Doc<'t> {
        // News averages six bytes a word, and four in ten documents have more words than
        // that: a fifth of the length saves regrowing (and copying) the word list.
        let mut words: Vec<Word> = Vec::with_capacity(text.len() / 5 + 16);
        // About one word in six is capitalised (a word per six bytes): sized for a little
        // more, the lists are not regrown and copied several times per report.
        let mut caps: Vec<u32> = Vec::with_capacity(text.len() / 30 + 16);
        let mut anchors: Vec<u32> = Vec::with_capacity(text.len() / 30 + 16);
        let mut commas: Vec<u32> = Vec::with_capacity(text.len() / 100 + 16);
        let mut buf = String::new();
        let mut sent = 0usize;
        let mut last_sent_seen = usize::MAX;
        // Word spellings: folding, capitalisation and lexicon flags are worked out once per
        // distinct spelling on this thread ([`Vocabulary`]), not per word.
        let mut vocabulary = Vocabulary::take();
        let stamp = vocabulary.stamp;
        // This text's word types (its spellings, numbered in order of first use): about
        // one per dozen bytes in a short report.
        let expected_types = (text.len() / 12).clamp(16, 1 << 16);
        // Per word type, its spelling in the vocabulary.
        let mut spellings: Vec<u32> = Vec::with_capacity(expected_types);
        // Offsets are stored as u32: text past 4 GiB (far beyond any report) is not scanned.
        let scanned = &text[..floor_char_boundary(text, u32::MAX as usize - 1)];
        let bytes = scanned.as_bytes();
        let n = bytes.len();
        // The character at byte `i` (ASCII without decoding).
        let char_at = |i: usize| -> Option<char> {
            match bytes.get(i) {
                None => None,
                Some(&b) if b < 0x80 => Some(char::from(b)),
                Some(_) => scanned.get(i..).and_then(|r| r.chars().next()),
            }
        };
        // Sentence `sent + 1` starts at or after this offset (`usize::MAX`: no next one).
        let next_sentence_at = |sent: usize| {
            if sent + 1 < sentences.len() {
                sentences[sent].end
            } else {
                usize::MAX
            }
        };
        let mut advance_at = next_sentence_at(sent);
        // Sentence `sent`'s start and end ((1, 0), holding no word, if there is none).
        let sentence_bounds =
            |sent: usize| sentences.get(sent).map_or((1, 0), |s| (s.start, s.end));
        let mut current = sentence_bounds(sent);
        // Headline-style sentences: at least four words of five or more letters, all of
        // them capitalised ("Putin's Troops Flee As Ukrainian Forces Reach Russian Border").
        // Per sentence, words of five or more bytes, and how many of them are capitalised.
        let n_sent = sentences.len().max(1);
        let mut long = vec![0u32; n_sent];
        let mut long_caps = vec![0u32; n_sent];
        let mut i = 0;
        while i < n {
            let class = BYTE_CLASS[usize::from(bytes[i])];
            if class == NOT_WORD {
                i += 1;
                continue;
            }
            // An ASCII letter or digit (most words' first byte) needs no decoding.
            let c = if class == ASCII_WORD {
                char::from(bytes[i])
            } else {
                let Some(c) = char_at(i) else { break };
                if !dossier_text::is_alphanumeric(c) {
                    i += c.len_utf8();
                    continue;
                }
                c
            };
            let start = i;
            let mut j = i + c.len_utf8();
            let mut end = j;
            let mut possessive = false;
            // "U.S.", "U.K.": single capitals joined by full stops.
            let mut abbrev = c.is_uppercase();
            let mut letters = 1;
            // Only ASCII letters and digits so far: such a word folds by lowercasing.
            let mut plain = c.is_ascii();
            loop {
                // A run of ASCII letters and digits without decoding.
                let run = j;
                j = ascii_word_run_end(bytes, j);
                if j > run {
                    abbrev = false;
                    letters += j - run;
                    end = j;
                }
                // Most words end at a space or punctuation: ASCII other than the apostrophe
                // and full stop (the rules below) ends the word without decoding.
                if bytes
                    .get(j)
                    .is_some_and(|&b| b < 0x80 && b != b'\'' && b != b'.')
                {
                    break;
                }
                let Some(d) = char_at(j) else { break };
                let dl = d.len_utf8();
                if dossier_text::is_alphanumeric(d) {
                    abbrev = false;
                    plain = false;
                    letters += 1;
                    j += dl;
                    end = j;
                    continue;
                }
                if is_apostrophe(d) {
                    let mut a = text[j + dl..].chars();
                    match (a.next(), a.next()) {
                        (Some('s'), x) if x.is_none_or(|x| !dossier_text::is_alphanumeric(x)) => {
                            possessive = true;
                            j += dl + 1;
                        }
                        (Some(x), _) if x.is_alphabetic() => {
                            j += dl;
                            end = j;
                            plain = false;
                            continue;
                        }
                        _ => {}
                    }
                    break;
                }
                if d == '.' && abbrev && letters == 1 {
                    let mut a = text[j + 1..].chars();
                    if let (Some(x), Some('.')) = (a.next(), a.next())
                        && x.is_uppercase()
                    {
                        end = j + 1 + x.len_utf8() + 1;
                        plain = false;
                        // Keep going for "U.S.A."
                        while text[end..].starts_with(|x: char| x.is_uppercase())
                            && text[end..].chars().nth(1) == Some('.')
                        {
                            end += text[end..].chars().next().map_or(1, char::len_utf8) + 1;
                        }
                        j = end;
                    }
                }
                break;
            }
            i = j;
            while advance_at <= start {
                sent += 1;
                advance_at = next_sentence_at(sent);
                current = sentence_bounds(sent);
            }
            let sent_first = if sentences.is_empty() {
                words.is_empty()
            } else if sent != last_sent_seen && current.0 <= start {
                last_sent_seen = sent;
                true
            } else {
                false
            };
            // One hash and probe per word: `entry`, not `get` and then `insert`. The word is
            // sliced only when needed (a new spelling, or a long word): slicing checks
            // character boundaries, and most words are short repeats.
            let spelling = match short_word(bytes, start, end) {
                Some(key) => vocabulary.short.get_or_insert_with(key, || {
                    Vocabulary::add(
                        &mut vocabulary.infos,
                        &mut vocabulary.folded,
                        &mut vocabulary.seen,
                        &mut vocabulary.entries,
                        &text[start..end],
                        plain,
                        &mut buf,
                    )
                }),
                None => match medium_word(bytes, start, end) {
                    Some(key) => match vocabulary.medium.entry(key) {
                        Entry::Occupied(o) => *o.get(),
                        Entry::Vacant(v) => {
                            let k = Vocabulary::add(
                                &mut vocabulary.infos,
                                &mut vocabulary.folded,
                                &mut vocabulary.seen,
                                &mut vocabulary.entries,
                                &text[start..end],
                                plain,
                                &mut buf,
                            );
                            *v.insert(k)
                        }
                    },
                    None => vocabulary.long_spelling(&text[start..end], plain, &mut buf),
                },
            };
            let info = &vocabulary.infos[spelling as usize];
            // This text's number for the spelling.
            let last_seen = &mut vocabulary.seen[spelling as usize];
            let ty = if last_seen.0 == stamp {
                last_seen.1
            } else {
                let ty = spellings.len() as u32;
                *last_seen = (stamp, ty);
                spellings.push(spelling);
                ty
            };
            // A word inside its sentence that may trigger nothing tells the collector
            // nothing: not asked.
            if info.triggers != 0 || start < current.0 || end > current.1 {
                triggers.word(info.triggers, start, end, sent);
            }
            if possessive {
                // The "s" of "'s", the last byte scanned.
                triggers.possessive_s(i - 1, sent);
            }
            // The previous word's gap and the headline counts below, worked out here rather
            // than in passes of their own over the words.
            if let Some(prev) = words.last_mut() {
                prev.gap = Gap::of(&bytes[prev.e()..start]);
                if prev.gap == Gap::Comma {
                    commas.push(words.len() as u32 - 1);
                }
            }
            if end - start >= 5 {
                long[sent] += 1;
                if info.cap {
                    long_caps[sent] += 1;
                }
            }
            if info.cap {
                caps.push(words.len() as u32);
            }
            if info.cap
                || bytes[start].is_ascii_digit()
                || info.flags & (flag::MINISTRY_FIRST | flag::MINISTRY_WORD) != 0
            {
                anchors.push(words.len() as u32);
            }
            words.push(Word {
                start: start as u32,
                end: end as u32,
                fold: info.fold,
                cap: info.cap,
                upper: info.upper,
                sent_first,
                possessive,
                sent: sent as u32,
                ty,
                gap: Gap::Other,
                flags: info.flags,
            });
        }
        let title_sentences = long
            .iter()
            .zip(&long_caps)
            .map(|(&l, &c)| l >= 4 && c == l)
            .collect();
        let stop_ended = sentences
            .iter()
            .map(|s| {
                text.get(s.start..s.end).is_some_and(|t| {
                    t.trim_end()
                        .trim_end_matches(['"', '”', '’', '\'', ')'])
                        .ends_with('.')
                })
            })
            .collect();
        Doc {
            text,
            words,
            caps,
            anchors,
            commas,
            vocabulary,
            spellings,
            title_sentences,
            stop_ended,
        }
    }

    /// The first capitalised word at or after word `i` (the number of words if none).
    /// `cursor` keeps where the previous call got to in `caps`: a loop calls it with `i`
    /// that never decreases, and the whole loop walks `caps` once.
    fn next_cap(&self, i: usize, cursor: &mut usize) -> usize {
        next_listed(&self.caps, self.words.len(), i, cursor)
    }

    /// The first word at or after word `i` in `anchors` (as [`Doc::next_cap`]).
    fn next_anchor(&self, i: usize, cursor: &mut usize) -> usize {
        next_listed(&self.anchors, self.words.len(), i, cursor)
    }

    fn f(&self, i: usize) -> &str {
        let (a, b) = self.words[i].fold;
        &self.vocabulary.folded[a as usize..b as usize]
    }

    /// Whether word i's folded form is in the lexicon set `flag`.
    fn is(&self, i: usize, flag: u16) -> bool {
        self.words[i].flags & flag != 0
    }

    fn t(&self, i: usize) -> &'t str {
        &self.text[self.words[i].s()..self.words[i].e()]
    }

    /// What lies between word i and word i+1.
    fn gap(&self, i: usize) -> Gap {
        self.words[i].gap
    }

    /// Words i and i+1 belong to one name: a single space or hyphen between them.
    fn joined(&self, i: usize) -> bool {
        i + 1 < self.words.len()
            && !self.words[i].possessive
            && matches!(self.gap(i), Gap::Space | Gap::Hyphen | Gap::Nbsp)
    }

    fn hyphen_after(&self, i: usize) -> bool {
        i + 1 < self.words.len() && !self.words[i].possessive && self.gap(i) == Gap::Hyphen
    }

    /// The folded words i..j joined by spaces, into `buf`.
    fn key(&self, i: usize, j: usize, buf: &mut String) {
        buf.clear();
        for k in i..j {
            if k > i {
                buf.push(' ');
            }
            buf.push_str(self.f(k));
        }
    }

    fn key_str(&self, i: usize, j: usize) -> String {
        let mut s = String::new();
        self.key(i, j, &mut s);
        s
    }

    /// Whether word i is in a headline-style sentence where most words are capitalised,
    /// so capitalisation says nothing about names.
    fn title_case(&self, i: usize) -> bool {
        let s = self.words[i].sent as usize;
        self.title_sentences.get(s).copied().unwrap_or(false)
    }

    /// Whether word i is in a headline: a title-case sentence without a final full stop.
    fn headline(&self, i: usize) -> bool {
        let s = self.words[i].sent as usize;
        self.title_case(i) && !self.stop_ended.get(s).copied().unwrap_or(false)
    }

    fn span(&self, i: usize, j: usize) -> ByteSpan {
        (self.words[i].s(), self.words[j - 1].e())
    }
}

// ------------------------------------------------------------------ lexicons

struct Lex {
    /// Given names (folded) and the gender they indicate.
    gender: HashMap<&'static str, Gender>,
    titles: HashMap<&'static str, &'static str>,
    title_max_words: usize,
    orgs: HashMap<&'static str, &'static str>,
    org_max_words: usize,
    people: HashMap<&'static str, usize>,
    given: HashSet<&'static str>,
    not_names: HashSet<&'static str>,
    unit_words: HashSet<&'static str>,
    force_heads: HashSet<&'static str>,
    org_heads: HashSet<&'static str>,
    ministries: HashMap<&'static str, &'static str>,
    /// First words of the entries above, per lexicon (organisations, titles, people): most
    /// capitalised words start none, and are dismissed without building a key.
    org_first: HashSet<&'static str>,
    title_first: HashSet<&'static str>,
    person_first: HashSet<&'static str>,
    /// First words of ministry domains ("defense", "foreign").
    ministry_first: HashSet<&'static str>,
    /// Every word above (and in the slice lexicons) → the sets it is in, as [`flag`] bits:
    /// one lookup per word type answers every membership question about a word.
    flags: HashMap<&'static str, u16>,
}

/// Bits of [`Lex::flags`]: which lexicon sets a folded word is in.
mod flag {
    pub const NOT_NAME: u16 = 1;
    pub const TITLE: u16 = 1 << 1;
    pub const ORG_HEAD: u16 = 1 << 2;
    pub const UNIT_WORD: u16 = 1 << 3;
    pub const FORCE_HEAD: u16 = 1 << 4;
    /// The first word of an organisation's name ([`Lex::orgs`]).
    pub const ORG_FIRST: u16 = 1 << 5;
    pub const MINISTRY_FIRST: u16 = 1 << 6;
    pub const GIVEN: u16 = 1 << 7;
    pub const NOT_PERSON: u16 = 1 << 8;
    pub const BODY_HEAD: u16 = 1 << 9;
    pub const MINISTRY_WORD: u16 = 1 << 10;
    pub const NOT_PLACE: u16 = 1 << 11;
    /// A word claim rules start from ([`crate::triggers`]).
    pub const TRIGGER_CLAIM: u16 = 1 << 12;
    /// A hedge pattern's anchor word ([`crate::triggers`]).
    pub const TRIGGER_ANCHOR: u16 = 1 << 13;
    /// The first word of a title ([`Lex::titles`]).
    pub const TITLE_FIRST: u16 = 1 << 14;
    /// The first word of a known person's name ([`Lex::people`]).
    pub const PERSON_FIRST: u16 = 1 << 15;
}

fn lex() -> &'static Lex {
    static LEX: OnceLock<Lex> = OnceLock::new();
    LEX.get_or_init(|| {
        let words = |s: &str| s.split(' ').count();
        let mut gender: HashMap<&'static str, Gender> = include_str!("given_names.txt")
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(name, g)| {
                let g = match g {
                    "m" => Gender::Male,
                    "f" => Gender::Female,
                    _ => Gender::Unknown,
                };
                (name, g)
            })
            .collect();
        for &name in lexicon::SLAVIC_GIVEN_NAMES {
            // Slavic given names ending in -a are women's, but for a few men's names.
            let male =
                !name.ends_with('a') || matches!(name, "mykola" | "nikita" | "ilya" | "ilia");
            gender
                .entry(name)
                .or_insert(if male { Gender::Male } else { Gender::Female });
        }
        let mut given: HashSet<&'static str> = gender.keys().copied().collect();
        for w in [
            "will",
            "may",
            "mark",
            "grant",
            "hope",
            "joy",
            "faith",
            "don",
            "art",
            "bill",
            "rose",
            "young",
            "christian",
            "major",
            "general",
            "king",
            "long",
            "price",
            "april",
            "june",
            "august",
            "china",
            "paris",
            "georgia",
            "israel",
            "jordan",
            "victoria",
            "florence",
        ] {
            given.remove(w);
        }
        let mut people = HashMap::default();
        for (i, (_, _, aliases)) in lexicon::PEOPLE.iter().enumerate() {
            for a in *aliases {
                people.insert(*a, i);
            }
        }
        let first_words = |keys: &mut dyn Iterator<Item = &'static str>| -> HashSet<&'static str> {
            keys.filter_map(|k| k.split(' ').next()).collect()
        };
        let mut lex = Lex {
            gender,
            org_first: first_words(&mut lexicon::ORGANIZATIONS.iter().map(|t| t.0)),
            title_first: first_words(&mut lexicon::TITLES.iter().map(|t| t.0)),
            person_first: first_words(&mut people.keys().copied()),
            ministry_first: lexicon::MINISTRIES
                .iter()
                .filter_map(|m| m.0.split(' ').next())
                .collect(),
            title_max_words: lexicon::TITLES
                .iter()
                .map(|t| words(t.0))
                .max()
                .unwrap_or(1),
            titles: lexicon::TITLES.iter().copied().collect(),
            org_max_words: lexicon::ORGANIZATIONS
                .iter()
                .map(|t| words(t.0))
                .max()
                .unwrap_or(1),
            orgs: lexicon::ORGANIZATIONS.iter().copied().collect(),
            people,
            given,
            not_names: lexicon::NOT_NAMES.iter().copied().collect(),
            unit_words: lexicon::UNIT_WORDS.iter().copied().collect(),
            force_heads: lexicon::FORCE_HEADS.iter().copied().collect(),
            org_heads: lexicon::ORG_HEADS.iter().copied().collect(),
            ministries: lexicon::MINISTRIES.iter().copied().collect(),
            flags: HashMap::default(),
        };
        let mut flags: HashMap<&'static str, u16> = HashMap::default();
        let sets: [(&HashSet<&'static str>, u16); 9] = [
            (&lex.not_names, flag::NOT_NAME),
            (&lex.org_heads, flag::ORG_HEAD),
            (&lex.unit_words, flag::UNIT_WORD),
            (&lex.force_heads, flag::FORCE_HEAD),
            (&lex.org_first, flag::ORG_FIRST),
            (&lex.title_first, flag::TITLE_FIRST),
            (&lex.person_first, flag::PERSON_FIRST),
            (&lex.ministry_first, flag::MINISTRY_FIRST),
            (&lex.given, flag::GIVEN),
        ];
        for (set, bit) in sets {
            for &w in set {
                *flags.entry(w).or_default() |= bit;
            }
        }
        for &w in lex.titles.keys() {
            *flags.entry(w).or_default() |= flag::TITLE;
        }
        let slices: [(&[&'static str], u16); 4] = [
            (lexicon::NOT_PLACES, flag::NOT_PLACE),
            (lexicon::NOT_PERSON_WORDS, flag::NOT_PERSON),
            (lexicon::BODY_HEADS, flag::BODY_HEAD),
            (lexicon::MINISTRY_WORDS, flag::MINISTRY_WORD),
        ];
        for (list, bit) in slices {
            for &w in list {
                *flags.entry(w).or_default() |= bit;
            }
        }
        // The trigger words, so that a word of ASCII letters (most) gets its
        // [`crate::triggers::word_bits`] from the one lookup it needs anyway.
        for (w, bits) in crate::triggers::listed_words() {
            if bits & crate::triggers::CLAIM != 0 {
                *flags.entry(w).or_default() |= flag::TRIGGER_CLAIM;
            }
            if bits & crate::triggers::ANCHOR != 0 {
                *flags.entry(w).or_default() |= flag::TRIGGER_ANCHOR;
            }
        }
        lex.flags = flags;
        lex
    })
}

/// What a given name says about its bearer, for "he" and "she".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

/// The gender a person's name indicates by its first word ("Oleh Synehubov" → male),
/// `Unknown` when the first word is not a listed given name.
pub(crate) fn gender_of(name: &str) -> Gender {
    let first = name.split_whitespace().next().unwrap_or("");
    let folded = dossier_gazetteer::fold(first);
    lex()
        .gender
        .get(folded.as_str())
        .copied()
        .unwrap_or(Gender::Unknown)
}

/// Whether `word` is a listed given name ("John", "Olena"), whatever its case.
pub(crate) fn is_given_name(word: &str) -> bool {
    lex().given.contains(dossier_gazetteer::fold(word).as_str())
}

/// Compass words, which are never names alone but open some ("Southern Defence Forces",
/// "Central Bank").
fn is_direction(folded: &str) -> bool {
    matches!(
        folded,
        "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "north"
            | "south"
            | "east"
            | "west"
    )
}

fn is_ordinal(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&w[digits..], "st" | "nd" | "rd" | "th")
}

/// "the United States", "the Netherlands": country names that take an article after "of".
pub(crate) fn with_article(country: &str) -> String {
    if country.starts_with("United ")
        || country.ends_with(" Republic")
        || country == "Netherlands"
        || country == "Philippines"
    {
        format!("the {country}")
    } else {
        country.to_string()
    }
}

/// The key entities are grouped by, into `key` (cleared first): the kind and the lowercased
/// name, so a headline's "FOX NEWS" is the body's "Fox News".
fn entity_key(kind: EntityType, name: &str, key: &mut String) {
    key.clear();
    key.push_str(kind.as_str());
    key.push('\u{1f}');
    let start = key.len();
    if name.is_ascii() {
        key.push_str(name);
        key[start..].make_ascii_lowercase();
    } else {
        // `str::to_lowercase`, not per character: a word-final capital sigma becomes "ς".
        key.push_str(&name.to_lowercase());
    }
    // A person's name in two romanisations of one Ukrainian or Russian ending is one name:
    // "Zaluzhny" and "Zaluzhnyi", "Zelensky" and "Zelenskyy", "Andrii" and "Andriy". Each
    // word's final run of "i" and "y" counts as one "y".
    if kind == EntityType::Person && key[start..].split(' ').any(|w| w.ends_with(['i', 'y'])) {
        let folded: String = key[start..]
            .split(' ')
            .map(|w| {
                let stem = w.trim_end_matches(['i', 'y']);
                if stem.len() < w.len() && stem.len() >= 3 {
                    format!("{stem}y")
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        key.truncate(start);
        key.push_str(&folded);
    }
}

// ------------------------------------------------------------------ building

struct Builder<'d, 't> {
    doc: &'d Doc<'t>,
    gaz: &'d Gazetteer,
    lex: &'static Lex,
    claimed: Vec<bool>,
    entities: Vec<FoundEntity>,
    /// Entities by [`entity_key`].
    by_key: HashMap<String, usize>,
    /// Reused for [`entity_key`]: a mention builds its key here instead of allocating one.
    key_buf: String,
    buf: String,
    /// Folded capitalised words outside headlines, built when a headline needs it.
    body_caps: OnceCell<HashSet<&'d str>>,
    /// Per word type, its gazetteer entry once looked up.
    word_entries: Vec<Cell<Option<Option<dossier_gazetteer::Entry<'d>>>>>,
    /// Per word type, the country it names once looked up ([`Self::country_of_word`]).
    word_country: Vec<Cell<Option<Option<PlaceRef<'d>>>>>,
}

impl<'d, 't> Builder<'d, 't> {
    fn new(doc: &'d Doc<'t>, gaz: &'d Gazetteer) -> Self {
        Builder {
            doc,
            gaz,
            lex: lex(),
            claimed: vec![false; doc.words.len()],
            entities: Vec::new(),
            by_key: HashMap::default(),
            key_buf: String::new(),
            buf: String::new(),
            body_caps: OnceCell::new(),
            word_entries: vec![Cell::new(None); doc.spellings.len()],
            word_country: vec![Cell::new(None); doc.spellings.len()],
        }
    }

    /// The gazetteer entry for word i alone, looked up once per word type.
    fn word_entry(&self, i: usize) -> Option<dossier_gazetteer::Entry<'d>> {
        let t = self.doc.words[i].ty as usize;
        if let Some(e) = self.word_entries[t].get() {
            return e;
        }
        let e = if std::ptr::eq(self.gaz, Gazetteer::embedded()) {
            // The embedded gazetteer's entries are kept with the spelling, for every text.
            let vocabulary = &self.doc.vocabulary;
            let slot = &vocabulary.entries[self.doc.spellings[t] as usize];
            match slot.get() {
                0 => {
                    let e = Gazetteer::embedded().entry(self.doc.f(i));
                    if let Some(e) = e {
                        let mut found = vocabulary.found.borrow_mut();
                        found.push(e);
                        slot.set(found.len() as u32 + 1);
                    } else {
                        slot.set(1);
                    }
                    e
                }
                1 => None,
                k => vocabulary.found.borrow().get(k as usize - 2).copied(),
            }
        } else {
            self.gaz.entry(self.doc.f(i))
        };
        self.word_entries[t].set(Some(e));
        e
    }

    fn claim(&mut self, i: usize, j: usize) {
        for c in &mut self.claimed[i..j] {
            *c = true;
        }
    }

    fn free(&self, i: usize, j: usize) -> bool {
        j <= self.claimed.len() && self.claimed[i..j].iter().all(|c| !c)
    }

    /// Adds a mention to the entity `key` (creating it), returning its index.
    fn mention(
        &mut self,
        kind: EntityType,
        name: &str,
        span: ByteSpan,
        rule: &'static str,
    ) -> usize {
        // Case-blind: a headline's "FOX NEWS" is the body's "Fox News"; the entity keeps the
        // mixed-case spelling when it has one.
        let mut key = std::mem::take(&mut self.key_buf);
        entity_key(kind, name, &mut key);
        let idx = match self.by_key.get(key.as_str()) {
            Some(&i) => {
                let shouting = |n: &str| !n.chars().any(char::is_lowercase);
                if shouting(&self.entities[i].name) && !shouting(name) {
                    self.entities[i].name = name.to_string();
                }
                i
            }
            None => {
                self.entities.push(FoundEntity {
                    kind,
                    name: name.to_string(),
                    // The first mention is pushed below: allocated at the size a first
                    // push would grow it to, without going through the growth path.
                    mentions: Vec::with_capacity(4),
                    place: None,
                    role: None,
                    parent: None,
                    rule,
                });
                self.by_key.insert(key.clone(), self.entities.len() - 1);
                self.entities.len() - 1
            }
        };
        self.key_buf = key;
        // Duplicates can only be adjacent here; `finish` sorts and dedups anyway.
        let m = &mut self.entities[idx].mentions;
        if m.last() != Some(&span) {
            m.push(span);
        }
        idx
    }

    /// The country a word names: a country ("Ukraine", "U.S.") or a demonym ("Ukrainian").
    fn country_of_word(&self, i: usize) -> Option<PlaceRef<'d>> {
        if !self.doc.words[i].cap {
            return None;
        }
        let t = self.doc.words[i].ty as usize;
        if let Some(c) = self.word_country[t].get() {
            return c;
        }
        let c = self
            .word_entry(i)
            .and_then(|e| e.places().find(|p| p.feature() == Feature::Country));
        self.word_country[t].set(Some(c));
        c
    }

    /// Owner country of a name starting at word i: "Ukraine's X", "Ukrainian X", "the
    /// Ukrainian X". Returns (country, index of first word of the owner phrase).
    fn owner_before(&self, i: usize) -> Option<(PlaceRef<'d>, usize)> {
        let k = i.checked_sub(1)?;
        let w = self.doc.words[k];
        let gap_ok = matches!(self.doc.gap(k), Gap::Space | Gap::Nbsp) || w.possessive;
        if !gap_ok {
            return None;
        }
        let c = self.country_of_word(k)?;
        let start = if k > 0 && self.doc.f(k - 1) == "the" && self.doc.joined(k - 1) {
            k - 1
        } else {
            k
        };
        Some((c, start))
    }

    /// Owner after a name ending at word j-1: "... of Ukraine".
    fn owner_after(&self, j: usize) -> Option<(PlaceRef<'d>, usize)> {
        let d = self.doc;
        if j + 1 < d.words.len() && d.f(j) == "of" && d.joined(j - 1) {
            // "of Ukraine's Armed Forces": the country owns what follows it, not this.
            let owns_next = d.words[j + 1].possessive
                && j + 2 < d.words.len()
                && d.words[j + 2].cap
                && d.words[j + 2].sent == d.words[j + 1].sent;
            if owns_next {
                return None;
            }
            let c = self.country_of_word(j + 1)?;
            return Some((c, j + 2));
        }
        None
    }

    // -------------------------------------------------------------- units

    fn units(&mut self) {
        let d = self.doc;
        let n = d.words.len();
        // (first word, end word, entity)
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        let mut cursor = 0;
        let mut i = 0;
        while i < n {
            // A unit starts at a capitalised word or an ordinal: the words between anchors
            // are passed over without a look.
            i = d.next_anchor(i, &mut cursor);
            if i >= n {
                break;
            }
            // An ordinal starts with a digit: most words are dismissed by their first byte.
            let digit_first = d.text.as_bytes()[d.words[i].s()].is_ascii_digit();
            if digit_first && is_ordinal(d.t(i)) {
                // "227th Battalion", "93rd Separate Mechanized Brigade".
                let mut j = i;
                let mut end = None;
                while j < i + 5 && d.joined(j) {
                    j += 1;
                    if !d.words[j].cap {
                        break;
                    }
                    if d.is(j, flag::UNIT_WORD) {
                        end = Some(j + 1);
                        break;
                    }
                }
                if let Some(end) = end {
                    let name = d.text[d.span(i, end).0..d.span(i, end).1].replace('\n', " ");
                    let e = self.mention(
                        EntityType::MilitaryUnit,
                        &name,
                        d.span(i, end),
                        "unit-ordinal",
                    );
                    self.claim(i, end);
                    found.push((i, end, e));
                    i = end;
                    continue;
                }
            }
            if d.words[i].cap && self.free(i, i + 1) {
                // A capitalised run ending in a force word: "Territorial Defense Forces".
                // ("Southern Military District": a district is a force only as a military one.)
                let force_head = |j: usize| {
                    d.is(j, flag::FORCE_HEAD) || d.f(j) == "district" && d.f(j - 1) == "military"
                };
                let mut j = i;
                while j < i + 5 && d.joined(j) && d.words[j + 1].cap && !d.words[j].possessive {
                    j += 1;
                    if force_head(j) {
                        break;
                    }
                }
                let named = j > i
                    && force_head(j)
                    && (i..j).all(|k| {
                        (!d.is(k, flag::NOT_NAME) || k == i && is_direction(d.f(k)))
                            && self.country_of_word(k).is_none()
                            && !d.is(k, flag::TITLE)
                    })
                    // In a headline capitals do not delimit a name ("Moroz Visits Troops"):
                    // the body must write every word of it as a name too.
                    && (!d.headline(i) || (i..=j).all(|k| self.body_caps().contains(d.f(k))))
                    // A command's name may run further left than its capitals found here:
                    // a demonym inside it is no owner ("North American Aerospace Defense
                    // Command"), nor does it start inside another name.
                    && (d.f(j) != "command" || !(i >= 2
                        && d.words[i - 2].cap
                        && d.joined(i - 2)
                        && d.joined(i - 1)
                        && self.country_of_word(i - 1).is_some())
                    // Nor does a name start inside another ("... Aerospace Defense Command").
                    && !(i >= 1
                        && d.words[i - 1].cap
                        && d.joined(i - 1)
                        && !d.words[i - 1].possessive
                        && !d.words[i - 1].sent_first
                        && self.country_of_word(i - 1).is_none()));
                if named {
                    // "Operational Command South": a compass word after the head.
                    let j = if j + 1 < n
                        && d.joined(j)
                        && d.words[j + 1].cap
                        && matches!(
                            d.f(j + 1),
                            "south" | "north" | "east" | "west" | "centre" | "center"
                        ) {
                        j + 1
                    } else {
                        j
                    };
                    let end = j + 1;
                    let base = d.text[d.words[i].s()..d.words[j].e()].to_string();
                    let owner = self.owner_before(i).or_else(|| self.owner_after(end));
                    let (name, span_end) = match owner {
                        Some((c, after)) if after > end => {
                            (format!("{base} of {}", with_article(c.name())), after)
                        }
                        Some((c, _)) => (format!("{base} of {}", with_article(c.name())), end),
                        None => (base, end),
                    };
                    let e = self.mention(
                        EntityType::MilitaryUnit,
                        &name,
                        d.span(i, span_end),
                        "unit-named",
                    );
                    self.claim(i, end);
                    found.push((i, end, e));
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        // Parent chains: "A of (the) (Ukraine's) B", "A, (which is) part of (the) B".
        for pair in found.windows(2) {
            let (_, a_end, a) = pair[0];
            let (b_start, _, b) = pair[1];
            if a == b || b_start < a_end {
                continue;
            }
            let between = &d.words[a_end..b_start];
            let part_of = d.gap(a_end - 1) == Gap::Comma && {
                let words: Vec<&str> = (a_end..b_start).map(|k| d.f(k)).collect();
                matches!(
                    words.as_slice(),
                    ["part", "of"]
                        | ["part", "of", "the"]
                        | ["which", "is", "part", "of"]
                        | ["which", "is", "part", "of", "the"]
                )
            };
            let ok = part_of
                || match between.len() {
                    1 => d.f(a_end) == "of",
                    2 => {
                        d.f(a_end) == "of"
                            && (d.f(a_end + 1) == "the" || d.words[a_end + 1].possessive)
                    }
                    3 => {
                        d.f(a_end) == "of"
                            && d.f(a_end + 1) == "the"
                            && d.words[a_end + 2].possessive
                    }
                    _ => false,
                };
            if ok && self.entities[a].parent.is_none() {
                self.entities[a].parent = Some(b);
                self.entities[a].rule = "unit-parent";
            }
        }
    }

    // -------------------------------------------------------------- organisations

    fn organisations(&mut self) {
        let d = self.doc;
        let n = d.words.len();
        let mut buf = std::mem::take(&mut self.buf);
        let mut cursor = 0;
        let mut i = 0;
        while i < n {
            // An organisation starts at a capitalised word or a ministry word: the words
            // between anchors are passed over without a look.
            i = d.next_anchor(i, &mut cursor);
            if i >= n {
                break;
            }
            if !self.free(i, i + 1) {
                i += 1;
                continue;
            }
            // Lexicon, longest first.
            let mut matched = None;
            if d.words[i].cap && d.is(i, flag::ORG_FIRST) {
                let max = self.lex.org_max_words.min(n - i);
                for len in (1..=max).rev() {
                    if !(i..i + len - 1).all(|k| d.joined(k)) || !self.free(i, i + len) {
                        continue;
                    }
                    if !d.words[i + len - 1].cap {
                        continue;
                    }
                    d.key(i, i + len, &mut buf);
                    if let Some(&canon) = self.lex.orgs.get(buf.as_str()) {
                        // Short acronyms only in capitals ("AP", "UN", not "ap", "Un").
                        if len == 1 && buf.len() <= 3 && !d.words[i].upper {
                            continue;
                        }
                        matched = Some((len, canon));
                        break;
                    }
                }
            }
            if let Some((len, canon)) = matched {
                self.mention(
                    EntityType::Organization,
                    canon,
                    d.span(i, i + len),
                    "org-lexicon",
                );
                self.claim(i, i + len);
                i += len;
                continue;
            }
            // The flag first: a string comparison for every word was measurable.
            let may_be_ministry = d.is(i, flag::MINISTRY_FIRST)
                || d.is(i, flag::MINISTRY_WORD) && d.f(i) == "ministry";
            if let Some(next) = may_be_ministry
                .then(|| self.ministry_at(i, &mut buf))
                .flatten()
            {
                i = next;
                continue;
            }
            // (A name starts with a capital: most words are dismissed without the call.)
            if d.words[i].cap
                && let Some(next) = self.org_head_at(i)
            {
                i = next;
                continue;
            }
            i += 1;
        }
        self.buf = buf;
        // A ministry named without its country is the one ministry of that domain found.
        let mut by_domain: HashMap<String, Vec<usize>> = HashMap::default();
        for (k, e) in self.entities.iter().enumerate() {
            if e.kind == EntityType::Organization && e.name.starts_with("Ministry of ") {
                let domain = e.name.split(" of ").nth(1).unwrap_or("").to_string();
                by_domain.entry(domain).or_default().push(k);
            }
        }
        for list in by_domain.values() {
            let bare: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&k| self.entities[k].name.matches(" of ").count() == 1)
                .collect();
            let full: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&k| self.entities[k].name.matches(" of ").count() > 1)
                .collect();
            if full.len() == 1 {
                for b in bare {
                    let m = std::mem::take(&mut self.entities[b].mentions);
                    self.entities[full[0]].mentions.extend(m);
                    self.entities[full[0]].mentions.sort_unstable();
                }
            }
        }
        // Drop the emptied entities, keeping parent links pointing at the same entities.
        let mut new_index = vec![None; self.entities.len()];
        let mut kept = 0;
        for (k, e) in self.entities.iter().enumerate() {
            if !e.mentions.is_empty() {
                new_index[k] = Some(kept);
                kept += 1;
            }
        }
        self.entities.retain(|e| !e.mentions.is_empty());
        for e in &mut self.entities {
            e.parent = e.parent.and_then(|p| new_index[p]);
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        let mut key = std::mem::take(&mut self.key_buf);
        self.by_key.clear();
        for (k, e) in self.entities.iter().enumerate() {
            entity_key(e.kind, &e.name, &mut key);
            self.by_key.insert(key.clone(), k);
        }
        self.key_buf = key;
    }

    /// "Ukraine's defense ministry", "the Ukrainian defense ministry", "Ukrainian defense
    /// authorities", "Ministry of Defence (of Ukraine)", "Russia's Defense Ministry".
    fn ministry_at(&mut self, i: usize, buf: &mut String) -> Option<usize> {
        let d = self.doc;
        let n = d.words.len();
        // "Ministry of <domain> [of <country>]"
        if d.f(i) == "ministry" && d.words[i].cap && i + 2 < n && d.f(i + 1) == "of" {
            for len in [2usize, 1] {
                if i + 2 + len > n || !(i..i + 1 + len).all(|k| d.joined(k)) {
                    continue;
                }
                d.key(i + 2, i + 2 + len, buf);
                if let Some(&domain) = self.lex.ministries.get(buf.as_str()) {
                    let end = i + 2 + len;
                    let owner = self.owner_after(end).or_else(|| self.owner_before(i));
                    let (name, span_end, start) = match owner {
                        Some((c, after)) if after > end => (
                            format!("Ministry of {domain} of {}", with_article(c.name())),
                            after,
                            i,
                        ),
                        Some((c, s)) => (
                            format!("Ministry of {domain} of {}", with_article(c.name())),
                            end,
                            s,
                        ),
                        None => (format!("Ministry of {domain}"), end, i),
                    };
                    self.mention(
                        EntityType::Organization,
                        &name,
                        d.span(start, span_end),
                        "org-ministry",
                    );
                    self.claim(i, end);
                    return Some(end);
                }
            }
        }
        // "<domain> ministry|authorities"
        for len in [2usize, 1] {
            if i + len >= n || !(i..i + len).all(|k| d.joined(k)) {
                continue;
            }
            let head = d.f(i + len);
            if !d.is(i + len, flag::MINISTRY_WORD) {
                continue;
            }
            d.key(i, i + len, buf);
            let Some(&domain) = self.lex.ministries.get(buf.as_str()) else {
                continue;
            };
            let end = i + len + 1;
            let owner = self.owner_before(i);
            if head == "authorities" && owner.is_none() {
                return None;
            }
            let (name, start) = match owner {
                Some((c, s)) => (
                    format!("Ministry of {domain} of {}", with_article(c.name())),
                    s,
                ),
                None => (format!("Ministry of {domain}"), i),
            };
            self.mention(
                EntityType::Organization,
                &name,
                d.span(start, end),
                "org-ministry",
            );
            self.claim(i, end);
            return Some(end);
        }
        None
    }

    /// A capitalised name ending in an organisation word: "Security Council", "Kyiv School
    /// of Economics" is not one (no head word), "National Bank of Ukraine" is.
    fn org_head_at(&mut self, i: usize) -> Option<usize> {
        let d = self.doc;
        let n = d.words.len();
        let w = d.words[i];
        // A rank or title right before an organisation word names a body, not a person:
        // "General Staff", "Army Command" ("Major General Staff" is no name either way).
        let title_before_head = d.is(i, flag::TITLE)
            && d.joined(i)
            && d.words[i + 1].cap
            && d.is(i + 1, flag::BODY_HEAD);
        // In a headline every word is capitalised, so capitals do not delimit a name.
        // A compass word may open a name ("Central Intelligence Agency").
        // Worked out only when it matters (a word that is never a name opens the span),
        // not for every capitalised word.
        let direction_first = || is_direction(d.f(i));
        if !w.cap
            || d.is(i, flag::NOT_NAME) && !title_before_head && !direction_first()
            || d.is(i, flag::TITLE) && !title_before_head
            || d.title_case(i)
        {
            return None;
        }
        let mut j = i;
        let mut last_head = None;
        while j + 1 < n && j < i + 6 && d.joined(j) && self.free(j + 1, j + 2) {
            let next = d.words[j + 1];
            if !next.cap {
                break;
            }
            j += 1;
            if d.is(j, flag::ORG_HEAD) {
                last_head = Some(j);
            }
        }
        let Some(head) = last_head else {
            return self.body_of_at(i);
        };
        // Owners ("Chinese Foreign Ministry") are left for the ministry rule. Asked only
        // now that there is a head word: the gazetteer lookup is the dearest test here, and
        // most capitalised words start no organisation name.
        if self.country_of_word(i).is_some() {
            return None;
        }
        if (i..=head).any(|k| {
            d.is(k, flag::NOT_NAME)
                && k != head
                && !(k == i && (title_before_head || direction_first()))
        }) {
            return None;
        }
        let mut end = head + 1;
        // "National Bank of Ukraine", "Office of the President".
        if let Some((_, after)) = self.owner_after(end) {
            end = after;
        }
        // "the General Staff of the Armed Forces of Ukraine": an organ of a unit found
        // already takes its full name and has it as its parent.
        let mut organ_of = None;
        if end == head + 1 && end + 1 < n && d.f(end) == "of" && d.joined(end) {
            // "of the Armed Forces", "of Ukraine's Armed Forces".
            let skip = d.f(end + 1) == "the" && d.joined(end + 1) || d.words[end + 1].possessive;
            let first = if skip { end + 2 } else { end + 1 };
            let at = d.words.get(first).map_or(usize::MAX, |w| w.s());
            organ_of = self.entities.iter().position(|e| {
                e.kind == EntityType::MilitaryUnit && e.mentions.iter().any(|m| m.0 == at)
            });
            if let Some(u) = organ_of {
                let unit_end = self.entities[u]
                    .mentions
                    .iter()
                    .find(|m| m.0 == at)
                    .map_or(at, |m| m.1);
                if let Ok(z) = d.words.binary_search_by_key(&(unit_end as u32), |w| w.end) {
                    end = z + 1;
                }
            }
        }
        let mut name = match organ_of {
            Some(u) => format!(
                "{} of the {}",
                &d.text[d.words[i].s()..d.words[head].e()],
                self.entities[u].name
            ),
            None => d.text[d.span(i, end).0..d.span(i, end).1].to_string(),
        };
        let mut start = i;
        // A state body with its country before it: "the Belarusian Constitutional Court",
        // "Russia's Investigative Committee" → "Constitutional Court of Belarus".
        let state_body = matches!(
            d.f(head),
            "council"
                | "court"
                | "parliament"
                | "committee"
                | "service"
                | "agency"
                | "command"
                | "office"
                | "assembly"
                | "staff"
        );
        if state_body && end == head + 1 {
            if let Some((c, owner_start)) = self.owner_before(i) {
                // A country's General Staff is that of its armed forces, by its own name.
                let armed_forces = if d.key_str(i, end) == "general staff" {
                    " the Armed Forces of"
                } else {
                    ""
                };
                name = format!("{name} of{armed_forces} {}", with_article(c.name()));
                start = owner_start;
            }
        }
        // An organ of a known organisation written right after it: "UN General Assembly"
        // is the "United Nations General Assembly", part of the United Nations.
        let owner_org = (start == i && i > 0 && d.joined(i - 1) && self.claimed[i - 1])
            .then(|| {
                let before_end = d.words[i - 1].e();
                self.entities.iter().position(|e| {
                    e.kind == EntityType::Organization
                        && e.rule == "org-lexicon"
                        && e.mentions.iter().any(|m| m.1 == before_end)
                })
            })
            .flatten();
        if let Some(o) = owner_org {
            name = format!("{} {name}", self.entities[o].name);
        }
        let e = self.mention(
            EntityType::Organization,
            &name,
            d.span(start, end),
            "org-head",
        );
        if self.entities[e].parent.is_none() {
            self.entities[e].parent = owner_org.or(organ_of);
        }
        self.claim(i, end);
        Some(end)
    }

    /// A body named by what it is for: "Department of Health and Human Services",
    /// "Office of the Prosecutor General", "Committee on Foreign Affairs". The head word
    /// opens the name, and capitalised words after its "of", "for" or "on" (with "the",
    /// and "and" or "of" between them) complete it. "Ministry of …" is the ministry
    /// rule's, and a country alone after "of" is an owner, not a name.
    fn body_of_at(&mut self, i: usize) -> Option<usize> {
        let d = self.doc;
        let n = d.words.len();
        if !d.is(i, flag::BODY_HEAD)
            || d.f(i) == "ministry"
            || i + 2 >= n
            || !matches!(d.f(i + 1), "of" | "for" | "on")
            || !d.joined(i)
            || !d.joined(i + 1)
        {
            return None;
        }
        let mut j = i + 2;
        if d.f(j) == "the" && !d.words[j].cap && d.joined(j) && j + 1 < n {
            j += 1;
        }
        let mut end = None;
        while j < n && j < i + 9 && self.free(j, j + 1) {
            let w = d.words[j];
            // (Inside the name any capitalised word counts: "Human Services".)
            if w.cap {
                end = Some(j + 1);
            } else if !(matches!(d.f(j), "and" | "of") && end == Some(j)
                || d.f(j) == "the" && d.f(j - 1) == "of" && end == Some(j - 1))
            {
                break;
            }
            if w.possessive || !d.joined(j) {
                break;
            }
            j += 1;
        }
        let end = end?;
        if end == i + 3 && self.country_of_word(i + 2).is_some() {
            return None;
        }
        let (s, e) = d.span(i, end);
        let name = d.text[s..e].to_string();
        self.mention(EntityType::Organization, &name, (s, e), "org-body-of");
        self.claim(i, end);
        Some(end)
    }

    // -------------------------------------------------------------- people

    fn name_word(&self, k: usize) -> bool {
        let d = self.doc;
        let w = d.words[k];
        let f = d.f(k);
        w.cap
            && !w.upper
            && self.free(k, k + 1)
            && !d.is(
                k,
                flag::NOT_NAME
                    | flag::TITLE
                    | flag::ORG_HEAD
                    | flag::UNIT_WORD
                    | flag::FORCE_HEAD
                    | flag::NOT_PERSON,
            )
            && !f.chars().all(|c| c.is_ascii_digit())
            && self.word_entry(k).is_none_or(|e| !e.flags.demonym())
    }

    /// Name words after position `i`: 1–4 capitalised words joined by spaces, with the
    /// lowercase particles of family names between them ("Ursula von der Leyen", "Mohammed
    /// bin Salman", "Bashar al-Assad").
    fn name_after(&self, i: usize) -> usize {
        let d = self.doc;
        let mut j = i;
        let mut words = 0;
        while j < d.words.len() && words < 4 {
            let particles = self.particles_at(j);
            if particles > j && self.name_word(particles) {
                j = particles;
            }
            if !self.name_word(j) {
                break;
            }
            words += 1;
            // "Donald J. Trump": an initial and its full stop stay inside the name.
            let initial = d.gap(j) == Gap::DotSpace && {
                let mut chars = d.t(j).chars();
                chars.next().is_some() && chars.next().is_none()
            };
            let continues =
                j + 1 < d.words.len() && (d.joined(j) || initial) && !d.words[j].possessive;
            j += 1;
            if !continues {
                break;
            }
        }
        j
    }

    /// The end of up to two lowercase family-name particles from word `j`, each joined to
    /// the next word (`j` itself when there are none).
    fn particles_at(&self, j: usize) -> usize {
        let d = self.doc;
        let mut p = j;
        while p < d.words.len()
            && p < j + 2
            && !d.words[p].cap
            && d.joined(p)
            && lexicon::NAME_PARTICLES.contains(&d.f(p))
        {
            p += 1;
        }
        if p < d.words.len() { p } else { j }
    }

    fn people(&mut self) {
        let d = self.doc;
        let n = d.words.len();
        let mut buf = std::mem::take(&mut self.buf);
        let mut cursor = 0;
        let mut i = d.next_cap(0, &mut cursor);
        while i < n {
            if !d.words[i].cap || !self.free(i, i + 1) {
                i = d.next_cap(i + 1, &mut cursor);
                continue;
            }
            // Lexicon people, longest first ("Vladimir Putin", "Putin").
            let mut lexed = None;
            // (A name or title in the lexicons starts with a word flagged as its first.)
            let person_first = d.is(i, flag::PERSON_FIRST);
            for len in (1..=3).rev().filter(|_| person_first) {
                if i + len > n || !(i..i + len - 1).all(|k| d.joined(k)) {
                    continue;
                }
                d.key(i, i + len, &mut buf);
                if let Some(&p) = self.lex.people.get(buf.as_str()) {
                    lexed = Some((len, p));
                    break;
                }
            }
            // Title + name.
            let mut titled = None;
            let title_first = d.is(i, flag::TITLE_FIRST);
            for len in (1..=self.lex.title_max_words.min(n - i))
                .rev()
                .filter(|_| title_first)
            {
                if !(i..i + len - 1).all(|k| d.joined(k) || d.gap(k) == Gap::DotSpace) {
                    continue;
                }
                d.key(i, i + len, &mut buf);
                if let Some(&role) = self.lex.titles.get(buf.as_str()) {
                    let gap_ok = i + len < n
                        && (d.joined(i + len - 1) || d.gap(i + len - 1) == Gap::DotSpace);
                    if !gap_ok {
                        continue;
                    }
                    let end = self.name_after(i + len);
                    // "Chief Cabinet Secretary Yoshimasa Hayashi": a word between two titles
                    // is part of a longer title, not a name.
                    let title_follows = end < n && d.joined(end - 1) && d.is(end, flag::TITLE);
                    if end > i + len && !title_follows {
                        titled = Some((len, end, role));
                    }
                    break;
                }
            }
            // In a headline every word is capitalised: after a title, only words the body
            // also writes as names, or a known given name and one more word, are a name
            // ("Governor Reports Forced Conscription" is no person).
            if let Some((tlen, end, title)) = titled {
                titled = self
                    .headline_name_end(i + tlen, end, &mut buf)
                    .map(|end| (tlen, end, title));
            }
            if let Some((tlen, end, title)) = titled {
                let mut name_start = i + tlen;
                // "Minister of Foreign Affairs Serbia Ivica Dačić" (translated copy): a
                // country between the title and a name of two words is the title's.
                let country_after_title = if end - name_start >= 3 {
                    self.country_of_word(name_start)
                } else {
                    None
                };
                if country_after_title.is_some() {
                    name_start += 1;
                }
                let lexicon_person = self.lexicon_person(name_start, end, &mut buf);
                let written = d.text[d.words[name_start].s()..d.words[end - 1].e()].to_string();
                let name = lexicon_person.map_or(written, |p| lexicon::PEOPLE[p].0.to_string());
                let role = self
                    .role_from_modifier(i, title)
                    .or_else(|| {
                        country_after_title
                            .filter(|_| !title.is_empty())
                            .map(|c| format!("{title} of {}", with_article(c.name())))
                    })
                    .or_else(|| lexicon_person.map(|p| lexicon::PEOPLE[p].1.to_string()))
                    .or_else(|| self.region_in_sentence(name_start, title))
                    .or_else(|| (!title.is_empty()).then(|| title.to_string()));
                let e = self.mention(
                    EntityType::Person,
                    &name,
                    d.span(name_start, end),
                    "person-title",
                );
                if self.entities[e].role.is_none() {
                    self.entities[e].role = role;
                }
                self.claim(i, end);
                i = end;
                continue;
            }
            if let Some((len, p)) = lexed {
                let (name, role, _) = lexicon::PEOPLE[p];
                let e = self.mention(
                    EntityType::Person,
                    name,
                    d.span(i, i + len),
                    "person-lexicon",
                );
                if self.entities[e].role.is_none() {
                    self.entities[e].role = Some(role.to_string());
                }
                self.claim(i, i + len);
                i += len;
                continue;
            }
            // Given name + surname.
            if d.is(i, flag::GIVEN) && d.joined(i) && !d.words[i].upper {
                let end = self.name_after(i + 1);
                let surname_ok = end > i + 1
                    // (Particles are no surname: "van" is also a Turkish city.)
                    && (i + 1..end).filter(|&k| d.words[k].cap).all(|k| {
                        self.word_entry(k).is_none_or(|e| {
                            // Only a country's or a big town's main name rules a
                            // surname out; subdivisions share theirs with families
                            // ("John Kerry", County Kerry).
                            e.places().all(|p| {
                                !p.by_main_name()
                                    || p.feature() == Feature::Admin1
                                    || p.feature() == Feature::City && p.population() < 100_000
                            })
                        })
                    });
                if surname_ok {
                    let written = d.text[d.words[i].s()..d.words[end - 1].e()].to_string();
                    let known = self.lexicon_person(i, end, &mut buf);
                    let name = known.map_or(written, |p| lexicon::PEOPLE[p].0.to_string());
                    let e = self.mention(
                        EntityType::Person,
                        &name,
                        d.span(i, end),
                        "person-given-name",
                    );
                    if let (Some(p), None) = (known, &self.entities[e].role) {
                        self.entities[e].role = Some(lexicon::PEOPLE[p].1.to_string());
                    }
                    if self.entities[e].role.is_none() {
                        self.entities[e].role = self.lowercase_title_before(i, &mut buf);
                    }
                    self.claim(i, end);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        self.buf = buf;
    }

    /// Where a name after a title, words start..end, really ends: `end` outside headlines;
    /// in a headline, after the last word the body also capitalises, or after a known given
    /// name's next word; `None` when no word qualifies.
    fn headline_name_end(&self, start: usize, end: usize, buf: &mut String) -> Option<usize> {
        let d = self.doc;
        if !d.headline(start) || self.lexicon_person(start, end, buf).is_some() {
            return Some(end);
        }
        let body = self.body_caps();
        let in_body = (start..end).rev().find(|&k| body.contains(d.f(k)));
        match in_body {
            Some(k) => Some(k + 1),
            None if d.is(start, flag::GIVEN) && end > start + 1 => Some(start + 2),
            None => None,
        }
    }

    /// Folded capitalised words outside headlines: what the body writes as names.
    fn body_caps(&self) -> &HashSet<&'d str> {
        let d = self.doc;
        self.body_caps.get_or_init(|| {
            (0..d.words.len())
                .filter(|&k| d.words[k].cap && !d.headline(k))
                .map(|k| {
                    let (a, b) = d.words[k].fold;
                    &d.vocabulary.folded[a as usize..b as usize]
                })
                .collect()
        })
    }

    /// Appositions: "The regional governor, Petro Hordiienko, said" — the description
    /// before the comma is a mention of the person, and its title is the person's role.
    /// The description starts with an article ("the", "a") or an owner ("Ukraine's"), has
    /// at most three modifiers and ends in a title; the name is followed by a comma or the
    /// end of the sentence, so a list ("the mayor, Ann Lee and others") is not read as one.
    /// A name no other rule knew ("The Estonian foreign minister, Margus Tsahkna,") becomes
    /// a person when it has at least two name words. The description's words stay free:
    /// its places and demonyms ("the British prime minister") are still context.
    fn appositives(&mut self) {
        let d = self.doc;
        let n = d.words.len();
        let mut buf = std::mem::take(&mut self.buf);
        let person_at: HashMap<usize, usize> = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityType::Person)
            .flat_map(|(k, e)| e.mentions.iter().map(move |m| (m.0, k)))
            .collect();
        // The words with a comma gap after them ([`Doc::commas`]), in order.
        for t in d.commas.iter().map(|&t| t as usize) {
            if t < 1 || t + 1 >= n || d.words[t + 1].sent != d.words[t].sent {
                continue;
            }
            let a = t + 1;
            // The named person: one already found, or a new name of two or more words.
            let (person, name_end) = match person_at.get(&d.words[a].s()) {
                Some(&k) => {
                    let span_end = self.entities[k]
                        .mentions
                        .iter()
                        .find(|m| m.0 == d.words[a].s())
                        .map_or(0, |m| m.1);
                    let Ok(z) = d.words.binary_search_by_key(&(span_end as u32), |w| w.end) else {
                        continue;
                    };
                    (Some(k), z + 1)
                }
                None if d.words[a].cap && self.free(a, a + 1) => (None, self.name_after(a)),
                None => continue,
            };
            if person.is_none() && name_end < a + 2 {
                continue;
            }
            let z = name_end - 1;
            let closed = d.text[d.words[z].e()..].starts_with([',', '.'])
                || z + 1 == n
                || d.words[z + 1].sent != d.words[z].sent;
            if !closed {
                continue;
            }
            let Some((start, role)) = self.description_before(t, &mut buf) else {
                continue;
            };
            let k = match person {
                Some(k) => k,
                None => {
                    let name = d.text[d.words[a].s()..d.words[z].e()].to_string();
                    let k = self.mention(
                        EntityType::Person,
                        &name,
                        d.span(a, name_end),
                        "person-appositive",
                    );
                    self.claim(a, name_end);
                    k
                }
            };
            let span = d.span(start, t + 1);
            let ent = &mut self.entities[k];
            if !ent.mentions.contains(&span) {
                ent.mentions.push(span);
            }
            if ent.role.is_none() {
                ent.role = Some(role);
            }
        }
        // "Natalia Humeniuk, a spokeswoman for the Southern Defence Forces, said": the
        // description after a person's name.
        for k in 0..self.entities.len() {
            if self.entities[k].kind != EntityType::Person || self.entities[k].role.is_some() {
                continue;
            }
            let role = self.entities[k].mentions.iter().find_map(|m| {
                let z = d
                    .words
                    .binary_search_by_key(&(m.1 as u32), |w| w.end)
                    .ok()?;
                (d.gap(z) == Gap::Comma).then_some(())?;
                self.description_after(z + 1, &mut buf)
            });
            self.entities[k].role = role;
        }
        self.buf = buf;
    }

    /// The longest title (from the lexicon) whose words end at word `last`, joined and not
    /// claimed: its first word and its canonical form. A listed word with no title ("Mr")
    /// stops the search.
    fn title_ending_at(&self, last: usize, buf: &mut String) -> Option<(usize, &'static str)> {
        let d = self.doc;
        for len in (1..=self.lex.title_max_words.min(last + 1)).rev() {
            let t0 = last + 1 - len;
            if !(t0..last).all(|k| d.joined(k)) || !self.free(t0, last + 1) {
                continue;
            }
            d.key(t0, last + 1, buf);
            if let Some(&title) = self.lex.titles.get(buf.as_str()) {
                return (!title.is_empty()).then_some((t0, title));
            }
        }
        None
    }

    /// The role a description starting at word `a` gives, up to the next comma or the end
    /// of the sentence: "a spokeswoman for Ukraine's Southern Defence Forces" →
    /// "Spokesperson for Ukraine's Southern Defence Forces", "the governor" → "Governor".
    fn description_after(&self, a: usize, buf: &mut String) -> Option<String> {
        let d = self.doc;
        let n = d.words.len();
        let mut t0 = a;
        if t0 < n && matches!(d.f(t0), "a" | "an" | "the") {
            t0 += 1;
        }
        // "Jonathan Becker, Bard's vice president": an owner before the title.
        let owner =
            (t0 + 1 < n && t0 == a && d.words[t0].possessive && d.words[t0].cap).then(|| d.t(t0));
        if owner.is_some() {
            t0 += 1;
        }
        let sentence = d.words.get(a)?.sent;
        let (len, title) = (1..=self.lex.title_max_words).rev().find_map(|len| {
            let end = t0 + len;
            if end > n || !(t0..end - 1).all(|k| d.joined(k)) {
                return None;
            }
            d.key(t0, end, buf);
            let title = *self.lex.titles.get(buf.as_str())?;
            (!title.is_empty()).then_some((len, title))
        })?;
        let end = t0 + len;
        // The description ends at a comma or the sentence's end, within eight more words.
        let closes =
            |k: usize| d.gap(k) == Gap::Comma || k + 1 == n || d.words[k + 1].sent != sentence;
        let title = match owner {
            Some(o) => std::borrow::Cow::Owned(format!("{title} of {o}")),
            None => std::borrow::Cow::Borrowed(title),
        };
        if closes(end - 1) {
            return Some(title.into_owned());
        }
        // ("an adviser to the prosecutor general".)
        if !d.joined(end - 1) || !matches!(d.f(end), "for" | "of" | "at" | "to") {
            return None;
        }
        let last = (end..n.min(end + 9))
            .take_while(|&k| d.words[k].sent == sentence)
            .find(|&k| closes(k))?;
        if last == end || !(end..last).all(|k| d.joined(k) || d.words[k].possessive) {
            return None;
        }
        // "the governor of the Donetsk region", "the mayor of Kharkiv": the place's own
        // name for the role ("Governor of Donetsk Oblast").
        if d.f(end) == "of" && owner.is_none() {
            let p = if d.f(end + 1) == "the" {
                end + 2
            } else {
                end + 1
            };
            let place_only =
                p == last || p + 1 == last && matches!(d.f(last), "region" | "oblast" | "province");
            if p <= last
                && place_only
                && d.words[p].cap
                && let Some(role) = self.title_of_place(&title, p)
            {
                return Some(role);
            }
        }
        // "X, Commander-in-Chief of the Armed Forces Valerii Zaluzhny, ...": a list of
        // titled people, not X's description.
        let (o0, o1) = (d.words[end].s(), d.words[last].e());
        let names_someone = self.entities.iter().any(|e| {
            e.kind == EntityType::Person && e.mentions.iter().any(|m| m.0 < o1 && m.1 > o0)
        });
        if names_someone {
            return None;
        }
        Some(format!("{title} {}", &d.text[o0..o1]))
    }

    /// A description ending at word `last`: (first word, role) for "the (regional)
    /// governor", "a senior adviser", "Ukraine's foreign minister".
    fn description_before(&self, last: usize, buf: &mut String) -> Option<(usize, String)> {
        let d = self.doc;
        let found = self.title_ending_at(last, buf);
        // "The governor of Belgorod, Vyacheslav Gladkov": a title, "of" and a place.
        if found.is_none()
            && last >= 2
            && d.f(last - 1) == "of"
            && d.words[last].cap
            && let Some((t0, title)) = self.title_ending_at(last - 2, buf)
            && d.joined(last - 2)
            && d.joined(last - 1)
            && t0 > 0
            && matches!(d.f(t0 - 1), "the" | "a" | "an")
            && d.joined(t0 - 1)
            && let Some(role) = self.title_of_place(title, last)
        {
            return Some((t0 - 1, role));
        }
        let (t0, title) = found?;
        let mut m = t0;
        for _ in 0..4 {
            let p = m.checked_sub(1)?;
            if !(d.joined(p) || d.words[p].possessive) || !self.free(p, p + 1) {
                return None;
            }
            if matches!(d.f(p), "the" | "a" | "an") {
                m = p;
                break;
            }
            if d.words[p].possessive && self.country_of_word(p).is_some() {
                m = p;
                break;
            }
            // Modifiers are lowercase ("regional", "senior") or a place ("Kharkiv-area").
            if d.words[p].cap && !d.words[p].sent_first && self.word_entry(p).is_none() {
                return None;
            }
            m = p;
        }
        if !(matches!(d.f(m), "the" | "a" | "an") || d.words[m].possessive) {
            return None;
        }
        let role = self
            .role_from_modifier(t0, title)
            .unwrap_or_else(|| title.to_string());
        Some((m, role))
    }

    /// The lexicon person named by words i..end: the whole name, or its first and last
    /// words ("Donald J. Trump" is "Donald Trump").
    fn lexicon_person(&self, i: usize, end: usize, buf: &mut String) -> Option<usize> {
        let d = self.doc;
        d.key(i, end, buf);
        if let Some(&p) = self.lex.people.get(buf.as_str()) {
            return Some(p);
        }
        if end > i + 2 {
            buf.clear();
            buf.push_str(d.f(i));
            buf.push(' ');
            buf.push_str(d.f(end - 1));
            return self.lex.people.get(buf.as_str()).copied();
        }
        None
    }

    /// The role a title gets from what precedes it: "Kharkiv-area Governor" → "Governor of
    /// Kharkiv Oblast", "Ukrainian President" → "President of Ukraine", "IAEA chief" →
    /// "Chief of IAEA".
    fn role_from_modifier(&self, title_start: usize, title: &str) -> Option<String> {
        if title.is_empty() {
            return None;
        }
        let d = self.doc;
        let k = title_start.checked_sub(1)?;
        if !(d.joined(k) || d.words[k].possessive) {
            return None;
        }
        if matches!(d.f(k), "the" | "a" | "an") {
            return None;
        }
        // "IAEA chief", "Wagner Group founder": an organisation named right before.
        if self.claimed[k] {
            let end = d.words[k].e();
            let org = self.entities.iter().find(|e| {
                e.kind == EntityType::Organization && e.mentions.iter().any(|m| m.1 == end)
            });
            if let Some(org) = org {
                let acronym = !org.name.chars().any(char::is_lowercase);
                let article = if acronym || org.name.starts_with("The ") {
                    ""
                } else {
                    "the "
                };
                return Some(format!("{title} of {article}{}", org.name));
            }
        }
        let area_word = matches!(
            d.f(k),
            "area" | "region" | "regional" | "oblast" | "province" | "provincial" | "state"
        );
        let place_word = if area_word {
            let p = k.checked_sub(1)?;
            if !(d.joined(p) && d.words[p].cap) {
                return None;
            }
            p
        } else {
            k
        };
        if !d.words[place_word].cap || matches!(d.f(place_word), "the" | "a" | "an") {
            return None;
        }
        self.title_of_place(title, place_word)
    }

    /// "{title} of {place}" for the place written at word `place_word`: a country by its
    /// name, a governor's region as its first-level subdivision ("Governor of Kharkiv
    /// Oblast"), otherwise the biggest place of that name.
    fn title_of_place(&self, title: &str, place_word: usize) -> Option<String> {
        let d = self.doc;
        if let Some(c) = self.country_of_word(place_word) {
            return Some(format!("{title} of {}", with_article(c.name())));
        }
        let f = d.f(place_word);
        if lexicon::REGIONAL_TITLES.contains(&title) && title != "Mayor" {
            let mut key = String::with_capacity(f.len() + 7);
            key.push_str(f);
            key.push_str(" oblast");
            let as_oblast = self
                .gaz
                .entry(&key)
                .and_then(|e| e.places().find(|p| p.feature() == Feature::Admin1));
            // GeoNames may display a Russian region by its local form ("Belgorodskaya
            // oblast'") while knowing "Belgorod Oblast" as another of its names: that one
            // reads as English.
            if let Some(a) = as_oblast
                && !a.name().ends_with(" Oblast")
            {
                return Some(format!("{title} of {} Oblast", d.t(place_word)));
            }
            let admin = as_oblast.or_else(|| {
                self.gaz
                    .entry(f)
                    .and_then(|e| e.places().find(|p| p.feature() == Feature::Admin1))
            });
            if let Some(a) = admin {
                return Some(format!("{title} of {}", a.name()));
            }
        }
        let entry = self.word_entry(place_word)?;
        // A mayor governs a city: "Kharkiv Mayor" is the city's, though the oblast of that
        // name has more people.
        let place = if title == "Mayor" {
            entry
                .places()
                .filter(|p| p.feature() == Feature::City)
                .max_by_key(|p| p.population())
        } else {
            None
        };
        let place = place.or_else(|| entry.places().max_by_key(|p| p.population()))?;
        Some(format!("{title} of {}", place.name()))
    }

    /// The role a lowercase title right before a name gives ("regional governor Pavlo
    /// Kyrylenko" → Governor of Donetsk Oblast when "Donetsk" comes first, "defence
    /// minister Anna Lee"); capitalised titles are the title rule's.
    fn lowercase_title_before(&self, name_start: usize, buf: &mut String) -> Option<String> {
        let d = self.doc;
        for len in (1..=self.lex.title_max_words.min(name_start)).rev() {
            let start = name_start - len;
            if !(start..name_start).all(|k| d.joined(k) && !d.words[k].cap) {
                continue;
            }
            d.key(start, name_start, buf);
            if let Some(&title) = self.lex.titles.get(buf.as_str()) {
                if title.is_empty() {
                    return None;
                }
                return Some(
                    self.role_from_modifier(start, title)
                        .or_else(|| self.region_in_sentence(name_start, title))
                        .unwrap_or_else(|| title.to_string()),
                );
            }
        }
        None
    }

    /// "A drone struck a site in the Odesa region, regional governor Oleh Kiper said": a
    /// regional title with no place of its own takes the one region the sentence names
    /// ("the X region", "X Oblast", "X province"); a mayor the one city ("the city of X").
    fn region_in_sentence(&self, name_start: usize, title: &str) -> Option<String> {
        if !lexicon::REGIONAL_TITLES.contains(&title) {
            return None;
        }
        let d = self.doc;
        let sentence = d.words[name_start].sent;
        let first = (0..name_start)
            .rev()
            .take_while(|&k| d.words[k].sent == sentence)
            .last()
            .unwrap_or(name_start);
        let last = (name_start..d.words.len())
            .take_while(|&k| d.words[k].sent == sentence)
            .last()?;
        // A mayor's city: "the city of X", "X city".
        let mayor = title == "Mayor";
        let mut regions = (first..last).filter(|&k| {
            d.words[k].cap
                && if mayor {
                    k >= 2 && d.f(k - 1) == "of" && d.f(k - 2) == "city" && d.joined(k - 1)
                        || d.joined(k) && d.f(k + 1) == "city"
                } else {
                    d.joined(k) && matches!(d.f(k + 1), "region" | "oblast" | "province")
                }
        });
        let place = regions.next()?;
        if regions.any(|k| d.f(k) != d.f(place)) {
            return None;
        }
        self.title_of_place(title, place)
    }

    /// Later mentions of a person by surname alone ("Synehubov", "Synehubov's").
    fn surnames(&mut self) {
        let d = self.doc;
        let mut surnames: HashMap<String, Option<usize>> = HashMap::default();
        for (k, e) in self.entities.iter().enumerate() {
            if e.kind != EntityType::Person {
                continue;
            }
            let Some(last) = e.name.split_whitespace().last() else {
                continue;
            };
            if last == e.name {
                continue;
            }
            let f = dossier_gazetteer::fold(last);
            let slot = surnames.entry(f).or_insert(Some(k));
            if *slot != Some(k) {
                *slot = None;
            }
        }
        if surnames.is_empty() {
            return;
        }
        // A person found by surname alone after a title ("Gen Milley") is the one person
        // whose full name ends in it ("Mark Milley"); the title gives a role if none is
        // known.
        for k in 0..self.entities.len() {
            let e = &self.entities[k];
            if e.kind != EntityType::Person || e.name.contains(char::is_whitespace) {
                continue;
            }
            let Some(&Some(full)) = surnames.get(&dossier_gazetteer::fold(&e.name)) else {
                continue;
            };
            if full == k {
                continue;
            }
            let mentions = std::mem::take(&mut self.entities[k].mentions);
            let role = self.entities[k].role.take();
            let person = &mut self.entities[full];
            person.mentions.extend(mentions);
            if person.role.is_none() {
                person.role = role;
            }
        }
        // Per word type: the entity its folded form is the surname of, `NONE`, or `UNSEEN`.
        const UNSEEN: u32 = u32::MAX;
        const NONE: u32 = u32::MAX - 1;
        let mut by_type = vec![UNSEEN; d.spellings.len()];
        for &i in &d.caps {
            let i = i as usize;
            if !self.free(i, i + 1) {
                continue;
            }
            if d.is(i, flag::NOT_PERSON) {
                continue;
            }
            // Looked up once per word type.
            let t = d.words[i].ty as usize;
            let surname = match by_type[t] {
                UNSEEN => {
                    let k = match surnames.get(d.f(i)) {
                        Some(&Some(k)) => k as u32,
                        _ => NONE,
                    };
                    by_type[t] = k;
                    k
                }
                k => k,
            };
            if surname != NONE {
                let k = surname as usize;
                let span = d.span(i, i + 1);
                if self.entities[k].mentions.last() != Some(&span) {
                    self.entities[k].mentions.push(span);
                }
                self.claimed[i] = true;
            }
        }
    }

    // -------------------------------------------------------------- places

    fn places(&mut self) {
        let d = self.doc;
        let n = d.words.len();
        let mut buf = std::mem::take(&mut self.buf);
        // (first word, end word, gazetteer entry, written as a region)
        let mut candidates: Vec<(usize, usize, dossier_gazetteer::Entry<'d>, bool)> = Vec::new();
        let mut cursor = 0;
        let mut i = d.next_cap(0, &mut cursor);
        while i < n {
            let w = d.words[i];
            if !w.cap || !self.free(i, i + 1) {
                i = d.next_cap(i + 1, &mut cursor);
                continue;
            }
            let mut found = None;
            let mut max = 1;
            while max < 4 && i + max < n && d.joined(i + max - 1) && self.free(i + max, i + max + 1)
            {
                let next = d.words[i + max];
                // Lowercase only inside hyphenated names: "Rostov-on-Don".
                let inside_hyphens = d.hyphen_after(i + max - 1) && d.hyphen_after(i + max);
                if !next.cap && !inside_hyphens {
                    break;
                }
                max += 1;
            }
            for len in (1..=max).rev() {
                if !d.words[i + len - 1].cap {
                    continue;
                }
                let entry = if len == 1 {
                    self.word_entry(i)
                } else {
                    d.key(i, i + len, &mut buf);
                    // Not cached: fewer than one in twenty multi-word keys repeat in a
                    // document, and a cache's hashing and copying cost more than it saved.
                    self.gaz.entry(&buf)
                };
                if let Some(e) = entry {
                    // "The Hague" and "The Netherlands" are names; "The Center" is not.
                    let article = d.f(i) == "the"
                        && !e
                            .places()
                            .any(|p| p.by_main_name() && p.name().starts_with("The "));
                    if article {
                        continue;
                    }
                    // (A single word has no space, so it is never regional.)
                    let regional = len > 1
                        && (buf.ends_with(" oblast")
                            || buf.ends_with(" region")
                            || buf.ends_with(" province"));
                    found = Some((len, e, regional));
                    break;
                }
            }
            // "the Kharkiv region", "Hatay province": a lowercase region word after one name
            // word makes it the region (GeoNames knows Ukraine's and Russia's as "X Oblast").
            if matches!(found, None | Some((1, _, _)))
                && i + 1 < n
                && d.joined(i)
                && !d.words[i + 1].cap
                && matches!(d.f(i + 1), "region" | "oblast" | "province")
                && self.free(i + 1, i + 2)
            {
                let has_admin1 = |e: &dossier_gazetteer::Entry| {
                    e.places().any(|p| p.feature() == Feature::Admin1)
                };
                buf.clear();
                buf.push_str(d.f(i));
                buf.push_str(" oblast");
                let admin = self
                    .gaz
                    .entry(&buf)
                    .filter(has_admin1)
                    .or_else(|| found.map(|f| f.1).filter(has_admin1));
                if let Some(entry) = admin {
                    found = Some((2, entry, true));
                }
            }
            match found {
                Some((len, entry, regional)) => {
                    candidates.push((i, i + len, entry, regional));
                    i += len;
                }
                None => i += 1,
            }
        }
        // Document context: countries named, or implied by demonyms.
        let mut context: HashSet<[u8; 2]> = HashSet::default();
        for (_, _, e, _) in &candidates {
            if let Some(c) = e.places().find(|p| p.feature() == Feature::Country) {
                if let Ok(code) = c.country().as_bytes().try_into() {
                    context.insert(code);
                }
            }
        }
        let mut name_buf = String::new();
        for (a, b, entry, regional) in candidates {
            let flags = entry.flags;
            if flags.demonym() {
                continue;
            }
            let in_context = |p: &PlaceRef| {
                p.country()
                    .as_bytes()
                    .try_into()
                    .is_ok_and(|c: [u8; 2]| context.contains(&c))
            };
            let score = |p: &PlaceRef| -> f64 {
                // A tenfold larger place outweighs the document's context: Rome, Italy
                // over Rome, Georgia (US) in an article that mentions the US.
                let feature = match p.feature() {
                    Feature::Country => 30.0,
                    Feature::Admin1 if regional => 20.0,
                    Feature::Admin1 => -3.0,
                    Feature::City => 0.0,
                };
                feature
                    + 2.0 * (p.population() as f64 + 10.0).log10()
                    + if in_context(p) { 2.0 } else { 0.0 }
                    + if p.by_main_name() { 1.5 } else { 0.0 }
            };
            let Some(best) = entry.places().max_by(|x, y| {
                score(x)
                    .total_cmp(&score(y))
                    .then(y.geonameid().cmp(&x.geonameid()))
            }) else {
                continue;
            };
            if !self.place_gate(a, b, flags, &best, in_context(&best), regional) {
                continue;
            }
            let info = PlaceInfo {
                geonameid: best.geonameid(),
                lat: best.lat(),
                lon: best.lon(),
                country: best.country().to_string(),
                feature: best.feature().as_str().to_string(),
                population: Some(best.population()),
            };
            // Same-named places are kept apart by their geonameid until the end.
            name_buf.clear();
            // ("the Belgorod region": GeoNames displays some Russian regions by their local
            // form, "Belgorodskaya oblast'"; the English "Belgorod Oblast" reads better.)
            let local_oblast = regional
                && b == a + 2
                && best.feature() == Feature::Admin1
                && matches!(best.country(), "RU" | "UA" | "BY")
                && !best.name().ends_with(" Oblast")
                // (Only an oblast's local form or a bare name: "Autonomous Republic of
                // Crimea" keeps its own.)
                && (best.name().to_lowercase().contains("oblast")
                    || !best.name().contains(' '));
            if local_oblast {
                name_buf.push_str(d.t(a));
                name_buf.push_str(" Oblast");
            } else {
                name_buf.push_str(best.name());
            }
            name_buf.push('\u{1f}');
            // Writing to a String cannot fail.
            let _ = write!(name_buf, "{}", info.geonameid);
            let e = self.mention(
                EntityType::Place,
                &name_buf,
                d.span(a, b),
                "place-gazetteer",
            );
            self.entities[e].place = Some(info);
            self.claim(a, b);
        }
        // Strip the geonameid used to keep same-named places apart.
        for e in &mut self.entities {
            if let Some(at) = e.name.find('\u{1f}') {
                e.name.truncate(at);
            }
        }
        self.buf = buf;
    }

    /// Whether a gazetteer match in running text is really a place.
    fn place_gate(
        &self,
        a: usize,
        b: usize,
        flags: dossier_gazetteer::KeyFlags,
        best: &PlaceRef,
        in_context: bool,
        regional: bool,
    ) -> bool {
        let d = self.doc;
        let single = b == a + 1;
        let country = best.feature() == Feature::Country;
        // Subdivisions are safe only when written as such ("Kharkiv Oblast"); a bare
        // subdivision name ("Centre", "Coast") is as ambiguous as a town's.
        let big = country || (best.feature() == Feature::Admin1 && regional);
        let w = d.words[a];
        let written = &d.text[d.words[a].s()..d.words[b - 1].e()];
        if single && (d.f(a).chars().count() < 3 && !w.upper || d.is(a, flag::NOT_NAME)) {
            return false;
        }
        let not_place = if single {
            d.is(a, flag::NOT_PLACE)
        } else {
            lexicon::NOT_PLACES.contains(&d.key_str(a, b).as_str())
        };
        if not_place {
            return false;
        }
        // "MoD", "PhD", "TVs", "I've": inner capitals or contractions are not place names.
        let inner_caps = if written.is_ascii() {
            // (Most names: the same test on bytes.)
            written
                .as_bytes()
                .split(|&b| b == b'-' || b == b' ')
                .any(|part| {
                    part.iter().skip(1).any(u8::is_ascii_uppercase)
                        && part.iter().any(u8::is_ascii_lowercase)
                })
        } else {
            written.split(['-', ' ']).any(|part| {
                part.chars().skip(1).any(char::is_uppercase) && part.chars().any(char::is_lowercase)
            })
        };
        if inner_caps
            || written.contains(['\'', '’'])
                && !written.contains(char::is_whitespace)
                && written.len() < 6
        {
            return false;
        }
        // Acronyms are organisations or weapons more often than places, unless a country.
        if w.upper && !country {
            return false;
        }
        if flags.english_word() && !country {
            if single && w.sent_first {
                return false;
            }
            let strong = best.population() >= 500_000 && in_context && best.by_main_name();
            if !strong && !big {
                return false;
            }
        }
        if big {
            return true;
        }
        // "Sea of Azov", "Gulf of Finland": a water body named after a town is not the town.
        if a >= 2
            && d.f(a - 1) == "of"
            && matches!(d.f(a - 2), "sea" | "gulf" | "bay" | "strait" | "lake")
        {
            return false;
        }
        let next_cap = b < d.words.len() && d.joined(b - 1) && d.words[b].cap;
        let prev_cap = a > 0 && d.joined(a - 1) && d.words[a - 1].cap;
        // ("In Odessa, ...": a capitalised function word before it is no first name.)
        let prev_name = prev_cap && !d.is(a - 1, flag::NOT_NAME);
        if flags.given_name() && (next_cap || prev_name || best.population() < 50_000) {
            return false;
        }
        // Found by an alternate name (an old or foreign spelling): only a large town or one
        // in a country the document is about, and never as a sentence's first word.
        let known = in_context || best.population() >= 100_000;
        if !best.by_main_name() && (!known || (single && w.sent_first)) {
            return false;
        }
        // Abroad (no mention of the country), only towns big enough to be news by name;
        // a surname abroad ("Kennedy", a district of Bogotá) only a city of millions.
        if !in_context && best.population() < 50_000 {
            return false;
        }
        if flags.surname() && !in_context && best.population() < 1_000_000 {
            return false;
        }
        // A person's name that is only an old or foreign name of a town abroad is the
        // person: "the appearance of Victoria" (Hong Kong), "Beria" (Aleppo).
        if (flags.given_name() || flags.surname()) && !best.by_main_name() && !in_context {
            return false;
        }
        if !best.by_main_name() && single && d.f(a).len() < 4 {
            return false;
        }
        if d.title_case(a) {
            return true;
        }
        // A place name glued to capitalised words that are not places is part of some
        // other name: "Nord Stream", "Lincoln Memorial", "Mike Pompeo", "Lvova-Belova".
        if next_cap && !self.claimed[b] {
            let nf = d.f(b);
            let ok = d.is(b, flag::TITLE)
                || matches!(
                    nf,
                    "oblast" | "region" | "province" | "city" | "district" | "raion"
                )
                || self.word_entry(b).is_some_and(|e| {
                    e.flags.demonym() || e.places().any(|p| p.feature() == Feature::Country)
                });
            if !ok {
                return false;
            }
        }
        if prev_cap && !self.claimed[a - 1] {
            let ok = d.is(a - 1, flag::NOT_NAME | flag::TITLE)
                || self.word_entry(a - 1).is_some_and(|e| {
                    e.flags.demonym() || e.places().any(|p| p.feature() == Feature::Country)
                });
            if !ok {
                return false;
            }
        }
        true
    }

    // -------------------------------------------------------------- finish

    /// Orders entities by first mention and sorts each one's mentions.
    fn finish(mut self) -> Vec<FoundEntity> {
        for e in &mut self.entities {
            e.mentions.sort_unstable();
            e.mentions.dedup();
        }
        let mut order: Vec<usize> = (0..self.entities.len())
            .filter(|&k| !self.entities[k].mentions.is_empty())
            .collect();
        order.sort_by_key(|&k| self.entities[k].mentions[0]);
        let mut new_index = vec![usize::MAX; self.entities.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        // Each index appears once in `order`, so every entity is moved out exactly once.
        let mut slots: Vec<Option<FoundEntity>> = self.entities.into_iter().map(Some).collect();
        let mut out: Vec<FoundEntity> = order.iter().filter_map(|&k| slots[k].take()).collect();
        for e in &mut out {
            e.parent = e.parent.map(|p| new_index[p]).filter(|&p| p != usize::MAX);
        }
        out
    }
}

#[cfg(test)]
mod tests;
