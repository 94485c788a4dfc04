//! Main-content extraction measured on Mozilla Readability's 130 test pages (the peer suite
//! in ../shared/corpus/readability): prints mean word-F1, exact pages, title and byline match
//! rates, and asserts floors so a regression fails the build.

#[path = "support/readability_eval.rs"]
mod eval;

#[test]
fn readability_test_pages_are_extracted_almost_exactly() {
    let Some(root) = eval::pages_root() else {
        println!("skipped: ../shared not found");
        return;
    };
    let dirs = eval::page_dirs(&root);
    assert_eq!(dirs.len(), 130, "the peer suite has 130 pages");
    let scores: Vec<eval::PageScore> = dirs.iter().map(|dir| eval::evaluate_ours(dir)).collect();
    let (mean_f1, title_rate, byline_rate) = eval::summarise(&scores);
    let exact = scores.iter().filter(|score| score.f1 >= 0.9999).count();
    let mut worst = scores.clone();
    worst.sort_by(|a, b| a.f1.total_cmp(&b.f1));
    println!(
        "readability pages: {} | mean word-F1 {mean_f1:.4} | exact {exact} | title {:.1}% | byline {:.1}%",
        scores.len(),
        title_rate * 100.0,
        byline_rate * 100.0
    );
    for score in worst.iter().take(5) {
        println!("  lowest: {} F1 {:.3}", score.page, score.f1);
    }
    assert!(mean_f1 >= 0.95, "mean word-F1 {mean_f1:.4} fell below 0.95");
    assert!(
        title_rate >= 0.95,
        "title match rate {title_rate:.3} fell below 0.95"
    );
}

#[test]
fn word_f1_counts_repeated_words_once_each() {
    let (precision, recall, f1) = eval::word_f1("a a b", "a b b");
    assert!((precision - 2.0 / 3.0).abs() < 1e-9);
    assert!((recall - 2.0 / 3.0).abs() < 1e-9);
    assert!((f1 - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(eval::word_f1("", ""), (1.0, 1.0, 1.0));
    assert_eq!(eval::word_f1("x", "y"), (0.0, 0.0, 0.0));
}

#[test]
fn every_ukraine_news_article_reads_as_one_utf8_text_document() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/ukraine-news");
    if !root.is_dir() {
        println!("skipped: ../shared not found");
        return;
    }
    let mut read = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "txt") {
            continue;
        }
        let reading = dossier_ingest::read_file(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_eq!(reading.documents.len(), 1, "{}", path.display());
        let document = &reading.documents[0];
        assert_eq!(document.provenance.container, dossier_ingest::Format::Text);
        assert_eq!(document.encoding, "UTF-8", "{}", path.display());
        assert!(!document.text.trim().is_empty());
        read += 1;
    }
    assert_eq!(read, 303, "the corpus has 303 articles");
}
