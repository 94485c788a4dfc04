use super::*;

/// (speaker mentions, cue, content segments, kind, rule) of each claim.
type Seen<'a> = (Vec<&'a str>, &'a str, Vec<&'a str>, ClaimKind, &'static str);

fn run(text: &str) -> Vec<Seen<'_>> {
    let sentences = dossier_text::sentences(text);
    find(text, &sentences, &Triggers::scan(text, &sentences))
        .into_iter()
        .map(|c| {
            (
                c.speakers
                    .iter()
                    .filter_map(|s| s.mention.map(|m| &text[m.0..m.1]))
                    .collect(),
                c.cue.map_or("", |q| &text[q.0..q.1]),
                c.segments.iter().map(|&(s, e)| &text[s..e]).collect(),
                c.kind,
                c.rule,
            )
        })
        .collect()
}

#[test]
fn speaker_cue_that_content() {
    let got = run("President Ann Lee has reiterated that she is committed to the plan.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["President Ann Lee"]);
    assert_eq!(got[0].1, "reiterated");
    assert_eq!(got[0].2, ["she is committed to the plan"]);
    assert_eq!(got[0].3, ClaimKind::Indirect);
}

#[test]
fn trailing_quote_with_continuation() {
    let t = "“We will hold the line,” the mayor said. “Nobody leaves.”\n\nOther news.";
    let got = run(t);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the mayor"]);
    assert_eq!(got[0].2, ["We will hold the line", "Nobody leaves."]);
    assert_eq!(got[0].3, ClaimKind::Direct);
    assert_eq!(got[0].4, "content-speaker-cue");
}

#[test]
fn quote_split_by_he_said() {
    let got = run("\"The bridge is gone,\" he said, \"and the road too.\"");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["he"]);
    assert_eq!(got[0].2, ["The bridge is gone", "and the road too."]);
}

#[test]
fn inverted_speaker() {
    let got = run("“It was quiet,” said Maria Ivanova, a nurse.");
    assert_eq!(got[0].0, ["Maria Ivanova"]);
    assert_eq!(got[0].2, ["It was quiet"]);
    assert_eq!(got[0].4, "content-cue-speaker");
}

#[test]
fn according_to_both_ways() {
    let got = run(
        "According to the ministry, the unit reached the river. The town fell, according to local officials.",
    );
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, ["the ministry"]);
    assert_eq!(got[0].2, ["the unit reached the river"]);
    assert_eq!(got[1].0, ["local officials"]);
    assert_eq!(got[1].2, ["The town fell"]);
}

#[test]
fn colon_quote_over_two_sentences() {
    let got = run("Smith recently stated: “We see it. We record it.” Then he left.");
    assert_eq!(got[0].0, ["Smith"]);
    assert_eq!(got[0].2, ["We see it. We record it."]);
    assert_eq!(got[0].3, ClaimKind::Direct);
}

#[test]
fn allegation_raised_by() {
    let got =
        run("There is no truth to the allegation raised by the envoy that the port was mined.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the envoy"]);
    assert_eq!(got[0].1, "the allegation raised by");
    assert_eq!(got[0].2, ["the port was mined"]);
}

#[test]
fn sources_include_two_speakers() {
    let got = run(
        "Sources for the reports about troops crossing the river include the army and Mayor Ivan Petrenko.",
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the army", "Mayor Ivan Petrenko"]);
    assert_eq!(got[0].2, ["troops crossing the river"]);
}

#[test]
fn belief_and_intention() {
    let got = run("The senator believes the deal will pass. Voters want to see results.");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, ["The senator"]);
    assert_eq!(got[0].2, ["the deal will pass"]);
    assert_eq!(got[1].2, ["to see results"]);
}

#[test]
fn participle_takes_the_main_subject() {
    let got = run("Obama threatened to veto the bill, arguing it could expose the country.");
    let arguing = got
        .iter()
        .find(|c| c.1 == "arguing")
        .expect("participle claim");
    assert_eq!(arguing.0, ["Obama"]);
    assert_eq!(arguing.2, ["it could expose the country"]);
}

#[test]
fn cues_inside_quotes_are_not_claims_and_no_cue_no_claim() {
    assert!(
        run("“I said no,” was all.")
            .iter()
            .all(|c| c.1 != "said" || c.0 != ["I"])
    );
    assert!(run("The bridge collapsed on Tuesday.").is_empty());
    assert!(run("").is_empty());
    assert!(run("said said said").len() <= 3);
}

#[test]
fn progressive_cue_keeps_its_subject() {
    let got = run("The senator is pledging to take the fight to the convention floor.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["The senator"]);
    assert_eq!(got[0].1, "pledging");
    assert_eq!(got[0].2, ["to take the fight to the convention floor"]);
}

#[test]
fn passive_with_agent_attributes_the_subject_to_the_agent() {
    let got = run("The closure of the bridge was first reported by the city newspaper.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the city newspaper"], "{got:?}");
    assert_eq!(got[0].2, ["The closure of the bridge"]);
    assert_eq!(got[0].4, "passive-by");
    // Without an agent ("was reported missing") nothing is attributed to anyone.
    assert!(
        run("The convoy was reported missing on Monday.")
            .iter()
            .all(|c| c.4 != "passive-by")
    );
}

#[test]
fn infinitive_after_a_host_verb_is_the_subjects_claim() {
    let got = run("The mayor went on to say that the shelters were full.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["The mayor"]);
    assert_eq!(got[0].1, "went on to say");
    assert_eq!(got[0].2, ["the shelters were full"]);
    // "the right to say": no host verb, no claim.
    assert!(run("Citizens have the right to say what they think.").is_empty());
}

#[test]
fn dash_before_inverted_attribution() {
    // Wire copy translated from other languages often sets the attribution off with a dash.
    let got = run("The talks will go on next week - said the foreign minister.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the foreign minister"]);
    assert_eq!(got[0].2, ["The talks will go on next week"]);
    assert_eq!(got[0].4, "content-cue-speaker");
}

#[test]
fn relative_that_after_a_claim_noun_is_no_claim() {
    assert!(
        run("He was given a position that hadn't existed before.")
            .iter()
            .all(|c| c.4 != "claim-noun")
    );
    let got = run("Officials rejected the claim that the dam was mined.");
    assert!(got.iter().any(|c| c.2 == ["the dam was mined"]), "{got:?}");
}

#[test]
fn told_with_a_time_after_that_is_a_trailing_attribution() {
    let got = run("“We will rebuild,” the mayor told reporters that same day.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the mayor"]);
    assert_eq!(got[0].2, ["We will rebuild"]);
}

#[test]
fn participle_between_determiner_and_cue_makes_a_noun() {
    let got = run("Amid the growing fears of an attack, the mayor said the city was ready.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the mayor"]);
}

#[test]
fn reduced_passive_relative() {
    let got = run("Officials defended a practice criticized by civil rights groups.");
    let c = got.iter().find(|c| c.4 == "passive-by").expect("{got:?}");
    assert_eq!(c.0, ["civil rights groups"]);
    assert_eq!(c.2, ["a practice"]);
}

#[test]
fn no_response_and_bylines_are_not_claims() {
    assert!(run("The ministry did not respond to a request for comment.").is_empty());
    assert!(run("Anna Berg reported from Kharkiv.").is_empty());
}

#[test]
fn adjective_before_a_cue_word_makes_it_a_noun() {
    let got = run("The deal took Russia's greatest fears off the table.");
    assert!(got.iter().all(|c| c.1 != "fears"), "{got:?}");
}

#[test]
fn speaker_phrases_lose_verbs_and_lone_adjectives() {
    let got = run("The delay risks letting the council believe that nothing will change.");
    let c = got.iter().find(|c| c.1 == "believe").expect("{got:?}");
    assert_eq!(c.0, ["the council"]);
    let got = run("Leaving as soon as possible shows that the warnings are taken seriously.");
    assert!(got.iter().all(|c| c.0 != ["possible"]), "{got:?}");
}

#[test]
fn findings_with_an_object_or_at_the_end() {
    let got = run("For instance, a city poll last week showed the mayor in third place.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["a city poll"]);
    assert_eq!(got[0].2, ["the mayor in third place"]);
    let got = run("Most of the money arrived in February, new fundraising reports show.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["new fundraising reports"]);
    assert_eq!(got[0].2, ["Most of the money arrived in February"]);
    // No finding without a source that finds: "the game showed promise".
    assert!(run("The young team showed promise in the second half.").is_empty());
}

#[test]
fn intention_with_not_to() {
    let got = run("The deputy mayor decided not to enter the race.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["The deputy mayor"]);
    assert_eq!(got[0].2, ["not to enter the race"]);
}

#[test]
fn as_x_put_it() {
    let got = run("As one commander put it, the town cannot be held for long.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["one commander"]);
    assert_eq!(got[0].1, "put it");
    assert_eq!(got[0].2, ["the town cannot be held for long"]);
    let got = run("The town cannot be held for long, as one commander said.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["one commander"]);
    assert_eq!(got[0].2, ["The town cannot be held for long"]);
    // "as" in other roles is nothing.
    assert!(run("As the convoy moved north, the shelling stopped.").is_empty());
}

#[test]
fn asked_by_whom_whether() {
    let got = run("The mayor was asked by a reporter whether the bridge would reopen.");
    let c = got.iter().find(|c| c.4 == "passive-by").expect("{got:?}");
    assert_eq!(c.0, ["a reporter"]);
    assert_eq!(c.2, ["whether the bridge would reopen"]);
}

#[test]
fn appearing_somewhere_is_no_appearance() {
    assert!(run("The governor appeared in court on Monday.").is_empty());
    let got = run("The governor appears to have the stronger position.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].4, "appearance");
}

#[test]
fn participle_after_a_quoted_comma() {
    let got = run("She said the system was \"corrupt,\" noting that nobody was charged.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].2, ["the system was \"corrupt,\""]);
    assert_eq!(got[1].4, "participle");
    assert_eq!(got[1].2, ["nobody was charged"]);
}

#[test]
fn reported_content_goes_on_after_a_medial_attribution() {
    let got = run("In any case, he said, the bridge was never rebuilt.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, ["In any case", "the bridge was never rebuilt"]);
    // The writer's participle after the attribution is not the speaker's.
    let got = run("The bridge was never rebuilt, he said, citing the cost.");
    assert_eq!(got[0].2, ["The bridge was never rebuilt"], "{got:?}");
}

#[test]
fn passives_that_are_not_attributions() {
    assert!(
        run("Russia responded by annexing the peninsula.")
            .iter()
            .all(|c| c.4 != "passive-by")
    );
    assert!(
        run("The heads of the agencies were informed by the minister.")
            .iter()
            .all(|c| c.4 != "passive-by")
    );
}

#[test]
fn as_needs_the_speaker_right_after_it() {
    assert!(
        run("As early as 2002, the former president recalls, the plan was ready.")
            .iter()
            .all(|c| c.4 != "as-put-it")
    );
    let got = run("As the institute has frequently reported, the shelling intensified.");
    let c = got.iter().find(|c| c.4 == "as-put-it").expect("{got:?}");
    assert_eq!(c.0, ["the institute"]);
}

#[test]
fn topics_need_their_preposition() {
    let got = run("The governor talked about the evacuation of the villages.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["The governor"]);
    assert_eq!(got[0].2, ["the evacuation of the villages"]);
    assert!(run("The governor spoke to reporters on Monday.").is_empty());
}

#[test]
fn possessive_pronoun_owns_a_claim_noun() {
    let got = run("His claim that the dam was mined was never proven.");
    let c = got.iter().find(|c| c.4 == "claim-noun").expect("{got:?}");
    assert_eq!(c.0, ["His"]);
}

#[test]
fn according_to_in_the_middle() {
    let got = run("The contractor receives, according to the filing, $234 million a year.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the filing"]);
    assert_eq!(got[0].2, ["The contractor receives", "$234 million a year"]);
}

#[test]
fn dash_attribution_with_a_time_or_place_after_the_speaker() {
    let got = run("We do not want war - said the minister on Sunday.");
    let c = got
        .iter()
        .find(|c| c.4 == "content-cue-speaker")
        .expect("{got:?}");
    assert_eq!(c.0, ["the minister"]);
    assert_eq!(c.2, ["We do not want war"]);
    assert!(
        got.iter()
            .all(|c| !c.2.iter().any(|seg| seg.contains("said"))),
        "{got:?}"
    );
}

#[test]
fn dialogue_dash_is_not_content() {
    let got = run("- Nobody will hide - said the minister.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, ["Nobody will hide"]);
}

#[test]
fn spaced_dash_ends_a_speaker_and_opens_a_trailing_attribution() {
    let got = run("We will not bow to Russia - Johnson told reporters on Monday.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Johnson"]);
    assert_eq!(got[0].2, ["We will not bow to Russia"]);
}

#[test]
fn no_double_claims_and_no_empty_cues() {
    let got = run("The staff decided to believe the first version.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "decided");
    let got = run("Defense officials agreed, saying an offensive is likely.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].4, "participle");
    assert_eq!(got[0].2, ["an offensive is likely"]);
}

#[test]
fn told_then_adding_that() {
    let got =
        run("“The bridge is ours,” the mayor told reporters, adding that the road was clear.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, ["the mayor"]);
    assert_eq!(got[0].2, ["The bridge is ours"]);
    assert_eq!(got[1].4, "participle");
    assert_eq!(got[1].0, ["the mayor"]);
    assert_eq!(got[1].2, ["the road was clear"]);
}

#[test]
fn as_reported_by_and_adverb_before_that() {
    let got = run("As reported by the regional paper, the ferry was cancelled.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the regional paper"]);
    assert_eq!(got[0].2, ["the ferry was cancelled"]);
    let got = run("The mayor rallied residents by warning darkly that the dam was at risk.");
    let c = got.iter().find(|c| c.1 == "warning").expect("{got:?}");
    assert_eq!(c.2, ["the dam was at risk"]);
}

#[test]
fn speakers_across_times_and_titles() {
    let got = run("The leader of China last week called for maximum restraint.");
    assert_eq!(got[0].0, ["The leader of China"], "{got:?}");
    let got = run("The US secretary of state has warned that the talks could fail.");
    assert_eq!(got[0].0, ["The US secretary of state"], "{got:?}");
    assert!(run("As invasion fears crested, the city emptied.").is_empty());
}

#[test]
fn a_run_on_sentence_cannot_multiply_its_size_in_claims() {
    let text = "Asked ".repeat(3000);
    let sentences = dossier_text::sentences(&text);
    let claims = find(&text, &sentences, &Triggers::scan(&text, &sentences));
    let content: usize = claims
        .iter()
        .flat_map(|c| &c.segments)
        .map(|&(a, b)| b - a)
        .sum();
    assert!(!claims.is_empty());
    assert!(
        content <= 4 * text.len() + 1024 * sentences.len(),
        "{content} bytes of content from {} bytes",
        text.len()
    );
}

#[test]
fn the_prefilter_lets_a_kelvin_sign_through() {
    // "thinKs" with U+212A lowercases to "thinks" for the rules.
    let got = run("Smith thin\u{212A}s that the war will end soon.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Smith"]);
}

#[test]
fn quantifier_subjects_states_of_mind_and_statements() {
    let got = run("Some accused the mayor of inciting violence.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Some"]);
    let got = run("His supporters were worried that he was softening his position.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["His supporters"]);
    assert_eq!(got[0].2, ["he was softening his position"]);
    let got = run("A statement from the office indicated the invitation was accepted.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, ["the invitation was accepted"]);
}

#[test]
fn times_and_degree_words_between_speaker_and_cue_are_skipped() {
    let got = run("Farmers, who in the last three decades have argued for subsidies, rejected it.");
    assert_eq!(got[0].0, ["who"], "{got:?}");
    let got = run("The mayor for two years has insisted that the bridge is safe.");
    assert_eq!(got[0].0, ["The mayor"], "{got:?}");
    let got = run("The mayor most recently insisted that the bridge is safe.");
    assert_eq!(got[0].0, ["The mayor"], "{got:?}");
}

#[test]
fn participles_used_as_adjectives_or_passives_are_not_cues() {
    // Passive participles before "by": their subject is not the speaker.
    let got = run("It echoed a hope similar to that voiced by the mayor on Monday.");
    assert!(got.iter().all(|c| c.1 != "voiced"), "{got:?}");
    // A determiner before adverbs and the cue: an adjective.
    let got = run("The newly announced plan is another step.");
    assert!(got.is_empty(), "{got:?}");
    let got = run("The most widely cited reason is the cost.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_lone_function_word_is_no_speaker() {
    let got = run("In a scene captured on video and posted on social media, students sang.");
    assert!(
        got.iter().all(|c| c.0.iter().all(|s| *s != "in")),
        "{got:?}"
    );
}

#[test]
fn sentence_adverbs_are_no_speakers_and_am_is_an_auxiliary() {
    let got = run("Meanwhile, the mayor, asked by reporters whether the bridge is safe, smiled.");
    assert!(
        got.iter().all(|c| c.0.iter().all(|s| *s != "Meanwhile")),
        "{got:?}"
    );
    let got = run("I am asking everyone to leave the city.");
    assert_eq!(got[0].0, ["I"], "{got:?}");
}

#[test]
fn claims_is_a_verb_after_its_subject_and_a_noun_after_a_modifier() {
    let got = run("As of Monday, the city's council claims that the bridge is intact.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the city's council"]);
    assert_eq!(got[0].1, "claims");
    assert_eq!(got[0].2, ["the bridge is intact"]);
    for t in [
        "Officials make false claims that the bridge is intact.",
        "He repeated claims that the bridge is intact.",
        "Critics dismissed unproven claims that the bridge is intact.",
    ] {
        assert!(
            run(t)
                .iter()
                .all(|c| c.1 != "claims" || c.4 == "claim-noun"),
            "{t}: {:?}",
            run(t)
        );
    }
}

#[test]
fn armed_forces_attacking_make_no_claim() {
    assert!(run("Russian forces attacked several towns near the river.").is_empty());
    assert!(run("The brigade defended the bridge for a week.").is_empty());
    // A person's attack in words stays a stance.
    let got = run("The senator attacked the plan as reckless.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["The senator"]);
}

#[test]
fn datelines_are_not_content() {
    for (t, content) in [
        (
            "KYIV, March 3 (Wire) - Troops crossed the river, the army said.",
            "Troops crossed the river",
        ),
        (
            "NEW YORK — Prices rose sharply, the bank said.",
            "Prices rose sharply",
        ),
        // Capitals that are no dateline stay.
        (
            "NATO troops crossed the river, the army said.",
            "NATO troops crossed the river",
        ),
    ] {
        let got = run(t);
        assert_eq!(got.len(), 1, "{t}");
        assert_eq!(got[0].2, [content], "{t}");
    }
}

#[test]
fn a_place_after_a_noun_belongs_to_the_speaker() {
    let got = run("Local residents in Ridgeton told a reporter that they heard blasts.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["Local residents in Ridgeton"]);
}

#[test]
fn a_report_without_a_source_is_a_claim_without_a_speaker() {
    let got = run("Reportedly, a drone hit the depot near the river.");
    assert_eq!(got.len(), 1);
    assert!(got[0].0.is_empty());
    assert_eq!(got[0].1, "Reportedly");
    assert_eq!(got[0].2, ["a drone hit the depot near the river"]);
    let got = run("The general was allegedly seen in the city on Monday.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].2, ["The general was", "seen in the city on Monday"]);
    // An attributed claim takes the adverb's place; a quotation keeps its own.
    assert_eq!(
        run("The mayor said the depot was reportedly hit.")[0].4,
        "speaker-cue-content"
    );
    assert!(
        run("\"It was reportedly hit,\" he wrote in his diary")
            .iter()
            .all(|c| c.4 != "hedged-report")
    );
}

#[test]
fn a_quote_then_speaker_with_apposition_then_cue_and_adjunct() {
    let got = run("\"We will rebuild,\" the mayor, Ann Lee, wrote on a messaging app.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the mayor"]);
    assert_eq!(got[0].2, ["We will rebuild"]);
}

#[test]
fn things_that_carry_statements_do_not_make_them() {
    assert!(
        run("A video posted on social media shows smoke over the port.")
            .iter()
            .all(|c| c.1 != "posted")
    );
    assert!(run("The views expressed in this article are the author's own.").is_empty());
}

#[test]
fn said_in_a_statement_that_is_one_claim() {
    let got = run("The agency said in a statement that its drones hit a depot.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["The agency"]);
    assert_eq!(got[0].2, ["its drones hit a depot"]);
}

#[test]
fn articles_and_for_inside_names_stay_in_the_speaker() {
    let got = run("Analysts at the Institute for the Study of War said the front held.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the Institute for the Study of War"]);
}

#[test]
fn inverted_speakers_with_ranks_and_no_clause_after_the_cue() {
    let got = run("\"It is hard,\" said Lt. Col. Ivan Petrenko, spokesman for the air force.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["Lt. Col. Ivan Petrenko"]);
    let got = run("Lee, speaking in the capital on Wednesday, said Ridgeland needed more help.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, ["Ridgeland needed more help"]);
}

#[test]
fn list_sets_answer_as_a_scan_of_their_lists() {
    let lists = [
        &DETERMINERS,
        &BOUNDARY,
        &BETWEEN,
        &AFTER_TRAILER,
        &TIME_WORDS,
        &INFINITIVE_HOSTS,
        &TITLE_BEFORE_OF,
        &NOUN_MAKING_ADJECTIVES,
    ];
    // Every listed word of every list, and words in none, asked of every list.
    let mut probes: Vec<&str> = lists.iter().flat_map(|l| l.words.iter().copied()).collect();
    probes.extend(["", "The", "THE", "the ", "said", "xyz", "ministry", "ly"]);
    for list in lists {
        for w in &probes {
            assert_eq!(list.contains(w), list.words.contains(w), "{w:?}");
        }
    }
}

#[test]
fn double_marks_are_found_as_decoding_finds_them() {
    let by_chars = |s: &str| s.chars().any(|c| matches!(c, '“' | '”' | '"'));
    for s in [
        "",
        "plain text",
        "“open",
        "close”",
        "a \"straight\" one",
        "single ‘quotes’ and a dash — only",
        "ellipsis… and „low“",
        "‟ and ″ are other marks",
        "Ізюм “Харків”",
    ] {
        assert_eq!(has_double_mark(s), by_chars(s), "{s:?}");
    }
}

#[test]
fn offset_maps_find_what_default_maps_find() {
    let pairs: Vec<(usize, usize)> = (0..5000).map(|i| (i * 37 % 9973, i)).collect();
    let fast: OffsetMap = pairs.iter().copied().collect();
    let plain: HashMap<usize, usize> = pairs.iter().copied().collect();
    for k in 0..10_000 {
        assert_eq!(fast.get(&k), plain.get(&k), "{k}");
    }
}

#[test]
fn a_spokesperson_for_a_body_is_the_whole_speaker() {
    let got = run("A spokesperson for the Harbour Authority said ferries would run.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["A spokesperson for the Harbour Authority"]);
}

#[test]
fn think_tanks_and_opening_adverbs() {
    let got =
        run("The Harbour Institute, a Ridgeland-based think tank, said the ferry line had moved.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "said");
    let got = run("Separately, the mayor of the city, Anna Lee, warned that roads were closed.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].0.iter().all(|s| *s != "Separately"), "{got:?}");
}

#[test]
fn an_inverted_speaker_with_an_affiliation() {
    let got = run(
        "The war may not end soon, said Anna Lee at the Harbour Institute, a think tank in \
         Ridgeland.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, ["The war may not end soon"]);
    assert_eq!(got[0].4, "content-cue-speaker");
}

#[test]
fn a_source_with_a_postmodifier_saying_how_it_knows() {
    let got = run("The convoy turned back at dawn, a source close to the governor said.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["a source close to the governor"]);
    assert_eq!(got[0].2, ["The convoy turned back at dawn"]);
    let got = run("People familiar with the planning for the summit said the talks would wait.");
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].0,
        ["People familiar with the planning for the summit"]
    );
    assert_eq!(got[0].2, ["the talks would wait"]);
    let got = run("Officials with direct knowledge of the talks said a deal was near.");
    assert_eq!(got[0].0, ["Officials with direct knowledge of the talks"]);
    // A verb before the adjective is no noun phrase: "get involved in".
    let got = run("The envoys want to get involved in talks, the mayor said.");
    assert!(got.iter().all(|c| c.0.iter().all(|sp| !sp.contains("get"))));
}

#[test]
fn a_document_noun_right_before_the_cue_speaks() {
    let got = run("Shelling continued overnight, the report said.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the report"]);
    assert_eq!(got[0].2, ["Shelling continued overnight"]);
    let got = run("The ministry's statement said the troops had withdrawn.");
    assert_eq!(got[0].0, ["The ministry's statement"]);
    // "no doubt" is an adverb, not a speaker.
    let got = run("He would no doubt claim it was a victory.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["He"]);
}

#[test]
fn a_proportion_of_those_polled_speaks() {
    for (text, speaker) in [
        ("Two in three said they would stay.", "Two in three"),
        ("Nine out of 10 say they would stay.", "Nine out of 10"),
        ("Only 26% say they would stay.", "26%"),
    ] {
        let got = run(text);
        assert_eq!(got.len(), 1, "{text}");
        assert_eq!(got[0].0, [speaker], "{text}");
        assert_eq!(got[0].2, ["they would stay"], "{text}");
    }
}

#[test]
fn a_plural_possessive_inside_an_apposition_is_no_quotation_mark() {
    let got = run("“We hold the line,” Ann Lee, the volunteers’ coordinator, said.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["Ann Lee"]);
    assert_eq!(got[0].2, ["We hold the line"]);
}

#[test]
fn continue_reports_speech_only_before_a_quotation_colon_or_infinitive() {
    assert!(run("Shelling continued overnight in the east.").is_empty());
    assert!(run("The brigade continued its advance toward the river.").is_empty());
    let got = run("The governor continued to insist that the bridge was intact.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["The governor"]);
}

#[test]
fn a_clause_after_the_cue_is_the_content_not_the_quotation_before() {
    let t = "The mayor praised the crews, calling the night “long but calm.” He said he had \
             asked for more generators.";
    let got = run(t);
    let said = got
        .iter()
        .find(|c| c.1 == "said")
        .expect("a claim with 'said'");
    assert_eq!(said.0, ["He"]);
    assert_eq!(said.2, ["he had asked for more generators"]);
}

#[test]
fn a_subject_before_a_parenthesis_between_dashes() {
    let got =
        run("Several volunteers — nurses, drivers and cooks among them — said the road was open.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["Several volunteers"]);
    assert_eq!(got[0].2, ["the road was open"]);
}

#[test]
fn one_and_another_as_subjects() {
    let got = run("One says the bridge fell first, while another says the dam did.");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, ["One"]);
    assert_eq!(got[1].0, ["another"]);
    assert_eq!(got[1].2, ["the dam did"]);
}

#[test]
fn a_that_in_an_adjunct_clause_after_told_is_not_its_content() {
    let got = run(
        "“Nothing is decided,” Ann Lee told the radio on Friday after hinting that talks could resume.",
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["Ann Lee"]);
    assert_eq!(got[0].2, ["Nothing is decided"]);
}

#[test]
fn an_inverted_speaker_with_a_relative_clause() {
    let got = run("The supply line is the weak point, said two officers who served there in May.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["two officers"]);
    assert_eq!(got[0].2, ["The supply line is the weak point"]);
}

#[test]
fn modifiers_or_plural_nouns_joined_by_and_in_a_speaker() {
    let got = run("The depot was hit twice, current and former officials said.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["current and former officials"]);
    let got = run("Morale is low, nurses and hospital staff told the radio.");
    assert_eq!(got[0].0, ["nurses and hospital staff"]);
    // A pronoun is not joined to the noun before "and".
    let got = run("The city lost power and hospitals and she said the generators failed.");
    assert!(got.iter().all(|c| c.0.iter().all(|sp| !sp.contains("and"))));
}

#[test]
fn the_addressee_of_told_with_its_head_noun_or_a_quoted_title() {
    let got = run("Three brigades were moved, Ann Lee told a Senate panel Wednesday.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].2, ["Three brigades were moved"]);
    let got = run("“We will hold,” the mayor told NBC’s “Evening Hour” on Monday.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the mayor"]);
    assert_eq!(got[0].2, ["We will hold"]);
}

#[test]
fn an_inverted_attribution_opening_the_sentence() {
    let got = run("Said the commander, “We are not leaving.”");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the commander"]);
    assert_eq!(got[0].2, ["We are not leaving."]);
    assert_eq!(got[0].4, "cue-speaker-quote");
    let got = run("But, added Ann Lee, “the roads are mined.”");
    assert_eq!(got[0].0, ["Ann Lee"]);
}

#[test]
fn according_to_after_whether_is_followed_by_its_content() {
    let got = run("The envoy was asked whether, according to his sources, the army had withdrawn.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["his sources"]);
    assert_eq!(got[0].2, ["the army had withdrawn"]);
}

#[test]
fn participles_and_nouns_that_look_like_cues() {
    // An adverb and a participle after a preposition modify the noun.
    assert!(run("The talks aim at peace within internationally recognized borders.").is_empty());
    // "stress" without "that" is the noun.
    assert!(run("Many soldiers suffer post-traumatic stress disorder after the siege.").is_empty());
    let got = run("Officials stress that the bridge is closed.");
    assert_eq!(got.len(), 1);
}

#[test]
fn a_participle_speaker_is_the_subject_up_to_its_verb() {
    let got =
        run("In a call, the president requested more armoured vehicles, saying they would help.");
    let saying = got
        .iter()
        .find(|c| c.1 == "saying")
        .expect("a participle claim");
    assert_eq!(saying.0, ["the president"]);
    let got = run(
        "Chairman of the Supreme Council of Ukraine Ivan Petrenko met the envoy and expressed \
         hope for more aid.",
    );
    let expressed = got.iter().find(|c| c.1 == "expressed").expect("a claim");
    assert_eq!(
        expressed.0,
        ["Chairman of the Supreme Council of Ukraine Ivan Petrenko"]
    );
}

#[test]
fn a_base_form_after_a_singular_noun_phrase_is_a_noun() {
    assert!(run("Moscow says it has a rightful claim to the peninsula.").len() == 1);
    assert!(run("The deal came without any demand on Moscow.").is_empty());
    // A plural after all: a percentage.
    let got = run("A mere 9 percent say they trust the count.");
    assert_eq!(got.len(), 1);
}

#[test]
fn the_then_chancellor_after_by() {
    let got = run("The plan was proposed by the then German chancellor Anna Weiss.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the then German chancellor Anna Weiss"]);
}

#[test]
fn a_finding_reported_in_a_poll() {
    let got =
        run("Support for the truce fell to 31 percent in the latest KIIS poll released Monday.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["the latest KIIS poll released Monday"]);
    assert_eq!(got[0].2, ["Support for the truce fell to 31 percent"]);
    assert_eq!(got[0].4, "in-poll");
    // Inside the subject, or "the polls" (the vote), it is no source.
    assert!(run("Most voters in the poll were under forty.").is_empty());
    assert!(run("Residents went to the polls in March.").is_empty());
}

#[test]
fn the_subject_after_a_dateline_or_a_leading_phrase() {
    let got =
        run("KHARKIV, Ukraine — The mayor toured the district and promised to rebuild the school.");
    let promised = got.iter().find(|c| c.1 == "promised").expect("a claim");
    assert_eq!(promised.0, ["The mayor"]);
    let got = run("Asked about the strike, the governor visited the site and praised the crews.");
    let praised = got.iter().find(|c| c.1 == "praised").expect("a claim");
    assert_eq!(praised.0, ["the governor"]);
}

#[test]
fn a_speaker_described_by_a_relative_clause_or_with_a_time_before_the_cue() {
    let got = run("Two officers who spoke on condition of anonymity said the convoy was hit.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["Two officers"]);
    let got = run("The mayor a week later announced a curfew.");
    assert_eq!(got[0].0, ["The mayor"]);
}

#[test]
fn accused_of_with_no_object_is_passive() {
    assert!(
        run("The court weighs evidence against soldiers accused of looting the town.").is_empty()
    );
    let got = run("Kyiv accused Moscow of shelling the plant.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["Kyiv"]);
}

#[test]
fn earlier_between_the_speaker_and_the_cue_and_a_possessive_before_a_participle() {
    let got = run("The Ukrainian president had earlier said that talks were impossible.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["The Ukrainian president"]);
    assert!(run("Ukraine lost troops in last summer's highly anticipated offensive.").is_empty());
}

#[test]
fn as_x_told_me_with_an_apposition_and_a_time() {
    let got = run(
        "But as Gen. Ivan Petrenko, then chief of the general staff, told me a year ago, \
         “neither side can win.”",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Gen. Ivan Petrenko"]);
    assert_eq!(got[0].2, ["neither side can win."]);
    assert_eq!(got[0].4, "as-put-it");
}

#[test]
fn a_time_after_said_opens_no_content_and_a_dateline_is_none() {
    let got = run("KYIV, May 3 (Wire) - The ministry said on Friday it had repelled an assault.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["The ministry"]);
    assert_eq!(got[0].2, ["it had repelled an assault"]);
    let got = run("The ministry said last week the talks would resume.");
    assert_eq!(got[0].2, ["the talks would resume"]);
}

#[test]
fn a_name_and_its_apposition_before_said_are_the_subject() {
    let got = run("Ivan Sokol, a brigade spokesman, said the troops repelled two assaults.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Ivan Sokol"]);
    assert_eq!(got[0].2, ["the troops repelled two assaults"]);
    // An apposition after an inverted speaker is no more content.
    let got = run("The line held, said Ivan Sokol, a brigade spokesman.");
    assert_eq!(got[0].2, ["The line held"]);
}

#[test]
fn according_to_a_source_and_its_apposition() {
    let got = run(
        "According to the Institute for the Study of War, a U.S.-based think tank, the \
                   assault has stalled.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, ["the assault has stalled"]);
}

#[test]
fn officials_in_a_lowercase_place_speak() {
    let got = run("Moscow-installed officials in the region said a missile was intercepted.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Moscow-installed officials in the region"]);
}

#[test]
fn a_second_verb_shares_the_first_attribution_s_speaker_and_labels_are_names() {
    let got = run(
        "Military spokesman Ivan Sokol told the radio that fighting was intense, but insisted \
         that the positions held.",
    );
    let insisted = got.iter().find(|c| c.1 == "insisted").expect("a claim");
    assert_eq!(insisted.0, ["Military spokesman Ivan Sokol"]);
    // A topic label before a colon is no speaker.
    assert!(run("Ukraine war: drones hit a depot near the river").is_empty());
}

#[test]
fn a_possessive_subject_keeps_its_noun_phrase() {
    let got = run("Ukraine's interior minister, Ivan Lee, said rescuers pulled seven people out.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Ukraine's interior minister"]);
}

#[test]
fn a_preposition_opens_no_speaker() {
    // Before the cue: "Despite" is no speaker of "repeated".
    let got = run("Despite repeated warnings against the trip, the agency says it sold 40 seats.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the agency"]);
    // After a cue read as a noun: "against the region" is no speaker of "warning".
    let got =
        run("The ministry has a “Level 3” warning against the region because of the shelling.");
    assert!(got.iter().all(|c| c.0 != ["against the region"]), "{got:?}");
}

#[test]
fn a_contracted_auxiliary_makes_a_clause_after_told() {
    // The relative "that" of "war tourism that brings" is not the cue's "that": "it's"
    // opened the content already.
    let got =
        run("Olena Bondar tells Radio Lviv it's not the same as war tourism that brings crowds.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].2,
        ["it's not the same as war tourism that brings crowds"]
    );
}

#[test]
fn a_base_form_in_a_list_after_a_gerund_subject_is_no_cue() {
    let got = run(
        "Touring the region now to see its towns, feel the danger and meet its soldiers is \
         not on anyone's list.",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_dash_quotation_with_a_time_or_place_after_its_speaker() {
    let got = run(
        "- The escalation is a threat to peace - said the council's chairman yesterday in Brussels.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the council's chairman"]);
    assert_eq!(got[0].2, ["The escalation is a threat to peace"]);
    // After a lone comma the same trailer makes no claim with the content as its speaker.
    let got = run("The escalation is a threat to peace, said the council's chairman yesterday.");
    assert!(got.iter().all(|c| c.0 != ["The escalation"]), "{got:?}");
}

#[test]
fn a_title_keeps_its_of_phrase_before_a_name() {
    let got = run("Sanctions will follow, as the chairwoman of the Commission Anna Berg said.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the chairwoman of the Commission Anna Berg"]);
}

#[test]
fn a_description_and_a_name_after_content_speak_it() {
    let got = run(
        "The alliance must stay united if it wants peace, the alliance chief, Ivan Berg, said \
         in Berlin on Thursday.",
    );
    let said = got.iter().find(|c| c.1 == "said").expect("a claim");
    assert_eq!(said.0, ["the alliance chief"]);
    assert_eq!(said.2, ["The alliance must stay united if it wants peace"]);
    assert_eq!(said.4, "content-speaker-cue");
}

#[test]
fn a_part_of_a_group_speaks_and_the_content_goes_on_after_it() {
    let got = run(
        "The troops have not adopted new tactics, one of the officials said, such as ambushes.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["one of the officials"]);
    assert_eq!(
        got[0].2,
        [
            "The troops have not adopted new tactics",
            "such as ambushes"
        ]
    );
}

#[test]
fn a_second_short_attribution_closes_the_sentence() {
    let got = run(
        "The documents are topical, Ivan Berg told the media on 26 April, the agency has learned.",
    );
    let told = got.iter().find(|c| c.1 == "told").expect("a claim");
    assert_eq!(told.2, ["The documents are topical"]);
}

#[test]
fn a_dialogue_dash_quotation_spans_the_paragraph() {
    let t = "Talks resumed.\n\n- Russia escalated the conflict. The build-up is a threat - said \
             the council chairman yesterday.\n\nNext.";
    let got = run(t);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["the council chairman"]);
    assert_eq!(
        got[0].2,
        ["Russia escalated the conflict.", "The build-up is a threat"]
    );
}

#[test]
fn backed_by_names_a_backer_not_a_source() {
    let got = run("Fighting raged near two separatist regions backed by Russia in the east.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_place_or_time_after_the_cue_is_no_content() {
    assert!(run("Explosions reported in Melitopol").is_empty());
    let got = run("The ministry reported on Monday that two drones fell.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, ["two drones fell"]);
}

#[test]
fn a_time_without_a_comma_opens_the_sentence_before_its_subject() {
    let got = run("On Thursday Li Wei, a spokesman for the ministry, dismissed the comments.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["Li Wei"]);
}

#[test]
fn denying_someone_something_denies_no_claim() {
    let got = run("Against the odds, the defenders denied General Ivan Berg one of his aims.");
    assert!(got.is_empty(), "{got:?}");
    let got = run("The ministry denied Kyiv's claims that it shelled the plant.");
    assert!(got.iter().any(|c| c.1 == "denied"), "{got:?}");
}

#[test]
fn evidence_source_is_any_listed_word_as_a_substring() {
    let naive = |np: &str| {
        let l = np.to_lowercase();
        super::EVIDENCE_WORDS.iter().any(|w| l.contains(w))
    };
    for np in [
        "the latest CNN Poll",
        "Satellite imagery",
        "a reporter",
        "the mandatary",
        "Zelenskyy",
        "the ministry",
        "VIDEO footage",
        "Ізюм",
        "",
        "the tallyho",
        "his memoir",
        "a COUNTRY",
    ] {
        assert_eq!(super::is_evidence_source(np), naive(np), "{np:?}");
    }
}

#[test]
fn tomorrow_is_no_part_of_a_speaker() {
    let got = run("And tomorrow we expect news from the talks.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, ["we"]);
}

#[test]
fn content_inside_a_parenthesis_ends_with_it() {
    let got = run("On the survey (most people want peace), the words are worth noting.");
    let want = got.iter().find(|c| c.1 == "want").expect("a claim");
    assert_eq!(want.2, ["peace"]);
    let got = run("The results (the polls show Kyiv may hold) surprised nobody.");
    let show = got.iter().find(|c| c.1 == "show").expect("a claim");
    assert_eq!(show.2, ["Kyiv may hold"]);
}
