use super::*;

fn run(text: &str) -> Vec<FoundEntity> {
    find(text, &dossier_text::sentences(text), Gazetteer::embedded())
}

fn named<'a>(es: &'a [FoundEntity], name: &str) -> Option<&'a FoundEntity> {
    es.iter().find(|e| e.name == name)
}

fn place_ids(es: &[FoundEntity]) -> Vec<u32> {
    es.iter()
        .filter_map(|e| e.place.as_ref().map(|p| p.geonameid))
        .collect()
}

#[test]
fn places_in_any_spelling_group_under_one_id() {
    let text = "Shelling hit Kharkiv overnight. Residents of Харків and of Kharkov fled to Kyiv.";
    let es = run(text);
    let kharkiv: Vec<&FoundEntity> = es
        .iter()
        .filter(|e| e.place.as_ref().is_some_and(|p| p.geonameid == 706483))
        .collect();
    assert_eq!(kharkiv.len(), 1);
    assert_eq!(kharkiv[0].mentions.len(), 3);
    assert!(place_ids(&es).contains(&703448));
}

#[test]
fn ordinary_words_are_not_places() {
    let text = "Human rights groups said the Christian charity sent Mobile clinics. \
                March was cold in Ukraine.";
    let ids = place_ids(&run(text));
    assert_eq!(ids, vec![690791], "{ids:?}");
}

#[test]
fn demonyms_are_context_not_mentions() {
    let es = run("Ukrainian troops advanced on the town.");
    assert!(place_ids(&es).is_empty());
}

#[test]
fn countries_by_everyday_names() {
    let ids = place_ids(&run("The U.S. and U.K. agreed, and Britain sent aid."));
    assert!(ids.contains(&6252001) && ids.contains(&2635167), "{ids:?}");
}

#[test]
fn people_with_titles_roles_and_later_surnames() {
    let text = "Poltava-area Governor Dmytro Lunin said roads were shut. Later, Lunin \
                added that power was back. Ukrainian President Volodymyr Zelensky spoke.";
    let es = run(text);
    let lunin = named(&es, "Dmytro Lunin").expect("Lunin");
    assert_eq!(lunin.role.as_deref(), Some("Governor of Poltava Oblast"));
    assert_eq!(lunin.mentions.len(), 2);
    let z = named(&es, "Volodymyr Zelensky").expect("Zelensky");
    assert_eq!(z.role.as_deref(), Some("President of Ukraine"));
    // Poltava is still a place mention: the governor's area.
    assert!(place_ids(&es).contains(&696643) || es.iter().any(|e| e.name == "Poltava"));
}

#[test]
fn ministries_meet_under_one_canonical_name() {
    let text = "Russia's defense ministry denied it. The Russian defence ministry later \
                said more. According to the Ministry of Defence of Russia, all is well.";
    let es = run(text);
    let m = named(&es, "Ministry of Defence of Russia").expect("ministry");
    assert_eq!(m.kind, EntityType::Organization);
    assert_eq!(m.mentions.len(), 3);
}

#[test]
fn units_link_to_their_parents() {
    let text = "The 3rd Battalion of the 93rd Mechanized Brigade of Ukraine's Armed Forces held.";
    let es = run(text);
    let bat = named(&es, "3rd Battalion").expect("battalion");
    let bri = named(&es, "93rd Mechanized Brigade").expect("brigade");
    let af = named(&es, "Armed Forces of Ukraine").expect("armed forces");
    assert_eq!(es[bat.parent.unwrap()].name, bri.name);
    assert_eq!(es[bri.parent.unwrap()].name, af.name);
}

#[test]
fn lexicon_short_forms() {
    let es = run("Putin's forces moved. NATO and Reuters reported it.");
    assert_eq!(
        named(&es, "Vladimir Putin").unwrap().role.as_deref(),
        Some("President of Russia")
    );
    assert!(named(&es, "NATO").is_some() && named(&es, "Reuters").is_some());
}

#[test]
fn abbreviated_military_titles() {
    let es = run("Lt. Col. Anna Kovalenko said the line held.");
    let p = named(&es, "Anna Kovalenko").expect("person");
    assert_eq!(p.role.as_deref(), Some("Lieutenant Colonel"));
}

#[test]
fn hyphenated_and_regional_places() {
    let es =
        run("Ships left Rostov-on-Don. Shelling hit Kharkiv Oblast and the Sea of Azov coast.");
    let ids = place_ids(&es);
    assert!(ids.contains(&501175), "Rostov-on-Don: {ids:?}");
    assert!(ids.contains(&706482), "Kharkiv Oblast: {ids:?}");
    let oblast = es
        .iter()
        .find(|e| e.place.as_ref().is_some_and(|p| p.geonameid == 706482));
    assert_eq!(oblast.unwrap().place.as_ref().unwrap().feature, "admin1");
    // The Sea of Azov is not the town of Azov.
    assert!(!ids.contains(&580054) && !ids.contains(&713067), "{ids:?}");
}

#[test]
fn owner_adjectives_make_ministries_not_org_names() {
    let es = run("The Chinese Foreign Ministry said it would not comment.");
    assert!(
        named(&es, "Ministry of Foreign Affairs of China").is_some(),
        "{es:?}"
    );
}

#[test]
fn names_glued_to_other_names_are_not_places() {
    let es = run("Maria Lvova-Belova visited Moscow, Russia. The Nord Stream pipeline leaked.");
    let ids = place_ids(&es);
    assert!(!ids.contains(&702550), "Lviv from Lvova: {ids:?}");
    assert!(ids.contains(&524901), "Moscow: {ids:?}");
    assert!(named(&es, "Nord Stream").is_some());
}

#[test]
fn surnames_shared_with_subdivisions_and_small_towns() {
    // Kerry is an Irish county (a first-level subdivision in GeoNames): after a given name
    // it is a surname. A country's name is not ("Jordan" stays the country alone).
    let es = run("John Kerry flew to Amman. Kerry met officials in Jordan on Monday.");
    let kerry = named(&es, "John Kerry").expect("John Kerry");
    assert_eq!(kerry.kind, EntityType::Person);
    assert_eq!(kerry.mentions.len(), 2, "{:?}", kerry.mentions);
    assert!(!place_ids(&es).contains(&2963517), "County Kerry: {es:?}");
}

#[test]
fn initials_and_party_words() {
    let es = run("Donald J. Trump spoke in Ohio. Kent County Republicans cheered. Trump left.");
    let t = named(&es, "Donald Trump").expect("Trump");
    assert_eq!(t.mentions.len(), 2, "{:?}", t.mentions);
    assert!(
        !es.iter()
            .any(|e| e.kind == EntityType::Person && e.name.contains("Republican")),
        "{es:?}"
    );
}

#[test]
fn state_bodies_take_their_country() {
    let es = run(
        "The Belarusian Constitutional Court ruled. Russia's Investigative Committee opened a case.",
    );
    assert!(
        named(&es, "Constitutional Court of Belarus").is_some(),
        "{es:?}"
    );
    assert!(
        named(&es, "Investigative Committee of Russia").is_some(),
        "{es:?}"
    );
}

#[test]
fn headline_capitals_are_not_names_after_titles() {
    let text = "Rebels Advance Near Capital as Mayor Warns Severe Shortages\n\n\
                The city was calm on Monday, residents said.";
    let es = run(text);
    assert!(!es.iter().any(|e| e.kind == EntityType::Person), "{es:?}");
    // A real name in a headline is still a name: a known given name, or a surname the
    // body repeats.
    let text = "Senator Halyna Moroz Visits Soldiers Near Frontline Villages\n\n\
                Moroz met soldiers on Friday.";
    let es = run(text);
    assert!(named(&es, "Halyna Moroz").is_some(), "{es:?}");
    let text = "Governor Tkachyshyn Promises Shelters Before Winter Arrives\n\n\
                Tkachyshyn spoke on Friday.";
    let es = run(text);
    assert!(named(&es, "Tkachyshyn").is_some(), "{es:?}");
    // Nor does a headline's force word make a unit of the capitals before it, unless the
    // body names the unit too.
    let es = run("Halyna Moroz Visits Troops Near Frontline Villages\n\nMoroz met them.");
    assert!(
        !es.iter().any(|e| e.kind == EntityType::MilitaryUnit),
        "{es:?}"
    );
    let es = run("National Guard Repels Assault Near Frontline Villages\n\n\
                  The National Guard said the attack failed.");
    let g = named(&es, "National Guard").expect("unit");
    assert_eq!(g.mentions.len(), 2, "{g:?}");
    // Running text with many capitals is no headline: it ends in a full stop.
    let es = run("Monday – Spanish Prime Minister Gonzalez Ortega visited Kyiv.");
    assert!(named(&es, "Gonzalez Ortega").is_some(), "{es:?}");
}

#[test]
fn appositive_description_is_the_named_person() {
    let text = "The provincial governor, Ivan Marchuk, said roads were closed. \
                A senior adviser, Olena Hrytsenko, added that trains ran.";
    let es = run(text);
    let p = named(&es, "Ivan Marchuk").expect("person");
    assert_eq!(p.role.as_deref(), Some("Governor"));
    let d = text.find("The provincial governor").unwrap();
    assert!(
        p.mentions
            .contains(&(d, d + "The provincial governor".len())),
        "{:?}",
        p.mentions
    );
    let o = named(&es, "Olena Hrytsenko").expect("person");
    assert_eq!(o.role.as_deref(), Some("Adviser"));
    // A name no other rule knows, made a person by its apposition; the demonym in the
    // description stays free as country context, and gives the role its country.
    let text = "The Latvian foreign minister, Edgars Ozolinsh, spoke in Riga.";
    let es = run(text);
    let p = named(&es, "Edgars Ozolinsh").expect("person");
    assert_eq!(
        p.role.as_deref(),
        Some("Minister of Foreign Affairs of Latvia")
    );
    // The region, when the description names it, goes into the role.
    let es = run("The Poltava regional governor, Ivan Marchuk, said roads were closed.");
    let p = named(&es, "Ivan Marchuk").expect("person");
    assert_eq!(p.role.as_deref(), Some("Governor of Poltava Oblast"));
    // A list is no apposition.
    let es = run("They met the mayor, Taras Bulba and Ostap Vyshnia on Monday.");
    assert!(!es.iter().any(|e| e.role.is_some()), "{es:?}");
}

#[test]
fn rank_before_an_organisation_head_is_an_organisation() {
    let es = run("According to the Russian General Staff, the attack failed.");
    assert!(!es.iter().any(|e| e.kind == EntityType::Person), "{es:?}");
    let gs = named(&es, "General Staff of the Armed Forces of Russia").expect("org");
    assert_eq!(gs.kind, EntityType::Organization);
    let es = run("Officers of the Army Command met. The Presidential Council voted.");
    assert!(!es.iter().any(|e| e.kind == EntityType::Person), "{es:?}");
    // Media words are no bodies: "Chief International Anchor" titles a person.
    let es = run("She told the agency's Chief International Anchor Maria Lopez so.");
    assert!(
        !es.iter().any(|e| e.kind == EntityType::Organization),
        "{es:?}"
    );
}

#[test]
fn organs_of_known_organisations_take_their_name() {
    // The bare ministry merges into the full one and is dropped: links must survive that.
    let es = run(
        "The defense ministry spoke. The UN General Assembly voted. Russia's defense \
         ministry said nothing.",
    );
    assert!(named(&es, "Ministry of Defence").is_none(), "{es:?}");
    let ga = named(&es, "United Nations General Assembly").expect("organ");
    assert_eq!(es[ga.parent.expect("parent")].name, "United Nations");
    assert!(!es.iter().any(|e| e.kind == EntityType::Person), "{es:?}");
}

#[test]
fn a_headline_in_capitals_is_the_same_organisation() {
    let es = run("The analyst told Fox News on Friday.\n\nCLICK HERE TO GET THE FOX NEWS APP\n");
    let fox: Vec<&FoundEntity> = es
        .iter()
        .filter(|e| e.name.eq_ignore_ascii_case("fox news"))
        .collect();
    assert_eq!(fox.len(), 1, "{es:?}");
    assert_eq!(fox[0].name, "Fox News");
    assert_eq!(fox[0].mentions.len(), 2);
}

#[test]
fn long_form_titles_of_translated_copy() {
    let es = run(
        "Belarusian Minister of Foreign Affairs Ivan Petrovich spoke. \
                  The Minister of Justice Poland Jan Nowak replied. \
                  Deputy Minister of Defence Anna Kova agreed.",
    );
    let ivan = named(&es, "Ivan Petrovich").expect("titled person");
    assert_eq!(
        ivan.role.as_deref(),
        Some("Minister of Foreign Affairs of Belarus")
    );
    let jan = named(&es, "Jan Nowak").expect("a country between title and name is the title's");
    assert_eq!(jan.role.as_deref(), Some("Minister of Justice of Poland"));
    let anna = named(&es, "Anna Kova").expect("deputy");
    assert_eq!(anna.role.as_deref(), Some("Deputy Minister of Defence"));
}

#[test]
fn lowercase_titles_and_organisations_before_a_name_give_roles() {
    let es = run(
        "Shelling hit Kramatorsk, Donetsk regional governor Pavlo Kyrylenko said. \
         NATO chief Marta Quill spoke in Brussels.",
    );
    let p = named(&es, "Pavlo Kyrylenko").expect("Kyrylenko");
    assert_eq!(p.role.as_deref(), Some("Governor of Donetsk Oblast"));
    let q = named(&es, "Marta Quill").expect("Quill");
    assert_eq!(q.role.as_deref(), Some("Chief of NATO"));
}

#[test]
fn compass_words_open_unit_and_organisation_names() {
    let es = run(
        "Ukraine's Southern Defence Forces held the line. The Central Intelligence Agency \
         briefed reporters. Fighting went on in eastern Ukraine.",
    );
    let unit = es
        .iter()
        .find(|e| e.kind == EntityType::MilitaryUnit)
        .expect("unit");
    assert_eq!(unit.name, "Southern Defence Forces of Ukraine");
    assert!(
        named(&es, "Central Intelligence Agency").is_some(),
        "{es:?}"
    );
    assert!(
        !es.iter().any(|e| e.name.starts_with("Intelligence")),
        "{es:?}"
    );
}

#[test]
fn descriptions_after_a_name_give_roles() {
    let es = run(
        "Marta Quill, a spokeswoman for the Southern Command, said the roads were open. \
         Peter Brask, adviser, agreed. Ivan Petrenko, who lives nearby, disagreed. \
         Anna Lee, Head of the Navy Carl Smith, and others met.",
    );
    let q = named(&es, "Marta Quill").expect("Quill");
    assert_eq!(
        q.role.as_deref(),
        Some("Spokesperson for the Southern Command")
    );
    let b = named(&es, "Peter Brask").expect("Brask");
    assert_eq!(b.role.as_deref(), Some("Adviser"));
    let p = named(&es, "Ivan Petrenko").expect("Petrenko");
    assert_eq!(p.role, None);
    let lee = named(&es, "Anna Lee").expect("Lee");
    assert_eq!(lee.role, None, "a list of titled people");
}

#[test]
fn regions_are_named_in_english_where_geonames_knows_it() {
    // GeoNames displays the region as "Belgorodskaya oblast'" and knows "Belgorod Oblast".
    let es = run("Belgorod Governor Ivan Petrov said a drone fell.");
    let p = named(&es, "Ivan Petrov").expect("Petrov");
    assert_eq!(p.role.as_deref(), Some("Governor of Belgorod Oblast"));
}

#[test]
fn a_title_of_a_place_before_a_name_gives_the_role() {
    let es = run("The governor of Kharkiv, Ivan Petrenko, said two people were hurt.");
    let p = named(&es, "Ivan Petrenko").expect("Petrenko");
    assert_eq!(p.role.as_deref(), Some("Governor of Kharkiv Oblast"));
    assert!(
        p.mentions.len() == 2,
        "the description is a mention: {:?}",
        p.mentions
    );
}

#[test]
fn next_cap_finds_what_testing_every_word_finds() {
    let text = "The Ukrainian defense ministry said on Tuesday that troops of the 93rd Brigade and Oleh \
                Synehubov, governor of Kharkiv, reached Izium. NATO and the U.S. agreed. \
                again nothing capitalised here at all";
    let sentences = dossier_text::sentences(text);
    let doc = Doc::new(
        text,
        &sentences,
        &mut crate::triggers::Collector::new(text, &sentences),
    );
    let n = doc.words.len();
    let straight = |i: usize| (i..n).find(|&k| doc.words[k].cap).unwrap_or(n);
    // Asked afresh at every word, and walked with one cursor as the rules do.
    for i in 0..=n + 1 {
        assert_eq!(doc.next_cap(i, &mut 0), straight(i), "{i}");
    }
    let mut cursor = 0;
    for i in (0..=n).step_by(3) {
        assert_eq!(doc.next_cap(i, &mut cursor), straight(i), "{i}");
    }
    // Anchors: capitalised, a digit first, or a ministry word.
    let anchor = |k: usize| {
        doc.words[k].cap
            || doc.t(k).starts_with(|c: char| c.is_ascii_digit())
            || doc.is(k, flag::MINISTRY_FIRST | flag::MINISTRY_WORD)
    };
    let mut cursor = 0;
    for i in 0..=n {
        let want = (i..n).find(|&k| anchor(k)).unwrap_or(n);
        assert_eq!(doc.next_anchor(i, &mut cursor), want, "{i}");
    }
    assert!(doc.anchors.len() > doc.caps.len());
    let caps: Vec<usize> = (0..n).filter(|&k| doc.words[k].cap).collect();
    assert_eq!(
        doc.caps.iter().map(|&c| c as usize).collect::<Vec<_>>(),
        caps
    );
    assert!(caps.len() > 5 && caps.len() < n);
}

#[test]
fn a_place_that_is_also_a_given_name_after_a_capitalised_preposition() {
    // "Odessa" is a given name in the US census and a spelling of Odesa.
    let es = run(
        "Shelling hit Ukraine again. In Odessa, the regional administration reported one injured.",
    );
    assert!(place_ids(&es).contains(&698740), "{es:?}");
}

#[test]
fn military_districts_are_units_and_parents() {
    let es = run(
        "Soldiers of the 58th Combined Arms Army of Russia's Southern Military District dug in. \
         The Shevchenkivskyi District Court sat.",
    );
    let army = named(&es, "58th Combined Arms Army").expect("army");
    let parent = army.parent.map(|p| es[p].name.as_str());
    assert_eq!(parent, Some("Southern Military District of Russia"));
    assert!(
        es.iter()
            .filter(|e| e.kind == EntityType::MilitaryUnit)
            .all(|e| !e.name.contains("Shevchenkivskyi")),
        "{es:?}"
    );
}

#[test]
fn an_organ_of_a_unit_takes_its_full_name_and_parent() {
    let es = run(
        "Ukraine's General Staff said the attack failed. The General Staff of the Armed \
         Forces of Ukraine added more.",
    );
    let staff: Vec<_> = es
        .iter()
        .filter(|e| e.name.starts_with("General Staff"))
        .collect();
    assert_eq!(staff.len(), 1, "{es:?}");
    assert_eq!(
        staff[0].name,
        "General Staff of the Armed Forces of Ukraine"
    );
    assert_eq!(staff[0].mentions.len(), 2);
    let parent = staff[0].parent.map(|p| es[p].name.as_str());
    assert_eq!(parent, Some("Armed Forces of Ukraine"));
}

#[test]
fn a_word_between_two_titles_is_no_name() {
    let es =
        run("Japan's Chief Cabinet Secretary Yoshimasa Hayashi said his country would respond.");
    assert!(named(&es, "Cabinet").is_none(), "{es:?}");
    let p = named(&es, "Yoshimasa Hayashi").expect("Hayashi");
    assert_eq!(p.kind, EntityType::Person);
}

#[test]
fn a_mayor_governs_the_city_not_the_oblast_of_that_name() {
    let es = run("Kharkiv Mayor Ivan Petrenko said the metro was open.");
    let mayor = named(&es, "Ivan Petrenko").expect("the mayor");
    assert_eq!(mayor.role.as_deref(), Some("Mayor of Kharkiv"));
}

#[test]
fn an_apposition_with_an_owner_or_a_to_phrase_is_a_role() {
    let es = run("Ivan Petrenko, Bard's vice president for research, said the lab was shut.");
    let p = named(&es, "Ivan Petrenko").expect("the person");
    assert_eq!(
        p.role.as_deref(),
        Some("Vice President of Bard for research")
    );
    let es = run("Olena Bondar, an adviser to the prosecutor general, said the case was open.");
    let p = named(&es, "Olena Bondar").expect("the person");
    assert_eq!(p.role.as_deref(), Some("Adviser to the prosecutor general"));
}

#[test]
fn a_regional_title_takes_the_region_its_sentence_names() {
    let es =
        run("A drone struck a depot in the Odesa region, regional governor Ivan Petrenko said.");
    let p = named(&es, "Ivan Petrenko").expect("the governor");
    assert_eq!(p.role.as_deref(), Some("Governor of Odesa Oblast"));
    // Two regions: no guess.
    let es = run(
        "Drones hit the Odesa region and the Kharkiv region, regional governor Ivan Petrenko said.",
    );
    let p = named(&es, "Ivan Petrenko").expect("the governor");
    assert_eq!(p.role.as_deref(), Some("Governor"));
}

#[test]
fn a_mayor_takes_the_city_its_sentence_names() {
    let es = run(
        "Explosions rocked the occupied city of Melitopol, the exiled mayor Ivan Petrenko said.",
    );
    let p = named(&es, "Ivan Petrenko").expect("the mayor");
    assert_eq!(p.role.as_deref(), Some("Mayor of Melitopol"));
}

#[test]
fn a_description_after_a_name_names_its_place_as_the_gazetteer_does() {
    let es =
        run("Ivan Petrenko, the governor of the Donetsk region, said rescuers were searching.");
    let p = named(&es, "Ivan Petrenko").expect("the governor");
    assert_eq!(p.role.as_deref(), Some("Governor of Donetsk Oblast"));
}

#[test]
fn spellings_met_by_earlier_texts_change_nothing() {
    let earlier = "Governor Oleh Synehubov said the 93rd Brigade of Ukraine's Armed Forces \
                   reached Izium. NATO's Jens Stoltenberg met officials in Kyiv and Kharkiv.";
    let text = "In Kharkiv, Synehubov said Russian troops shelled Izium; NATO and the U.S. \
                condemned it. The 93rd Brigade held. Officials in Kyiv agreed.";
    // Each on a thread of its own: a fresh vocabulary, and one that met `earlier` first.
    let fresh = std::thread::spawn(move || run(text)).join().unwrap();
    let after = std::thread::spawn(move || {
        run(earlier);
        run(text)
    })
    .join()
    .unwrap();
    assert!(!fresh.is_empty());
    assert_eq!(format!("{fresh:?}"), format!("{after:?}"));
}

#[test]
fn commands_are_units_and_part_of_gives_a_parent() {
    let es = run(
        "The 47th Separate Mechanized Brigade, part of Operational Command South, \
                  said it held the line.",
    );
    let brigade = es
        .iter()
        .position(|e| e.name == "47th Separate Mechanized Brigade")
        .expect("the brigade");
    let command = es
        .iter()
        .position(|e| e.name == "Operational Command South")
        .expect("the command");
    assert_eq!(es[command].kind, EntityType::MilitaryUnit);
    assert_eq!(es[brigade].parent, Some(command));
    // A command whose name runs on to the left is not cut at a demonym.
    let es = run("The North American Aerospace Defense Command tracked the balloon.");
    assert!(
        es.iter().all(|e| e.kind != EntityType::MilitaryUnit),
        "{es:?}"
    );
}

#[test]
fn a_capitalised_mayor_takes_the_city_its_sentence_names() {
    let es = run("A missile hit the western city of Lviv, Mayor Ivan Petrenko said.");
    let p = named(&es, "Ivan Petrenko").expect("the mayor");
    assert_eq!(p.role.as_deref(), Some("Mayor of Lviv"));
}

#[test]
fn a_body_is_named_by_what_it_is_for() {
    // (Sentences long enough not to read as title-case headlines.)
    let es = run(
        "On Monday the Department of Health and Human Services said it has a new plan for the winter.",
    );
    assert!(
        named(&es, "Department of Health and Human Services").is_some(),
        "{es:?}"
    );
    let es = run(
        "In the evening the Committee on Foreign Affairs of the Parliament met to discuss the new law.",
    );
    assert!(
        named(&es, "Committee on Foreign Affairs of the Parliament").is_some(),
        "{es:?}"
    );
    let es = run("The Office of the Prosecutor General opened a case.");
    assert!(
        named(&es, "Office of the Prosecutor General").is_some(),
        "{es:?}"
    );
    // A country alone after "of" owns the office; it does not name it.
    let es = run("The Office of Ukraine met.");
    assert!(
        es.iter().all(|e| e.kind != EntityType::Organization),
        "{es:?}"
    );
    // The US departments by either of their names.
    let es = run("The US Department of State and the State Department are one.");
    let state: Vec<_> = es
        .iter()
        .filter(|e| e.kind == EntityType::Organization)
        .collect();
    assert_eq!(state.len(), 1, "{es:?}");
    assert_eq!(state[0].name, "United States Department of State");
}

#[test]
fn family_name_particles_stay_inside_a_name() {
    let es = run("On Monday the Commission's head, Anna van der Berg, said the talks were over.");
    assert!(named(&es, "Anna van der Berg").is_some(), "{es:?}");
    // A particle with no name word after it ends the name.
    let es = run("On Monday Minister Ivan Petrenko de facto closed the border to trucks.");
    assert!(named(&es, "Ivan Petrenko").is_some(), "{es:?}");
}

#[test]
fn a_given_name_that_is_only_an_old_name_of_a_town_abroad_is_no_place() {
    // "Victoria" is an old name of Hong Kong and a given name.
    let es = run("The crowd cheered after the appearance of Victoria on the stage in Kyiv.");
    assert!(place_ids(&es).iter().all(|&id| id != 1819729), "{es:?}");
}

#[test]
fn word_keys_tell_spellings_apart_and_ignore_what_follows() {
    let text = "Kharkivska Kharkivskyi Zaporizhzhia Zaporizhzhia's Donetskaya";
    let bytes = text.as_bytes();
    let words: Vec<(usize, usize)> = [(0, 10), (11, 22), (23, 35), (36, 48), (51, 60)]
        .into_iter()
        .collect();
    let keys: Vec<_> = words
        .iter()
        .map(|&(s, e)| super::medium_word(bytes, s, e))
        .collect();
    // The same spelling followed by different bytes has the same key.
    assert_eq!(keys[2], keys[3]);
    assert!(keys.iter().all(Option::is_some));
    assert_ne!(keys[0], keys[1]);
    assert_ne!(keys[0], keys[4]);
    // At the very end of the text too.
    assert_eq!(
        super::medium_word(b"Zaporizhzhia", 0, 12),
        keys[2],
        "{:?}",
        &text[23..35]
    );
    assert_eq!(super::medium_word(bytes, 0, 8), None);
    assert_eq!(super::medium_word(bytes, 0, 17), None);
}

#[test]
fn short_table_keeps_every_key_through_growth() {
    let mut table = super::ShortTable::default();
    let mut next = crate::testing::numbers(11);
    let keys: Vec<u64> = (0..5000)
        .map(|_| (next(1 << 30) as u64) << 20 | next(1 << 20) as u64 | 1)
        .collect();
    let mut numbers = std::collections::HashMap::new();
    for &k in &keys {
        let n = numbers.len() as u32;
        let got = table.get_or_insert_with(k, || n);
        let want = *numbers.entry(k).or_insert(n);
        assert_eq!(got, want);
    }
    for &k in &keys {
        assert_eq!(table.get_or_insert_with(k, || u32::MAX), numbers[&k]);
    }
    assert_eq!(table.len, numbers.len());
}

#[test]
fn two_romanisations_of_one_name_are_one_person() {
    let es = run(
        "On Monday General Valerii Zaluzhny visited the front. Later, General Valerii \
         Zaluzhnyi met the troops near the river.",
    );
    let people: Vec<_> = es.iter().filter(|e| e.kind == EntityType::Person).collect();
    assert_eq!(people.len(), 1, "{es:?}");
    assert_eq!(people[0].mentions.len(), 2);
}

#[test]
fn a_surname_after_a_title_is_the_person_named_in_full() {
    let es = run(
        "On Monday General Ivan Petrenko visited the troops near the river. Later that day \
         Gen Petrenko met the mayor of the town.",
    );
    let people: Vec<_> = es.iter().filter(|e| e.kind == EntityType::Person).collect();
    assert_eq!(people.len(), 1, "{es:?}");
    assert_eq!(people[0].name, "Ivan Petrenko");
    assert_eq!(people[0].mentions.len(), 2);
}

#[test]
fn a_name_before_a_lowercase_region_word_is_the_region() {
    let es = run("Shelling hit the Kharkiv region overnight, and Kharkiv itself was dark.");
    let ids = place_ids(&es);
    // Kharkiv Oblast (admin1) for "the Kharkiv region", the city for "Kharkiv".
    assert!(ids.contains(&706482), "{es:?}");
    assert!(ids.contains(&706483), "{es:?}");
    // A Russian oblast GeoNames displays in its local form reads in English.
    let es = run("On Monday drones hit the Belgorod region near the border.");
    assert!(named(&es, "Belgorod Oblast").is_some(), "{es:?}");
}

#[test]
fn a_seat_of_government_is_an_organisation_not_a_district() {
    let es = run("On Friday the Élysée said the president had spoken to the chancellor twice.");
    assert!(named(&es, "Élysée Palace").is_some(), "{es:?}");
    assert!(es.iter().all(|e| e.kind != EntityType::Place), "{es:?}");
}
