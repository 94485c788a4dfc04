//! The cue lexicon: verbs (and a few nouns) that introduce an attribution, by form.
//!
//! Each entry is an inflected form, lowercase. The class says how the content attaches:
//! speech verbs take a clause or a quotation on either side, `Tell` verbs take an
//! addressee first ("told reporters that ..."), cognition and intention verbs take the
//! clause or infinitive after them ("believes ...", "plans to ..."), evidence verbs are
//! attributions only when a finding follows ("the poll found that ...").
//!
//! Forms beyond the common speech verbs were admitted by measurement: each candidate was
//! added, and kept only if at least half of the claims it produced on PolNeAR's training
//! split matched a gold attribution (e.g. "railed" 9 of 10, "notes" 20 of 26 kept;
//! "compared" 11 of 55, "knew" 10 of 31 dropped; of 86 further verb forms that head
//! gold cues, 18 passed, "decried" 8 of 9, "likened" 5 of 6, of which four that name
//! actions rather than statements in war reporting — "ordered", "pushed", "pushing",
//! "promises" — were left out). The dev split is never used to choose.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The hash of the word maps: lexicon keys are short words, looked up once per token,
/// where SipHash's DoS resistance buys nothing. Eight bytes per multiply (most words take
/// one), as the Fx hash of rustc; FNV's multiply per byte was a tenth of the claim rules'
/// instructions.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, v: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // The table takes its bucket from the low bits, which a product leaves poorly
        // mixed: rotate the high bits down.
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((c, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*c));
            rest = tail;
        }
        // The rest in at most three steps (4, 2, 1 bytes).
        if let Some((c, tail)) = rest.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*c)));
            rest = tail;
        }
        if let Some((c, tail)) = rest.split_first_chunk::<2>() {
            self.add(u64::from(u16::from_le_bytes(*c)));
            rest = tail;
        }
        if let Some(&b) = rest.first() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
}

/// A map keyed by short words.
pub type WordMap<V> = HashMap<&'static str, V, BuildHasherDefault<WordHasher>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// say, add, claim, warn, insist... (content before or after).
    Speech,
    /// tell, inform, assure: an addressee comes before the content.
    Tell,
    /// believe, think, hope, fear, expect, know: content after.
    Cognition,
    /// want, plan, intend, seek, vow, promise: content (usually an infinitive) after.
    Intention,
    /// show, find, indicate, suggest, reveal: content after, a finding.
    Evidence,
    /// support, endorse, oppose, praise, criticise: the content is the object.
    Stance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub class: CueClass,
    /// A present participle ("saying", "adding"): its subject is the main clause's.
    pub participle: bool,
}

const SPEECH: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "add",
    "adds",
    "added",
    "adding",
    "stated",
    "stating",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "reiterate",
    "reiterates",
    "reiterated",
    "reiterating",
    "deny",
    "denies",
    "denied",
    "denying",
    "warn",
    "warns",
    "warned",
    "warning",
    "insist",
    "insists",
    "insisted",
    "insisting",
    "note",
    "noted",
    "noting",
    "argue",
    "argues",
    "argued",
    "arguing",
    "explain",
    "explains",
    "explained",
    "explaining",
    "write",
    "writes",
    "wrote",
    "writing",
    "tweet",
    "tweeted",
    "tweeting",
    "announce",
    "announces",
    "announced",
    "announcing",
    "report",
    "reported",
    "suggest",
    "suggested",
    "suggesting",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "acknowledging",
    "admit",
    "admits",
    "admitted",
    "admitting",
    "declare",
    "declares",
    "declared",
    "declaring",
    "ask",
    "asks",
    "asked",
    "asking",
    "reply",
    "replies",
    "replied",
    "replying",
    "respond",
    "responds",
    "responded",
    "responding",
    "recall",
    "recalls",
    "recalled",
    "recalling",
    "conclude",
    "concludes",
    "concluded",
    "concluding",
    "predict",
    "predicts",
    "predicted",
    "predicting",
    "confirm",
    "confirms",
    "confirmed",
    "confirming",
    "observe",
    "observes",
    "observed",
    "contend",
    "contends",
    "contended",
    "assert",
    "asserts",
    "asserted",
    "asserting",
    "maintain",
    "emphasize",
    "emphasizes",
    "emphasized",
    "emphasised",
    "emphasizing",
    "stress",
    "stresses",
    "stressed",
    "stressing",
    "complain",
    "complains",
    "complained",
    "complaining",
    "charge",
    "charged",
    "charging",
    "allege",
    "alleges",
    "alleged",
    "alleging",
    "testify",
    "testified",
    "concede",
    "concedes",
    "conceded",
    "conceding",
    "estimate",
    "estimated",
    "counter",
    "countered",
    "boast",
    "boasted",
    "brag",
    "bragged",
    "joke",
    "joked",
    "quip",
    "quipped",
    "caution",
    "cautioned",
    "lament",
    "lamented",
    "disclose",
    "disclosed",
    "remark",
    "remarked",
    "shout",
    "shouted",
    "exclaim",
    "exclaimed",
    "post",
    "posted",
    "repeat",
    "repeated",
    "signal",
    "signaled",
    "hint",
    "hinted",
    "imply",
    "implied",
    "recount",
    "recounted",
    "speculate",
    "speculated",
    "answered",
    "retort",
    "retorted",
    "demand",
    "demands",
    "demanded",
    "demanding",
    "urge",
    "urges",
    "urged",
    "urging",
    "mention",
    "mentioned",
    "pointed",
    "concur",
    "agreed",
    "agrees",
    "vow",
    "vows",
    "vowed",
    "vowing",
    "promise",
    "promised",
    "promising",
    "pledges",
    "pledged",
    "pledging",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "accuse",
    "accused",
    "accuses",
    "accusing",
    "declare",
    "wondered",
    "continued",
    "proclaimed",
    "proclaims",
    "acknowledged",
    "clarified",
    "relayed",
    "conveyed",
    "assured",
    "tweets",
    "admitted",
    "reveal",
    "reveals",
    "revealed",
    "revealing",
    "notes",
    "echoed",
    "echoes",
    "touted",
    "touts",
    "laments",
    "highlighted",
];

const TELL: &[&str] = &[
    "tell",
    "tells",
    "told",
    "telling",
    "inform",
    "informs",
    "informed",
    "informing",
    "assure",
    "assures",
    "reassured",
    "reminded",
    "reminds",
    "warned",
    "briefed",
];

const COGNITION: &[&str] = &[
    "believe",
    "believes",
    "believed",
    "believing",
    "think",
    "thinks",
    "thought",
    "feel",
    "felt",
    "hope",
    "hopes",
    "hoped",
    "hoping",
    "fear",
    "fears",
    "feared",
    "fearing",
    "expect",
    "expects",
    "expected",
    "expecting",
    "know",
    "knows",
    "worry",
    "worries",
    "worried",
    "doubt",
    "doubts",
    "doubted",
    "suspect",
    "suspects",
    "suspected",
    "assume",
    "assumes",
    "assumed",
    "understand",
    "understands",
    "understood",
    "consider",
    "considers",
    "considered",
    "realize",
    "realized",
    "realizes",
    "acknowledge",
    "recognize",
    "recognized",
    "recognizes",
    "agree",
    "insisted",
    "guess",
    "guessed",
    "reckon",
    "imagine",
    "imagined",
    "predict",
    "anticipate",
    "anticipates",
    "anticipated",
    "sees",
    "saw",
    "viewed",
    "learned",
];

const INTENTION: &[&str] = &[
    "want",
    "wants",
    "wanted",
    "wanting",
    "plans",
    "planned",
    "planning",
    "seek",
    "seeks",
    "sought",
    "seeking",
    "aim",
    "aims",
    "aimed",
    "wish",
    "wishes",
    "wished",
    "decide",
    "decides",
    "decided",
    "refuse",
    "refuses",
    "refused",
    "decline",
    "declines",
    "declined",
    "preferred",
    "vowed",
    "hopes",
    "propose",
    "proposes",
    "proposed",
    "proposing",
    "supported",
    "oppose",
    "opposes",
    "opposed",
    "endorses",
    "endorsed",
    "called",
    "calls",
    "call",
    "calling",
];

const EVIDENCE: &[&str] = &[
    "show",
    "shows",
    "showed",
    "shown",
    "showing",
    "find",
    "finds",
    "found",
    "indicate",
    "indicates",
    "indicated",
    "indicating",
    "suggests",
    "reveal",
    "reveals",
    "revealed",
    "demonstrate",
    "demonstrates",
    "demonstrated",
    "confirm",
    "confirms",
    "confirmed",
    "put",
    "estimates",
    "reads",
    "named",
    "pointing",
    "points",
];

const STANCE: &[&str] = &[
    "supported",
    "endorses",
    "endorsed",
    "endorsing",
    "oppose",
    "opposes",
    "opposed",
    "opposing",
    "backed",
    "praise",
    "praises",
    "praised",
    "praising",
    "criticize",
    "criticizes",
    "criticized",
    "criticizing",
    "criticise",
    "criticised",
    "blast",
    "blasts",
    "blasted",
    "blasting",
    "attacked",
    "defends",
    "defended",
    "defending",
    "reject",
    "rejects",
    "rejected",
    "rejecting",
    "slam",
    "slams",
    "slammed",
    "slamming",
    "condemn",
    "condemns",
    "condemned",
    "condemning",
    "described",
    "describing",
    "dismissed",
    "dismisses",
    "questioned",
    "cited",
    "cites",
    "citing",
    "blamed",
    "blames",
    "blaming",
    "mocked",
    "mocks",
    "hailed",
    "hails",
    "applauded",
    "welcomed",
    "welcomes",
    "called",
    "calls",
    "calling",
    "preferred",
    // Stances and topics with an object or a preposition (PolNeAR annotates them; checked
    // one by one against train).
    "expressed",
    "expresses",
    "expressing",
    "supports",
    "discussed",
    "questioning",
    "referring",
    "talked",
    "talking",
    "talks",
    "spoke",
    "denounced",
    "denouncing",
    "denounce",
    "railed",
    "thanked",
    "prefer",
    "prefers",
    "encouraged",
    "voiced",
    "pleaded",
    "decried",
    "refusing",
    "retweeted",
    "touting",
    "repeating",
    "thanking",
    "bemoaned",
    "hints",
    "likened",
    "assailed",
    "remarking",
    "invoked",
];

fn lexicon() -> &'static WordMap<Cue> {
    static LEXICON: OnceLock<WordMap<Cue>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut m = WordMap::default();
        // Later lists win for forms listed twice: the more specific class.
        for (list, class) in [
            (SPEECH, CueClass::Speech),
            (EVIDENCE, CueClass::Evidence),
            (INTENTION, CueClass::Intention),
            (COGNITION, CueClass::Cognition),
            (TELL, CueClass::Tell),
            (STANCE, CueClass::Stance),
        ] {
            for &w in list {
                m.insert(
                    w,
                    Cue {
                        class,
                        participle: w.ends_with("ing"),
                    },
                );
            }
        }
        // A few forms read better as speech than as what their last list says.
        for w in [
            "warned",
            "insisted",
            "predict",
            "acknowledge",
            "agree",
            "confirmed",
        ] {
            if let Some(c) = m.get_mut(w) {
                c.class = CueClass::Speech;
            }
        }
        m
    })
}

/// Looks a lowercase word up.
/// What the claim rules need to know about a word, from one lookup.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    pub cue: Option<Cue>,
    /// "claim", "allegation", "denial": a noun that takes a "that" clause.
    pub claim_noun: bool,
    /// "seems", "appeared": an appearance with no source.
    pub appearance: bool,
    /// "according" (to).
    pub according: bool,
}

/// Everything the rules know about a lowercase word, or `None` for the words in no list.
pub fn word_info(lower: &str) -> Option<WordInfo> {
    words().get(lower).copied()
}

/// Every word [`word_info`] knows.
pub fn word_info_keys() -> impl Iterator<Item = &'static str> {
    words().keys().copied()
}

fn words() -> &'static WordMap<WordInfo> {
    static WORDS: OnceLock<WordMap<WordInfo>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut m: WordMap<WordInfo> = WordMap::default();
        for (&w, &cue) in lexicon() {
            m.entry(w).or_default().cue = Some(cue);
        }
        for &w in CLAIM_NOUNS {
            m.entry(w).or_default().claim_noun = true;
        }
        for w in ["seem", "seems", "seemed", "appear", "appears", "appeared"] {
            m.entry(w).or_default().appearance = true;
        }
        m.entry("according").or_default().according = true;
        m
    })
}

pub fn lookup(lower: &str) -> Option<Cue> {
    lexicon().get(lower).copied()
}

/// Nouns that name a claim and take a "that" clause: "the allegation raised by Putin that
/// ...", "his claim that ...".
pub const CLAIM_NOUNS: &[&str] = &[
    "allegation",
    "allegations",
    "claim",
    "claims",
    "accusation",
    "accusations",
    "assertion",
    "assertions",
    "suggestion",
    "argument",
    "charge",
    "charges",
    "belief",
    "notion",
    "contention",
    "insistence",
    "warning",
    "warnings",
    "promise",
    "pledge",
    "statement",
    "report",
    "reports",
    "rumor",
    "rumors",
    "rumour",
    "speculation",
    "view",
    "hope",
    "hopes",
    "fear",
    "fears",
    "assurance",
    "assurances",
    "concern",
    "concerns",
    "idea",
    "theory",
    "announcement",
    "admission",
    "prediction",
    "expectation",
    "expectations",
    "argument",
    "position",
    "message",
    "insistence",
    "denial",
    "confirmation",
];

/// Participles that report a passive attribution with no source: "it is believed that ...".
pub const PASSIVE: &[&str] = &[
    "believed",
    "expected",
    "thought",
    "reported",
    "said",
    "alleged",
    "rumored",
    "rumoured",
    "feared",
    "estimated",
    "understood",
    "known",
    "claimed",
    "projected",
    "predicted",
];
